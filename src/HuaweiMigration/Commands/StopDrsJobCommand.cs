using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
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
    public sealed class StopDrsJobCommand : HuaweiCloudSessionCmdlet
    {
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

        /// <summary>Waits until each job reads RELEASE_RESOURCE_COMPLETE, showing a progress bar.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: seconds to wait before giving up with a StopTimeout error (a hard deadline).</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int Timeout { get; set; } = 600;

        /// <summary>Outputs the status of each job at the end: after the stop, or once released with -Wait.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Stops without asking for confirmation (an explicit -Confirm still asks).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        readonly List<string> _approved = new List<string>();
        readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        protected override void ProcessRecord()
        {
            foreach (var id in JobId)
            {
                if (!_seen.Add(id)) continue;
                string name = ActiveSession.SeenDrsJobIds.NameOf(id);
                if (StateChangeConfirmation.Approve(this, Force, name == null ? id : $"{id} ({name})",
                    ForceTerminate ? "Force-stop the DRS job" : "Stop the DRS job",
                    "A stopped DRS job cannot be resumed: its replication instance is released."))
                    _approved.Add(id);
            }
        }

        protected override void EndProcessing()
        {
            if (_approved.Count == 0) return;
            var session = ActiveSession;
            var results = Run(ct => DrsJobStop.StopAllAsync(session.Drs, _approved, ForceTerminate, RequestLog, ct));
            var waitFor = new Dictionary<string, DrsJobProgress>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in results)
            {
                if (r.Error != null)
                {
                    WriteError(r.Error.ErrorCode == "StopFailed" ? StopError(r.Error, r.Status) : ToErrorRecord(r.Error, r.JobId));
                    continue;
                }
                string status = r.Status?.TransferStatus;
                if (r.Outcome == StopOutcome.AlreadyEnded) WriteWarning($"DRS job {r.JobId} is already released ({status}); nothing to stop.");
                else if (r.Outcome == StopOutcome.AlreadyStopping && !Wait)
                    WriteWarning($"DRS job {r.JobId} is already releasing ({status}); use -Wait to wait until it reads {DrsJobStop.Released}.");
                else WriteVerboseLine($"DRS job {r.JobId}: stop requested{(status == null ? "" : ", status " + status)}.");
                if (Wait || PassThru) waitFor[r.JobId] = r.Status;
            }
            if (waitFor.Count == 0) return;
            if (!Wait)
            {
                var read = Run(ct => ReadAsync(session, waitFor.Keys.ToList(), ct));
                foreach (var id in waitFor.Keys) if ((read[id].Value ?? waitFor[id]) is DrsJobProgress p) WriteObject(p);
                return;
            }
            var wait = new DeadlineWait<DrsJobProgress>(this, TimeSpan.FromSeconds(Timeout))
            {
                Read = (ids, ct) => ReadAsync(session, ids, ct),
                Judge = p => string.Equals(p.TransferStatus, DrsJobStop.Released, StringComparison.OrdinalIgnoreCase) ? WaitState.Done
                    : string.Equals(p.TransferStatus, DrsJobStop.ReleaseFailed, StringComparison.OrdinalIgnoreCase) ? WaitState.Failed : WaitState.Pending,
                Describe = p => "Status " + (p.TransferStatus ?? "unknown"),
                Activity = "Stopping " + DeadlineWait<DrsJobProgress>.Count(waitFor.Count, "DRS job"),
                Goal = DrsJobStop.Released,
                ChildActivity = id => "DRS " + (session.SeenDrsJobIds.NameOf(id) ?? id),
            };
            // A stop accepted without a read is still waited for: its status is read in the first round.
            var ends = wait.Run(waitFor.ToDictionary(p => p.Key, p => p.Value == null || p.Value.TransferStatus == null ? null : p.Value, StringComparer.OrdinalIgnoreCase));
            foreach (var id in waitFor.Keys)
            {
                var end = ends[id];
                if (end.Error != null) WriteError(ToErrorRecord(end.Error, id));
                else if (end.State == WaitState.Failed)
                    WriteError(StopError(new HuaweiApiException("StopFailed", $"DRS job {id} reads {DrsJobStop.ReleaseFailed}: releasing its resources failed. " +
                        "Stop it again with -ForceTerminate, or in the DRS console.", ApiErrorCategory.InvalidOperation), end.Last));
                else if (end.TimedOut)
                    WriteError(StopError(new HuaweiApiException("StopTimeout", $"DRS job {id} still reads {end.Last?.TransferStatus ?? "no status"} after {Timeout} s; " +
                        "its resources are not released yet.", ApiErrorCategory.OperationTimeout), (object)end.Last ?? id));
                if (PassThru && end.Last != null) WriteObject(end.Last);
            }
        }

        static ErrorRecord StopError(HuaweiApiException ex, object lastStatus) => new ErrorRecord(ex, ex.ErrorCode, Map(ex.Category), lastStatus);

        async Task<IDictionary<string, (DrsJobProgress Value, HuaweiApiException Error)>> ReadAsync(HuaweiCloudSession session, IReadOnlyList<string> ids, CancellationToken ct) =>
            (await DrsJobStop.ReadAllAsync(session.Drs, ids, RequestLog, ct).ConfigureAwait(false))
                .ToDictionary(r => r.JobId, r => (r.Progress, r.Error), StringComparer.OrdinalIgnoreCase);
    }
}
