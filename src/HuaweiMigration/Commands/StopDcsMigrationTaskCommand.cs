using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Stops DCS (Redis) data migration tasks, the last step of a cutover.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "DcsMigrationTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(DcsMigrationTask))]
    public sealed class StopDcsMigrationTaskCommand : HuaweiCloudSessionCmdlet
    {
        /// <summary>The ids of the tasks to stop.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("task_id")]
        [ServiceIdTransformation(MigrationService.Dcs, Strict = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DcsTaskIdCompleter))]
        [Trimmed]
        public string[] TaskId { get; set; }

        /// <summary>Waits until each task reads TERMINATED, showing a progress bar.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: seconds to wait before giving up with a StopTimeout error (a hard deadline).</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int Timeout { get; set; } = 600;

        /// <summary>Outputs each task as it is at the end: after the stop, or once it is TERMINATED with -Wait.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Stops without asking for confirmation (an explicit -Confirm still asks).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        readonly Dictionary<string, DcsMigrationTask> _waitFor = new Dictionary<string, DcsMigrationTask>(StringComparer.OrdinalIgnoreCase);
        readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        protected override void ProcessRecord()
        {
            foreach (var id in TaskId)
            {
                if (!_seen.Add(id)) continue;
                string name = ActiveSession.SeenDcsTaskIds.NameOf(id);
                string target = name == null ? id : $"{id} ({name})";
                if (!StateChangeConfirmation.Approve(this, Force, target, "Stop the DCS migration task",
                    "A stopped migration task cannot be resumed.")) continue;
                DcsStopResult stop;
                try
                {
                    stop = Run(ct => DcsTaskStop.StopAsync(ActiveSession.Dcs, id, RequestLog, ct));
                }
                catch (HuaweiApiException ex)
                {
                    Flush();
                    WriteError(ToErrorRecord(ex, MigrationService.Dcs, id));
                    continue;
                }
                Flush();
                var task = stop.Task;
                ActiveSession.SeenDcsTaskIds.Add(id, task.TaskName);
                switch (stop.Outcome)
                {
                    case StopOutcome.AlreadyEnded:
                        WriteWarning($"DCS task {target} had already ended ({task.Status}); nothing to stop.");
                        if (PassThru) WriteObject(task);
                        continue;
                    case StopOutcome.AlreadyStopping when !Wait:
                        WriteWarning($"DCS task {target} is already stopping ({task.Status}); use -Wait to wait until it reads TERMINATED.");
                        break;
                    default:
                        WriteVerboseLine($"DCS task {target}: stop requested, status {task.Status}.");
                        break;
                }
                if (Wait) _waitFor[id] = DcsTaskStop.IsEnded(task.Status) || DcsTaskStop.IsStopping(task.Status) ? task : null;
                else if (PassThru) WriteObject(task);
            }
        }

        protected override void EndProcessing()
        {
            if (_waitFor.Count == 0) return;
            var session = ActiveSession;
            var wait = new DeadlineWait<DcsMigrationTask>(this, TimeSpan.FromSeconds(Timeout))
            {
                Read = (ids, ct) => DeadlineWait<DcsMigrationTask>.EachAsync(ids, id => session.Dcs.GetTaskAsync(id, RequestLog, ct)),
                Judge = t => DcsTaskStop.IsEnded(t.Status) ? WaitState.Done : WaitState.Pending,
                Describe = t => "Status " + (t.Status ?? "unknown"),
                Activity = "Stopping " + DeadlineWait<DcsMigrationTask>.Count(_waitFor.Count, "DCS migration task"),
                Goal = "TERMINATED",
                ChildActivity = id => "DCS " + (session.SeenDcsTaskIds.NameOf(id) ?? id),
            };
            var ends = wait.Run(_waitFor);
            foreach (var id in _waitFor.Keys)
            {
                var end = ends[id];
                if (end.Error != null) WriteError(ToErrorRecord(end.Error, id));
                else if (end.TimedOut)
                    WriteError(new ErrorRecord(new HuaweiApiException("StopTimeout",
                        $"DCS task {id} still reads {end.Last?.Status ?? "no status"} after {Timeout} s; it has not stopped yet.", ApiErrorCategory.OperationTimeout),
                        "StopTimeout", ErrorCategory.OperationTimeout, id));
                else if (!string.Equals(end.Last.Status, "TERMINATED", StringComparison.OrdinalIgnoreCase))
                    WriteWarning($"DCS task {id} ended with status {end.Last.Status} instead of TERMINATED.");
                if (PassThru && end.Last != null) WriteObject(end.Last);
            }
        }
    }
}
