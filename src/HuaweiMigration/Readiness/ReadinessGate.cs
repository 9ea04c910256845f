using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Watch;

namespace HuaweiMigration.Readiness
{
    /// <summary>
    /// The rule of Watch-Migration -Until Ready: an item is done only when ReadinessRules call it ready and its delay
    /// (DRS) or key difference (DCS) has stayed within bounds for StableFor. With StartComparison it starts a caught-up
    /// DRS job's object and row comparisons itself, and again when they no longer count (failed, or older than the
    /// last time the delay settled). An item whose comparison is inconsistent leaves with MigrationInconsistent.
    /// </summary>
    public sealed class ReadinessGate
    {
        /// <summary>Comparison starts per job, so a comparison that always fails cannot start one every poll.</summary>
        public const int MaxComparisonStarts = 3;

        sealed class State
        {
            public DateTimeOffset? InBoundsSince;
            /// <summary>The last sample out of bounds: a comparison must start after it (it tolerates clock skew up to one interval).</summary>
            public DateTimeOffset? LastOutOfBoundsAt;
            public int Starts;
            public MigrationReadiness LastVerdict;
        }

        readonly ReadinessChecker _checker;
        readonly ComparisonRunner _runner;
        readonly Dictionary<WatchedMigration, State> _states = new Dictionary<WatchedMigration, State>();

        public ReadinessGate(ReadinessChecker checker, ComparisonRunner runner)
        {
            _checker = checker; _runner = runner;
        }

        public ReadinessOptions Options => _checker.Options;
        public TimeSpan StableFor { get; set; } = TimeSpan.FromSeconds(60);
        public bool StartComparison { get; set; }

        State StateOf(WatchedMigration item)
        {
            if (!_states.TryGetValue(item, out var s)) _states[item] = s = new State();
            return s;
        }

        /// <summary>Whether the sample is within the bounds that must hold for StableFor: caught up, nothing left to copy.</summary>
        public bool InBounds(WatchedMigration item, MigrationStatus s)
        {
            if (s.Phase != MigrationPhase.Incremental && s.Phase != MigrationPhase.Completed) return false;
            if (s.Service == MigrationService.Drs)
                return s.Phase == MigrationPhase.Completed || (s.IncrementalDelay.HasValue && s.IncrementalDelay.Value <= Options.MaxDelay);
            var stats = item.LastDcsStats;
            if (stats?.FullMigrationProgress != 100 || !stats.SourceDbSize.HasValue || !stats.TargetDbSize.HasValue) return false;
            return ReadinessRules.KeyDifferencePercent(stats.SourceDbSize.Value, stats.TargetDbSize.Value) <= Options.MaxKeyDifferencePercent;
        }

        /// <summary>Judges the items of this poll that have been within bounds for StableFor, and ends those that are ready or inconsistent.</summary>
        public async Task ApplyAsync(IReadOnlyList<PollResult> results, DateTimeOffset now, IRequestLog log, CancellationToken ct)
        {
            var due = new List<PollResult>();
            foreach (var r in results.Where(r => r.Outcome == PollOutcome.Sampled && r.Status != null))
            {
                var st = StateOf(r.Item);
                if (!InBounds(r.Item, r.Status))
                {
                    st.InBoundsSince = null;
                    st.LastOutOfBoundsAt = now;
                    continue;
                }
                st.InBoundsSince = st.InBoundsSince ?? now;
                if (StartComparison && r.Item.Service == MigrationService.Drs && r.Status.Phase == MigrationPhase.Incremental && NeedsComparison(st))
                    await StartAsync(r.Item, st, log, ct).ConfigureAwait(false);
                if (now - st.InBoundsSince.Value >= StableFor) due.Add(r);
            }
            if (due.Count == 0) return;

            var targets = due.Select(r => new ReadinessTarget(r.Item.Service, r.Item.Id, r.Item.Name)
            {
                Progress = r.Item.Service == MigrationService.Drs ? r.Item.LastDrsProgress : null,
                // Only a watch that saw the delay out of bounds knows when it settled.
                DelaySettledAt = StateOf(r.Item).LastOutOfBoundsAt,
            }).ToList();
            var verdicts = await _checker.CheckAsync(targets, log, ct).ConfigureAwait(false);
            for (int i = 0; i < due.Count; i++)
            {
                var r = due[i];
                var v = verdicts[i];
                StateOf(r.Item).LastVerdict = v;
                r.Status.Readiness = v;
                if (v.IsReady)
                {
                    r.Status.ConditionMet = true;
                    r.Outcome = PollOutcome.ConditionMet;
                    r.Item.IsActive = false;
                }
                else if (v.Blockers.Any(b => b.Code == "Inconsistent"))
                {
                    r.Outcome = PollOutcome.MigrationInconsistent;
                    r.Item.IsActive = false;
                }
            }
        }

        static bool NeedsComparison(State st)
        {
            if (st.Starts >= MaxComparisonStarts) return false;
            if (st.Starts == 0) return st.LastVerdict == null || st.LastVerdict.Blockers.Any(IsMissingComparison);
            return st.LastVerdict != null && st.LastVerdict.Blockers.Any(IsMissingComparison);
        }

        static bool IsMissingComparison(ReadinessFinding f) =>
            f.Code == "NoComparison" || f.Code == "ComparisonFailed" || f.Code == "ComparisonStale";

        async Task StartAsync(WatchedMigration item, State st, IRequestLog log, CancellationToken ct)
        {
            st.Starts++;
            st.LastVerdict = null;
            try
            {
                var started = await _runner.StartAsync(item.Id, new[] { DrsComparisonType.Object, DrsComparisonType.Rows }, null, log, ct).ConfigureAwait(false);
                foreach (var s in started)
                    if (s.Error != null) log?.Warning($"DRS job {item.Id}: the {s.Type} comparison did not start ({s.Error.ErrorCode}: {s.Error.ServiceMessage}).");
                    else if (log?.IsVerboseEnabled == true) log.Verbose($"DRS job {item.Id}: {s.Type} comparison {s.Comparison.CompareJobId} {(s.Reused ? "already running" : "started")}.");
            }
            catch (HuaweiApiException e)
            {
                log?.Warning($"DRS job {item.Id}: the comparisons did not start ({e.ErrorCode}); trying again next poll.");
                st.Starts--;
                if (!e.IsTransient) st.Starts = MaxComparisonStarts;
            }
        }
    }
}
