using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using HuaweiMigration.Watch;

namespace HuaweiMigration.Drs
{
    /// <summary>One DRS job after a stop: how it ended, its status when it was read, or the error that is its result.</summary>
    public sealed class DrsStopResult
    {
        public string JobId { get; internal set; }
        public StopOutcome Outcome { get; internal set; }
        /// <summary>The status read after a failed or lost answer; null when the service simply accepted the stop.</summary>
        public DrsJobProgress Status { get; internal set; }
        public HuaweiApiException Error { get; internal set; }
    }

    /// <summary>
    /// The idempotent stop of DRS jobs with the batch-jobs DELETE: a job already releasing or released is not an error, a
    /// job the answer calls failed is judged by its status, and after an ambiguous failure of the whole request only the
    /// jobs whose status shows the stop did not take effect are sent again, once.
    /// </summary>
    public static class DrsJobStop
    {
        public const string Releasing = "RELEASE_RESOURCE_STARTED";
        public const string Released = "RELEASE_RESOURCE_COMPLETE";
        public const string ReleaseFailed = "RELEASE_RESOURCE_FAILED";

        /// <summary>Stops any number of jobs, <see cref="DrsClient.MaxBatchSize"/> a request, all batches at once; one result per id, in order.</summary>
        public static Task<IReadOnlyList<DrsStopResult>> StopAllAsync(DrsClient drs, IReadOnlyList<string> jobIds, bool force, IRequestLog log, CancellationToken ct) =>
            Batches(jobIds, batch => StopAsync(drs, batch, force, log, ct));

        /// <summary>Reads the status of any number of jobs with batch-progress, 10 a request; a failed batch is each of its jobs' error.</summary>
        public static async Task<IReadOnlyList<DrsJobResult>> ReadAllAsync(DrsClient drs, IReadOnlyList<string> jobIds, IRequestLog log, CancellationToken ct) =>
            await Batches(jobIds, async batch =>
            {
                try { return await drs.GetJobProgressAsync(batch, log, ct).ConfigureAwait(false); }
                catch (HuaweiApiException ex) { return batch.Select(id => new DrsJobResult(id, null, ex)).ToList(); }
            }).ConfigureAwait(false);

        /// <summary><see cref="ReadAllAsync"/> by id: each job's progress or error, as a wait reads them.</summary>
        public static async Task<IDictionary<string, (DrsJobProgress Value, HuaweiApiException Error)>> ReadByIdAsync(DrsClient drs, IReadOnlyList<string> jobIds,
            IRequestLog log, CancellationToken ct) =>
            (await ReadAllAsync(drs, jobIds, log, ct).ConfigureAwait(false)).ToDictionary(r => r.JobId, r => (r.Progress, r.Error), StringComparer.OrdinalIgnoreCase);

        static async Task<IReadOnlyList<TResult>> Batches<TResult>(IReadOnlyList<string> ids, Func<IReadOnlyList<string>, Task<IReadOnlyList<TResult>>> each)
        {
            var batches = new List<Task<IReadOnlyList<TResult>>>();
            for (int i = 0; i < ids.Count; i += DrsClient.MaxBatchSize)
                batches.Add(each(ids.Skip(i).Take(DrsClient.MaxBatchSize).ToList()));
            return (await Task.WhenAll(batches).ConfigureAwait(false)).SelectMany(b => b).ToList();
        }

        /// <summary>Stops up to <see cref="DrsClient.MaxBatchSize"/> jobs; one result per id, in order.</summary>
        public static async Task<IReadOnlyList<DrsStopResult>> StopAsync(DrsClient drs, IReadOnlyList<string> jobIds, bool force, IRequestLog log, CancellationToken ct)
        {
            var results = new Dictionary<string, DrsStopResult>(StringComparer.OrdinalIgnoreCase);
            var toSend = jobIds.ToList();
            for (int sends = 1; toSend.Count > 0; sends++)
            {
                IReadOnlyDictionary<string, HuaweiApiException> answer;
                try
                {
                    answer = await drs.StopJobsAsync(toSend, force, log, ct).ConfigureAwait(false);
                }
                catch (HuaweiApiException ex) when (ex.Category != ApiErrorCategory.AuthenticationError && ex.ErrorCode != "NotConnected")
                {
                    answer = toSend.ToDictionary(id => id, id => ex, StringComparer.OrdinalIgnoreCase);
                }
                catch (HuaweiApiException ex) when (ex.Category == ApiErrorCategory.AuthenticationError)
                {
                    // Refused (or not sent) for the credential: nothing took effect, and each job carries the error.
                    foreach (var id in toSend) results[id] = new DrsStopResult { JobId = id, Error = ex };
                    break;
                }
                foreach (var accepted in answer.Where(a => a.Value == null))
                    results[accepted.Key] = new DrsStopResult { JobId = accepted.Key, Outcome = StopOutcome.Requested };
                var failed = answer.Where(a => a.Value != null).ToDictionary(a => a.Key, a => a.Value, StringComparer.OrdinalIgnoreCase);
                toSend = new List<string>();
                if (failed.Count == 0) break;

                IReadOnlyList<DrsJobResult> read;
                try
                {
                    read = await drs.GetJobProgressAsync(failed.Keys.ToList(), log, ct).ConfigureAwait(false);
                }
                catch (HuaweiApiException)
                {
                    foreach (var f in failed)
                        results[f.Key] = new DrsStopResult { JobId = f.Key, Error = RetryPolicy.IsAmbiguous(f.Value) ? StateChange.CannotTell(f.Value, "Reading the job's status afterwards failed too") : f.Value };
                    break;
                }
                foreach (var r in read)
                {
                    var failure = failed[r.JobId];
                    var judged = Judge(r.JobId, failure, r);
                    if (judged != null) results[r.JobId] = judged;
                    else if (RetryPolicy.IsAmbiguous(failure) && sends < StateChange.MaxSends) toSend.Add(r.JobId);
                    else results[r.JobId] = new DrsStopResult { JobId = r.JobId, Status = r.Progress, Error = failure };
                }
            }
            return jobIds.Select(id => results[id]).ToList();
        }

        /// <summary>
        /// The stop of <paramref name="jobId"/> failed with <paramref name="failure"/> and its status reads <paramref name="read"/>:
        /// the result when the status decides it, null when the job still runs in a status the module knows (not stopped).
        /// </summary>
        public static DrsStopResult Judge(string jobId, HuaweiApiException failure, DrsJobResult read)
        {
            if (read.Error != null) return new DrsStopResult { JobId = jobId, Error = failure };
            string status = read.Progress.TransferStatus ?? "";
            bool mayBeOurs = RetryPolicy.IsAmbiguous(failure);
            if (string.Equals(status, Releasing, StringComparison.OrdinalIgnoreCase))
                return new DrsStopResult { JobId = jobId, Status = read.Progress, Outcome = mayBeOurs ? StopOutcome.Requested : StopOutcome.AlreadyStopping };
            if (string.Equals(status, Released, StringComparison.OrdinalIgnoreCase))
                return new DrsStopResult { JobId = jobId, Status = read.Progress, Outcome = mayBeOurs ? StopOutcome.Requested : StopOutcome.AlreadyEnded };
            if (string.Equals(status, ReleaseFailed, StringComparison.OrdinalIgnoreCase))
                return new DrsStopResult { JobId = jobId, Status = read.Progress, Error = new HuaweiApiException("StopFailed",
                    $"DRS job {jobId} reads {ReleaseFailed}: releasing its resources failed. Stop it again with -ForceTerminate, or in the DRS console.",
                    ApiErrorCategory.InvalidOperation, failure.StatusCode, failure.RequestId) };
            if (MigrationClassifier.DrsPhase(status, read.Progress.TaskMode) == MigrationPhase.Unknown || status == "DELETED")
                return new DrsStopResult { JobId = jobId, Status = read.Progress, Error = mayBeOurs
                    ? StateChange.CannotTell(failure, $"The job now reads '{status}', a status the module does not take for running")
                    : failure };
            return null;
        }
    }
}
