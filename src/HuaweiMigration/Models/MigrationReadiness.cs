using System;

namespace HuaweiMigration
{
    /// <summary>One reason a migration is not ready to cut over (a blocker), or a caveat of the verdict (a warning).</summary>
    public sealed class ReadinessFinding
    {
        public ReadinessFinding(string code, string message, string evidence = null)
        {
            Code = code; Message = message; Evidence = evidence;
        }

        /// <summary>A stable PascalCase code: NotIncremental, DelayTooHigh, Inconsistent, HealthUnknown...</summary>
        public string Code { get; }
        public string Message { get; }
        /// <summary>The figures the finding rests on, as the service gave them.</summary>
        public string Evidence { get; }

        public override string ToString() => Code;
    }

    /// <summary>The verdict on one DCS task or DRS job: is it safe to cut over, and if not, why not.</summary>
    public sealed class MigrationReadiness
    {
        public MigrationService Service { get; internal set; }
        /// <summary>Service as text, for JSON and CSV.</summary>
        public string ServiceName => Service.ToString();
        public string Id { get; internal set; }
        /// <summary>Id for a DCS task, else null (pipes into -DcsTaskId, never a DRS id).</summary>
        public string TaskId => Service == MigrationService.Dcs ? Id : null;
        /// <summary>Id for a DRS job, else null (pipes into -DrsJobId, never a DCS id).</summary>
        public string JobId => Service == MigrationService.Drs ? Id : null;
        public string Name { get; internal set; }
        /// <summary>True only when there is no blocker. Anything unknown or unreadable is a blocker.</summary>
        public bool IsReady => Blockers.Count == 0;
        public ValueList<ReadinessFinding> Blockers { get; internal set; } = new ReadinessFinding[0];
        public ValueList<ReadinessFinding> Warnings { get; internal set; } = new ReadinessFinding[0];
        /// <summary>The service's status text.</summary>
        public string Status { get; internal set; }
        /// <summary>Full-sync progress, in percent.</summary>
        public double? Percent { get; internal set; }
        /// <summary>Incremental lag (DRS).</summary>
        public TimeSpan? IncrementalDelay { get; internal set; }
        /// <summary>IncrementalDelay in seconds, for JSON and CSV.</summary>
        public double? IncrementalDelaySeconds => IncrementalDelay?.TotalSeconds;
        /// <summary>Keys in the source and target Redis (DCS).</summary>
        public long? SourceKeys { get; internal set; }
        public long? TargetKeys { get; internal set; }
        /// <summary>|source - target| as a percentage of the source keys (DCS).</summary>
        public double? KeyDifferencePercent { get; internal set; }
        /// <summary>The latest object-level, row and value comparisons (DRS).</summary>
        public DrsComparison ObjectComparison { get; internal set; }
        public DrsComparison RowComparison { get; internal set; }
        public DrsComparison ContentComparison { get; internal set; }
        /// <summary>How long ago the older of the object and row comparisons started (DRS).</summary>
        public TimeSpan? ComparisonAge { get; internal set; }
        /// <summary>ComparisonAge in seconds, for JSON and CSV.</summary>
        public double? ComparisonAgeSeconds => ComparisonAge?.TotalSeconds;
        /// <summary>The connections to the source and target databases, from the v5 health check; null when unknown (DRS).</summary>
        public bool? SourceConnected { get; internal set; }
        public bool? TargetConnected { get; internal set; }
        /// <summary>When the verdict was made (local time).</summary>
        public DateTime CheckedAt => CheckedAtUtc.ToLocalTime();
        public DateTime CheckedAtUtc { get; internal set; }

        /// <summary>The failed read behind a ReadFailed or HealthUnknown verdict: the cmdlets tell a request not sent after a rejected credential by it.</summary>
        internal HuaweiMigration.Core.HuaweiApiException ReadError { get; set; }

        public override string ToString() => $"{Service} {Id} {(IsReady ? "Ready" : "NotReady: " + Blockers)}";
    }
}
