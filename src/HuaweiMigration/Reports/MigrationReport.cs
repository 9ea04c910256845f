using System;
using System.Collections.Generic;

namespace HuaweiMigration.Reports
{
    /// <summary>What a report shows: one entry per migration, in the order they were first seen.</summary>
    public sealed class MigrationReport
    {
        public string Title { get; set; } = "Migration report";
        public DateTime GeneratedAtUtc { get; set; } = DateTime.UtcNow;
        /// <summary>The zone the time axis is drawn in; the report names it.</summary>
        public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Local;
        /// <summary>The -MaxDelay line drawn on DRS delay charts, in seconds.</summary>
        public double MaxDelaySeconds { get; set; } = 5;
        public IList<ReportMigration> Migrations { get; } = new List<ReportMigration>();
    }

    /// <summary>How a migration ended up, for the summary's colour and wording. Unknown never reads as ready.</summary>
    public enum ReportOutcome { Ready, InProgress, Blocked, Failed, Unknown }

    /// <summary>One migration: its samples, events, comparison rows and readiness findings.</summary>
    public sealed class ReportMigration
    {
        public MigrationService Service { get; set; }
        public string Id { get; set; }
        public string Name { get; set; }
        /// <summary>Samples in time order.</summary>
        public List<ReportSample> Samples { get; } = new List<ReportSample>();
        /// <summary>Events marked on the time axis: phase changes, stalls, failures.</summary>
        public List<ReportEvent> Events { get; } = new List<ReportEvent>();
        public List<ReportComparison> Comparisons { get; } = new List<ReportComparison>();
        public List<ReportFinding> Findings { get; } = new List<ReportFinding>();
        /// <summary>Why a watch ended this migration (the state file's "ended", or a failed sample), when it did.</summary>
        public string EndedReason { get; set; }
        /// <summary>A readiness verdict given from outside (Test-MigrationReadiness); null when none was given.</summary>
        public bool? ReadinessVerdict { get; set; }

        public ReportSample Last => Samples.Count == 0 ? null : Samples[Samples.Count - 1];
        public TimeSpan? Duration => Samples.Count < 2 ? (TimeSpan?)null : Samples[Samples.Count - 1].TimeUtc - Samples[0].TimeUtc;
        public string DisplayName => string.IsNullOrEmpty(Name) ? Id : Name;
    }

    /// <summary>One reading of a migration, in UTC.</summary>
    public sealed class ReportSample
    {
        public DateTime TimeUtc { get; set; }
        /// <summary>The service's own status text, when the input carried one.</summary>
        public string Status { get; set; }
        public MigrationPhase Phase { get; set; } = MigrationPhase.Unknown;
        public double? Percent { get; set; }
        public double? DelaySeconds { get; set; }
        public long? KeysRemaining { get; set; }
        /// <summary>Whether the watch's condition held for this sample; null when the input did not say.</summary>
        public bool? ConditionMet { get; set; }
    }

    public enum ReportEventKind { PhaseChange, Stall, Failure }

    /// <summary>A moment marked on the time axis.</summary>
    public sealed class ReportEvent
    {
        public DateTime TimeUtc { get; set; }
        public ReportEventKind Kind { get; set; }
        public string Text { get; set; }
    }

    public enum ReportFindingLevel { Passed, Warning, Blocker, Unknown }

    /// <summary>A readiness finding, in a shape of the report's own (an adapter fills it from Test-MigrationReadiness).</summary>
    public sealed class ReportFinding
    {
        public ReportFindingLevel Level { get; set; }
        public string Code { get; set; }
        public string Message { get; set; }
    }

    public enum ComparisonVerdict { Consistent, Inconsistent, NotComparable, InProgress, Unknown }

    /// <summary>One comparison result, per database or object type (an adapter fills it from a DRS comparison).</summary>
    public sealed class ReportComparison
    {
        /// <summary>Object, Rows or Contents.</summary>
        public string Type { get; set; }
        /// <summary>The database, table or object type compared.</summary>
        public string Scope { get; set; }
        public long? SourceCount { get; set; }
        public long? TargetCount { get; set; }
        public long? Differences { get; set; }
        public ComparisonVerdict Verdict { get; set; } = ComparisonVerdict.Unknown;
        /// <summary>The service's own result (status text or code), shown beside the verdict.</summary>
        public string ResultText { get; set; }
    }
}
