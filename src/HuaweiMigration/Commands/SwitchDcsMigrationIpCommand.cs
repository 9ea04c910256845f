using System;
using System.Collections.Generic;
using System.Management.Automation;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Switches the IP addresses of the source and target Redis of DCS migration tasks, so that clients reach the target without a change: the DCS cutover step.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Switch, "DcsMigrationIp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(DcsMigrationTask))]
    public sealed class SwitchDcsMigrationIpCommand : HuaweiCloudSessionCmdlet
    {
        /// <summary>The ids of the tasks whose instances' IP addresses are switched.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("task_id")]
        [ServiceIdTransformation(MigrationService.Dcs, Strict = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DcsTaskIdCompleter))]
        [Trimmed]
        public string[] TaskId { get; set; }

        /// <summary>Switches the instances' domain names too (is_exchange_domain).</summary>
        [Parameter]
        public SwitchParameter IncludeDomainName { get; set; }

        /// <summary>Switches the IP addresses back (rollback-ip) after a switch.</summary>
        [Parameter]
        public SwitchParameter Rollback { get; set; }

        /// <summary>Waits until each task's TaskStatus reads EXCHANGE_SUCCESS (ROLLBACK_SUCCESS with -Rollback), showing a progress bar.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: seconds to wait before giving up with a SwitchTimeout error (a hard deadline). The service documents no failure value, so this is the only other end.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int Timeout { get; set; } = 1800;

        /// <summary>Outputs each task as it is at the end.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Switches without asking for confirmation (an explicit -Confirm still asks).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        readonly Dictionary<string, DcsMigrationTask> _waitFor = new Dictionary<string, DcsMigrationTask>(StringComparer.OrdinalIgnoreCase);
        readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        string Goal => DcsIpSwitch.Goal(Rollback);

        protected override void ProcessRecord()
        {
            foreach (var id in TaskId)
            {
                if (!_seen.Add(id)) continue;
                string name = ActiveSession.SeenDcsTaskIds.NameOf(id);
                string target = name == null ? id : $"{id} ({name})";
                if (!StateChangeConfirmation.Approve(this, Force, target,
                    Rollback ? "Switch back the IP addresses of the DCS migration task" : "Switch the IP addresses of the DCS migration task",
                    "Both Redis instances turn read-only for about a minute, and clients are disconnected for a few seconds.")) continue;
                (DcsMigrationTask Task, StopOutcome Outcome) result;
                try
                {
                    result = Run(ct => DcsIpSwitch.SwitchAsync(ActiveSession.Dcs, id, Rollback, IncludeDomainName, RequestLog, ct));
                }
                catch (HuaweiApiException ex)
                {
                    Flush();
                    WriteError(ToErrorRecord(ex, id));
                    continue;
                }
                Flush();
                var task = result.Task;
                ActiveSession.SeenDcsTaskIds.Add(id, task.TaskName);
                if (result.Outcome == StopOutcome.AlreadyEnded)
                {
                    WriteWarning($"DCS task {target}: task_status already reads {task.TaskStatus}; nothing was sent.");
                    if (PassThru) WriteObject(task);
                    continue;
                }
                if (result.Outcome == StopOutcome.AlreadyStopping && !Wait)
                    WriteWarning($"DCS task {target}: a switch is already under way (task_status {task.TaskStatus}); use -Wait to wait for {Goal}.");
                else
                    WriteVerboseLine($"DCS task {target}: {(Rollback ? "rollback" : "IP switch")} requested.");
                if (Wait) _waitFor[id] = null;
                else if (PassThru) WriteObject(Run(ct => ActiveSession.Dcs.GetTaskAsync(id, RequestLog, ct)));
            }
        }

        protected override void EndProcessing()
        {
            if (_waitFor.Count == 0) return;
            var session = ActiveSession;
            var wait = new DeadlineWait<DcsMigrationTask>(this, TimeSpan.FromSeconds(Timeout))
            {
                Read = (ids, ct) => DeadlineWait<DcsMigrationTask>.EachAsync(ids, id => session.Dcs.GetTaskAsync(id, RequestLog, ct)),
                Judge = t => string.Equals(t.TaskStatus, Goal, StringComparison.OrdinalIgnoreCase) ? WaitState.Done : WaitState.Pending,
                Describe = t => "TaskStatus " + (t.TaskStatus ?? "none"),
                Activity = (Rollback ? "Switching back " : "Switching ") + DeadlineWait<DcsMigrationTask>.Count(_waitFor.Count, "DCS migration task"),
                Goal = Goal,
                ChildActivity = id => "DCS " + (session.SeenDcsTaskIds.NameOf(id) ?? id),
            };
            var ends = wait.Run(_waitFor);
            foreach (var id in _waitFor.Keys)
            {
                var end = ends[id];
                if (end.Error != null) WriteError(ToErrorRecord(end.Error, id));
                else if (end.TimedOut)
                    WriteError(new ErrorRecord(new HuaweiApiException("SwitchTimeout",
                        $"DCS task {id}: task_status still reads {end.Last?.TaskStatus ?? "none"} after {Timeout} s, not {Goal}. The service documents no failure " +
                        "value for a switch; check the task in the DCS console.", ApiErrorCategory.OperationTimeout),
                        "SwitchTimeout", ErrorCategory.OperationTimeout, (object)end.Last ?? id));
                if (PassThru && end.Last != null) WriteObject(end.Last);
            }
        }
    }
}
