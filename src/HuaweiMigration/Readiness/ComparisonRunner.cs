using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Drs;

namespace HuaweiMigration.Readiness
{
    /// <summary>What starting one comparison came to.</summary>
    public sealed class ComparisonStart
    {
        public string JobId { get; internal set; }
        public DrsComparisonType Type { get; internal set; }
        /// <summary>The comparison started, or the unfinished one reused; null when Error is set.</summary>
        public DrsComparison Comparison { get; internal set; }
        /// <summary>True when an unfinished comparison of the same type was already running and is used instead.</summary>
        public bool Reused { get; internal set; }
        public HuaweiApiException Error { get; internal set; }
    }

    /// <summary>
    /// Starts and follows DRS comparisons. It never cancels a running comparison to start another, and never repeats a
    /// create blindly (<see cref="StateChange"/>): after a failure that may have taken effect it reads the job's
    /// comparisons, uses the one that appeared, and sends the create once more only when none did.
    /// </summary>
    public sealed class ComparisonRunner
    {
        readonly DrsComparisonClient _client;

        public ComparisonRunner(DrsComparisonClient client) { _client = client; }

        /// <summary>The only status in which the service accepts a comparison.</summary>
        public const string IncrementalStatus = "INCRE_TRANSFER_STARTED";

        public static bool MayCompare(DrsJobProgress progress) =>
            string.Equals(progress?.TransferStatus?.Trim(), IncrementalStatus, StringComparison.OrdinalIgnoreCase);

        public static HuaweiApiException NotAllowed(string jobId, string status) => new HuaweiApiException("ComparisonNotAllowed",
            $"DRS job {jobId}: a comparison can start only in incremental migration ({IncrementalStatus}); the job is in {(status == null ? "no status" : "'" + status + "'")}. Nothing was sent.",
            ApiErrorCategory.InvalidOperation);

        /// <summary>Starts one comparison of each type asked for on one job.</summary>
        public async Task<IReadOnlyList<ComparisonStart>> StartAsync(string jobId, IReadOnlyList<DrsComparisonType> types, IReadOnlyList<string> tables,
            IRequestLog log, CancellationToken ct)
        {
            var results = new List<ComparisonStart>();
            foreach (var type in types)
                results.Add(type == DrsComparisonType.Object
                    ? await StartObjectAsync(jobId, log, ct).ConfigureAwait(false)
                    : await StartDataAsync(jobId, type, tables, log, ct).ConfigureAwait(false));
            return results;
        }

        async Task<ComparisonStart> StartObjectAsync(string jobId, IRequestLog log, CancellationToken ct)
        {
            var result = new ComparisonStart { JobId = jobId, Type = DrsComparisonType.Object };
            DrsComparison before;
            try { before = await _client.GetObjectComparisonAsync(jobId, log, ct).ConfigureAwait(false); }
            catch (HuaweiApiException e) when (!e.IsTransient && e.ErrorCode != "NotConnected" && e.Category != ApiErrorCategory.AuthenticationError)
            {
                // A job that never had one may answer an error here; the start itself decides.
                before = null;
            }
            var accepted = new DrsComparison();
            try
            {
                var started = await StateChange.SendAsync(async c =>
                {
                    await _client.StartObjectComparisonAsync(jobId, log, c).ConfigureAwait(false);
                    return accepted;
                }, async (failure, c) => RetryPolicy.IsAmbiguous(failure)
                    ? NewObjectComparison(failure, before, await _client.GetObjectComparisonAsync(jobId, log, c).ConfigureAwait(false))
                    : null, ct).ConfigureAwait(false);
                if (!ReferenceEquals(started, accepted))
                {
                    result.Comparison = started;
                    return result;
                }
            }
            catch (HuaweiApiException e)
            {
                result.Error = e;
                return result;
            }
            // The create answer is empty; the overview names the comparison it started.
            result.Comparison = await _client.GetObjectComparisonAsync(jobId, log, ct).ConfigureAwait(false);
            if (result.Comparison == null)
                result.Error = new HuaweiApiException("InvalidResponse", $"DRS job {jobId}: the object-level comparison was accepted but the job lists none.", ApiErrorCategory.InvalidResponse);
            return result;
        }

        /// <summary>
        /// The object-level comparison a lost start left: the latest one when it is not the one read before the start, null
        /// when none appeared (so the start did not take effect). One without an id cannot be told from the one before.
        /// </summary>
        internal static DrsComparison NewObjectComparison(HuaweiApiException failure, DrsComparison before, DrsComparison after)
        {
            if (after == null) return null;
            if (string.IsNullOrEmpty(after.CompareJobId))
                throw StateChange.CannotTell(failure, "The job's object-level comparison carries no id");
            return after.CompareJobId == before?.CompareJobId ? null : after;
        }

        async Task<ComparisonStart> StartDataAsync(string jobId, DrsComparisonType type, IReadOnlyList<string> tables, IRequestLog log, CancellationToken ct)
        {
            var result = new ComparisonStart { JobId = jobId, Type = type };
            var before = await _client.ListDataComparisonsAsync(jobId, log, ct).ConfigureAwait(false);
            var unfinished = before.FirstOrDefault(c => c.Status == DrsComparisonStatus.Running || c.Status == DrsComparisonStatus.Waiting);
            if (unfinished != null) return Reuse(result, unfinished);
            var known = new HashSet<string>(before.Select(c => c.CompareJobId));
            DrsComparison sent = null;
            DrsComparison started;
            try
            {
                started = await StateChange.SendAsync(
                    async c => sent = new DrsComparison
                    {
                        JobId = jobId, Type = type, CompareJobId = await _client.StartDataComparisonAsync(jobId, type, tables, log, c).ConfigureAwait(false),
                        Status = DrsComparisonStatus.Waiting, Result = DrsComparisonResult.InProgress,
                    },
                    async (failure, c) =>
                    {
                        // Either the create took effect without an answer, or another one started meanwhile: use what is there.
                        if (!RetryPolicy.IsAmbiguous(failure) && failure.ErrorCode != "DRS.10000024") return null;
                        var after = await _client.ListDataComparisonsAsync(jobId, log, c).ConfigureAwait(false);
                        return after.FirstOrDefault(x => !known.Contains(x.CompareJobId) || x.Status == DrsComparisonStatus.Running || x.Status == DrsComparisonStatus.Waiting);
                    }, ct).ConfigureAwait(false);
            }
            catch (HuaweiApiException e)
            {
                result.Error = e;
                return result;
            }
            if (!ReferenceEquals(started, sent))
            {
                if (known.Contains(started.CompareJobId)) return Reuse(result, started);
                result.Comparison = started;
                return result;
            }
            try
            {
                var after = await _client.ListDataComparisonsAsync(jobId, log, ct).ConfigureAwait(false);
                result.Comparison = after.FirstOrDefault(c => c.CompareJobId == sent.CompareJobId) ?? sent;
            }
            catch (HuaweiApiException)
            {
                // Started: the wait or the next read shows how it goes.
                result.Comparison = sent;
            }
            return result;
        }

        static ComparisonStart Reuse(ComparisonStart result, DrsComparison unfinished)
        {
            // Only one unfinished data-level comparison may exist per job; another type cannot start beside it.
            if (unfinished.Type != result.Type)
            {
                result.Error = new HuaweiApiException("ComparisonBusy",
                    $"DRS job {result.JobId}: the {unfinished.Type} comparison {unfinished.CompareJobId} has not finished, and the service runs one data comparison at a time. " +
                    "Wait for it, or stop it with Stop-DrsComparison.", ApiErrorCategory.InvalidOperation);
                return result;
            }
            result.Comparison = unfinished;
            result.Reused = true;
            return result;
        }

        /// <summary>The comparison as it is now, with its result read when it has finished well.</summary>
        public async Task<DrsComparison> RefreshAsync(DrsComparison c, IRequestLog log, CancellationToken ct)
        {
            DrsComparison now;
            if (c.Type == DrsComparisonType.Object)
            {
                now = await _client.GetObjectComparisonAsync(c.JobId, log, ct).ConfigureAwait(false);
                if (now == null || now.CompareJobId != c.CompareJobId) now = null;
            }
            else
            {
                now = (await _client.ListDataComparisonsAsync(c.JobId, log, ct).ConfigureAwait(false)).FirstOrDefault(x => x.CompareJobId == c.CompareJobId);
                if (now != null && now.Status == DrsComparisonStatus.Succeeded) await _client.ReadDataOverviewAsync(now, log, ct).ConfigureAwait(false);
            }
            if (now == null)
                throw new HuaweiApiException("ComparisonNotFound", $"DRS job {c.JobId}: the {c.Type} comparison {c.CompareJobId} is no longer listed.", ApiErrorCategory.ObjectNotFound);
            now.JobName = c.JobName;
            return now;
        }

        /// <summary>
        /// Polls the comparisons every <paramref name="interval"/> until each has finished, reporting every new state.
        /// Returns their last states in the order given; <paramref name="ct"/> (the -Timeout deadline) ends the wait
        /// early, leaving the unfinished ones as last seen. A failed poll is reported and tried again next round.
        /// </summary>
        public async Task<IReadOnlyList<DrsComparison>> WaitAsync(IReadOnlyList<DrsComparison> comparisons, TimeSpan interval,
            Action<DrsComparison> onUpdate, Action<DrsComparison, HuaweiApiException> onFailedPoll, IRequestLog log, CancellationToken ct)
        {
            var current = comparisons.ToArray();
            try
            {
                while (true)
                {
                    for (int i = 0; i < current.Length; i++)
                    {
                        if (DrsComparisonCodes.IsFinished(current[i].Status)) continue;
                        try
                        {
                            current[i] = await RefreshAsync(current[i], log, ct).ConfigureAwait(false);
                            onUpdate?.Invoke(current[i]);
                        }
                        catch (HuaweiApiException e) when (e.IsTransient || e.Category == ApiErrorCategory.InvalidResponse)
                        {
                            onFailedPoll?.Invoke(current[i], e);
                        }
                    }
                    if (current.All(c => DrsComparisonCodes.IsFinished(c.Status))) return current;
                    await Task.Delay(interval, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return current;
            }
        }
    }
}