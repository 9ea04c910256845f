using System;
using System.Collections.Generic;
using System.Linq;
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

        Uri Url(string relative) => ResourcePath.Combine(_endpoint, "v2/" + ResourcePath.Segment(_projectId, "project id") + "/" + relative);

        public async Task<DcsMigrationTask> GetTaskAsync(string taskId, IRequestLog log, CancellationToken ct)
        {
            var response = await _http.GetAsync(Url("migration-task/" + ResourcePath.Segment(taskId, "task id")), _projectId, log, ct).ConfigureAwait(false);
            return ParseTask(response.Body, response.RequestId);
        }

        /// <summary>
        /// Asks the service to stop a migration task (asynchronous: it is stopped once its details read TERMINATED).
        /// Returns the task as the answer describes it; the answer's Redis passwords are never mapped.
        /// </summary>
        public async Task<DcsMigrationTask> StopTaskAsync(string taskId, IRequestLog log, CancellationToken ct)
        {
            var url = Url("migration-task/" + ResourcePath.Segment(taskId, "task id") + "/stop");
            var response = await _http.PostJsonAsync(url, new byte[0], _projectId, log, ct).ConfigureAwait(false);
            if (response.Body == null || response.Body.Length == 0)
                return new DcsMigrationTask { TaskId = taskId, SupportedFeatures = Array.Empty<string>() };
            var wire = WireJson.Parse(response.Body, WireJsonContext.Default.DcsTaskWire, "DCS stop migration task", response.RequestId);
            if (string.IsNullOrEmpty(wire.TaskId)) wire.TaskId = taskId;
            return Map(wire, detailed: wire.SourceInstance != null);
        }

        public async Task<DcsMigrationStats> GetStatsAsync(string taskId, IRequestLog log, CancellationToken ct)
        {
            var response = await _http.GetAsync(Url("migration-task/" + ResourcePath.Segment(taskId, "task id") + "/stats"), _projectId, log, ct).ConfigureAwait(false);
            return ParseStats(taskId, response.Body, DateTimeOffset.Now, response.RequestId);
        }

        /// <summary>One page of the task list, at <paramref name="offset"/>.</summary>
        public async Task<(IReadOnlyList<DcsMigrationTask> Tasks, long Total)> ListTasksAsync(int offset, int limit, string name, IRequestLog log, CancellationToken ct)
        {
            string query = $"migration-tasks?offset={offset}&limit={limit}";
            if (!string.IsNullOrEmpty(name)) query += "&name=" + Uri.EscapeDataString(name);
            var response = await _http.GetAsync(Url(query), _projectId, log, ct).ConfigureAwait(false);
            return ParseTaskList(response.Body, response.RequestId);
        }

        internal static (IReadOnlyList<DcsMigrationTask> Tasks, long Total) ParseTaskList(byte[] body, string requestId = null)
        {
            var list = WireJson.Parse(body, WireJsonContext.Default.DcsTaskListWire, "DCS task list", requestId);
            var tasks = (list.MigrationTasks ?? new List<DcsTaskWire>()).Where(t => t != null).Select(t => Map(t, detailed: false)).ToList();
            return (tasks, NonNegative.OrNull(list.Count) ?? tasks.Count);
        }

        internal static DcsMigrationTask ParseTask(byte[] body, string requestId = null)
        {
            var wire = WireJson.Parse(body, WireJsonContext.Default.DcsTaskWire, "DCS task details", requestId);
            if (string.IsNullOrEmpty(wire.TaskId))
                throw new HuaweiApiException("InvalidResponse", "The DCS task details response has no task_id.", ApiErrorCategory.InvalidResponse, null, requestId);
            return Map(wire, detailed: true);
        }

        internal static DcsMigrationStats ParseStats(string taskId, byte[] body, DateTimeOffset sampledAt, string requestId = null)
        {
            var wire = WireJson.Parse(body, WireJsonContext.Default.DcsStatsWire, "DCS migration stats", requestId);
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
            BandwidthLimitMb = long.TryParse(w.BandwidthLimitMb, out var mb) ? NonNegative.OrNull(mb) : null,
            TaskStatus = w.TaskStatus,
            IsDetailed = detailed,
        };

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
