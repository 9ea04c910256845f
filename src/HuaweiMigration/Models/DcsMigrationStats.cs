using System;

namespace HuaweiMigration
{
    /// <summary>One sample of a DCS online migration's progress.</summary>
    public sealed class DcsMigrationStats
    {
        public string TaskId { get; internal set; }
        /// <summary>The task's name, when the piped input carried one (a DcsMigrationTask); otherwise null.</summary>
        public string TaskName { get; internal set; }
        /// <summary>Full migration progress, in percent.</summary>
        public double? FullMigrationProgress { get; internal set; }
        /// <summary>Incremental migration offset.</summary>
        public long? Offset { get; internal set; }
        /// <summary>Keys in the source Redis.</summary>
        public long? SourceDbSize { get; internal set; }
        /// <summary>Keys in the target Redis.</summary>
        public long? TargetDbSize { get; internal set; }
        /// <summary>Operations per second on the target.</summary>
        public long? TargetOps { get; internal set; }
        /// <summary>Write traffic into the target, in KB/s.</summary>
        public double? TargetInputKbps { get; internal set; }
        public bool? IsMigrating { get; internal set; }
        /// <summary>Source keys not yet in the target (SourceDbSize - TargetDbSize, never below 0).</summary>
        public long? KeysRemaining =>
            SourceDbSize.HasValue && TargetDbSize.HasValue ? Math.Max(0, SourceDbSize.Value - TargetDbSize.Value) : (long?)null;
        /// <summary>When the module read this sample. Local time (Kind Local), so it subtracts from and compares with Get-Date.</summary>
        public DateTime SampledAt => SampledAtUtc.ToLocalTime();
        /// <summary>SampledAt in UTC (Kind Utc), for logs and JSON.</summary>
        public DateTime SampledAtUtc { get; internal set; }

        public override string ToString() => TaskId;
    }
}
