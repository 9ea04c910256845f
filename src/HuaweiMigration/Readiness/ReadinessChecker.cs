using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;

namespace HuaweiMigration.Readiness
{
    /// <summary>A migration to judge, with what the caller has already read of it.</summary>
    public sealed class ReadinessTarget
    {
        public ReadinessTarget(MigrationService service, string id, string name = null)
        {
            Service = service; Id = id; Name = name;
        }

        public MigrationService Service { get; }
        public string Id { get; }
        public string Name { get; set; }
        /// <summary>A DRS job's progress read moments ago (a watch's poll); null to read it in the batch.</summary>
        public DrsJobProgress Progress { get; set; }
        /// <summary>See <see cref="DrsReadinessInput.DelaySettledAt"/>.</summary>
        public DateTimeOffset? DelaySettledAt { get; set; }
    }

    /// <summary>
    /// Reads what a verdict needs and judges it with <see cref="ReadinessRules"/>: DRS status 10 jobs to a request,
    /// then per job its latest comparisons and its health; per DCS task its details and stats. At most ThrottleLimit
    /// requests are in flight. A failed read makes only its own item not ready.
    /// </summary>
    public sealed class ReadinessChecker
    {
        readonly DcsClient _dcs;
        readonly DrsClient _drs;
        readonly DrsComparisonClient _comparisons;

        public ReadinessChecker(DcsClient dcs, DrsClient drs, DrsComparisonClient comparisons)
        {
            _dcs = dcs; _drs = drs; _comparisons = comparisons;
        }

        public ReadinessOptions Options { get; set; } = new ReadinessOptions();
        public int ThrottleLimit { get; set; } = 8;
        public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

        /// <summary>Judges every target; the verdicts come back in the targets' order.</summary>
        public async Task<IReadOnlyList<MigrationReadiness>> CheckAsync(IReadOnlyList<ReadinessTarget> targets, IRequestLog log, CancellationToken ct)
        {
            using (var gate = new Gate(ThrottleLimit, ct))
            {
                var unread = targets.Where(t => t.Service == MigrationService.Drs && t.Progress == null).Select(t => t.Id).ToList();
                var progress = await ReadProgressAsync(_drs, unread, gate, log, ct).ConfigureAwait(false);

                var verdicts = targets.Select(t =>
                {
                    if (t.Service == MigrationService.Dcs) return JudgeDcsAsync(t, gate, log, ct);
                    var read = t.Progress != null ? new DrsJobResult(t.Id, t.Progress, null) : progress[t.Id];
                    return JudgeDrsAsync(t, read.Progress, read.Error, gate, log, ct);
                }).ToList();
                return await Task.WhenAll(verdicts).ConfigureAwait(false);
            }
        }

        /// <summary>The progress (or the error) of each job, read 10 ids to a request with at most <paramref name="throttleLimit"/> in flight.</summary>
        public static async Task<IReadOnlyDictionary<string, DrsJobResult>> ReadProgressAsync(DrsClient drs, IReadOnlyList<string> jobIds,
            int throttleLimit, IRequestLog log, CancellationToken ct)
        {
            using (var gate = new Gate(throttleLimit, ct))
                return await ReadProgressAsync(drs, jobIds, gate, log, ct).ConfigureAwait(false);
        }

        static async Task<IReadOnlyDictionary<string, DrsJobResult>> ReadProgressAsync(DrsClient drs, IReadOnlyList<string> jobIds, Gate gate,
            IRequestLog log, CancellationToken ct)
        {
            var ids = jobIds.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var progress = new Dictionary<string, DrsJobResult>(StringComparer.OrdinalIgnoreCase);
            var batches = new List<Task>();
            for (int i = 0; i < ids.Count; i += DrsClient.MaxBatchSize)
            {
                var batch = ids.Skip(i).Take(DrsClient.MaxBatchSize).ToList();
                batches.Add(gate.Run(async () =>
                {
                    try
                    {
                        foreach (var r in await drs.GetJobProgressAsync(batch, log, ct).ConfigureAwait(false))
                            lock (progress) progress[r.JobId] = r;
                    }
                    catch (HuaweiApiException ex)
                    {
                        lock (progress) foreach (var id in batch) progress[id] = new DrsJobResult(id, null, ex);
                    }
                    return true;
                }));
            }
            await Task.WhenAll(batches).ConfigureAwait(false);
            return progress;
        }

        /// <summary>At most a given number of requests in flight.</summary>
        sealed class Gate : IDisposable
        {
            readonly SemaphoreSlim _slots;
            readonly CancellationToken _ct;
            public Gate(int limit, CancellationToken ct) { _slots = new SemaphoreSlim(Math.Max(1, limit)); _ct = ct; }

            public async Task<T> Run<T>(Func<Task<T>> work)
            {
                await _slots.WaitAsync(_ct).ConfigureAwait(false);
                try { return await work().ConfigureAwait(false); }
                finally { _slots.Release(); }
            }

            public void Dispose() => _slots.Dispose();
        }

        async Task<MigrationReadiness> JudgeDcsAsync(ReadinessTarget t, Gate gate,
            IRequestLog log, CancellationToken ct)
        {
            var input = new DcsReadinessInput { TaskId = t.Id, Name = t.Name };
            try
            {
                var task = gate.Run(() => _dcs.GetTaskAsync(t.Id, log, ct));
                var stats = gate.Run(() => _dcs.GetStatsAsync(t.Id, log, ct));
                input.Task = await task.ConfigureAwait(false);
                input.Stats = await stats.ConfigureAwait(false);
            }
            catch (HuaweiApiException ex)
            {
                input.ReadError = ex;
            }
            return ReadinessRules.JudgeDcs(input, Options, Clock());
        }

        async Task<MigrationReadiness> JudgeDrsAsync(ReadinessTarget t, DrsJobProgress progress, HuaweiApiException error,
            Gate gate, IRequestLog log, CancellationToken ct)
        {
            var input = new DrsReadinessInput { JobId = t.Id, Name = t.Name, Progress = progress, ReadError = error, DelaySettledAt = t.DelaySettledAt };
            if (error != null) return ReadinessRules.JudgeDrs(input, Options, Clock());
            if (progress != null && t.Name != null) progress.JobName = progress.JobName ?? t.Name;

            var health = gate.Run<object>(async () =>
            {
                try { return await _comparisons.GetHealthAsync(t.Id, log, ct).ConfigureAwait(false); }
                catch (HuaweiApiException ex) { return ex; }
            });
            try
            {
                if (!Options.SkipComparison)
                {
                    var latest = await ReadLatestAsync(t.Id, t.Name, gate, log, ct).ConfigureAwait(false);
                    input.ObjectComparison = latest.Object;
                    input.RowComparison = latest.Rows;
                    input.ContentComparison = latest.Contents;
                }
            }
            catch (HuaweiApiException ex)
            {
                input.ReadError = ex;
            }
            var h = await health.ConfigureAwait(false);
            input.Health = h as DrsJobHealth;
            input.HealthError = h as HuaweiApiException;
            return ReadinessRules.JudgeDrs(input, Options, Clock());
        }

        /// <summary>The latest comparison of each type, with the result of each finished one read from its overview.</summary>
        public Task<(DrsComparison Object, DrsComparison Rows, DrsComparison Contents)> ReadLatestAsync(string jobId, string name, IRequestLog log, CancellationToken ct) =>
            ReadLatestAsync(jobId, name, new Gate(int.MaxValue, ct), log, ct);

        async Task<(DrsComparison Object, DrsComparison Rows, DrsComparison Contents)> ReadLatestAsync(string jobId, string name,
            Gate gate, IRequestLog log, CancellationToken ct)
        {
            var obj = gate.Run(() => _comparisons.GetObjectComparisonAsync(jobId, log, ct));
            var list = await gate.Run(() => _comparisons.ListDataComparisonsAsync(jobId, log, ct)).ConfigureAwait(false);
            var rows = list.FirstOrDefault(c => c.Type == DrsComparisonType.Rows);
            var contents = list.FirstOrDefault(c => c.Type == DrsComparisonType.Contents);
            var overviews = new[] { rows, contents }.Where(c => c != null && c.Status == DrsComparisonStatus.Succeeded)
                .Select(c => gate.Run(async () => { await _comparisons.ReadDataOverviewAsync(c, log, ct).ConfigureAwait(false); return c; })).ToList();
            var objectComparison = await obj.ConfigureAwait(false);
            await Task.WhenAll(overviews).ConfigureAwait(false);
            foreach (var c in new[] { objectComparison, rows, contents }) if (c != null) c.JobName = name;
            return (objectComparison, rows, contents);
        }
    }
}
