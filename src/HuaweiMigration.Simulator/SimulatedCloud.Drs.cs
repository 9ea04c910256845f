using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HuaweiMigration.Simulator
{
    internal sealed partial class SimulatedCloud
    {
        /// <summary>The DRS docs advise at most 10 ids per batch; enforcing it keeps the module's batching honest.</summary>
        public const int MaxBatchJobs = 10;

        /// <summary>The job list's documented largest page; per_page 0 ("all") is refused, as some gateways do.</summary>
        public const int MaxJobListPage = 100;

        SimResponse ListDrsJobs(SimRequest request)
        {
            JsonNode body;
            try
            {
                body = JsonNode.Parse(request.Body);
            }
            catch (Exception e) when (e is JsonException or ArgumentException)
            {
                body = null;
            }
            if (body is not JsonObject o) return SimResponse.Error(400, "DRS.M00001", "Invalid request: the body must be a JSON object.");
            if (!TryInt(o["cur_page"], out int page) || page < 1)
                return SimResponse.Error(400, "DRS.M00001", "Invalid request: cur_page must be an integer of 1 or more.");
            if (!TryInt(o["per_page"], out int perPage) || perPage < 1 || perPage > MaxJobListPage)
                return SimResponse.Error(400, "DRS.M00001", $"Invalid request: per_page must be an integer from 1 to {MaxJobListPage}.");
            string useType = TryString(o["db_use_type"]);
            if (!DrsJobTypes.All.Contains(useType))
                return SimResponse.Error(400, "DRS.M00001", "Invalid request: db_use_type must be migration, sync or cloudDataGuard.");

            // name is a job name (matched as the console does, by substring) or up to 100 comma-separated ids.
            string name = TryString(o["name"]);
            var terms = string.IsNullOrEmpty(name) ? null : name.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (terms != null && terms.Length > 100)
                return SimResponse.Error(400, "DRS.M00001", "Invalid request: name takes at most 100 job ids.");
            var matching = _scenario.DrsJobs
                .Where(j => j.DbUseType == useType)
                .Where(j => terms == null || terms.Any(x => x == j.JobId || (j.Name ?? "").Contains(x, StringComparison.OrdinalIgnoreCase)))
                .ToList();

            double t = T;
            var jobs = new JsonArray();
            foreach (var job in matching.Skip((page - 1) * perPage).Take(perPage))
                jobs.Add(new JsonObject
                {
                    ["id"] = job.JobId,
                    ["name"] = job.Name,
                    ["status"] = Timeline.Drs(job, t).TransferStatus,
                    ["description"] = job.Description ?? "",
                    ["create_time"] = EpochMs(_clock.Start.AddSeconds(-7200 + 60 * _scenario.DrsJobs.IndexOf(job))),
                    ["engine_type"] = job.EngineType,
                    ["net_type"] = job.NetType,
                    ["billing_tag"] = false,
                    ["job_direction"] = job.JobDirection,
                    ["db_use_type"] = job.DbUseType,
                    ["task_type"] = job.TaskMode,
                    ["children"] = new JsonArray(),
                    ["node_newFramework"] = true,
                });
            return SimResponse.Json(200, new JsonObject { ["total_record"] = matching.Count, ["jobs"] = jobs });
        }

        static bool TryInt(JsonNode node, out int value)
        {
            value = 0;
            return node is JsonValue v && (v.TryGetValue(out value) ||
                (v.TryGetValue(out string s) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value)));
        }

        static string TryString(JsonNode node) => node is JsonValue v && v.TryGetValue(out string s) ? s : null;

        SimResponse ShowDrsBatchProgress(SimRequest request)
        {
            List<string> ids;
            try
            {
                ids = (JsonNode.Parse(request.Body)?["jobs"] as JsonArray)?.Select(j => j?.GetValue<string>()).ToList();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                ids = null;
            }
            if (ids == null || ids.Count == 0 || ids.Any(string.IsNullOrEmpty))
                return SimResponse.Error(400, "DRS.M00001", "Invalid request: jobs must be a non-empty array of job ids.");
            if (ids.Count > MaxBatchJobs)
                return SimResponse.Error(400, "DRS.M00001", $"Invalid request: at most {MaxBatchJobs} jobs can be queried at once.");

            var now = _clock.Now;
            double t = (now - _clock.Start).TotalSeconds;
            var results = new JsonArray();
            foreach (var id in ids)
            {
                var job = _scenario.FindDrsJob(id);
                results.Add(job == null
                    ? new JsonObject { ["job_id"] = id, ["error_code"] = "DRS.M05003", ["error_msg"] = "Task information not found." }
                    : JobProgress(job, Timeline.Drs(job, t), now));
            }
            return SimResponse.Json(202, new JsonObject { ["count"] = results.Count, ["results"] = results });
        }

        /// <summary>
        /// DELETE batch-jobs: each job's release starts (RELEASE_RESOURCE_STARTED, then COMPLETE, or FAILED when the scenario
        /// says so). A job whose release is under way or done fails alone with DRS.M03004, the simulator's own choice of code.
        /// </summary>
        SimResponse StopDrsJobs(SimRequest request)
        {
            List<(string Id, string Type)> jobs;
            try
            {
                jobs = (JsonNode.Parse(request.Body)?["jobs"] as JsonArray)?
                    .Select(j => (j?["job_id"]?.GetValue<string>(), j?["delete_type"]?.GetValue<string>())).ToList();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                jobs = null;
            }
            if (jobs == null || jobs.Count == 0 || jobs.Any(j => string.IsNullOrEmpty(j.Id)))
                return SimResponse.Error(400, "DRS.M00001", "Invalid request: jobs must be a non-empty array of {job_id, delete_type}.");
            if (jobs.Count > MaxBatchJobs)
                return SimResponse.Error(400, "DRS.M00001", $"Invalid request: at most {MaxBatchJobs} jobs can be stopped at once.");
            if (jobs.Any(j => j.Type is not ("terminate" or "force_terminate" or "delete")))
                return SimResponse.Error(400, "DRS.M00001", "Invalid request: delete_type must be terminate, force_terminate or delete.");

            double t = T;
            var results = new JsonArray();
            foreach (var (id, type) in jobs)
            {
                var job = _scenario.FindDrsJob(id);
                if (job == null)
                    results.Add(new JsonObject { ["id"] = id, ["status"] = "failed", ["error_code"] = "DRS.M05003", ["error_msg"] = "Task information not found." });
                else if (type == "delete" || !Timeline.CanStop(job, t))
                    results.Add(new JsonObject
                    {
                        ["id"] = id, ["status"] = "failed", ["error_code"] = "DRS.M03004",
                        ["error_msg"] = $"The task cannot be {(type == "delete" ? "deleted" : "stopped")} in status {Timeline.Drs(job, t).TransferStatus}.",
                    });
                else
                {
                    job.StoppedAtSeconds = t;
                    job.ReleasedAtSeconds = t + _scenario.ReleaseSeconds;
                    results.Add(new JsonObject { ["id"] = id, ["status"] = "success" });
                }
            }
            return SimResponse.Json(202, new JsonObject { ["count"] = results.Count, ["results"] = results });
        }

        static JsonObject JobProgress(SimulatedDrsJob job, DrsJobState s, DateTimeOffset now)
        {
            bool str = job.NumbersAsStrings;
            long delaySeconds = (long)Math.Round(s.DelaySeconds, MidpointRounding.AwayFromZero);
            var o = new JsonObject
            {
                ["job_id"] = job.JobId,
                ["progress"] = Number(Timeline.Reported(s.Percent), str),
                ["incre_trans_delay"] = Number(delaySeconds, str),
            };
            if (job.IncludeDelayMillis)
                o["incre_trans_delay_millis"] = (long)Math.Round(s.DelaySeconds * 1000, MidpointRounding.AwayFromZero);
            o["task_mode"] = job.TaskMode;
            o["transfer_status"] = s.TransferStatus;
            o["process_time"] = Number(now.ToUnixTimeMilliseconds(), str);
            if (s.RemainingSeconds is double remaining)
                o["remaining_time"] = Number(Seconds(remaining), str);

            // Structure finishes at 10% of the run, indexes run over its last 20%, data over all of it.
            double? dataLeft = s.RemainingSeconds;
            double? structureLeft = dataLeft is null ? null : Math.Max(0, dataLeft.Value - job.Behavior.FullSyncSeconds * 0.9);
            o["progress_map"] = new JsonObject
            {
                ["data"] = Part(Timeline.Reported(s.Percent), dataLeft, str),
                ["structure"] = Part(Timeline.Reported(s.StructurePercent), structureLeft, str),
                ["index"] = Part(Timeline.Reported(s.IndexPercent), dataLeft, str),
            };
            return o;
        }

        static JsonObject Part(long completed, double? remainingSeconds, bool str)
        {
            var part = new JsonObject { ["completed"] = Number(completed, str) };
            if (remainingSeconds is double r) part["remaining_time"] = Number(Seconds(r), str);
            return part;
        }

        static long Seconds(double value) => (long)Math.Ceiling(value - 1e-9);

        SimResponse ShowDrsObjects(SimRequest request)
        {
            string type = request.Route.ObjectType;
            if (!DrsObjectTypes.All.Contains(type))
                return SimResponse.Error(400, "DRS.M00001", $"Invalid object type '{type}'. Use one of: {string.Join(", ", DrsObjectTypes.All)}.");
            if (!TryParseInt(request.QueryValue("limit"), 10, out int limit) || limit < 1 || limit > 1000)
                return SimResponse.Error(400, "DRS.M00217", "Invalid limit: it must be an integer from 1 to 1000.");
            if (!TryParseInt(request.QueryValue("offset"), 0, out int offset))
                return SimResponse.Error(400, "DRS.M00217", "Invalid offset: it must be an integer of 0 or more.");

            var job = _scenario.FindDrsJob(request.Route.Id);
            if (job == null) return SimResponse.Error(400, "DRS.M05003", "Task information not found.");

            var now = _clock.Now;
            double percent = Timeline.Drs(job, (now - _clock.Start).TotalSeconds).Percent;
            long total = job.Objects.TryGetValue(type, out var n) ? n : 0;
            string search = request.QueryValue("search_name");
            var rows = new JsonArray();
            long count;

            if (string.IsNullOrEmpty(search))
            {
                count = total;
                for (long i = offset; i < total && i < (long)offset + limit; i++)
                    rows.Add(ObjectRow(type, i, total, percent));
            }
            else
            {
                // Only the names are generated to filter; rows are built for the requested page alone.
                count = 0;
                for (long i = 0; i < total; i++)
                {
                    if (ObjectName(type, i).IndexOf(search, StringComparison.OrdinalIgnoreCase) < 0) continue;
                    if (count >= offset && count < (long)offset + limit) rows.Add(ObjectRow(type, i, total, percent));
                    count++;
                }
            }
            return SimResponse.Json(200, new JsonObject
            {
                ["count"] = count,
                ["create_time"] = EpochMs(now),
                ["flow_compare_data"] = rows,
            });
        }

        /// <summary>The name of object <paramref name="index"/> of a type, e.g. table_000042.</summary>
        public static string ObjectName(string type, long index) => type + "_" + index.ToString("D6", CultureInfo.InvariantCulture);

        public static string ObjectDatabase(long index) => "db" + (index % 7).ToString(CultureInfo.InvariantCulture);

        static JsonObject ObjectRow(string type, long index, long total, double jobPercent) => new()
        {
            ["src_db"] = ObjectDatabase(index),
            ["src_tb"] = ObjectName(type, index),
            ["dst_db"] = ObjectDatabase(index),
            ["dst_tb"] = ObjectName(type, index),
            ["progress"] = Timeline.ObjectProgress(jobPercent, index, total),
        };
    }
}
