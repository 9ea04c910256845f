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
    public sealed class SwitchDcsMigrationIpCommand : DcsTaskChangeCmdlet
    {
        // 30 minutes, as terraform waits for a switch: the service documents no failure value.
        public SwitchDcsMigrationIpCommand() : base(1800) { }

        /// <summary>Switches the instances' domain names too (is_exchange_domain).</summary>
        [Parameter]
        public SwitchParameter IncludeDomainName { get; set; }

        /// <summary>Switches the IP addresses back (rollback-ip) after a switch.</summary>
        [Parameter]
        public SwitchParameter Rollback { get; set; }

        readonly Dictionary<string, DcsMigrationTask> _waitFor = new Dictionary<string, DcsMigrationTask>(StringComparer.OrdinalIgnoreCase);

        string Goal => DcsIpSwitch.Goal(Rollback);

        internal override string Action => Rollback ? "Switch back the IP addresses of the DCS migration task" : "Switch the IP addresses of the DCS migration task";
        internal override string Consequence => "Both Redis instances turn read-only for about a minute, and clients are disconnected for a few seconds.";

        internal override void Act(string id, string target, MigrationReadiness verdict)
        {
            (DcsMigrationTask Task, StopOutcome Outcome) result;
            try
            {
                result = Run(ct => DcsIpSwitch.SwitchAsync(ActiveSession.Dcs, id, Rollback, IncludeDomainName, RequestLog, ct));
            }
            catch (HuaweiApiException ex)
            {
                Flush();
                if (!NotSent(id, ex)) WriteError(ToErrorRecord(ex, id));
                return;
            }
            Flush();
            var task = result.Task;
            ActiveSession.SeenDcsTaskIds.Add(id, task.TaskName);
            if (result.Outcome == StopOutcome.AlreadyEnded)
            {
                WriteWarning($"DCS task {target}: task_status already reads {task.TaskStatus}; nothing was sent.");
                if (PassThru) WriteObject(task);
                return;
            }
            if (result.Outcome == StopOutcome.AlreadyStopping && !Wait)
                WriteWarning($"DCS task {target}: a switch is already under way (task_status {task.TaskStatus}); use -Wait to wait for {Goal}.");
            else
                WriteVerboseLine($"DCS task {target}: {(Rollback ? "rollback" : "IP switch")} requested.");
            if (Wait) _waitFor[id] = null;
            else if (PassThru) WriteObject(Run(ct => ActiveSession.Dcs.GetTaskAsync(id, RequestLog, ct)));
        }

        internal override void Finish()
        {
            if (_waitFor.Count == 0) return;
            var wait = NewTaskWait(Rollback ? "Switching back" : "Switching", _waitFor.Count, Goal);
            wait.Judge = t => string.Equals(t.TaskStatus, Goal, StringComparison.OrdinalIgnoreCase) ? WaitState.Done : WaitState.Pending;
            wait.Describe = t => "TaskStatus " + (t.TaskStatus ?? "none");
            WaitAndReport(wait, _waitFor, (id, end) => end.TimedOut
                ? Failure("SwitchTimeout", $"DCS task {id}: task_status still reads {end.Last?.TaskStatus ?? "none"} after {Timeout} s, not {Goal}. " +
                    "The service documents no failure value for a switch; check the task in the DCS console.", ApiErrorCategory.OperationTimeout, (object)end.Last ?? id)
                : null);
        }
    }
}
