using System;
using System.Management.Automation;

namespace HuaweiMigration.Commands
{
    /// <summary>One progress bar over work queued as it is found: "k of n read", ended with a Completed record.</summary>
    internal sealed class CountedProgress
    {
        readonly Cmdlet _cmdlet;
        readonly string _activity;
        int _queued, _done;

        public CountedProgress(Cmdlet cmdlet, string activity)
        {
            _cmdlet = cmdlet;
            _activity = activity;
        }

        public void Queued() => _queued++;

        public void Done(string name = null)
        {
            _done++;
            _cmdlet.WriteProgress(new ProgressRecord(1, _activity, $"{_done} of {_queued} read" + (string.IsNullOrEmpty(name) ? "" : ": " + name))
            {
                PercentComplete = Math.Min(100, _done * 100 / Math.Max(1, _queued)),
            });
        }

        public void Complete()
        {
            if (_done > 0) _cmdlet.WriteProgress(new ProgressRecord(1, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
