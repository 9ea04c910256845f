using System;
using System.Collections.Generic;
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
    public sealed class StopDcsMigrationTaskCommand : DcsTaskChangeCmdlet
    {
        public StopDcsMigrationTaskCommand() : base(600) { }

        readonly Dictionary<string, DcsMigrationTask> _waitFor = new Dictionary<string, DcsMigrationTask>(StringComparer.OrdinalIgnoreCase);

        internal override string Action => "Stop the DCS migration task";
        internal override string Consequence => "A stopped migration task cannot be resumed.";

        internal override bool AlreadyMade(MigrationReadiness verdict) => DcsTaskStop.IsStopping(verdict.Status) || DcsTaskStop.IsEnded(verdict.Status);

        internal override void Act(string id, string target, MigrationReadiness verdict)
        {
            DcsStopResult stop;
            try
            {
                // Under -RequireReady a task that is not ready was found stopping or ended: it is read, never sent a stop.
                stop = verdict != null && !verdict.IsReady
                    ? Run(ct => DcsTaskStop.ReadStoppedAsync(ActiveSession.Dcs, id, RequestLog, ct))
                    : Run(ct => DcsTaskStop.StopAsync(ActiveSession.Dcs, id, RequestLog, ct));
            }
            catch (HuaweiApiException ex)
            {
                Flush();
                if (!NotSent(id, ex)) WriteError(ToErrorRecord(ex, MigrationService.Dcs, id));
                return;
            }
            Flush();
            var task = stop.Task;
            ActiveSession.SeenDcsTaskIds.Add(id, task.TaskName);
            switch (stop.Outcome)
            {
                case StopOutcome.AlreadyEnded:
                    WriteWarning($"DCS task {target} had already ended ({task.Status}); nothing to stop.");
                    if (PassThru) WriteObject(task);
                    return;
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

        internal override void Finish()
        {
            if (_waitFor.Count == 0) return;
            var wait = NewTaskWait("Stopping", _waitFor.Count, "TERMINATED");
            wait.Judge = t => DcsTaskStop.IsEnded(t.Status) ? WaitState.Done : WaitState.Pending;
            wait.Describe = t => "Status " + (t.Status ?? "unknown");
            WaitAndReport(wait, _waitFor, (id, end) =>
            {
                if (end.TimedOut)
                    return Failure("StopTimeout", $"DCS task {id} still reads {end.Last?.Status ?? "no status"} after {Timeout} s; it has not stopped yet.",
                        ApiErrorCategory.OperationTimeout, id);
                if (!string.Equals(end.Last.Status, "TERMINATED", StringComparison.OrdinalIgnoreCase))
                    WriteWarning($"DCS task {id} ended with status {end.Last.Status} instead of TERMINATED.");
                return null;
            });
        }
    }
}
