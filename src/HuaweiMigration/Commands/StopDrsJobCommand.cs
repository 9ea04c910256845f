using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Stops DRS (database) migration and synchronization jobs and releases their replication instances: the end of a cutover.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "DrsJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(DrsJobProgress))]
    public sealed class StopDrsJobCommand : StateChangeCmdlet
    {
        public StopDrsJobCommand() : base(600) { }

        /// <summary>The ids of the jobs to stop.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ServiceIdTransformation(MigrationService.Drs, Strict = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DrsJobIdCompleter))]
        [Trimmed]
        public string[] JobId { get; set; }

        /// <summary>Stops with force_terminate: skips migrating triggers and events, for a job that is abnormal.</summary>
        [Parameter]
        public SwitchParameter ForceTerminate { get; set; }

        readonly List<string> _approved = new List<string>();
        // Jobs -RequireReady found releasing or released, with that status: nothing is sent for them.
        readonly Dictionary<string, string> _found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        internal override MigrationService Service => MigrationService.Drs;
        internal override IEnumerable<string> Ids => JobId;
        internal override string Action => ForceTerminate ? "Force-stop the DRS job" : "Stop the DRS job";
        internal override string Consequence => "A stopped DRS job cannot be resumed: its replication instance is released.";

        internal override bool AlreadyMade(MigrationReadiness verdict) => IsReleasing(verdict.Status) || IsReleased(verdict.Status);

        internal override void Act(string id, string target, MigrationReadiness verdict)
        {
            if (verdict != null && !verdict.IsReady) _found[id] = verdict.Status;
            else _approved.Add(id);
        }

        internal override void Finish()
        {
            if (_approved.Count + _found.Count == 0) return;
            var session = ActiveSession;
            var results = (_approved.Count == 0 ? new DrsStopResult[0] : Run(ct => DrsJobStop.StopAllAsync(session.Drs, _approved, ForceTerminate, RequestLog, ct)))
                .Concat(_found.Select(f => new DrsStopResult { JobId = f.Key, Outcome = IsReleased(f.Value) ? StopOutcome.AlreadyEnded : StopOutcome.AlreadyStopping }));
            var waitFor = new Dictionary<string, DrsJobProgress>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in results)
            {
                if (r.Error != null)
                {
                    if (!NotSent(r.JobId, r.Error)) WriteError(r.Error.ErrorCode == "StopFailed" ? Failure(r.Error, r.Status) : ToErrorRecord(r.Error, r.JobId));
                    continue;
                }
                string status = r.Status?.TransferStatus ?? (_found.TryGetValue(r.JobId, out var s) ? s : null);
                if (r.Outcome == StopOutcome.AlreadyEnded) WriteWarning($"DRS job {r.JobId} is already released ({status}); nothing to stop.");
                else if (r.Outcome == StopOutcome.AlreadyStopping && !Wait)
                    WriteWarning($"DRS job {r.JobId} is already releasing ({status}); use -Wait to wait until it reads {DrsJobStop.Released}.");
                else WriteVerboseLine($"DRS job {r.JobId}: stop requested{(status == null ? "" : ", status " + status)}.");
                if (Wait || PassThru) waitFor[r.JobId] = r.Status;
            }
            if (waitFor.Count == 0) return;
            if (!Wait)
            {
                var read = Run(ct => DrsJobStop.ReadByIdAsync(session.Drs, waitFor.Keys.ToList(), RequestLog, ct));
                foreach (var id in waitFor.Keys) if ((read[id].Value ?? waitFor[id]) is DrsJobProgress p) WriteObject(p);
                return;
            }
            var wait = NewWait<DrsJobProgress>("Stopping", waitFor.Count, "DRS job", DrsJobStop.Released);
            wait.Read = (ids, ct) => DrsJobStop.ReadByIdAsync(session.Drs, ids, RequestLog, ct);
            wait.Judge = p => IsReleased(p.TransferStatus) ? WaitState.Done
                : string.Equals(p.TransferStatus, DrsJobStop.ReleaseFailed, StringComparison.OrdinalIgnoreCase) ? WaitState.Failed : WaitState.Pending;
            wait.Describe = p => "Status " + (p.TransferStatus ?? "unknown");
            // A stop accepted without a read is still waited for: its status is read in the first round.
            WaitAndReport(wait, waitFor.ToDictionary(p => p.Key, p => p.Value?.TransferStatus == null ? null : p.Value, StringComparer.OrdinalIgnoreCase), (id, end) =>
                end.State == WaitState.Failed
                    ? Failure("StopFailed", $"DRS job {id} reads {DrsJobStop.ReleaseFailed}: releasing its resources failed. " +
                        "Stop it again with -ForceTerminate, or in the DRS console.", ApiErrorCategory.InvalidOperation, end.Last)
                : end.TimedOut
                    ? Failure("StopTimeout", $"DRS job {id} still reads {end.Last?.TransferStatus ?? "no status"} after {Timeout} s; " +
                        "its resources are not released yet.", ApiErrorCategory.OperationTimeout, (object)end.Last ?? id)
                : null);
        }

        static bool IsReleasing(string status) => string.Equals(status, DrsJobStop.Releasing, StringComparison.OrdinalIgnoreCase);
        static bool IsReleased(string status) => string.Equals(status, DrsJobStop.Released, StringComparison.OrdinalIgnoreCase);
    }
}
