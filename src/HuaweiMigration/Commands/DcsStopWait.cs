using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Watch;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// Stop-DcsMigrationTask -Wait: reads the details of each stopped task until it is TERMINATED (or has ended
    /// otherwise), with one progress bar per task under a parent, and a StopTimeout error for each one still stopping.
    /// </summary>
    internal sealed class DcsStopWait
    {
        static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
        const int ParentActivityId = 1;

        readonly HuaweiCloudSessionCmdlet _cmdlet;
        readonly List<DcsMigrationTask> _tasks;
        readonly TimeSpan _timeout;

        public DcsStopWait(HuaweiCloudSessionCmdlet cmdlet, List<DcsMigrationTask> tasks, TimeSpan timeout)
        {
            _cmdlet = cmdlet; _tasks = tasks; _timeout = timeout;
        }

        /// <summary>Ids of the tasks that reached a terminal status.</summary>
        public HashSet<string> Ended { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Waits, and returns the last details read of each task (the stop answer when no read succeeded).</summary>
        public Dictionary<string, DcsMigrationTask> Run()
        {
            var last = _tasks.GroupBy(t => t.TaskId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);
            var pending = last.Keys.Where(id => !IsEnded(last[id].Status)).ToList();
            foreach (var id in last.Keys.Except(pending)) Ended.Add(id);
            var activity = last.Keys.Select((id, i) => new { id, i }).ToDictionary(x => x.id, x => ParentActivityId + 1 + x.i, StringComparer.OrdinalIgnoreCase);
            var started = Stopwatch.StartNew();
            var session = _cmdlet.ActiveSession;
            try
            {
                while (pending.Count > 0)
                {
                    _cmdlet.WriteProgress(new ProgressRecord(ParentActivityId, $"Stopping {last.Count} DCS migration tasks ({last.Count - pending.Count} stopped)",
                        $"Waiting for TERMINATED; {Math.Max(0, (int)(_timeout - started.Elapsed).TotalSeconds)} s left") { PercentComplete = (last.Count - pending.Count) * 100 / last.Count });
                    foreach (var id in pending.ToList())
                    {
                        try
                        {
                            last[id] = _cmdlet.Run(ct => session.Dcs.GetTaskAsync(id, _cmdlet.RequestLog, ct));
                        }
                        catch (HuaweiApiException ex) when (ex.IsTransient)
                        {
                            _cmdlet.Flush();
                            _cmdlet.WriteWarning($"DCS task {id}: reading its status failed, retrying: {ex.Message}");
                            continue;
                        }
                        catch (HuaweiApiException ex)
                        {
                            _cmdlet.Flush();
                            _cmdlet.WriteError(HuaweiCloudCmdlet.ToErrorRecord(ex, id));
                            pending.Remove(id);
                            Complete(activity[id], id);
                            continue;
                        }
                        _cmdlet.Flush();
                        var status = last[id].Status;
                        if (IsEnded(status))
                        {
                            pending.Remove(id);
                            Ended.Add(id);
                            Complete(activity[id], id);
                        }
                        else
                            _cmdlet.WriteProgress(new ProgressRecord(activity[id], $"DCS {last[id].TaskName ?? id}", $"Status {status}")
                                { ParentActivityId = ParentActivityId });
                    }
                    if (pending.Count == 0) break;
                    var left = _timeout - started.Elapsed;
                    if (left <= TimeSpan.Zero) break;
                    _cmdlet.Await(Task.Delay(left < PollInterval ? left : PollInterval, _cmdlet.CancellationToken));
                }
            }
            finally
            {
                if (!_cmdlet.Stopping)
                {
                    foreach (var id in pending) Complete(activity[id], id);
                    _cmdlet.WriteProgress(new ProgressRecord(ParentActivityId, "Stopping DCS migration tasks", "Done") { RecordType = ProgressRecordType.Completed });
                }
            }
            foreach (var id in pending)
                _cmdlet.WriteError(new ErrorRecord(
                    new HuaweiApiException("StopTimeout", $"DCS task {id} still reads {last[id].Status ?? "no status"} after {(int)_timeout.TotalSeconds} s; it has not stopped yet.",
                        ApiErrorCategory.OperationTimeout),
                    "StopTimeout", ErrorCategory.OperationTimeout, id));
            return last;
        }

        void Complete(int activityId, string id) =>
            _cmdlet.WriteProgress(new ProgressRecord(activityId, "DCS " + id, "Done") { ParentActivityId = ParentActivityId, RecordType = ProgressRecordType.Completed });

        /// <summary>TERMINATED, or any other status after which the task cannot run on (SUCCESS, FAILED, ...).</summary>
        static bool IsEnded(string status) => MigrationClassifier.DcsIsTerminalStatus(status);
    }
}
