using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;

namespace HuaweiMigration.Drs
{
    /// <summary>The outcome for one job of a batch: its progress, or the error the service gave for it.</summary>
    public sealed class DrsJobResult
    {
        public DrsJobResult(string jobId, DrsJobProgress progress, HuaweiApiException error)
        {
            JobId = jobId; Progress = progress; Error = error;
        }

        public string JobId { get; }
        public DrsJobProgress Progress { get; }
        public HuaweiApiException Error { get; }
    }

    /// <summary>One page of object-level progress.</summary>
    public sealed class DrsObjectPage
    {
        public IReadOnlyList<DrsObjectProgress> Rows { get; internal set; }
        public long Total { get; internal set; }
    }

    /// <summary>One page of the job list of one scene.</summary>
    public sealed class DrsJobPage
    {
        public IReadOnlyList<DrsJob> Jobs { get; internal set; }
        /// <summary>total_record: the jobs of the scene that match the request's filters.</summary>
        public long Total { get; internal set; }
    }

    /// <summary>The DRS job list and progress APIs.</summary>
    public sealed class DrsClient
    {
        /// <summary>The DRS docs advise at most 10 job ids per batch query.</summary>
        public const int MaxBatchSize = 10;
        public const int MaxPageSize = 1000;
        /// <summary>The job list's documented largest page (per_page; 0 means all, which gateways may refuse).</summary>
        public const int MaxJobListPageSize = 100;
        /// <summary>The job list's name filter takes up to 100 comma-separated ids.</summary>
        public const int MaxIdsPerNameFilter = 100;

        /// <summary>The scenes (db_use_type) of the job list; it takes one per request.</summary>
        public static readonly string[] JobTypes = { "migration", "sync", "cloudDataGuard" };

        public static readonly string[] ObjectTypes =
            { "table", "event", "table_structure", "procedure", "view", "function", "database", "trigger", "table_indexs" };

        readonly CloudHttpClient _http;
        readonly Uri _endpoint;
        readonly string _projectId;

        public DrsClient(CloudHttpClient http, Uri endpoint, string projectId)
        {
            _http = http; _endpoint = endpoint; _projectId = projectId;
        }

        /// <summary>Progress of up to <see cref="MaxBatchSize"/> jobs in one request, in the order asked.</summary>
        public async Task<IReadOnlyList<DrsJobResult>> GetJobProgressAsync(IReadOnlyList<string> jobIds, IRequestLog log, CancellationToken ct)
        {
            if (jobIds.Count == 0 || jobIds.Count > MaxBatchSize)
                throw new ArgumentOutOfRangeException(nameof(jobIds), $"A batch holds 1 to {MaxBatchSize} job ids.");
            var url = ResourcePath.Combine(_endpoint, "v3/" + ResourcePath.Segment(_projectId, "project id") + "/jobs/batch-progress");
            byte[] body = WireReader.DrsBatchRequest(jobIds);
            var response = await _http.PostReadAsync(url, body, _projectId, log, ct).ConfigureAwait(false);
            var tolerance = BatchTolerance();
            var results = ParseBatch(jobIds, response.Body, DateTimeOffset.Now, response.RequestId, tolerance);
            _warnings.Report(tolerance, "The DRS batch progress answer", "DRS job", log);
            return results;
        }

        readonly DroppedFieldWarnings _warnings = new DroppedFieldWarnings();

        /// <summary>A field the conditions read fails its job alone; any other field that does not parse is left empty.</summary>
        internal static FieldTolerance BatchTolerance() => new FieldTolerance
        {
            Required = { "job_id", "progress", "transfer_status", "task_mode", "incre_trans_delay", "incre_trans_delay_millis", "error_code" },
            EntryArray = "results",
            EntryId = "job_id",
        };

        internal static IReadOnlyList<DrsJobResult> ParseBatch(IReadOnlyList<string> jobIds, byte[] body, DateTimeOffset sampledAt, string requestId = null,
            FieldTolerance tolerance = null)
        {
            var batch = WireReader.DrsBatch(body, "DRS batch progress", requestId, tolerance);
            var byId = new Dictionary<string, DrsProgressWire>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in batch.Results ?? new List<DrsProgressWire>())
                if (r?.JobId != null && !byId.ContainsKey(r.JobId)) byId[r.JobId] = r;

            var results = new List<DrsJobResult>(jobIds.Count);
            foreach (var id in jobIds)
            {
                if (tolerance != null && tolerance.FailedEntries.TryGetValue(id, out var failure))
                    results.Add(new DrsJobResult(id, null, new HuaweiApiException("InvalidResponse",
                        $"DRS job {id}: the batch progress entry is not what the API reference describes ({failure}).", ApiErrorCategory.InvalidResponse, null, requestId)));
                else if (!byId.TryGetValue(id, out var wire))
                    results.Add(new DrsJobResult(id, null, new HuaweiApiException("JobNotReturned",
                        $"The batch progress answer has no entry for job '{id}'.", ApiErrorCategory.ObjectNotFound, null, requestId)));
                else if (!string.IsNullOrEmpty(wire.ErrorCode))
                    results.Add(new DrsJobResult(id, null, new HuaweiApiException(wire.ErrorCode,
                        wire.ErrorMessage ?? wire.ErrorCode, ApiErrorCategory.ObjectNotFound, null, requestId)));
                else
                    results.Add(new DrsJobResult(id, Map(wire, sampledAt), null));
            }
            return results;
        }

        /// <summary>
        /// Sends one batch-jobs DELETE that ends up to <see cref="MaxBatchSize"/> jobs (terminate, or force_terminate), never
        /// retried blindly. Returns each job's error, or null for a job the service accepted. <see cref="DrsJobStop.StopAsync"/>
        /// is the idempotent stop built on it.
        /// </summary>
        public async Task<IReadOnlyDictionary<string, HuaweiApiException>> StopJobsAsync(IReadOnlyList<string> jobIds, bool force, IRequestLog log, CancellationToken ct)
        {
            if (jobIds.Count == 0 || jobIds.Count > MaxBatchSize)
                throw new ArgumentOutOfRangeException(nameof(jobIds), $"A batch holds 1 to {MaxBatchSize} job ids.");
            var url = ResourcePath.Combine(_endpoint, "v3/" + ResourcePath.Segment(_projectId, "project id") + "/jobs/batch-jobs");
            byte[] body = JsonSerializer.SerializeToUtf8Bytes(new DrsStopRequestWire
            {
                Jobs = jobIds.Select(id => new DrsStopJobWire { DeleteType = force ? "force_terminate" : "terminate", JobId = id }).ToList(),
            }, WireJsonContext.Default.DrsStopRequestWire);
            var response = await _http.SendStateChangeAsync(System.Net.Http.HttpMethod.Delete, url, body, _projectId, log, ct).ConfigureAwait(false);
            return ParseStop(jobIds, response.Body, response.RequestId);
        }

        /// <summary>Each job's outcome; a job the answer does not name, or names without "success", failed.</summary>
        internal static IReadOnlyDictionary<string, HuaweiApiException> ParseStop(IReadOnlyList<string> jobIds, byte[] body, string requestId = null)
        {
            var answer = WireJson.Parse(body, WireJsonContext.Default.DrsStopAnswerWire, "DRS batch stop", requestId);
            var byId = new Dictionary<string, DrsStopResultWire>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in answer.Results ?? new List<DrsStopResultWire>())
                if (r?.Id != null && !byId.ContainsKey(r.Id)) byId[r.Id] = r;
            var results = new Dictionary<string, HuaweiApiException>(StringComparer.OrdinalIgnoreCase);
            foreach (var id in jobIds)
            {
                if (!byId.TryGetValue(id, out var r))
                    results[id] = new HuaweiApiException("JobNotReturned", $"The batch stop answer has no entry for job '{id}'.", ApiErrorCategory.InvalidResponse, null, requestId);
                else if (string.Equals(r.Status, "success", StringComparison.OrdinalIgnoreCase))
                    results[id] = null;
                else
                    results[id] = new HuaweiApiException(string.IsNullOrEmpty(r.ErrorCode) ? "StopRefused" : r.ErrorCode,
                        r.ErrorMessage ?? $"The service did not stop the job (result '{r.Status}').", ApiErrorCategory.InvalidOperation, null, requestId);
            }
            return results;
        }

        /// <summary>
        /// One page (1-based) of the jobs of one scene (ShowJobList, POST /v3/{project_id}/jobs). <paramref name="name"/>
        /// is the service's own filter: a job name or up to 100 comma-separated ids.
        /// </summary>
        public async Task<DrsJobPage> ListJobsAsync(string jobType, int page, int perPage, string name, IRequestLog log, CancellationToken ct)
        {
            if (page < 1) throw new ArgumentOutOfRangeException(nameof(page));
            if (perPage < 1 || perPage > MaxJobListPageSize) throw new ArgumentOutOfRangeException(nameof(perPage));
            var url = ResourcePath.Combine(_endpoint, "v3/" + ResourcePath.Segment(_projectId, "project id") + "/jobs");
            byte[] body = JsonSerializer.SerializeToUtf8Bytes(new DrsJobListRequestWire
            {
                CurPage = page, PerPage = perPage, DbUseType = jobType, Name = string.IsNullOrEmpty(name) ? null : name,
            }, WireJsonContext.Default.DrsJobListRequestWire);
            var response = await _http.PostReadAsync(url, body, _projectId, log, ct).ConfigureAwait(false);
            var tolerance = new FieldTolerance { Required = { "total_record", "id", "status" }, EntryArray = "jobs", EntryId = "id" };
            var jobs = ParseJobList(jobType, response.Body, response.RequestId, tolerance);
            _warnings.Report(tolerance, "The DRS job list", "DRS job", log);
            return jobs;
        }

        internal static DrsJobPage ParseJobList(string jobType, byte[] body, string requestId = null, FieldTolerance tolerance = null)
        {
            var list = WireJson.Parse(body, WireJsonContext.Default.DrsJobListWire, "DRS job list", requestId, tolerance);
            if (tolerance != null && tolerance.FailedEntries.Count > 0)
                throw new HuaweiApiException("InvalidResponse", "The DRS job list response is not what the API reference describes: " +
                    tolerance.FailedEntries.Values.First(), ApiErrorCategory.InvalidResponse, null, requestId);
            var jobs = (list.Jobs ?? new List<DrsJobWire>()).Where(j => j != null && !string.IsNullOrEmpty(j.Id))
                .Select(j => Map(j, jobType)).ToList();
            return new DrsJobPage { Jobs = jobs, Total = list.TotalRecord ?? jobs.Count };
        }

        static DrsJob Map(DrsJobWire w, string jobType)
        {
            jobType = string.IsNullOrEmpty(w.DbUseType) ? jobType : w.DbUseType;
            return new DrsJob
            {
                Id = w.Id,
                Name = w.Name,
                Status = w.Status,
                Description = w.Description,
                CreatedAtUtc = ServiceTime.ParseOffset(w.CreateTime).Utc(),
                EngineType = w.EngineType,
                NetType = w.NetType,
                JobDirection = w.JobDirection,
                JobType = jobType,
                TaskMode = w.TaskType,
                Children = (w.Children ?? new List<DrsJobWire>()).Where(c => c != null && !string.IsNullOrEmpty(c.Id))
                    .Select(c => Map(c, jobType)).ToArray(),
            };
        }

        /// <summary>One page of per-object progress of a job.</summary>
        public async Task<DrsObjectPage> GetObjectProgressAsync(string jobId, string objectType, long offset, int limit, string filter,
            IRequestLog log, CancellationToken ct)
        {
            if (!ObjectTypes.Contains(objectType))
                throw new HuaweiApiException("InvalidObjectType", $"'{objectType}' is not one of: {string.Join(", ", ObjectTypes)}.", ApiErrorCategory.InvalidArgument);
            string relative = "v5/" + ResourcePath.Segment(_projectId, "project id") + "/jobs/" + ResourcePath.Segment(jobId, "job id") +
                "/progress-data/" + objectType + "?offset=" + offset.ToString(CultureInfo.InvariantCulture) + "&limit=" + limit.ToString(CultureInfo.InvariantCulture);
            if (!string.IsNullOrEmpty(filter)) relative += "&search_name=" + Uri.EscapeDataString(filter);
            var response = await _http.GetAsync(ResourcePath.Combine(_endpoint, relative), _projectId, log, ct).ConfigureAwait(false);
            var tolerance = new FieldTolerance { Required = { "count" } };
            var page = ParseObjectPage(jobId, objectType, response.Body, response.RequestId, tolerance);
            _warnings.Report(tolerance, "DRS job " + jobId + " objects", "DRS job", log);
            return page;
        }

        internal static DrsObjectPage ParseObjectPage(string jobId, string objectType, byte[] body, string requestId = null, FieldTolerance tolerance = null)
        {
            var page = WireJson.Parse(body, WireJsonContext.Default.DrsObjectPageWire, "DRS object progress", requestId, tolerance);
            var generated = ServiceTime.FromEpochMilliseconds(page.CreateTime);
            var rows = (page.Rows ?? new List<DrsObjectWire>()).Where(r => r != null).Select(r => new DrsObjectProgress
            {
                JobId = jobId,
                ObjectType = objectType,
                SourceDatabase = r.SourceDatabase,
                SourceObject = r.SourceObject,
                TargetDatabase = r.TargetDatabase,
                TargetObject = r.TargetObject,
                Progress = r.Progress.HasValue && r.Progress.Value >= 0 && r.Progress.Value <= int.MaxValue ? (int)r.Progress.Value : (int?)null,
                GeneratedAtUtc = generated.Utc(),
            }).ToList();
            return new DrsObjectPage { Rows = rows, Total = NonNegative.OrNull(page.Count) ?? rows.Count };
        }

        static DrsJobProgress Map(DrsProgressWire w, DateTimeOffset sampledAt) => new DrsJobProgress
        {
            JobId = w.JobId,
            Progress = NonNegative.OrNull(w.Progress),
            TaskMode = w.TaskMode,
            TransferStatus = w.TransferStatus,
            IncrementalDelay = HasIncrementalPhase(w) ? (w.IncrementalDelayMillis.HasValue ? Duration(w.IncrementalDelayMillis.Value / 1000)
                : w.IncrementalDelaySeconds.HasValue ? Duration(w.IncrementalDelaySeconds.Value) : null) : null,
            ProcessTimeUtc = ServiceTime.FromEpochMilliseconds(w.ProcessTime).Utc(),
            RemainingTime = Seconds(w.RemainingTime),
            Parts = (w.ProgressMap ?? new List<KeyValuePair<string, DrsPartWire>>())
                .Select(p => new DrsProgressPart { Name = p.Key, Completed = NonNegative.OrNull(p.Value.Completed), RemainingTime = Seconds(p.Value.RemainingTime) })
                .ToArray(),
            SampledAtUtc = sampledAt.UtcDateTime,
        };

        // The service reports a delay of 0 before incremental sync starts and for full-only jobs, which would read as "no lag".
        static bool HasIncrementalPhase(DrsProgressWire w)
        {
            if (string.Equals(w.TaskMode, "FULL_TRANS", StringComparison.OrdinalIgnoreCase)) return false;
            var phase = Watch.MigrationClassifier.DrsPhase(w.TransferStatus, w.TaskMode);
            return phase != MigrationPhase.Pending && phase != MigrationPhase.FullSync;
        }

        /// <summary>A duration from a count of seconds; null for text that is not a non-negative number.</summary>
        internal static TimeSpan? Seconds(string text) =>
            double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double s) ? Duration(s) : null;

        static TimeSpan? Duration(double seconds) =>
            double.IsNaN(seconds) || seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2 ? (TimeSpan?)null : TimeSpan.FromSeconds(seconds);
    }
}
