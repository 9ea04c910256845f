using System;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
using HuaweiMigration.Readiness;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Tells whether DCS tasks and DRS jobs are safe to cut over, and if not, why not.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "MigrationReadiness")]
    [OutputType(typeof(MigrationReadiness))]
    [OutputType(typeof(bool))]
    public sealed class TestMigrationReadinessCommand : MigrationIdCmdlet
    {
        /// <summary>DRS: the largest incremental delay, in seconds, that counts as caught up.</summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int MaxDelay { get; set; } = 5;

        /// <summary>DRS: how long ago, in seconds, the object-level and row comparisons may have started.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaxComparisonAge { get; set; } = 3600;

        /// <summary>DCS: the largest difference between source and target key counts, in percent of the source's.</summary>
        [Parameter]
        [ValidateRange(0.0, 100.0)]
        public double MaxKeyDifference { get; set; } = 0.1;

        /// <summary>DRS: judges without comparisons (a warning says so).</summary>
        [Parameter]
        public SwitchParameter SkipComparison { get; set; }

        /// <summary>Returns one bool for all items: true only when every one is ready.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        /// <summary>How many requests may be in flight at once.</summary>
        [Parameter]
        [ValidateRange(1, DesktopRuntime.MaxThrottleLimit)]
        public int ThrottleLimit { get; set; } = 8;

        readonly MigrationIdList _targets = new MigrationIdList();

        protected override void ProcessRecord() => _targets.AddRange(BoundIds());

        protected override void EndProcessing()
        {
            if (_targets.Items.Count == 0)
                ThrowTerminatingError(NewError("NothingToTest",
                    "Give -DcsTaskId or -DrsJobId, or pipe in DCS tasks, DRS jobs, or the output of the other HuaweiMigration cmdlets.",
                    ErrorCategory.InvalidArgument, null));

            var checker = new ReadinessChecker(ActiveSession.Dcs, ActiveSession.Drs, ActiveSession.DrsComparisons)
            {
                Options = Options(),
                ThrottleLimit = ThrottleLimit,
                Clock = ActiveSession.Clock,
            };
            var rejectedBefore = ActiveSession.Http.Rejection;
            var verdicts = Await(checker.CheckAsync(_targets.Items.Select(t => new ReadinessTarget(t.Service, t.Id, t.Name)).ToList(), RequestLog, CancellationToken));
            // A closed session or a rejected credential judges nothing: say so, instead of N verdicts of ReadFailed.
            if (!ActiveSession.IsConnected)
                ThrowTerminatingError(NewError("NotConnected", $"The session {ActiveSession} was closed during the check. Run Connect-HuaweiCloud again.",
                    ErrorCategory.ConnectionError, ActiveSession));
            EndIfRejected(ActiveSession, rejectedBefore, verdicts);
            foreach (var v in verdicts)
            {
                if (v.Service == MigrationService.Dcs) ActiveSession.SeenDcsTaskIds.Add(v.Id, v.Name);
                else ActiveSession.SeenDrsJobIds.Add(v.Id, v.Name);
                WriteVerboseLine($"{v.Service} {v.Id}: {(v.IsReady ? "ready" : "not ready: " + string.Join("; ", v.Blockers.Select(b => b.Message)))}");
                if (!Quiet) WriteObject(v);
            }
            if (Quiet) WriteObject(verdicts.All(v => v.IsReady));
        }

        ReadinessOptions Options() => new ReadinessOptions
        {
            MaxDelay = TimeSpan.FromSeconds(MaxDelay),
            MaxComparisonAge = TimeSpan.FromSeconds(MaxComparisonAge),
            MaxKeyDifferencePercent = MaxKeyDifference,
            SkipComparison = SkipComparison,
        };
    }
}
