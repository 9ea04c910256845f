using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HuaweiMigration.Simulator
{
    /// <summary>DRS data comparisons (v3) and the v5 health check, with the answer shapes of NOTES.md.</summary>
    internal sealed partial class SimulatedCloud
    {
        const string BusyCode = "DRS.10000024";
        const string BusyMessage = "Another operation is being performed on the migration task or the migration task is abnormal.";

        static SimResponse DrsJobNotFound() => SimResponse.Error(400, "DRS.M05003", "Task information not found.");

        SimResponse StartObjectComparison(SimRequest request)
        {
            var job = _scenario.FindDrsJob(request.Route.Id);
            if (job == null) return DrsJobNotFound();
            lock (job.Comparisons)
            {
                double t = T;
                if (Timeline.Drs(job, t).TransferStatus != "INCRE_TRANSFER_STARTED") return SimResponse.Error(400, BusyCode, BusyMessage);
                job.Comparisons.Add(new SimulatedComparison { Id = NewCompareId(job), Type = "object", StartedAtSeconds = t });
            }
            return SimResponse.Json(202, new JsonObject());
        }

        SimResponse StartDataComparison(SimRequest request)
        {
            var job = _scenario.FindDrsJob(request.Route.Id);
            if (job == null) return DrsJobNotFound();
            JsonObject body;
            try { body = JsonNode.Parse(request.Body) as JsonObject; }
            catch (Exception e) when (e is JsonException or ArgumentException) { body = null; }
            string type = body == null ? null : TryString(body["type"]);
            if (type is not ("lines" or "contents"))
                return SimResponse.Error(400, "DRS.M00001", "Invalid request: type must be lines or contents.");
            List<string> tables = null;
            if (body["compare_object"] is JsonArray objects)
            {
                tables = new List<string>();
                foreach (var o in objects.OfType<JsonObject>())
                    foreach (var table in (o["table_name"] as JsonArray ?? new JsonArray()).Select(TryString))
                        tables.Add(TryString(o["db_name"]) + "." + table);
                if (tables.Count == 0) return SimResponse.Error(400, "DRS.M00001", "Invalid request: compare_object names no table.");
            }
            else if (TryString(body["compare_mode"]) != "quick_comparison")
                return SimResponse.Error(400, "DRS.M00001", "Invalid request: give compare_object or compare_mode quick_comparison.");

            lock (job.Comparisons)
            {
                double t = T;
                // Only one unfinished data-level comparison may exist per job.
                if (Timeline.Drs(job, t).TransferStatus != "INCRE_TRANSFER_STARTED" ||
                    job.Comparisons.Any(c => c.Type != "object" && ComparisonStatus(job, c, t) is "RUNNING" or "WAITING_FOR_RUNNING"))
                    return SimResponse.Error(400, BusyCode, BusyMessage);
                var comparison = new SimulatedComparison { Id = NewCompareId(job), Type = type, StartedAtSeconds = t, Tables = tables };
                job.Comparisons.Add(comparison);
                return SimResponse.Json(200, new JsonObject { ["id"] = comparison.Id });
            }
        }

        static string NewCompareId(SimulatedDrsJob job) =>
            job.JobId.Substring(0, Math.Min(8, job.JobId.Length)) + "-cmp-" + (job.Comparisons.Count + 1).ToString("D4", CultureInfo.InvariantCulture);

        string ComparisonStatus(SimulatedDrsJob job, SimulatedComparison c, double t)
        {
            if (c.CancelledAtSeconds.HasValue) return "CANCELLED";
            if (t < c.StartedAtSeconds + job.Comparison.Duration || job.Comparison.Outcome == ComparisonOutcome.NeverFinishing) return "RUNNING";
            return job.Comparison.Outcome == ComparisonOutcome.Failing ? "FAILED" : "SUCCESSFUL";
        }

        string Iso(double seconds) => _clock.Start.AddSeconds(seconds).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        SimResponse ShowObjectComparison(SimRequest request)
        {
            var job = _scenario.FindDrsJob(request.Route.Id);
            if (job == null) return DrsJobNotFound();
            SimulatedComparison c;
            lock (job.Comparisons) c = job.Comparisons.LastOrDefault(x => x.Type == "object");
            if (c == null) return SimResponse.Json(200, new JsonObject { ["compare_result"] = new JsonArray() });
            string status = ComparisonStatus(job, c, T);
            var result = new JsonArray();
            if (status == "SUCCESSFUL")
                foreach (var (type, count) in ObjectTypeCounts(job))
                    result.Add(new JsonObject { ["type"] = type, ["source_count"] = count, ["target_count"] = count, ["status"] = 2 });
            return SimResponse.Json(200, new JsonObject
            {
                ["compare_job_id"] = c.Id,
                ["status"] = status,
                ["create_time"] = Iso(c.StartedAtSeconds),
                ["start_time"] = Iso(c.StartedAtSeconds),
                ["export_status"] = "INIT",
                ["report_remain_seconds"] = -1,
                ["error_msg"] = status == "FAILED" ? "The comparison failed." : "",
                ["compare_result"] = result,
            });
        }

        List<(string Type, long Count)> ObjectTypeCounts(SimulatedDrsJob job)
        {
            var tables = Tables(job);
            var list = new List<(string, long)> { ("DB", tables.Select(x => x.Db).Distinct().Count()), ("TABLE", tables.Count) };
            foreach (var (key, type) in new[] { ("view", "VIEW"), ("procedure", "PROCEDURE"), ("function", "FUNCTION"), ("trigger", "TRIGGER"), ("event", "EVENT") })
                if (job.Objects.TryGetValue(key, out long n) && n > 0) list.Add((type, n));
            return list;
        }

        SimResponse ShowObjectComparisonDetail(SimRequest request)
        {
            var job = _scenario.FindDrsJob(request.Route.Id);
            if (job == null) return DrsJobNotFound();
            if (!TryParseInt(request.QueryValue("limit"), 1000, out int limit) || limit < 1 || limit > 1000 ||
                !TryParseInt(request.QueryValue("offset"), 0, out int offset))
                return SimResponse.Error(400, "DRS.M00217", "Invalid limit or offset.");
            var rows = new JsonArray();
            long count = 0;
            if (request.Route.ObjectType == "TABLE")
            {
                var tables = Tables(job);
                count = tables.Count;
                foreach (var (db, table) in tables.Skip(offset).Take(limit))
                    rows.Add(new JsonObject
                    {
                        ["source_db_name"] = db, ["target_db_name"] = db, ["source_db_value"] = table, ["target_db_value"] = table,
                        ["status"] = 2, ["error_message"] = "",
                    });
            }
            return SimResponse.Json(200, new JsonObject { ["count"] = count, ["compare_detail"] = rows });
        }

        SimResponse ListDataComparisons(SimRequest request)
        {
            var job = _scenario.FindDrsJob(request.Route.Id);
            if (job == null) return DrsJobNotFound();
            double t = T;
            var jobs = new JsonArray();
            List<SimulatedComparison> list;
            lock (job.Comparisons) list = job.Comparisons.Where(c => c.Type != "object").ToList();
            foreach (var c in list)
            {
                string status = ComparisonStatus(job, c, t);
                var o = new JsonObject
                {
                    ["id"] = c.Id, ["type"] = c.Type, ["start_time"] = Iso(c.StartedAtSeconds), ["status"] = status,
                    ["export_status"] = "INIT", ["report_remain_seconds"] = -1,
                };
                if (status != "RUNNING") o["end_time"] = Iso(c.CancelledAtSeconds ?? c.StartedAtSeconds + job.Comparison.Duration);
                jobs.Add(o);
            }
            return SimResponse.Json(200, new JsonObject { ["count"] = jobs.Count, ["compare_jobs"] = jobs });
        }

        SimulatedComparison FindComparison(SimulatedDrsJob job, string id)
        {
            lock (job.Comparisons) return job.Comparisons.FirstOrDefault(c => c.Id == id && c.Type != "object");
        }

        static SimResponse ComparisonNotFound() => SimResponse.Error(400, "DRS.M00289", "The comparison task does not exist.");

        /// <summary>The tables a comparison covers, with whether each differs.</summary>
        List<(string Db, string Table, bool Differs)> Compared(SimulatedDrsJob job, SimulatedComparison c)
        {
            var inconsistent = job.Comparison.Outcome == ComparisonOutcome.Inconsistent
                ? new HashSet<string>(job.Comparison.InconsistentTables, StringComparer.OrdinalIgnoreCase) : new HashSet<string>();
            return Tables(job).Where(x => c.Tables == null || c.Tables.Contains(x.Db + "." + x.Table))
                .Select(x => (x.Db, x.Table, inconsistent.Contains(x.Db + "." + x.Table))).ToList();
        }

        static List<(string Db, string Table)> Tables(SimulatedDrsJob job)
        {
            long n = job.Objects.TryGetValue("table", out long count) ? count : job.Comparison.Tables;
            var list = new List<(string, string)>();
            for (long i = 0; i < n; i++) list.Add((ObjectDatabase(i), ObjectName("table", i)));
            return list;
        }

        SimResponse ShowDataComparisonOverview(SimRequest request)
        {
            var job = _scenario.FindDrsJob(request.Route.Id);
            if (job == null) return DrsJobNotFound();
            var c = FindComparison(job, request.Route.CompareId);
            if (c == null || (c.Type == "contents") != request.Route.View.StartsWith("content", StringComparison.Ordinal)) return ComparisonNotFound();
            string status = ComparisonStatus(job, c, T);
            var infos = new JsonArray();
            foreach (var db in Compared(job, c).GroupBy(x => x.Db).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                int differing = status == "SUCCESSFUL" ? db.Count(x => x.Differs) : 0;
                infos.Add(new JsonObject
                {
                    ["source_db_name"] = db.Key, ["target_db_name"] = db.Key,
                    ["status"] = status switch { "SUCCESSFUL" => differing > 0 ? 0 : 2, "RUNNING" => 5, "CANCELLED" => 7, _ => 4 },
                    ["compare_num"] = db.Count(), ["compare_end_num"] = status == "RUNNING" ? 0 : db.Count(),
                    ["data_inconsistent_num"] = differing, ["uncomparable_num"] = 0,
                });
            }
            string key = c.Type == "contents" ? "content_compare_result_infos" : "data_compare_overview_infos";
            return SimResponse.Json(200, new JsonObject { ["total_count"] = infos.Count, [key] = infos });
        }

        SimResponse ShowDataComparisonDetail(SimRequest request)
        {
            var job = _scenario.FindDrsJob(request.Route.Id);
            if (job == null) return DrsJobNotFound();
            var c = FindComparison(job, request.Route.CompareId);
            if (c == null || (c.Type == "contents") != request.Route.View.StartsWith("content", StringComparison.Ordinal)) return ComparisonNotFound();
            if (!TryParseInt(request.QueryValue("limit"), 1000, out int limit) || limit < 1 || limit > 1000 ||
                !TryParseInt(request.QueryValue("offset"), 0, out int offset))
                return SimResponse.Error(400, "DRS.M00217", "Invalid limit or offset.");
            string db = request.QueryValue("db_name");
            if (string.IsNullOrEmpty(db)) return SimResponse.Error(400, "DRS.M00001", "Invalid request: db_name is required.");
            bool done = ComparisonStatus(job, c, T) == "SUCCESSFUL";
            var tables = Compared(job, c).Where(x => x.Db == db).ToList();
            var rows = new JsonArray();
            foreach (var (index, x) in tables.Select((x, i) => (i, x)).Skip(offset).Take(limit))
            {
                long source = 1000 + 37 * index;
                long difference = done && x.Differs ? 3 : 0;
                rows.Add(new JsonObject
                {
                    ["source_table_name"] = x.Table, ["source_row_num"] = source,
                    ["target_table_name"] = x.Table, ["target_row_num"] = source - difference,
                    ["difference_row_num"] = difference, ["status"] = done ? (x.Differs ? 0 : 2) : 5,
                });
            }
            string key = c.Type == "contents" ? "content_compare_result_infos" : "table_line_compare_result_infos";
            return SimResponse.Json(200, new JsonObject { ["total_count"] = tables.Count, [key] = rows });
        }

        SimResponse CancelDataComparison(SimRequest request)
        {
            var job = _scenario.FindDrsJob(request.Route.Id);
            if (job == null) return DrsJobNotFound();
            var c = FindComparison(job, request.Route.CompareId);
            if (c == null) return ComparisonNotFound();
            lock (job.Comparisons)
            {
                double t = T;
                if (ComparisonStatus(job, c, t) != "RUNNING") return SimResponse.Error(400, BusyCode, "The comparison task has already ended.");
                c.CancelledAtSeconds = t;
            }
            return SimResponse.Json(202, new JsonObject());
        }

        SimResponse ShowDrsHealth(SimRequest request)
        {
            var job = _scenario.FindDrsJob(request.Route.Id);
            if (job == null) return DrsJobNotFound();
            switch (job.Health)
            {
                case HealthBehavior.NotServed: return SimResponse.ApiNotFound();
                case HealthBehavior.Unreadable: return SimResponse.Text(200, "<html><body>monitor unavailable</body></html>", "text/html");
            }
            var now = _clock.Now;
            var s = Timeline.Drs(job, (now - _clock.Start).TotalSeconds);
            long delay = (long)Math.Round(s.DelaySeconds * 1000);
            return SimResponse.Json(200, new JsonObject
            {
                ["is_src_normal"] = true,
                ["is_dst_normal"] = job.Health != HealthBehavior.TargetDown,
                ["src_delay"] = delay, ["dst_delay"] = delay,
                ["src_rps"] = "120", ["dst_rps"] = "118", ["trans_data"] = 512, ["trans_lines"] = "1200000",
                ["used_cpu_percent"] = "12.5", ["used_memory"] = 900, ["apply_rate"] = "2048",
                ["update_time"] = EpochMs(now),
            });
        }
    }
}
