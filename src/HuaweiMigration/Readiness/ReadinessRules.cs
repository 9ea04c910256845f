using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HuaweiMigration.Core;
using HuaweiMigration.Drs;
using HuaweiMigration.Watch;

namespace HuaweiMigration.Readiness
{
    /// <summary>The bounds of a readiness verdict.</summary>
    public sealed class ReadinessOptions
    {
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);
        public TimeSpan MaxComparisonAge { get; set; } = TimeSpan.FromHours(1);
        /// <summary>The largest difference between source and target key counts, in percent of the source's.</summary>
        public double MaxKeyDifferencePercent { get; set; } = 0.1;
        public bool SkipComparison { get; set; }
    }

    /// <summary>What was read of one DRS job; a field left null was not read (or the job has none).</summary>
    public sealed class DrsReadinessInput
    {
        public string JobId { get; set; }
        public string Name { get; set; }
        public DrsJobProgress Progress { get; set; }
        /// <summary>A failed read of the job or its comparisons: the verdict is ReadFailed.</summary>
        public HuaweiApiException ReadError { get; set; }
        public DrsComparison ObjectComparison { get; set; }
        public DrsComparison RowComparison { get; set; }
        public DrsComparison ContentComparison { get; set; }
        public DrsJobHealth Health { get; set; }
        public HuaweiApiException HealthError { get; set; }
        /// <summary>Since when the delay has stayed within bounds, when a watch knows it: an older comparison does not count.</summary>
        public DateTimeOffset? DelaySettledAt { get; set; }
    }

    /// <summary>What was read of one DCS task.</summary>
    public sealed class DcsReadinessInput
    {
        public string TaskId { get; set; }
        public string Name { get; set; }
        public DcsMigrationTask Task { get; set; }
        public DcsMigrationStats Stats { get; set; }
        public HuaweiApiException ReadError { get; set; }
    }

    /// <summary>
    /// Judges whether a DRS job or DCS task is safe to cut over. Unknown is never ready: a status, result code or
    /// field the rules do not know, or an answer that could not be read, is a blocker that says what was seen.
    /// </summary>
    public static class ReadinessRules
    {
        sealed class Findings
        {
            public readonly List<ReadinessFinding> Blockers = new List<ReadinessFinding>();
            public readonly List<ReadinessFinding> Warnings = new List<ReadinessFinding>();
            public void Block(string code, string message, string evidence = null) => Blockers.Add(new ReadinessFinding(code, message, evidence));
        }

        public static MigrationReadiness JudgeDrs(DrsReadinessInput input, ReadinessOptions options, DateTimeOffset now)
        {
            var r = new MigrationReadiness { Service = MigrationService.Drs, Id = input.JobId, Name = input.Name, CheckedAtUtc = now.UtcDateTime };
            if (input.ReadError != null || input.Progress == null)
                return ReadFailed(r, input.ReadError);

            var f = new Findings();
            var p = input.Progress;
            r.Status = p.TransferStatus;
            r.Percent = p.Progress;
            r.IncrementalDelay = p.IncrementalDelay;
            string status = (p.TransferStatus ?? "").Trim().ToUpperInvariant();
            bool fullOnlyDone = status == "FULL_TRANSFER_COMPLETE" && string.Equals(p.TaskMode, "FULL_TRANS", StringComparison.OrdinalIgnoreCase);
            if (MigrationClassifier.DrsPhase(p.TransferStatus, p.TaskMode) == MigrationPhase.Failed)
                f.Block("MigrationFailed", $"The job failed (status {Quote(p.TransferStatus)}).", "status=" + p.TransferStatus);
            else if (status != "INCRE_TRANSFER_STARTED" && !fullOnlyDone)
                f.Block("NotIncremental", $"The job is not in incremental migration (status {Quote(p.TransferStatus)}, mode {Quote(p.TaskMode)}).",
                    "status=" + p.TransferStatus);
            else if (!fullOnlyDone)
            {
                if (!p.IncrementalDelay.HasValue)
                    f.Block("DelayTooHigh", "The service reported no incremental delay.", "delay=(none)");
                else if (p.IncrementalDelay.Value > options.MaxDelay)
                    f.Block("DelayTooHigh", $"The incremental delay is {Seconds(p.IncrementalDelay.Value)} s, over the {Seconds(options.MaxDelay)} s allowed.",
                        "delay=" + Seconds(p.IncrementalDelay.Value) + "s");
            }

            r.ObjectComparison = input.ObjectComparison;
            r.RowComparison = input.RowComparison;
            r.ContentComparison = input.ContentComparison;
            var ages = new[] { input.ObjectComparison, input.RowComparison }.Where(c => c?.StartedAtUtc != null)
                .Select(c => now.UtcDateTime - c.StartedAtUtc.Value).ToList();
            r.ComparisonAge = ages.Count > 0 ? ages.Max() : (TimeSpan?)null;
            if (options.SkipComparison)
                f.Warnings.Add(new ReadinessFinding("ComparisonSkipped", "Comparisons were not checked (-SkipComparison)."));
            else
            {
                JudgeComparison(f, "object-level", input.ObjectComparison, required: true, input, options, now);
                JudgeComparison(f, "row", input.RowComparison, required: true, input, options, now);
                JudgeComparison(f, "value", input.ContentComparison, required: false, input, options, now);
            }

            JudgeHealth(f, r, input);
            return Finish(r, f);
        }

        static void JudgeComparison(Findings f, string label, DrsComparison c, bool required, DrsReadinessInput input, ReadinessOptions options, DateTimeOffset now)
        {
            if (c == null)
            {
                if (required) f.Block("NoComparison", $"The job has no {label} comparison; run Start-DrsComparison.");
                return;
            }
            string id = c.CompareJobId == null ? "" : " " + c.CompareJobId;
            switch (c.Status)
            {
                case DrsComparisonStatus.Running:
                case DrsComparisonStatus.Waiting:
                    f.Block("ComparisonRunning", $"The {label} comparison{id} has not finished (status {Quote(c.StatusText)}).", "status=" + c.StatusText);
                    break;
                case DrsComparisonStatus.Failed:
                case DrsComparisonStatus.Cancelled:
                case DrsComparisonStatus.TimedOut:
                    f.Block("ComparisonFailed", $"The {label} comparison{id} ended {c.Status} (status {Quote(c.StatusText)})" +
                        (string.IsNullOrEmpty(c.Message) ? "." : ": " + c.Message), "status=" + c.StatusText);
                    break;
                case DrsComparisonStatus.Succeeded:
                    JudgeParts(f, label, id, c);
                    break;
                default:
                    f.Block("ComparisonUnknown", $"The {label} comparison{id} has a status the module does not know: {Quote(c.StatusText)}.", "status=" + c.StatusText);
                    break;
            }

            if (!c.StartedAtUtc.HasValue)
                f.Block("ComparisonStale", $"The {label} comparison{id} has no start time, so its age is unknown.");
            else
            {
                var age = now.UtcDateTime - c.StartedAtUtc.Value;
                if (age > options.MaxComparisonAge)
                    f.Block("ComparisonStale", $"The {label} comparison{id} started {Seconds(age)} s ago, over the {Seconds(options.MaxComparisonAge)} s allowed.",
                        "startedAtUtc=" + Iso(c.StartedAtUtc.Value));
                else if (input.DelaySettledAt.HasValue && c.StartedAtUtc.Value < input.DelaySettledAt.Value.UtcDateTime)
                    f.Block("ComparisonStale", $"The {label} comparison{id} started before the incremental delay settled; run it again.",
                        "startedAtUtc=" + Iso(c.StartedAtUtc.Value) + " delaySettledAtUtc=" + Iso(input.DelaySettledAt.Value.UtcDateTime));
            }
        }

        static void JudgeParts(Findings f, string label, string id, DrsComparison c)
        {
            if (c.Parts.Count == 0)
            {
                f.Block("ComparisonUnknown", $"The {label} comparison{id} succeeded but reported no result.", "parts=0");
                return;
            }
            void Group(DrsComparisonResult result, string code, string what)
            {
                var parts = c.Parts.Where(p => p.Result == result).ToList();
                if (parts.Count == 0) return;
                f.Block(code, $"The {label} comparison{id} found {what}: {string.Join(", ", parts.Select(p => p.Subject))}.",
                    string.Join("; ", parts.Select(Evidence)));
            }
            Group(DrsComparisonResult.Inconsistent, "Inconsistent", "differences in");
            Group(DrsComparisonResult.NotComparable, "NotComparable", "what it could not compare in");
            Group(DrsComparisonResult.Unknown, "ComparisonUnknown", "results the module does not know for");
            Group(DrsComparisonResult.InProgress, "ComparisonRunning", "unfinished results for");
        }

        static string Evidence(DrsComparisonItem p)
        {
            var parts = new List<string> { p.Subject + ": code " + (p.ResultCode ?? "(none)") };
            if (p.Type == DrsComparisonType.Object)
            {
                if (p.SourceCount.HasValue || p.TargetCount.HasValue) parts.Add($"source {Count(p.SourceCount)}, target {Count(p.TargetCount)}");
            }
            else
            {
                if (p.SourceCount.HasValue) parts.Add($"{p.SourceCount} tables compared");
                if (p.Difference.HasValue) parts.Add($"{p.Difference} inconsistent");
            }
            return string.Join(", ", parts);
        }

        static void JudgeHealth(Findings f, MigrationReadiness r, DrsReadinessInput input)
        {
            if (input.Health == null)
            {
                var e = input.HealthError;
                r.ReadError = e;
                if (e != null && DrsComparisonClient.IsHealthNotServed(e))
                    f.Warnings.Add(new ReadinessFinding("HealthUnknown",
                        "The region does not serve the v5 health check, so the database connections were not checked.", "error=" + e.ErrorCode));
                else
                    f.Block("HealthUnknown", "The job's health could not be read" + (e == null ? "." : ": " + e.ErrorCode + "."),
                        e == null ? null : "error=" + e.ErrorCode);
                return;
            }
            r.SourceConnected = input.Health.IsSourceNormal;
            r.TargetConnected = input.Health.IsTargetNormal;
            var down = new List<string>();
            if (input.Health.IsSourceNormal != true) down.Add(input.Health.IsSourceNormal == false ? "the source connection is down" : "the source connection is not reported");
            if (input.Health.IsTargetNormal != true) down.Add(input.Health.IsTargetNormal == false ? "the target connection is down" : "the target connection is not reported");
            if (down.Count > 0)
                f.Block("EndpointUnhealthy", "The job is not healthy: " + string.Join(" and ", down) + ".",
                    $"is_src_normal={Flag(input.Health.IsSourceNormal)} is_dst_normal={Flag(input.Health.IsTargetNormal)}");
        }

        public static MigrationReadiness JudgeDcs(DcsReadinessInput input, ReadinessOptions options, DateTimeOffset now)
        {
            var r = new MigrationReadiness { Service = MigrationService.Dcs, Id = input.TaskId, Name = input.Name ?? input.Task?.TaskName, CheckedAtUtc = now.UtcDateTime };
            if (input.ReadError != null || input.Task == null || input.Stats == null)
                return ReadFailed(r, input.ReadError);

            var f = new Findings();
            var t = input.Task;
            var s = input.Stats;
            r.Status = t.Status;
            r.Percent = s.FullMigrationProgress;
            r.SourceKeys = s.SourceDbSize;
            r.TargetKeys = s.TargetDbSize;
            string status = (t.Status ?? "").Trim().ToUpperInvariant();
            bool fullOnly = string.Equals(t.MigrationMethod, "full_amount_migration", StringComparison.OrdinalIgnoreCase);
            bool ok = status == "INCRMIGEATING" || status == "INCRMIGRATING" || (status == "SUCCESS" && fullOnly);
            if (status == "FAILED" || status == "MIGRATION_FAILED")
                f.Block("MigrationFailed", $"The task failed (status {Quote(t.Status)}).", "status=" + t.Status);
            else if (!ok)
                f.Block("NotIncremental", $"The task is not in incremental migration (status {Quote(t.Status)}, method {Quote(t.MigrationMethod)}).", "status=" + t.Status);

            if (s.FullMigrationProgress != 100)
                f.Block("FullSyncIncomplete", s.FullMigrationProgress.HasValue
                    ? $"The full sync is at {s.FullMigrationProgress.Value.ToString("0.#", CultureInfo.InvariantCulture)} %."
                    : "The service reported no full-sync progress.", "progress=" + (s.FullMigrationProgress?.ToString(CultureInfo.InvariantCulture) ?? "(none)"));

            string counts = $"source={Count(s.SourceDbSize)} target={Count(s.TargetDbSize)}";
            if (!s.SourceDbSize.HasValue || !s.TargetDbSize.HasValue)
                f.Block("KeyCountMismatch", "The service did not report both key counts.", counts);
            else
            {
                double percent = KeyDifferencePercent(s.SourceDbSize.Value, s.TargetDbSize.Value);
                r.KeyDifferencePercent = percent;
                if (percent > options.MaxKeyDifferencePercent)
                    f.Block("KeyCountMismatch", $"Source and target key counts differ by {percent.ToString("0.###", CultureInfo.InvariantCulture)} %, over the " +
                        $"{options.MaxKeyDifferencePercent.ToString("0.###", CultureInfo.InvariantCulture)} % allowed.", counts);
            }
            return Finish(r, f);
        }

        /// <summary>|source - target| in percent of the source keys; 100 when the source is empty and the target is not.</summary>
        public static double KeyDifferencePercent(long source, long target) =>
            source == 0 ? (target == 0 ? 0 : 100) : Math.Abs(source - target) * 100.0 / source;

        /// <summary>The verdict on an item that could not be read: not ready, with the error as the blocker.</summary>
        public static MigrationReadiness ReadFailed(MigrationService service, string id, string name, HuaweiApiException error, DateTimeOffset now) =>
            ReadFailed(new MigrationReadiness { Service = service, Id = id, Name = name, CheckedAtUtc = now.UtcDateTime }, error);

        static MigrationReadiness ReadFailed(MigrationReadiness r, HuaweiApiException error)
        {
            r.ReadError = error;
            r.Blockers = new[] { new ReadinessFinding("ReadFailed",
                error == null ? "The migration could not be read." : "The migration could not be read: " + error.Message,
                error == null ? null : "error=" + error.ErrorCode) };
            return r;
        }

        static MigrationReadiness Finish(MigrationReadiness r, Findings f)
        {
            r.Blockers = f.Blockers.ToArray();
            r.Warnings = f.Warnings.ToArray();
            return r;
        }

        static string Quote(string text) => text == null ? "(none)" : "'" + text + "'";
        static string Count(long? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "(none)";
        static string Flag(bool? b) => b.HasValue ? (b.Value ? "true" : "false") : "(none)";
        static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        static string Iso(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
    }
}
