using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// One parent progress record and one child record per item, each with a stable ActivityId, every bar ended with a
    /// Completed record: the progress display of Watch-Migration and of Stop-DcsMigrationTask -Wait.
    /// </summary>
    internal sealed class ProgressTree<TKey>
    {
        const int ParentActivityId = 1;
        readonly Cmdlet _cmdlet;
        readonly Dictionary<TKey, int> _activityIds;
        int _nextId = ParentActivityId + 1;
        bool _completed;

        public ProgressTree(Cmdlet cmdlet, IEqualityComparer<TKey> comparer = null)
        {
            _cmdlet = cmdlet;
            _activityIds = new Dictionary<TKey, int>(comparer ?? EqualityComparer<TKey>.Default);
        }

        public void Add(TKey key)
        {
            if (!_activityIds.ContainsKey(key)) _activityIds[key] = _nextId++;
        }

        public void WriteParent(string activity, string status, int percentComplete) =>
            _cmdlet.WriteProgress(new ProgressRecord(ParentActivityId, activity, status) { PercentComplete = percentComplete });

        public void WriteChild(TKey key, string activity, string status, int percentComplete = -1, int secondsRemaining = -1)
        {
            if (!_activityIds.TryGetValue(key, out int id)) return;
            _cmdlet.WriteProgress(new ProgressRecord(id, activity, status)
            {
                ParentActivityId = ParentActivityId,
                PercentComplete = percentComplete,
                SecondsRemaining = secondsRemaining,
            });
        }

        /// <summary>Ends the bar of one item; it shows no more.</summary>
        public void Complete(TKey key, string activity)
        {
            if (!_activityIds.TryGetValue(key, out int id)) return;
            _cmdlet.WriteProgress(new ProgressRecord(id, activity, "Done")
            {
                ParentActivityId = ParentActivityId,
                RecordType = ProgressRecordType.Completed,
            });
            _activityIds.Remove(key);
        }

        /// <summary>Ends every bar left and the parent, once.</summary>
        public void CompleteAll(System.Func<TKey, string> activityOf, string parentActivity)
        {
            if (_completed) return;
            _completed = true;
            foreach (var key in _activityIds.Keys.ToList()) Complete(key, activityOf(key));
            _cmdlet.WriteProgress(new ProgressRecord(ParentActivityId, parentActivity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
