using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;

namespace HuaweiMigration.Drs
{
    /// <summary>One page of comparison details.</summary>
    public sealed class DrsComparisonItemPage
    {
        public IReadOnlyList<DrsComparisonItem> Items { get; internal set; }
        public long Total { get; internal set; }
    }

    /// <summary>The DRS v3 data-comparison APIs and the v5 health check of a job.</summary>
    public sealed class DrsComparisonClient
    {
        public const int MaxPageSize = 1000;

        readonly CloudHttpClient _http;
        readonly Uri _endpoint;
        readonly string _projectId;

        public DrsComparisonClient(CloudHttpClient http, Uri endpoint, string projectId)
        {
            _http = http; _endpoint = endpoint; _projectId = projectId;
        }

        Uri Url(string version, string jobId, string rest) => ResourcePath.Combine(_endpoint,
            version + "/" + ResourcePath.Segment(_projectId, "project id") + "/jobs/" + ResourcePath.Segment(jobId, "job id") + "/" + rest);

        static string Page(long offset, int limit) =>
            "limit=" + limit.ToString(CultureInfo.InvariantCulture) + "&offset=" + offset.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// Starts an object-level comparison (202, empty answer). A state change: it is resent only when throttled, so the
        /// caller judges any other failure (see <see cref="StateChange"/>).
        /// </summary>
        public Task StartObjectComparisonAsync(string jobId, IRequestLog log, CancellationToken ct) =>
            _http.SendStateChangeAsync(HttpMethod.Post, Url("v3", jobId, "object/compare"), new byte[] { (byte)'{', (byte)'}' }, _projectId, log, ct);

        /// <summary>
        /// Starts a row or value comparison of every migrated table, or of <paramref name="tables"/> ("db.table"). Returns its
        /// id. A state change, as <see cref="StartObjectComparisonAsync"/>.
        /// </summary>
        public async Task<string> StartDataComparisonAsync(string jobId, DrsComparisonType type, IReadOnlyList<string> tables, IRequestLog log, CancellationToken ct)
        {
            if (type == DrsComparisonType.Object) throw new ArgumentOutOfRangeException(nameof(type));
            var request = new DataCompareCreateWire { Type = DrsComparisonCodes.WireType(type) };
            if (tables == null || tables.Count == 0) request.CompareMode = "quick_comparison";
            else request.CompareObject = CompareObjects(tables);
            byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, WireJsonContext.Default.DataCompareCreateWire);
            var response = await _http.SendStateChangeAsync(HttpMethod.Post, Url("v3", jobId, "table/compare"), body, _projectId, log, ct).ConfigureAwait(false);
            return WireJson.Parse(response.Body, WireJsonContext.Default.DataCompareCreatedWire, "DRS create comparison", response.RequestId).Id;
        }

        /// <summary>Groups "db.table" names by database, in the order given; a name without a dot is refused.</summary>
        internal static List<DataCompareObjectWire> CompareObjects(IReadOnlyList<string> tables)
        {
            var byDb = new List<DataCompareObjectWire>();
            foreach (var name in tables)
            {
                int dot = name?.IndexOf('.') ?? -1;
                if (dot <= 0 || dot == name.Length - 1)
                    throw new HuaweiApiException("InvalidTableName", $"'{name}' is not a table name of the form database.table.", ApiErrorCategory.InvalidArgument);
                string db = name.Substring(0, dot), table = name.Substring(dot + 1);
                var entry = byDb.FirstOrDefault(o => o.Database == db);
                if (entry == null) byDb.Add(entry = new DataCompareObjectWire { Database = db, Tables = new List<string>() });
                if (!entry.Tables.Contains(table)) entry.Tables.Add(table);
            }
            return byDb;
        }

        /// <summary>
        /// Cancels an unfinished row or value comparison, never blindly twice: after a failure the job's comparisons are
        /// read (<see cref="JudgeCancel"/>), and the cancel is sent once more only when the answer was lost and the
        /// comparison still runs. Returns null when the service accepted the cancel, else the comparison as read.
        /// </summary>
        public Task<DrsComparison> CancelDataComparisonAsync(string jobId, string compareJobId, IRequestLog log, CancellationToken ct)
        {
            var url = Url("v3", jobId, "compare/" + ResourcePath.Segment(compareJobId, "comparison id"));
            return StateChange.SendAsync(async c =>
            {
                await _http.SendStateChangeAsync(HttpMethod.Delete, url, null, _projectId, log, c).ConfigureAwait(false);
                return (DrsComparison)null;
            }, async (failure, c) => JudgeCancel(compareJobId, failure,
                (await ListDataComparisonsAsync(jobId, log, c).ConfigureAwait(false)).FirstOrDefault(x => x.CompareJobId == compareJobId)), ct);
        }

        /// <summary>
        /// The cancel of <paramref name="compareJobId"/> failed with <paramref name="failure"/>, and the comparison reads
        /// <paramref name="now"/> (null: not listed). Ended (cancelled, or finished on its own) is the result; still running
        /// is null (sent again when the answer was lost, else the failure stands); an unknown status or a comparison no
        /// longer listed cannot tell whether a lost cancel took effect.
        /// </summary>
        internal static DrsComparison JudgeCancel(string compareJobId, HuaweiApiException failure, DrsComparison now)
        {
            if (now != null && DrsComparisonCodes.IsFinished(now.Status)) return now;
            if (now != null && now.Status != DrsComparisonStatus.Unknown || !RetryPolicy.IsAmbiguous(failure)) return null;
            throw StateChange.CannotTell(failure, now == null
                ? $"The comparison {compareJobId} is no longer listed"
                : $"The comparison {compareJobId} now reads '{now.StatusText}', a status the module does not know");
        }

        /// <summary>The latest object-level comparison with its result per object type; null when the job has none.</summary>
        public async Task<DrsComparison> GetObjectComparisonAsync(string jobId, IRequestLog log, CancellationToken ct)
        {
            var response = await _http.GetAsync(Url("v3", jobId, "object/compare"), _projectId, log, ct).ConfigureAwait(false);
            return ParseObjectOverview(jobId, response.Body, response.RequestId);
        }

        internal static DrsComparison ParseObjectOverview(string jobId, byte[] body, string requestId = null)
        {
            var w = WireJson.Parse(body, WireJsonContext.Default.ObjectCompareOverviewWire, "DRS object comparison", requestId);
            if (string.IsNullOrEmpty(w.CompareJobId) && string.IsNullOrEmpty(w.Status) && (w.CompareResult == null || w.CompareResult.Count == 0))
                return null;
            var parts = (w.CompareResult ?? new List<ObjectCompareResultWire>()).Where(r => r != null).Select(r =>
            {
                var result = DrsComparisonCodes.ObjectResult(r.Status);
                // A type that says consistent while its counts differ is not consistent.
                if (result == DrsComparisonResult.Consistent && r.SourceCount.HasValue && r.TargetCount.HasValue && r.SourceCount != r.TargetCount)
                    result = DrsComparisonResult.Inconsistent;
                return new DrsComparisonItem
                {
                    JobId = jobId, CompareJobId = w.CompareJobId, Type = DrsComparisonType.Object, ObjectType = r.Type,
                    SourceCount = NonNegative.OrNull(r.SourceCount), TargetCount = NonNegative.OrNull(r.TargetCount),
                    Difference = r.SourceCount.HasValue && r.TargetCount.HasValue ? Math.Abs(r.SourceCount.Value - r.TargetCount.Value) : (long?)null,
                    Result = result, ResultCode = r.Status,
                };
            }).ToArray();
            var c = new DrsComparison
            {
                JobId = jobId, Type = DrsComparisonType.Object, CompareJobId = w.CompareJobId,
                StatusText = w.Status, Status = DrsComparisonCodes.Status(w.Status),
                StartedAtUtc = Utc(w.StartTime) ?? Utc(w.CreateTime),
                Message = w.ErrorMessage, Parts = parts,
                Compared = parts.Length,
                Inconsistent = parts.Count(p => p.Result == DrsComparisonResult.Inconsistent),
                NotComparable = parts.Count(p => p.Result == DrsComparisonResult.NotComparable),
            };
            c.Result = Overall(c.Status, parts);
            return c;
        }

        /// <summary>Every row and value comparison of a job, newest first (one page of up to 1000).</summary>
        public async Task<IReadOnlyList<DrsComparison>> ListDataComparisonsAsync(string jobId, IRequestLog log, CancellationToken ct)
        {
            var response = await _http.GetAsync(Url("v3", jobId, "table/compare?" + Page(0, MaxPageSize)), _projectId, log, ct).ConfigureAwait(false);
            return ParseDataList(jobId, response.Body, response.RequestId);
        }

        internal static IReadOnlyList<DrsComparison> ParseDataList(string jobId, byte[] body, string requestId = null)
        {
            var w = WireJson.Parse(body, WireJsonContext.Default.DataCompareListWire, "DRS comparison list", requestId);
            var list = new List<DrsComparison>();
            foreach (var j in w.Jobs ?? new List<DataCompareJobWire>())
            {
                if (j == null || string.IsNullOrEmpty(j.Id)) continue;
                var type = DrsComparisonCodes.FromWireType(j.Type);
                if (type == null) continue;
                var status = DrsComparisonCodes.Status(j.Status);
                list.Add(new DrsComparison
                {
                    JobId = jobId, Type = type.Value, CompareJobId = j.Id, StatusText = j.Status, Status = status,
                    StartedAtUtc = Utc(j.StartTime), EndedAtUtc = Utc(j.EndTime),
                    // The list carries no result: it is read from the overview, and Unknown until then.
                    Result = status == DrsComparisonStatus.Running || status == DrsComparisonStatus.Waiting
                        ? DrsComparisonResult.InProgress : DrsComparisonResult.Unknown,
                });
            }
            // Newest first; one without a start time sorts last, so it never passes for the latest.
            return list.OrderByDescending(c => c.StartedAtUtc ?? DateTime.MinValue).ToList();
        }

        /// <summary>The most overview pages read (1000 databases each) before the rest counts as unread.</summary>
        public const int MaxOverviewPages = 20;

        /// <summary>Fills a row or value comparison's result from its per-database overview, reading every page.</summary>
        public async Task ReadDataOverviewAsync(DrsComparison comparison, IRequestLog log, CancellationToken ct)
        {
            var pages = new List<DataCompareOverviewWire>();
            long read = 0;
            for (int i = 0; i < MaxOverviewPages; i++)
            {
                string rest = "compare/" + ResourcePath.Segment(comparison.CompareJobId, "comparison id") +
                    (comparison.Type == DrsComparisonType.Contents ? "/content-overview?" : "/line-overview?") + Page(read, MaxPageSize);
                var response = await _http.GetAsync(Url("v3", comparison.JobId, rest), _projectId, log, ct).ConfigureAwait(false);
                var page = ParseOverviewPage(response.Body, response.RequestId);
                pages.Add(page);
                int count = Databases(page).Count;
                read += count;
                if (count == 0 || !(page.TotalCount > read)) break;
            }
            Apply(comparison, pages);
        }

        static DataCompareOverviewWire ParseOverviewPage(byte[] body, string requestId) =>
            WireJson.Parse(body, WireJsonContext.Default.DataCompareOverviewWire, "DRS comparison overview", requestId);

        static List<DataCompareDatabaseWire> Databases(DataCompareOverviewWire page) =>
            page.Databases ?? page.ContentDatabases ?? new List<DataCompareDatabaseWire>();

        internal static void ApplyDataOverview(DrsComparison c, byte[] body, string requestId = null) =>
            Apply(c, new[] { ParseOverviewPage(body, requestId) });

        static void Apply(DrsComparison c, IReadOnlyList<DataCompareOverviewWire> pages)
        {
            var dbs = pages.SelectMany(Databases).Where(d => d != null).ToList();
            var parts = dbs.Select(d =>
            {
                var result = DrsComparisonCodes.DataResult(d.Status);
                // Counts outrank a reassuring code: one inconsistent or uncomparable table makes the database so.
                if (d.Inconsistent > 0) result = DrsComparisonResult.Inconsistent;
                else if (d.NotComparable > 0 && result == DrsComparisonResult.Consistent) result = DrsComparisonResult.NotComparable;
                return new DrsComparisonItem
                {
                    JobId = c.JobId, CompareJobId = c.CompareJobId, Type = c.Type,
                    Database = d.SourceDatabase, TargetDatabase = d.TargetDatabase,
                    SourceCount = NonNegative.OrNull(d.Compared), Difference = NonNegative.OrNull(d.Inconsistent),
                    Result = result, ResultCode = d.Status, Message = DrsComparisonCodes.DataMeaning(d.Status),
                };
            }).ToList();
            // Databases the service counts but did not list were never seen, so they cannot count as consistent.
            long? total = pages.Count == 0 ? null : pages[pages.Count - 1].TotalCount;
            if (total > dbs.Count)
                parts.Add(new DrsComparisonItem
                {
                    JobId = c.JobId, CompareJobId = c.CompareJobId, Type = c.Type, Result = DrsComparisonResult.Unknown,
                    Name = $"{total - dbs.Count} database(s) counted but not listed",
                });
            c.Parts = parts.ToArray();
            c.Compared = Sum(dbs, d => d.Compared);
            c.Inconsistent = Sum(dbs, d => d.Inconsistent);
            c.NotComparable = Sum(dbs, d => d.NotComparable);
            c.Result = Overall(c.Status, c.Parts);
        }

        static long? Sum(List<DataCompareDatabaseWire> dbs, Func<DataCompareDatabaseWire, long?> field)
        {
            if (dbs == null) return null;
            long total = 0;
            foreach (var d in dbs)
            {
                var v = d == null ? null : NonNegative.OrNull(field(d));
                if (!v.HasValue) return null;
                total += v.Value;
            }
            return total;
        }

        /// <summary>
        /// The comparison's result: the worst part; Unknown when a finished comparison has no parts (nothing compared
        /// is never consistent); InProgress while it runs.
        /// </summary>
        internal static DrsComparisonResult Overall(DrsComparisonStatus status, IReadOnlyList<DrsComparisonItem> parts)
        {
            if (status == DrsComparisonStatus.Running || status == DrsComparisonStatus.Waiting) return DrsComparisonResult.InProgress;
            if (parts.Count == 0) return DrsComparisonResult.Unknown;
            return parts.Select(p => p.Result).OrderByDescending(DrsComparisonCodes.Severity).First();
        }

        /// <summary>One page of a comparison's details: tables of one database (rows, values), or objects of one type (object level).</summary>
        public async Task<DrsComparisonItemPage> GetDetailsAsync(DrsComparison comparison, DrsComparisonItem part, long offset, int limit,
            IRequestLog log, CancellationToken ct)
        {
            string rest;
            if (comparison.Type == DrsComparisonType.Object)
                rest = "object/compare/" + ResourcePath.Segment(part.ObjectType, "object type") + "?compare_job_id=" +
                    Uri.EscapeDataString(comparison.CompareJobId ?? "") + "&" + Page(offset, limit);
            else
                rest = "compare/" + ResourcePath.Segment(comparison.CompareJobId, "comparison id") +
                    (comparison.Type == DrsComparisonType.Contents ? "/content-detail?" : "/line-detail?") +
                    "db_name=" + Uri.EscapeDataString(part.Database ?? "") + "&target_db_name=" + Uri.EscapeDataString(part.TargetDatabase ?? part.Database ?? "") +
                    "&type=compare&" + Page(offset, limit);
            var response = await _http.GetAsync(Url("v3", comparison.JobId, rest), _projectId, log, ct).ConfigureAwait(false);
            return comparison.Type == DrsComparisonType.Object
                ? ParseObjectDetails(comparison, part, response.Body, response.RequestId)
                : ParseTableDetails(comparison, part, response.Body, response.RequestId);
        }

        internal static DrsComparisonItemPage ParseObjectDetails(DrsComparison c, DrsComparisonItem part, byte[] body, string requestId = null)
        {
            var w = WireJson.Parse(body, WireJsonContext.Default.ObjectCompareDetailPageWire, "DRS object comparison details", requestId);
            var items = (w.Details ?? new List<ObjectCompareDetailWire>()).Where(d => d != null).Select(d => new DrsComparisonItem
            {
                JobId = c.JobId, CompareJobId = c.CompareJobId, Type = DrsComparisonType.Object, ObjectType = part.ObjectType,
                Database = d.SourceDatabase, TargetDatabase = d.TargetDatabase, Name = d.SourceValue ?? d.TargetValue,
                Result = DrsComparisonCodes.ObjectResult(d.Status), ResultCode = d.Status, Message = d.ErrorMessage,
            }).ToList();
            return new DrsComparisonItemPage { Items = items, Total = NonNegative.OrNull(w.Count) ?? items.Count };
        }

        internal static DrsComparisonItemPage ParseTableDetails(DrsComparison c, DrsComparisonItem part, byte[] body, string requestId = null)
        {
            var w = WireJson.Parse(body, WireJsonContext.Default.DataCompareDetailPageWire, "DRS comparison details", requestId);
            var items = (w.Tables ?? w.ContentTables ?? new List<DataCompareTableWire>()).Where(t => t != null).Select(t =>
            {
                var result = DrsComparisonCodes.DataResult(t.Status);
                if (t.DifferentRows > 0) result = DrsComparisonResult.Inconsistent;
                return new DrsComparisonItem
                {
                    JobId = c.JobId, CompareJobId = c.CompareJobId, Type = c.Type, Database = part.Database, TargetDatabase = part.TargetDatabase,
                    Table = t.SourceTable ?? t.TargetTable, SourceCount = NonNegative.OrNull(t.SourceRows), TargetCount = NonNegative.OrNull(t.TargetRows),
                    Difference = NonNegative.OrNull(t.DifferentRows), Result = result, ResultCode = t.Status,
                    Message = t.Message ?? DrsComparisonCodes.DataMeaning(t.Status),
                };
            }).ToList();
            return new DrsComparisonItemPage { Items = items, Total = NonNegative.OrNull(w.TotalCount) ?? items.Count };
        }

        /// <summary>The v5 health of a job's database connections. A region without v5 answers 404 (APIGW.0101).</summary>
        public async Task<DrsJobHealth> GetHealthAsync(string jobId, IRequestLog log, CancellationToken ct)
        {
            var response = await _http.GetAsync(Url("v5", jobId, "monitor-data"), _projectId, log, ct).ConfigureAwait(false);
            return ParseHealth(jobId, response.Body, response.RequestId);
        }

        internal static DrsJobHealth ParseHealth(string jobId, byte[] body, string requestId = null)
        {
            var w = WireJson.Parse(body, WireJsonContext.Default.MonitorDataWire, "DRS monitor data", requestId);
            return new DrsJobHealth
            {
                JobId = jobId, IsSourceNormal = w.IsSourceNormal, IsTargetNormal = w.IsTargetNormal,
                SourceDelay = NonNegative.OrNull(w.SourceDelay), TargetDelay = NonNegative.OrNull(w.TargetDelay), UpdatedAtUtc = Utc(w.UpdateTime),
            };
        }

        /// <summary>Whether a failed health read means the region does not serve v5 (a warning), not an unreadable answer.</summary>
        public static bool IsHealthNotServed(HuaweiApiException error) =>
            error.StatusCode == 404 || string.Equals(error.ErrorCode, "APIGW.0101", StringComparison.OrdinalIgnoreCase);

        static DateTime? Utc(string text) => ServiceTime.ParseOffset(text)?.UtcDateTime;
    }
}
