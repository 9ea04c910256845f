using System;
using System.Linq;
using System.Text.Json.Nodes;

namespace HuaweiMigration.Simulator
{
    internal sealed partial class SimulatedCloud
    {
        SimResponse ListDcsTasks(SimRequest request)
        {
            if (!TryParseInt(request.QueryValue("limit"), 10, out int limit) || limit < 1 || limit > 1000)
                return SimResponse.Error(400, "DCS.4800", "Invalid limit: it must be an integer from 1 to 1000.");
            if (!TryParseInt(request.QueryValue("offset"), 0, out int offset))
                return SimResponse.Error(400, "DCS.4800", "Invalid offset: it must be an integer of 0 or more.");

            string name = request.QueryValue("name");
            var matching = _scenario.DcsTasks
                .Where(t => string.IsNullOrEmpty(name) || (t.TaskName ?? "").Contains(name, StringComparison.OrdinalIgnoreCase))
                .ToList();
            double t = T;
            var tasks = new JsonArray();
            foreach (var task in matching.Skip(offset).Take(limit))
                tasks.Add(new JsonObject
                {
                    ["task_id"] = task.TaskId,
                    ["task_name"] = task.TaskName,
                    ["status"] = Timeline.Dcs(task, t).Status,
                    ["migration_type"] = "online_migration",
                    ["migration_method"] = task.MigrationMethod,
                    ["data_source"] = Address(task.SourceInstance),
                    ["source_instance_name"] = task.SourceInstance.Name,
                    ["target_instance_name"] = task.TargetInstance.Name,
                    ["created_at"] = CreatedAt(task),
                });
            return SimResponse.Json(200, new JsonObject { ["count"] = matching.Count, ["migration_tasks"] = tasks });
        }

        SimResponse ShowDcsTask(SimRequest request)
        {
            var task = _scenario.FindDcsTask(request.Route.Id);
            if (task == null) return DcsTaskNotFound();
            double t = T;
            var state = Timeline.Dcs(task, t);
            return SimResponse.Json(200, new JsonObject
            {
                ["task_name"] = task.TaskName,
                ["task_id"] = task.TaskId,
                ["status"] = state.Status,
                ["migration_type"] = "online_migration",
                ["migration_method"] = task.MigrationMethod,
                ["network_type"] = "vpc",
                ["ecs_tenant_private_ip"] = "192.168.0.250",
                ["source_instance"] = Instance(task.SourceInstance, state),
                ["target_instance"] = Instance(task.TargetInstance, state),
                ["created_at"] = CreatedAt(task),
                ["updated_at"] = DcsDate(state.FinishedAtSeconds ?? t),
                ["resume_mode"] = "auto",
                ["version"] = "v1",
                ["task_status"] = Timeline.DcsSwitch(task, t),
            });
        }

        SimResponse ShowDcsStats(SimRequest request)
        {
            var task = _scenario.FindDcsTask(request.Route.Id);
            if (task == null) return DcsTaskNotFound();
            var s = Timeline.Dcs(task, T);
            bool str = task.NumbersAsStrings;
            return SimResponse.Json(200, new JsonObject
            {
                ["full_migration_progress"] = Number(Timeline.Reported(s.Percent), str),
                ["offset"] = Number(s.Offset, str),
                ["source_dbsize"] = Number(s.SourceDbSize, str),
                ["target_dbsize"] = Number(s.TargetDbSize, str),
                ["target_input_kbps"] = Number(s.TargetInputKbps, str),
                ["target_ops"] = Number(s.TargetOps, str),
                ["is_migrating"] = s.IsMigrating,
            });
        }

        SimResponse StopDcsTask(SimRequest request)
        {
            var task = _scenario.FindDcsTask(request.Route.Id);
            if (task == null) return DcsTaskNotFound();
            double t = T;
            if (!Timeline.CanStop(task, t))
                return SimResponse.Error(400, "DCS.4127", $"The migration task cannot be stopped in status {Timeline.Dcs(task, t).Status}.");
            task.StoppedAtSeconds = t;
            task.TerminatedAtSeconds = t + _scenario.StopSeconds;
            // The service answers with the task's details, passwords included, in the middle of stopping.
            return ShowDcsTask(request);
        }

        /// <summary>
        /// exchange-ip (only in incremental migration; DCS.4119 otherwise, the simulator's own code) and rollback-ip (only
        /// after a switch succeeded). task_status reads EXCHANGING or ROLLBACKING, then EXCHANGE_SUCCESS or ROLLBACK_SUCCESS.
        /// </summary>
        SimResponse SwitchDcsIp(SimRequest request, bool rollback)
        {
            var task = _scenario.FindDcsTask(request.Route.Id);
            if (task == null) return DcsTaskNotFound();
            double t = T;
            string status = Timeline.Dcs(task, t).Status;
            string switched = Timeline.DcsSwitch(task, t);
            if (!rollback && (status != "INCRMIGEATING" || switched is "EXCHANGING" or "ROLLBACKING" or "EXCHANGE_SUCCESS"))
                return SimResponse.Error(400, "DCS.4119", $"The IP addresses cannot be switched in status {status}{(switched == null ? "" : " (" + switched + ")")}: only during incremental migration.");
            if (rollback && switched != "EXCHANGE_SUCCESS")
                return SimResponse.Error(400, "DCS.4119", $"The IP addresses cannot be rolled back: they are {(switched == null ? "not switched" : switched)}.");
            task.SwitchedAtSeconds = t;
            task.SwitchDoneAtSeconds = t + _scenario.SwitchSeconds;
            task.SwitchIsRollback = rollback;
            return SimResponse.Json(200, new JsonObject());
        }

        static SimResponse DcsTaskNotFound() => SimResponse.Error(400, "DCS.4133", "Instance job is not found.");

        static string Address(RedisInstance instance) => $"{instance.Ip}:{instance.Port}";

        // Tasks were "created" an hour before the scenario started, a minute apart, so listings sort stably.
        string CreatedAt(SimulatedDcsTask task) => DcsDate(-3600 + 60 * _scenario.DcsTasks.IndexOf(task));

        static JsonObject Instance(RedisInstance instance, DcsTaskState state) => new()
        {
            ["addrs"] = Address(instance),
            ["id"] = instance.Id,
            ["name"] = instance.Name,
            ["ip"] = instance.Ip,
            ["port"] = instance.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["proxy_multi_db"] = false,
            ["password"] = instance.Password,
            ["task_status"] = state.IsMigrating ? "RUNNING" : state.Status,
            ["db"] = "0",
        };
    }
}
