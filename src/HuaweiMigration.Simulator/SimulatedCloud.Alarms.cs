using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HuaweiMigration.Simulator
{
    internal sealed partial class SimulatedCloud
    {
        /// <summary>The alarm settings batch-set-smn recorded, per job id.</summary>
        readonly ConcurrentDictionary<string, JsonObject> _alarms = new(StringComparer.Ordinal);

        public JsonObject DrsAlarm(string jobId) => _alarms.TryGetValue(jobId, out var a) ? (JsonObject)a.DeepClone() : null;

        public JsonObject AlarmsAsJson()
        {
            var all = new JsonObject();
            foreach (var pair in _alarms.OrderBy(p => p.Key, StringComparer.Ordinal)) all[pair.Key] = pair.Value.DeepClone();
            return all;
        }

        /// <summary>
        /// POST /v3/{project_id}/jobs/batch-set-smn: at most 10 jobs, each with the job's status and engine type; the
        /// alarm goes to a topic or to e-mail or SMS subscriptions; delay_time 1 to 3600 s. A stopped or unknown job, or
        /// one whose scenario says so, gets an error in its own entry (the codes for those are the simulator's choice).
        /// </summary>
        SimResponse SetDrsAlarms(SimRequest request)
        {
            JsonObject body;
            try
            {
                body = JsonNode.Parse(request.Body) as JsonObject;
            }
            catch (Exception e) when (e is JsonException or ArgumentException)
            {
                body = null;
            }
            if (body?["jobs"] is not JsonArray jobs || jobs.Count == 0)
                return SimResponse.Error(400, "DRS.M00001", "Invalid request: jobs must be a non-empty array.");
            if (jobs.Count > MaxBatchJobs)
                return SimResponse.Error(400, "DRS.M00001", $"Invalid request: at most {MaxBatchJobs} jobs can be set at once.");
            if (jobs.Any(j => j is not JsonObject o || string.IsNullOrEmpty(TryString(o["job_id"])) || string.IsNullOrEmpty(TryString(o["status"])) || string.IsNullOrEmpty(TryString(o["engine_type"]))))
                return SimResponse.Error(400, "DRS.M00001", "Invalid request: each job needs job_id, status and engine_type.");
            if (body["alarm_notify_info"] is not JsonObject info)
                return SimResponse.Error(400, "DRS.M00001", "Invalid request: alarm_notify_info is missing.");
            if (!TryInt(info["delay_time"], out int delay) || delay < 1 || delay > 3600)
                return SimResponse.Error(400, "DRS.M00001", "Invalid request: delay_time must be 1 to 3600 seconds.");
            bool topic = !string.IsNullOrEmpty(TryString(info["topic_urn"]));
            bool subscriptions = info["subscriptions"] is JsonArray subs && subs.Count > 0 && subs.All(s =>
                s is JsonObject so && (TryString(so["protocol"]) is "email" or "sms") && so["endpoints"] is JsonArray e && e.Count > 0);
            if (topic == subscriptions)
                return SimResponse.Error(400, "DRS.M00001", "Invalid request: give topic_urn or subscriptions (protocol email or sms, with endpoints).");

            double t = T;
            var results = new JsonArray();
            foreach (JsonObject j in jobs)
            {
                string id = TryString(j["job_id"]);
                var job = _scenario.FindDrsJob(id);
                string error = null, message = null;
                if (job == null) (error, message) = ("DRS.M05003", "Task information not found.");
                else if (job.AlarmErrorCode != null) (error, message) = (job.AlarmErrorCode, "The alarm cannot be set for this job.");
                else
                {
                    string status = Timeline.Drs(job, t).TransferStatus;
                    if (status.StartsWith("RELEASE_", StringComparison.Ordinal) || status == "DELETED")
                        (error, message) = ("DRS.M05004", "The job is stopped; alarms cannot be set.");
                    else if (job.TaskMode == DrsTaskModes.Full)
                        (error, message) = ("DRS.M05005", "Delay alarms are only for full + incremental jobs.");
                }
                if (error == null)
                {
                    var recorded = (JsonObject)info.DeepClone();
                    recorded["job_status"] = TryString(j["status"]);
                    recorded["engine_type"] = TryString(j["engine_type"]);
                    _alarms[id] = recorded;
                    results.Add(new JsonObject { ["id"] = id, ["status"] = "success" });
                }
                else results.Add(new JsonObject { ["id"] = id, ["status"] = "failed", ["error_code"] = error, ["error_msg"] = message });
            }
            return SimResponse.Json(200, new JsonObject { ["count"] = results.Count, ["results"] = results });
        }
    }
}
