using System;

namespace HuaweiMigration
{
    /// <summary>Which service runs a migration.</summary>
    public enum MigrationService { Dcs, Drs }

    /// <summary>Where a migration is, the same for both services.</summary>
    public enum MigrationPhase { Pending, FullSync, Incremental, Completed, Failed, Stopped, Unknown }

    /// <summary>What Watch-Migration waits for.</summary>
    public enum WatchCondition
    {
        /// <summary>The migration finished successfully (DCS SUCCESS, a full-only DRS job's FULL_TRANSFER_COMPLETE).</summary>
        Completed,
        /// <summary>The full (initial) sync is done.</summary>
        FullSyncComplete,
        /// <summary>The full sync is done and the incremental lag is within -MaxDelay.</summary>
        CaughtUp,
        /// <summary>Test-MigrationReadiness calls it ready (comparisons consistent, healthy) and it stayed caught up for -StableFor: safe to cut over.</summary>
        Ready,
    }

    /// <summary>What Watch-Migration does with a migration that shows no progress for -StallTimeout.</summary>
    public enum StallAction
    {
        /// <summary>Write one warning and go on watching it.</summary>
        Warning,
        /// <summary>End its watch with the error MigrationStalled.</summary>
        Error,
    }

    /// <summary>One sample of a DCS or DRS migration, in one shape for both services.</summary>
    public sealed class MigrationStatus
    {
        public MigrationService Service { get; internal set; }
        /// <summary>Service as text, which ConvertTo-Json and Export-Csv write as a name (they write the enum as a number).</summary>
        public string ServiceName => Service.ToString();
        /// <summary>The DCS task id or the DRS job id.</summary>
        public string Id { get; internal set; }
        /// <summary>Id for a DCS task, else null: pipes a status into -DcsTaskId (or Get-DcsMigrationStats) and never a DRS id.</summary>
        public string TaskId => Service == MigrationService.Dcs ? Id : null;
        /// <summary>Id for a DRS job, else null: pipes a status into -DrsJobId (or Get-DrsJobProgress) and never a DCS id.</summary>
        public string JobId => Service == MigrationService.Drs ? Id : null;
        public string Name { get; internal set; }
        /// <summary>The service's own status text.</summary>
        public string Status { get; internal set; }
        public MigrationPhase Phase { get; internal set; }
        /// <summary>Phase as text, for JSON and CSV.</summary>
        public string PhaseName => Phase.ToString();
        /// <summary>Full-sync progress, in percent.</summary>
        public double? Percent { get; internal set; }
        /// <summary>Incremental lag (DRS).</summary>
        public TimeSpan? IncrementalDelay { get; internal set; }
        /// <summary>IncrementalDelay in seconds, for JSON and CSV.</summary>
        public double? IncrementalDelaySeconds => IncrementalDelay?.TotalSeconds;
        /// <summary>Source keys not yet in the target (DCS).</summary>
        public long? KeysRemaining { get; internal set; }
        /// <summary>Observed progress rate, in percent per minute.</summary>
        public double? Rate { get; internal set; }
        /// <summary>Time left at the observed rate, or the service's own estimate before a rate exists.</summary>
        public TimeSpan? EstimatedTimeRemaining { get; internal set; }
        /// <summary>EstimatedTimeRemaining in seconds, for JSON and CSV.</summary>
        public double? EstimatedTimeRemainingSeconds => EstimatedTimeRemaining?.TotalSeconds;
        /// <summary>When the module read this sample. Local time (Kind Local), so it subtracts from and compares with Get-Date.</summary>
        public DateTime SampledAt => SampledAtUtc.ToLocalTime();
        /// <summary>SampledAt in UTC (Kind Utc), for logs and JSON.</summary>
        public DateTime SampledAtUtc { get; internal set; }
        /// <summary>True when the -Until condition holds for this sample.</summary>
        public bool ConditionMet { get; internal set; }
        /// <summary>The condition ConditionMet refers to.</summary>
        public WatchCondition Condition { get; internal set; }
        /// <summary>Condition as text, for JSON and CSV.</summary>
        public string ConditionName => Condition.ToString();
        /// <summary>Under -Until Ready: the last readiness verdict, once the migration stayed caught up for -StableFor; else null.</summary>
        public MigrationReadiness Readiness { get; internal set; }
        /// <summary>Under -Until Ready: whether the last verdict was ready; null before one was made.</summary>
        public bool? Ready => Readiness?.IsReady;

        /// <summary>True when the migration can make no further progress (completed, failed or stopped).</summary>
        public bool IsTerminal => Phase == MigrationPhase.Completed || Phase == MigrationPhase.Failed || Phase == MigrationPhase.Stopped;

        /// <summary>The status of a migration no poll has read yet: Phase Unknown, no numbers.</summary>
        internal static MigrationStatus Unread(MigrationService service, string id, string name, WatchCondition condition) =>
            new MigrationStatus { Service = service, Id = id, Name = name, Phase = MigrationPhase.Unknown, Condition = condition };

        public override string ToString() => $"{Service} {Id} {Phase}";
    }
}
