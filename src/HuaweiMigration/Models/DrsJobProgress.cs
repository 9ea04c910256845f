using System;

namespace HuaweiMigration
{
    /// <summary>The progress of one DRS job, from the batch progress API.</summary>
    public sealed class DrsJobProgress
    {
        public string JobId { get; internal set; }
        /// <summary>The job's name, when the piped input carried one (a DrsJob from Get-DrsJob); otherwise null.</summary>
        public string JobName { get; internal set; }
        /// <summary>Migration progress, in percent.</summary>
        public double? Progress { get; internal set; }
        /// <summary>FULL_TRANS, INCR_TRANS or FULL_INCR_TRANS (open-ended).</summary>
        public string TaskMode { get; internal set; }
        /// <summary>FULL_TRANSFER_STARTED, INCRE_TRANSFER_STARTED, FULL_TRANSFER_COMPLETE, ... (open-ended).</summary>
        public string TransferStatus { get; internal set; }
        /// <summary>How far the target lags behind the source during incremental sync; null during the full phase and for full-only jobs.</summary>
        public TimeSpan? IncrementalDelay { get; internal set; }
        /// <summary>IncrementalDelay in seconds, for JSON and CSV (ConvertTo-Json writes a TimeSpan as 15 fields).</summary>
        public double? IncrementalDelaySeconds => IncrementalDelay?.TotalSeconds;
        /// <summary>The service's time of this progress reading. Local time (Kind Local), so it subtracts from and compares with Get-Date.</summary>
        public DateTime? ProcessTime => ProcessTimeUtc?.ToLocalTime();
        /// <summary>ProcessTime in UTC (Kind Utc), for logs and JSON.</summary>
        public DateTime? ProcessTimeUtc { get; internal set; }
        /// <summary>The service's estimate of the time left, when it gives one in seconds.</summary>
        public TimeSpan? RemainingTime { get; internal set; }
        /// <summary>RemainingTime in seconds, for JSON and CSV.</summary>
        public double? RemainingTimeSeconds => RemainingTime?.TotalSeconds;
        /// <summary>Progress of each part of the migration (data, structure, index...); its text lists them.</summary>
        public ValueList<DrsProgressPart> Parts { get; internal set; }
        /// <summary>When the module read this sample. Local time (Kind Local), so it subtracts from and compares with Get-Date.</summary>
        public DateTime SampledAt => SampledAtUtc.ToLocalTime();
        /// <summary>SampledAt in UTC (Kind Utc), for logs and JSON.</summary>
        public DateTime SampledAtUtc { get; internal set; }

        public override string ToString() => JobId;
    }

    /// <summary>The progress of one part (data, structure, index...) of a DRS job.</summary>
    public sealed class DrsProgressPart
    {
        public string Name { get; internal set; }
        /// <summary>Percent complete.</summary>
        public double? Completed { get; internal set; }
        public TimeSpan? RemainingTime { get; internal set; }
        /// <summary>RemainingTime in seconds, for JSON and CSV.</summary>
        public double? RemainingTimeSeconds => RemainingTime?.TotalSeconds;

        public override string ToString() => Completed.HasValue ? $"{Name} {Completed.Value:0.#}%" : Name;
    }

    /// <summary>The migration progress of one database object of a DRS job.</summary>
    public sealed class DrsObjectProgress
    {
        public string JobId { get; internal set; }
        /// <summary>
        /// The job's name when known without another request: from a piped job (Get-DrsJob), or from an earlier read of the
        /// job in this session (Get-DrsJob, Get-DrsJobProgress, Watch-Migration); null otherwise.
        /// </summary>
        public string JobName { get; internal set; }
        /// <summary>table, view, procedure, ... as requested.</summary>
        public string ObjectType { get; internal set; }
        public string SourceDatabase { get; internal set; }
        public string SourceObject { get; internal set; }
        public string TargetDatabase { get; internal set; }
        public string TargetObject { get; internal set; }
        /// <summary>Percent complete.</summary>
        public int? Progress { get; internal set; }
        /// <summary>When the service generated the data (create_time). Local time (Kind Local), so it subtracts from and compares with Get-Date.</summary>
        public DateTime? GeneratedAt => GeneratedAtUtc?.ToLocalTime();
        /// <summary>GeneratedAt in UTC (Kind Utc), for logs and JSON.</summary>
        public DateTime? GeneratedAtUtc { get; internal set; }

        public override string ToString() => SourceDatabase + "." + SourceObject;
    }
}
