using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;

namespace HuaweiMigration.Drs
{
    /// <summary>What DRS's own delay alarm watches and whom it tells (batch-set-smn's alarm_notify_info).</summary>
    public sealed class DrsAlarmSettings
    {
        /// <summary>delay_time: the alarm fires once the incremental delay has stayed above it for 6 minutes (1 to 3600 s).</summary>
        public int DelayThresholdSeconds { get; set; }
        public int? RtoThresholdSeconds { get; set; }
        public int? RpoThresholdSeconds { get; set; }
        /// <summary>alarm_to_user: also tell the recipients when the job fails.</summary>
        public bool NotifyOnFailure { get; set; }
        public string TopicUrn { get; set; }
        public IReadOnlyList<string> Emails { get; set; } = new string[0];
        public IReadOnlyList<string> Phones { get; set; } = new string[0];

        /// <summary>Where the alarm goes, as one line: the topic, or the addresses.</summary>
        public string Recipients => TopicUrn ?? (Emails.Count > 0 ? "email: " + string.Join(", ", Emails) : "sms: " + string.Join(", ", Phones));
    }

    /// <summary>The rules of the delay alarm that the module checks before any request.</summary>
    public static class DrsAlarmRule
    {
        static readonly string[] StoppedStatuses =
            { "RELEASE_RESOURCE_STARTED", "RELEASE_RESOURCE_COMPLETE", "RELEASE_CHILD_TRANSFER_STARTED", "RELEASE_CHILD_TRANSFER_COMPLETE", "DELETED" };

        /// <summary>Why a job cannot get the delay alarm (JobStopped, JobNotIncremental, JobStatusUnknown), or null when it can.</summary>
        public static HuaweiApiException Refusal(DrsJob job)
        {
            string status = job.Status ?? "";
            if (StoppedStatuses.Contains(status, StringComparer.OrdinalIgnoreCase))
                return new HuaweiApiException("JobStopped",
                    $"DRS job {job.Id}: it is stopped ({status}); DRS sets no alarm on a stopped job.", ApiErrorCategory.InvalidOperation);
            string mode = job.TaskMode ?? "";
            if (!string.Equals(mode, "FULL_INCR_TRANS", StringComparison.OrdinalIgnoreCase) && !string.Equals(mode, "INCR_TRANS", StringComparison.OrdinalIgnoreCase))
                return new HuaweiApiException("JobNotIncremental",
                    $"DRS job {job.Id}: its mode is {(mode.Length == 0 ? "not given" : mode)}; only full + incremental jobs have a delay to alarm on.", ApiErrorCategory.InvalidOperation);
            if (status.Length == 0 || string.IsNullOrEmpty(job.EngineType))
                return new HuaweiApiException("JobStatusUnknown",
                    $"DRS job {job.Id}: the job list gave no {(status.Length == 0 ? "status" : "engine type")}, which the alarm request needs.", ApiErrorCategory.InvalidData);
            return null;
        }

        /// <summary>The same for a job looked up by id in <paramref name="jobs"/>: JobNotFound when it is not there.</summary>
        public static HuaweiApiException Refusal(string id, IReadOnlyDictionary<string, DrsJob> jobs, out DrsJob job) =>
            jobs.TryGetValue(id, out job) ? Refusal(job)
                : new HuaweiApiException("JobNotFound", $"DRS job {id}: no job of the migration, sync or disaster-recovery scenes has this id.", ApiErrorCategory.ObjectNotFound);

        /// <summary>What a job's alarm is once <paramref name="settings"/> are set on it.</summary>
        public static DrsJobAlarm Applied(DrsJob job, DrsAlarmSettings settings) => new DrsJobAlarm
        {
            JobId = job.Id, JobName = job.Name, Status = job.Status, EngineType = job.EngineType,
            DelayThresholdSeconds = settings.DelayThresholdSeconds, RtoThresholdSeconds = settings.RtoThresholdSeconds,
            RpoThresholdSeconds = settings.RpoThresholdSeconds, NotifyOnFailure = settings.NotifyOnFailure, Recipients = settings.Recipients,
        };
    }

    /// <summary>DRS's server-side delay alarm (POST /v3/{project_id}/jobs/batch-set-smn), at most 10 jobs a request.</summary>
    public sealed class DrsAlarmClient
    {
        public const int MaxBatchSize = 10;

        readonly CloudHttpClient _http;
        readonly Uri _endpoint;
        readonly string _projectId;

        public DrsAlarmClient(CloudHttpClient http, Uri endpoint, string projectId)
        {
            _http = http; _endpoint = endpoint; _projectId = projectId;
        }

        /// <summary>Sets the alarm of up to 10 jobs in one request; per job, null when it was set, else the service's error for it.</summary>
        public async Task<IReadOnlyList<HuaweiApiException>> SetAsync(IReadOnlyList<DrsJob> jobs, DrsAlarmSettings settings, IRequestLog log, CancellationToken ct)
        {
            if (jobs.Count == 0 || jobs.Count > MaxBatchSize)
                throw new ArgumentOutOfRangeException(nameof(jobs), $"A batch holds 1 to {MaxBatchSize} jobs.");
            var url = ResourcePath.Combine(_endpoint, "v3/" + ResourcePath.Segment(_projectId, "project id") + "/jobs/batch-set-smn");
            var response = await _http.PostJsonAsync(url, Body(jobs, settings), _projectId, log, ct).ConfigureAwait(false);
            return ParseResults(jobs.Select(j => j.Id).ToList(), response.Body, response.RequestId);
        }

        /// <summary>
        /// Reads the jobs the alarm request names (it needs each job's status and engine type): the job list of each scene,
        /// filtered by up to 100 ids at a time, until every id is found.
        /// </summary>
        public static async Task<IReadOnlyDictionary<string, DrsJob>> FindJobsAsync(DrsClient drs, IReadOnlyList<string> ids, IRequestLog log, CancellationToken ct)
        {
            var found = new Dictionary<string, DrsJob>(StringComparer.OrdinalIgnoreCase);
            var wanted = new HashSet<string>(ids, StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < ids.Count; i += DrsClient.MaxIdsPerNameFilter)
            {
                var chunk = ids.Skip(i).Take(DrsClient.MaxIdsPerNameFilter).ToList();
                string filter = string.Join(",", chunk);
                foreach (var jobType in DrsClient.JobTypes)
                {
                    if (chunk.All(found.ContainsKey)) break;
                    long seen = 0;
                    for (int page = 1; ; page++)
                    {
                        var result = await drs.ListJobsAsync(jobType, page, DrsClient.MaxJobListPageSize, filter, log, ct).ConfigureAwait(false);
                        foreach (var job in result.Jobs)
                            if (wanted.Contains(job.Id) && !found.ContainsKey(job.Id)) found[job.Id] = job;
                        seen += result.Jobs.Count;
                        if (result.Jobs.Count == 0 || seen >= result.Total) break;
                    }
                }
            }
            return found;
        }

        internal static byte[] Body(IReadOnlyList<DrsJob> jobs, DrsAlarmSettings s)
        {
            using (var buffer = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(buffer))
                {
                    w.WriteStartObject();
                    w.WriteStartArray("jobs");
                    foreach (var job in jobs)
                    {
                        w.WriteStartObject();
                        w.WriteString("job_id", job.Id);
                        w.WriteString("status", job.Status);
                        w.WriteString("engine_type", job.EngineType);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteStartObject("alarm_notify_info");
                    if (s.TopicUrn != null) w.WriteString("topic_urn", s.TopicUrn);
                    else
                    {
                        w.WriteStartArray("subscriptions");
                        w.WriteStartObject();
                        w.WriteString("protocol", s.Emails.Count > 0 ? "email" : "sms");
                        w.WriteStartArray("endpoints");
                        foreach (var e in s.Emails.Count > 0 ? s.Emails : s.Phones) w.WriteStringValue(e);
                        w.WriteEndArray();
                        w.WriteEndObject();
                        w.WriteEndArray();
                    }
                    w.WriteNumber("delay_time", s.DelayThresholdSeconds);
                    if (s.RtoThresholdSeconds.HasValue) w.WriteNumber("rto_delay", s.RtoThresholdSeconds.Value);
                    if (s.RpoThresholdSeconds.HasValue) w.WriteNumber("rpo_delay", s.RpoThresholdSeconds.Value);
                    w.WriteBoolean("alarm_to_user", s.NotifyOnFailure);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                return buffer.ToArray();
            }
        }

        /// <summary>
        /// One entry per job asked, in order. Only an entry whose status is "success" counts as set: a job the answer
        /// leaves out, or one with another status, is an error that names what was seen.
        /// </summary>
        internal static IReadOnlyList<HuaweiApiException> ParseResults(IReadOnlyList<string> jobIds, byte[] body, string requestId)
        {
            var byId = new Dictionary<string, (string Status, string Code, string Message)>(StringComparer.OrdinalIgnoreCase);
            try
            {
                using (var doc = JsonDocument.Parse(body))
                {
                    if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
                        throw new HuaweiApiException("InvalidResponse", "The DRS alarm answer has no results list.", ApiErrorCategory.InvalidResponse, null, requestId);
                    foreach (var r in results.EnumerateArray())
                    {
                        string id = Text(r, "id");
                        if (id != null && !byId.ContainsKey(id)) byId[id] = (Text(r, "status"), Text(r, "error_code"), Text(r, "error_msg"));
                    }
                }
            }
            catch (JsonException ex)
            {
                throw new HuaweiApiException("InvalidResponse", "The DRS alarm answer is not JSON.", ApiErrorCategory.InvalidResponse, null, requestId, ex);
            }

            return jobIds.Select(id =>
            {
                if (!byId.TryGetValue(id, out var r))
                    return new HuaweiApiException("JobNotReturned", $"DRS job {id}: the alarm answer has no entry for it; its alarm may not be set.", ApiErrorCategory.InvalidResponse, null, requestId);
                if (!string.IsNullOrEmpty(r.Code))
                    return new HuaweiApiException(r.Code, $"DRS job {id}: {r.Message ?? r.Code}", ApiErrorCategory.InvalidOperation, null, requestId);
                if (!string.Equals(r.Status, "success", StringComparison.OrdinalIgnoreCase))
                    return new HuaweiApiException("AlarmNotSet", $"DRS job {id}: the alarm answer says '{r.Status ?? "(no status)"}', not success.", ApiErrorCategory.InvalidResponse, null, requestId);
                return null;
            }).ToList();
        }

        static string Text(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
