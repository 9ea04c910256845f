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
            var progress = new ProgressTree<string>(_cmdlet, StringComparer.OrdinalIgnoreCase);
            foreach (var id in pending) progress.Add(id);
            var started = Stopwatch.StartNew();
            var session = _cmdlet.ActiveSession;
            try
            {
                while (pending.Count > 0)
                {
                    progress.WriteParent($"Stopping {last.Count} DCS migration tasks ({last.Count - pending.Count} stopped)",
                        $"Waiting for TERMINATED; {Math.Max(0, (int)(_timeout - started.Elapsed).TotalSeconds)} s left", (last.Count - pending.Count) * 100 / last.Count);
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
                            _cmdlet.WriteError(HuaweiCloudCmdlet.ToErrorRecord(ex, MigrationService.Dcs, id));
                            pending.Remove(id);
                            progress.Complete(id, Activity(id));
                            continue;
                        }
                        _cmdlet.Flush();
                        var status = last[id].Status;
                        if (IsEnded(status))
                        {
                            pending.Remove(id);
                            Ended.Add(id);
                            progress.Complete(id, Activity(id));
                        }
                        else
                            progress.WriteChild(id, $"DCS {last[id].TaskName ?? id}", $"Status {status}");
                    }
                    if (pending.Count == 0) break;
                    var left = _timeout - started.Elapsed;
                    if (left <= TimeSpan.Zero) break;
                    _cmdlet.Await(Task.Delay(left < PollInterval ? left : PollInterval, _cmdlet.CancellationToken));
                }
            }
            finally
            {
                if (!_cmdlet.Stopping) progress.CompleteAll(Activity, "Stopping DCS migration tasks");
            }
            foreach (var id in pending)
                _cmdlet.WriteError(new ErrorRecord(
                    new HuaweiApiException("StopTimeout", $"DCS task {id} still reads {last[id].Status ?? "no status"} after {(int)_timeout.TotalSeconds} s; it has not stopped yet.",
                        ApiErrorCategory.OperationTimeout),
                    "StopTimeout", ErrorCategory.OperationTimeout, id));
            return last;
        }

        static string Activity(string id) => "DCS " + id;

        /// <summary>TERMINATED, or any other status after which the task cannot run on (SUCCESS, FAILED, ...).</summary>
        static bool IsEnded(string status) => MigrationClassifier.DcsIsTerminalStatus(status);
    }
}
