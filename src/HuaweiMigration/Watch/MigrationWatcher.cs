using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;

namespace HuaweiMigration.Watch
{
    /// <summary>How one item fared in one poll.</summary>
    public enum PollOutcome
    {
        /// <summary>A new sample; the item goes on being watched.</summary>
        Sampled,
        /// <summary>The condition is met; the item leaves the watch.</summary>
        ConditionMet,
        /// <summary>The migration failed; the item leaves the watch.</summary>
        MigrationFailed,
        /// <summary>The migration stopped (terminated, released, deleted) without meeting the condition; it leaves the watch.</summary>
        MigrationStopped,
        /// <summary>No progress for StallTimeout under StallAction Error; the item leaves the watch.</summary>
        MigrationStalled,
        /// <summary>A status the module does not know, under StallAction Error; the item leaves the watch.</summary>
        UnknownStatus,
        /// <summary>-Until Completed for an incremental migration, which replicates until stopped; the item leaves the watch.</summary>
        NeverCompletes,
        /// <summary>The poll failed in a way worth trying again; the item stays.</summary>
        TransientError,
        /// <summary>The poll failed for good, or too often and too long in a row; the item leaves the watch.</summary>
        GaveUp,
        /// <summary>The poll was cancelled before this item's answer came; nothing changed.</summary>
        Cancelled,
        /// <summary>Under -Until Ready: a comparison found the source and target inconsistent; the item leaves the watch.</summary>
        MigrationInconsistent,
    }

    /// <summary>One item's result of one poll.</summary>
    public sealed class PollResult
    {
        public WatchedMigration Item { get; internal set; }
        public PollOutcome Outcome { get; internal set; }
        public MigrationStatus Status { get; internal set; }
        public HuaweiApiException Error { get; internal set; }
        /// <summary>True on the sample that first found the item without progress for StallTimeout.</summary>
        public bool StallStarted { get; internal set; }
        /// <summary>True when the sample reads a status the module does not know, and it did not read it the poll before.</summary>
        public bool UnknownStatus { get; internal set; }
    }

    /// <summary>The state the watcher keeps for one migration.</summary>
    public sealed class WatchedMigration
    {
        internal WatchedMigration(MigrationService service, string id) { Service = service; Id = id; }

        public MigrationService Service { get; }
        public string Id { get; }
        public string Name { get; internal set; }
        public MigrationStatus LastStatus { get; internal set; }
        public int ConsecutiveFailures { get; internal set; }
        /// <summary>When the current run of failed polls began.</summary>
        public DateTimeOffset? FailingSince { get; internal set; }
        public bool IsActive { get; internal set; } = true;
        internal string ProgressKey { get; set; }
        internal DateTimeOffset LastProgressAt { get; set; }
        internal bool StallReported { get; set; }
        internal string DcsStatus { get; set; }
        internal bool DcsDetailsRead { get; set; }
        /// <summary>Whether the migration replicates until it is stopped (a DCS incremental_migration, a DRS FULL_INCR_TRANS or INCR_TRANS job).</summary>
        internal bool IsIncremental { get; set; }
        internal RateEstimator Rate { get; } = new RateEstimator();
        /// <summary>The last progress or stats read, for the readiness rule of -Until Ready.</summary>
        internal DrsJobProgress LastDrsProgress { get; set; }
        internal DcsMigrationStats LastDcsStats { get; set; }
        /// <summary>How the migration left the watch; null while it is watched.</summary>
        public WatchEnding Ended { get; internal set; }
        /// <summary>Its samples over the whole watch, thinned to a bounded number.</summary>
        public SampleHistory History { get; } = new SampleHistory();
    }

    /// <summary>
    /// Polls a set of DCS tasks and DRS jobs: every DCS task concurrently, DRS jobs 10 to a request,
    /// with at most ThrottleLimit requests in flight. It knows nothing of PowerShell; the cmdlet drives it.
    /// </summary>
    public sealed class MigrationWatcher
    {
        /// <summary>An item leaves the watch only after this many failed polls in a row...</summary>
        public const int MaxConsecutiveFailures = 5;
        /// <summary>...that also span at least this long, so a short outage never ends a watch with a short -Interval.</summary>
        public static readonly TimeSpan MinFailureSpan = TimeSpan.FromMinutes(2);

        readonly DcsClient _dcs;
        readonly DrsClient _drs;
        readonly List<WatchedMigration> _items = new List<WatchedMigration>();
        readonly HashSet<string> _keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public MigrationWatcher(DcsClient dcs, DrsClient drs) { _dcs = dcs; _drs = drs; }

        public WatchCondition Until { get; set; } = WatchCondition.Completed;
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);
        public int ThrottleLimit { get; set; } = 8;
        /// <summary>How long an item may show no change in status, percent, keys left or delay before it counts as stalled.</summary>
        public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(10);
        public StallAction StallAction { get; set; } = StallAction.Warning;
        /// <summary>The rule of -Until Ready; required for that condition.</summary>
        public Readiness.ReadinessGate Readiness { get; set; }
        /// <summary>The clock of the failure budget and of stall detection; tests run it on the simulator's time.</summary>
        public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;
        /// <summary>
        /// Whether DRS items without a name get one from the job list: one lookup in one poll (a request per scene and
        /// 100 ids), repeated at the next poll only if it failed transiently.
        /// </summary>
        public bool LookUpDrsNames { get; set; }

        bool _drsNamesDone;

        /// <summary>
        /// The credential's rejection when the last poll met it outside the items' own reads (the DRS name lookup), so that
        /// the cmdlet reports it; null otherwise.
        /// </summary>
        public HuaweiApiException Rejection { get; private set; }

        public IReadOnlyList<WatchedMigration> Items => _items;
        public IEnumerable<WatchedMigration> Active => _items.Where(i => i.IsActive);

        /// <summary>Adds an item once; repeats of the same id are ignored.</summary>
        public WatchedMigration Add(MigrationService service, string id, string name = null)
        {
            if (!_keys.Add(service + "/" + id)) return null;
            var item = new WatchedMigration(service, id) { Name = name };
            _items.Add(item);
            return item;
        }

        /// <summary>Takes over a migration from a saved watch, with its clocks and history; false when its id is already watched.</summary>
        public bool Adopt(WatchedMigration item)
        {
            if (!_keys.Add(item.Service + "/" + item.Id)) return false;
            _items.Add(item);
            return true;
        }

        /// <summary>Polls every active item once and returns their results in the order they were added.</summary>
        public async Task<IReadOnlyList<PollResult>> PollAsync(IRequestLog log, CancellationToken ct)
        {
            // A key can go bad between polls: the first request goes alone, so that costs one rejected signature, not ThrottleLimit.
            _dcs.Http.ProveBeforeNextFanOut();
            Rejection = null;
            if (LookUpDrsNames && !_drsNamesDone) await LookUpDrsNamesAsync(log, ct).ConfigureAwait(false);
            var active = _items.Where(i => i.IsActive).ToList();
            using (var slots = new SemaphoreSlim(Math.Max(1, ThrottleLimit)))
            {
                // A cancelled poll (the -Timeout deadline) still answers for every item, so that what did arrive counts.
                async Task<IReadOnlyList<PollResult>> Throttled(IReadOnlyList<WatchedMigration> items, Func<Task<IReadOnlyList<PollResult>>> work)
                {
                    try
                    {
                        await slots.WaitAsync(ct).ConfigureAwait(false);
                        try { return await work().ConfigureAwait(false); }
                        finally { slots.Release(); }
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested)
                    {
                        return items.Select(i => new PollResult { Item = i, Outcome = PollOutcome.Cancelled, Status = i.LastStatus }).ToList();
                    }
                }

                var tasks = active.Where(i => i.Service == MigrationService.Dcs)
                    .Select(i => Throttled(new[] { i }, async () => new[] { await PollDcsAsync(i, log, ct).ConfigureAwait(false) })).ToList();
                var drsItems = active.Where(i => i.Service == MigrationService.Drs).ToList();
                for (int i = 0; i < drsItems.Count; i += DrsClient.MaxBatchSize)
                {
                    var batch = drsItems.Skip(i).Take(DrsClient.MaxBatchSize).ToList();
                    tasks.Add(Throttled(batch, () => PollDrsAsync(batch, log, ct)));
                }

                var results = new List<PollResult>(active.Count);
                foreach (var batch in await Task.WhenAll(tasks).ConfigureAwait(false)) results.AddRange(batch);
                var order = active.Select((item, index) => new { item, index }).ToDictionary(x => x.item, x => x.index);
                var ordered = results.OrderBy(r => order[r.Item]).ToList();
                if (Until == WatchCondition.Ready && Readiness != null && !ct.IsCancellationRequested)
                {
                    try { await Readiness.ApplyAsync(ordered, Clock(), log, ct).ConfigureAwait(false); }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
                }
                return ordered;
            }
        }

        async Task LookUpDrsNamesAsync(IRequestLog log, CancellationToken ct)
        {
            var nameless = _items.Where(i => i.Service == MigrationService.Drs && i.IsActive && i.Name == null).ToList();
            try
            {
                for (int i = 0; i < nameless.Count; i += DrsClient.MaxIdsPerNameFilter)
                {
                    var chunk = nameless.Skip(i).Take(DrsClient.MaxIdsPerNameFilter).ToDictionary(x => x.Id, StringComparer.OrdinalIgnoreCase);
                    string filter = string.Join(",", chunk.Keys);
                    foreach (var jobType in DrsClient.JobTypes)
                    {
                        if (chunk.Values.All(x => x.Name != null)) break;
                        var page = await _drs.ListJobsAsync(jobType, 1, DrsClient.MaxJobListPageSize, filter, log, ct).ConfigureAwait(false);
                        foreach (var job in page.Jobs)
                            if (chunk.TryGetValue(job.Id, out var item) && item.Name == null) item.Name = job.Name;
                    }
                }
                _drsNamesDone = true;
            }
            catch (HuaweiApiException ex)
            {
                // Names are a convenience: a failed lookup never fails the watch.
                if (log.IsVerboseEnabled) log.Verbose($"DRS job names could not be read ({ex.ErrorCode}); the watch goes on without them.");
                if (ex.Category == ApiErrorCategory.AuthenticationError && !ex.NotSent) Rejection = ex;
                if (!ex.IsTransient) _drsNamesDone = true;
            }
        }

        async Task<PollResult> PollDcsAsync(WatchedMigration item, IRequestLog log, CancellationToken ct)
        {
            try
            {
                var stats = await _dcs.GetStatsAsync(item.Id, log, ct).ConfigureAwait(false);
                item.LastDcsStats = stats;
                // The stats carry no status: read the details on the first poll, whenever the task is not visibly
                // migrating or its last known status says it is not, and once as the full sync ends, so a steady
                // poll costs one request per task and Status is always the service's own text.
                var known = MigrationClassifier.DcsPhase(item.DcsStatus, 0);
                bool stale = known != MigrationPhase.FullSync && known != MigrationPhase.Incremental;
                bool leftFullSync = stats.FullMigrationProgress >= 100 && known != MigrationPhase.Incremental;
                if (!item.DcsDetailsRead || stats.IsMigrating != true || stale || leftFullSync)
                {
                    var task = await _dcs.GetTaskAsync(item.Id, log, ct).ConfigureAwait(false);
                    item.DcsStatus = task.Status;
                    item.IsIncremental = string.Equals(task.MigrationMethod, "incremental_migration", StringComparison.OrdinalIgnoreCase);
                    item.Name = item.Name ?? task.TaskName;
                    item.DcsDetailsRead = true;
                }

                var status = new MigrationStatus
                {
                    Service = MigrationService.Dcs,
                    Id = item.Id,
                    Name = item.Name,
                    Status = item.DcsStatus,
                    Phase = MigrationClassifier.DcsPhase(item.DcsStatus, stats.FullMigrationProgress),
                    Percent = stats.FullMigrationProgress,
                    KeysRemaining = stats.KeysRemaining,
                    SampledAtUtc = stats.SampledAtUtc,
                };
                return Complete(item, status, MigrationClassifier.DcsIsTerminalStatus(item.DcsStatus), null);
            }
            catch (HuaweiApiException ex)
            {
                return Failed(item, ex);
            }
        }

        async Task<IReadOnlyList<PollResult>> PollDrsAsync(List<WatchedMigration> batch, IRequestLog log, CancellationToken ct)
        {
            IReadOnlyList<DrsJobResult> results;
            try
            {
                results = await _drs.GetJobProgressAsync(batch.Select(i => i.Id).ToList(), log, ct).ConfigureAwait(false);
            }
            catch (HuaweiApiException ex)
            {
                return batch.Select(i => Failed(i, ex)).ToList();
            }

            var outcome = new List<PollResult>(batch.Count);
            for (int i = 0; i < batch.Count; i++)
            {
                var item = batch[i];
                var r = results[i];
                if (r.Error != null)
                {
                    outcome.Add(Failed(item, r.Error));
                    continue;
                }
                var p = r.Progress;
                item.IsIncremental = MigrationClassifier.DrsIsIncrementalMode(p.TaskMode);
                item.LastDrsProgress = p;
                var status = new MigrationStatus
                {
                    Service = MigrationService.Drs,
                    Id = item.Id,
                    Name = item.Name,
                    Status = p.TransferStatus,
                    Phase = MigrationClassifier.DrsPhase(p.TransferStatus, p.TaskMode),
                    Percent = p.Progress,
                    IncrementalDelay = p.IncrementalDelay,
                    SampledAtUtc = p.SampledAtUtc,
                };
                outcome.Add(Complete(item, status, MigrationClassifier.DrsIsTerminalStatus(p.TransferStatus, p.TaskMode), p.RemainingTime));
            }
            return outcome;
        }

        PollResult Complete(WatchedMigration item, MigrationStatus status, bool terminalStatus, TimeSpan? serviceRemaining)
        {
            item.ConsecutiveFailures = 0;
            item.FailingSince = null;
            if (status.Phase == MigrationPhase.FullSync && status.Percent.HasValue)
                item.Rate.Add(status.SampledAtUtc, status.Percent.Value);
            if (status.Phase == MigrationPhase.FullSync || status.Phase == MigrationPhase.Pending)
            {
                status.Rate = item.Rate.Rate;
                status.EstimatedTimeRemaining = status.Percent.HasValue ? item.Rate.EstimateRemaining(status.Percent.Value) : null;
                if (status.Rate == null) status.EstimatedTimeRemaining = serviceRemaining;
            }
            else if (status.Phase == MigrationPhase.Incremental || status.Phase == MigrationPhase.Completed)
            {
                status.EstimatedTimeRemaining = TimeSpan.Zero;
            }

            status.Condition = Until;
            // Ready is decided after the poll, by the readiness rule.
            status.ConditionMet = Until != WatchCondition.Ready && MigrationClassifier.IsMet(Until, status, terminalStatus, MaxDelay);
            bool awaitingReadiness = Until == WatchCondition.Ready && status.Phase == MigrationPhase.Completed;
            var previous = item.LastStatus;
            item.LastStatus = status;

            var result = new PollResult { Item = item, Status = status, Outcome = PollOutcome.Sampled };
            result.UnknownStatus = status.Phase == MigrationPhase.Unknown &&
                (previous == null || previous.Phase != MigrationPhase.Unknown || !string.Equals(previous.Status, status.Status, StringComparison.Ordinal));
            if (status.Phase == MigrationPhase.Failed) result.Outcome = PollOutcome.MigrationFailed;
            else if (status.ConditionMet) result.Outcome = PollOutcome.ConditionMet;
            else if (Until == WatchCondition.Completed && item.IsIncremental && !terminalStatus && status.Phase != MigrationPhase.Stopped)
                result.Outcome = PollOutcome.NeverCompletes;
            else if ((terminalStatus && !awaitingReadiness) || status.Phase == MigrationPhase.Stopped) result.Outcome = PollOutcome.MigrationStopped;
            else if (status.Phase == MigrationPhase.Unknown && StallAction == StallAction.Error) result.Outcome = PollOutcome.UnknownStatus;
            // A caught-up migration waiting for its comparisons shows no change, and is not stalled.
            else if (Until != WatchCondition.Ready || Readiness?.InBounds(item, status) != true) CheckStall(item, status, result);
            bool ended = result.Outcome != PollOutcome.Sampled;
            var now = Clock();
            item.History.Add(HistoryPoint.Of(now, status), keep: ended);
            if (ended) End(item, result.Outcome, now, null);
            return result;
        }

        /// <summary>Progress is any change in status, percent, keys left or incremental delay.</summary>
        void CheckStall(WatchedMigration item, MigrationStatus status, PollResult result)
        {
            var now = Clock();
            // A caught-up replication has nothing left to show: no change is what it should look like.
            if (status.Phase == MigrationPhase.Incremental && MigrationClassifier.IsMet(WatchCondition.CaughtUp, status, false, MaxDelay))
            {
                item.ProgressKey = null;
                item.LastProgressAt = now;
                item.StallReported = false;
                return;
            }
            string key = string.Join("|", status.Status, status.Percent, status.KeysRemaining, status.IncrementalDelay?.Ticks);
            if (key != item.ProgressKey)
            {
                item.ProgressKey = key;
                item.LastProgressAt = now;
                item.StallReported = false;
                return;
            }
            if (now - item.LastProgressAt < StallTimeout) return;
            if (StallAction == StallAction.Error) result.Outcome = PollOutcome.MigrationStalled;
            else if (!item.StallReported) result.StallStarted = item.StallReported = true;
        }

        static void End(WatchedMigration item, PollOutcome outcome, DateTimeOffset at, HuaweiApiException error)
        {
            item.IsActive = false;
            item.Ended = new WatchEnding { Outcome = outcome, At = at, Error = error };
        }

        /// <summary>
        /// Answers that a proxy or a glitch can produce (5xx, timeouts, an HTML page or a cut body: InvalidResponse; a
        /// captive portal's redirect: UnexpectedRedirect) are retried next poll, within the failure budget. An oversized
        /// answer (ResponseTooLarge) ends the item at once.
        /// </summary>
        public static bool IsRetryable(HuaweiApiException error) =>
            error.IsTransient || error.Category == ApiErrorCategory.InvalidResponse && (error.ErrorCode == "InvalidResponse" || error.ErrorCode == "UnexpectedRedirect");

        PollResult Failed(WatchedMigration item, HuaweiApiException error)
        {
            var now = Clock();
            if (item.ConsecutiveFailures == 0) item.FailingSince = now;
            item.ConsecutiveFailures++;
            bool giveUp = !IsRetryable(error) ||
                item.ConsecutiveFailures >= MaxConsecutiveFailures && now - item.FailingSince.Value >= MinFailureSpan;
            item.History.Add(new HistoryPoint { Time = now, Error = error.ErrorCode }, keep: giveUp);
            if (giveUp) End(item, PollOutcome.GaveUp, now, error);
            return new PollResult { Item = item, Outcome = giveUp ? PollOutcome.GaveUp : PollOutcome.TransientError, Status = item.LastStatus, Error = error };
        }
    }
}
