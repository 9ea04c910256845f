using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;

namespace HuaweiMigration.Dcs
{
    /// <summary>The DCS v2 migration-task APIs.</summary>
    public sealed class DcsClient
    {
        public const int MaxPageSize = 1000;
        readonly CloudHttpClient _http;
        readonly Uri _endpoint;
        readonly string _projectId;

        public DcsClient(CloudHttpClient http, Uri endpoint, string projectId)
        {
            _http = http; _endpoint = endpoint; _projectId = projectId;
        }

        internal CloudHttpClient Http => _http;

        Uri Url(string relative) => ResourcePath.Combine(_endpoint, "v2/" + ResourcePath.Segment(_projectId, "project id") + "/" + relative);

        public async Task<DcsMigrationTask> GetTaskAsync(string taskId, IRequestLog log, CancellationToken ct)
        {
            var response = await _http.GetAsync(Url("migration-task/" + ResourcePath.Segment(taskId, "task id")), _projectId, log, ct).ConfigureAwait(false);
            var tolerance = TaskTolerance();
            var task = ParseTask(response.Body, response.RequestId, tolerance);
            // An answer about another task (a proxy's cache, a hostile server) must never stand in for this one; with two
            // task_id members the reader would keep the last, so two are refused whatever they say.
            if (!string.Equals(task.TaskId, taskId, StringComparison.OrdinalIgnoreCase) || TopLevelCount(response.Body, "task_id") > 1)
                throw new HuaweiApiException("InvalidResponse", $"DCS task {taskId}: the task details answer is about another task; it is not used.",
                    ApiErrorCategory.InvalidResponse, null, response.RequestId);
            _warnings.Report(tolerance, "DCS task " + taskId, "DCS task", log);
            return task;
        }

        readonly DroppedFieldWarnings _warnings = new DroppedFieldWarnings();

        /// <summary>How often a member name appears at the top level of a JSON object (the body already parsed once).</summary>
        static int TopLevelCount(byte[] body, string name)
        {
            var reader = new System.Text.Json.Utf8JsonReader(WireJson.WithoutBom(body), new System.Text.Json.JsonReaderOptions { MaxDepth = 64 });
            int count = 0;
            while (reader.Read())
                if (reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(name)) count++;
            return count;
        }

        static FieldTolerance TaskTolerance() => new FieldTolerance { Required = { "task_id", "status" } };

        /// <summary>
        /// Sends one stop request for a migration task (asynchronous: it is stopped once its details read TERMINATED), never
        /// retried blindly. Returns the task as the answer describes it; the answer's Redis passwords are never mapped.
        /// <see cref="DcsTaskStop.StopAsync"/> is the idempotent stop built on it.
        /// </summary>
        public async Task<DcsMigrationTask> StopTaskAsync(string taskId, IRequestLog log, CancellationToken ct)
        {
            var url = Url("migration-task/" + ResourcePath.Segment(taskId, "task id") + "/stop");
            var response = await _http.SendStateChangeAsync(HttpMethod.Post, url, new byte[0], _projectId, log, ct).ConfigureAwait(false);
            if (response.Body == null || response.Body.Length == 0)
                return new DcsMigrationTask { TaskId = taskId, SupportedFeatures = Array.Empty<string>() };
            var wire = WireReader.DcsTask(response.Body, "DCS stop migration task", response.RequestId);
            if (string.IsNullOrEmpty(wire.TaskId)) wire.TaskId = taskId;
            return Map(wire, detailed: wire.SourceInstance != null);
        }

        /// <summary>
        /// Sends one IP switch (exchange-ip) or, with <paramref name="rollback"/>, the switch back (rollback-ip); never retried
        /// blindly. Its progress shows in the task details' task_status.
        /// </summary>
        public async Task SwitchIpAsync(string taskId, bool rollback, bool includeDomainName, IRequestLog log, CancellationToken ct)
        {
            var url = Url("migration-task/" + ResourcePath.Segment(taskId, "task id") + (rollback ? "/rollback-ip" : "/exchange-ip"));
            byte[] body = rollback ? new byte[0] : System.Text.Encoding.UTF8.GetBytes(
                "{\"is_exchange_domain\":" + (includeDomainName ? "true" : "false") + "}");
            await _http.SendStateChangeAsync(HttpMethod.Post, url, body, _projectId, log, ct).ConfigureAwait(false);
        }

        public async Task<DcsMigrationStats> GetStatsAsync(string taskId, IRequestLog log, CancellationToken ct)
        {
            var response = await _http.GetAsync(Url("migration-task/" + ResourcePath.Segment(taskId, "task id") + "/stats"), _projectId, log, ct).ConfigureAwait(false);
            var tolerance = new FieldTolerance { Required = { "full_migration_progress", "source_dbsize", "target_dbsize" } };
            var stats = ParseStats(taskId, response.Body, DateTimeOffset.Now, response.RequestId, tolerance);
            _warnings.Report(tolerance, "DCS task " + taskId, "DCS task", log);
            return stats;
        }

        /// <summary>One page of the task list, at <paramref name="offset"/>.</summary>
        public async Task<(IReadOnlyList<DcsMigrationTask> Tasks, long Total)> ListTasksAsync(int offset, int limit, string name, IRequestLog log, CancellationToken ct)
        {
            string query = $"migration-tasks?offset={offset}&limit={limit}";
            if (!string.IsNullOrEmpty(name)) query += "&name=" + Uri.EscapeDataString(name);
            var response = await _http.GetAsync(Url(query), _projectId, log, ct).ConfigureAwait(false);
            var tolerance = new FieldTolerance { Required = { "count", "task_id", "status" }, EntryArray = "migration_tasks", EntryId = "task_id" };
            var page = ParseTaskList(response.Body, response.RequestId, tolerance);
            _warnings.Report(tolerance, "The DCS task list", "DCS task", log);
            return page;
        }

        internal static (IReadOnlyList<DcsMigrationTask> Tasks, long Total) ParseTaskList(byte[] body, string requestId = null, FieldTolerance tolerance = null)
        {
            var list = WireReader.DcsTaskList(body, "DCS task list", requestId, tolerance);
            if (tolerance != null && tolerance.FailedEntries.Count > 0)
                throw new HuaweiApiException("InvalidResponse", "The DCS task list response is not what the API reference describes: " +
                    tolerance.FailedEntries.Values.First(), ApiErrorCategory.InvalidResponse, null, requestId);
            var tasks = (list.MigrationTasks ?? new List<DcsTaskWire>()).Where(t => t != null).Select(t => Map(t, detailed: false)).ToList();
            return (tasks, NonNegative.OrNull(list.Count) ?? tasks.Count);
        }

        internal static DcsMigrationTask ParseTask(byte[] body, string requestId = null, FieldTolerance tolerance = null)
        {
            var wire = WireReader.DcsTask(body, "DCS task details", requestId, tolerance);
            if (string.IsNullOrEmpty(wire.TaskId))
                throw new HuaweiApiException("InvalidResponse", "The DCS task details response has no task_id.", ApiErrorCategory.InvalidResponse, null, requestId);
            return Map(wire, detailed: true);
        }

        internal static DcsMigrationStats ParseStats(string taskId, byte[] body, DateTimeOffset sampledAt, string requestId = null, FieldTolerance tolerance = null)
        {
            var wire = WireReader.DcsStats(body, "DCS migration stats", requestId, tolerance);
            return new DcsMigrationStats
            {
                TaskId = taskId,
                FullMigrationProgress = NonNegative.OrNull(wire.FullMigrationProgress),
                Offset = NonNegative.OrNull(wire.Offset),
                SourceDbSize = NonNegative.OrNull(wire.SourceDbSize),
                TargetDbSize = NonNegative.OrNull(wire.TargetDbSize),
                TargetOps = NonNegative.OrNull(wire.TargetOps),
                TargetInputKbps = NonNegative.OrNull(wire.TargetInputKbps),
                IsMigrating = wire.IsMigrating,
                SampledAtUtc = sampledAt.UtcDateTime,
            };
        }

        static DcsMigrationTask Map(DcsTaskWire w, bool detailed) => new DcsMigrationTask
        {
            TaskId = w.TaskId,
            TaskName = w.TaskName,
            Description = w.Description,
            Status = w.Status,
            MigrationType = w.MigrationType,
            MigrationMethod = w.MigrationMethod,
            DataSource = w.DataSource,
            NetworkType = w.NetworkType,
            SourceInstance = Map(w.SourceInstance, w.SourceInstanceName),
            TargetInstance = Map(w.TargetInstance, w.TargetInstanceName),
            BackupFiles = Map(w.BackupFiles),
            EcsTenantPrivateIp = w.EcsTenantPrivateIp,
            CreatedAtUtc = ServiceTime.ParseDate(w.CreatedAt).Utc(),
            UpdatedAtUtc = ServiceTime.ParseDate(w.UpdatedAt).Utc(),
            ReleasedAtUtc = ServiceTime.ParseDate(w.ReleasedAt).Utc(),
            Version = w.Version,
            ResumeMode = w.ResumeMode,
            SupportedFeatures = w.SupportedFeatures?.ToArray() ?? Array.Empty<string>(),
            VpcId = w.VpcId,
            SubnetId = w.SubnetId,
            SecurityGroupId = w.SecurityGroupId,
            BandwidthLimitMb = WholeMegabytes(w.BandwidthLimitMb),
            TaskStatus = w.TaskStatus,
            IsDetailed = detailed,
        };

        /// <summary>bandwidth_limit_mb as text: "100", "100.0", "1e2" read as 100; anything else, negative or out of range, as null.</summary>
        static long? WholeMegabytes(string text)
        {
            if (!double.TryParse(text?.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double mb) ||
                double.IsNaN(mb) || mb < 0 || mb > long.MaxValue)
                return null;
            return (long)Math.Round(mb);
        }

        static DcsMigrationInstance Map(DcsInstanceWire w, string nameFromList)
        {
            if (w == null)
                return string.IsNullOrEmpty(nameFromList) ? null : new DcsMigrationInstance { Name = nameFromList };
            return new DcsMigrationInstance
            {
                Id = w.Id,
                Name = w.Name ?? nameFromList,
                Address = w.Addrs,
                Ip = w.Ip,
                Port = w.Port.HasValue && w.Port.Value >= 0 && w.Port.Value <= 65535 ? (int)w.Port.Value : (int?)null,
                Db = w.Db,
                ProxyMultiDb = w.ProxyMultiDb,
                TaskStatus = w.TaskStatus,
            };
        }

        static DcsBackupFiles Map(DcsBackupFilesWire w) => w == null ? null : new DcsBackupFiles
        {
            FileSource = w.FileSource,
            BucketName = w.BucketName,
            BackupId = w.BackupId,
            Files = (w.Files ?? new List<DcsBackupFileWire>()).Where(f => f != null)
                .Select(f => new DcsBackupFile { FileName = f.FileName, Size = NonNegative.OrNull(f.Size), UpdatedAtUtc = ServiceTime.ParseDate(f.UpdateAt).Utc() }).ToArray(),
        };
    }
}
