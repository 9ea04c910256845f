using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;

namespace HuaweiMigration.Core
{
    /// <summary>
    /// Compiles the code of a first request (signing, JSON metadata and parsing, the DCS and DRS mappings) on a
    /// thread-pool thread while Connect-HuaweiCloud binds its parameters and waits for IAM. A fresh process spends
    /// most of its first answer compiling methods, and the pipeline thread would otherwise compile these one by one
    /// after Connect returns. Canned answers only: no network, no file, no shared state beyond the runtime's own caches.
    /// </summary>
    internal static class FirstCallWarmUp
    {
        static int _started, _requests;
        static Task _completion = Task.CompletedTask;

        /// <summary>How many times <see cref="Start"/> was called in this process; tests watch it.</summary>
        internal static int StartRequests => Volatile.Read(ref _requests);

        /// <summary>The running or finished warm-up of this process (a completed task before <see cref="Start"/>).</summary>
        internal static Task Completion => Volatile.Read(ref _completion);

        /// <summary>Starts the warm-up once per process; later calls do nothing.</summary>
        public static void Start()
        {
            Interlocked.Increment(ref _requests);
            if (Interlocked.Exchange(ref _started, 1) != 0) return;
            Volatile.Write(ref _completion, Task.Run(() => Run()));
        }

        /// <summary>Runs every step on this thread and returns how many completed; a step that fails is skipped.</summary>
        internal static int Run()
        {
            int done = 0;
            foreach (var step in Steps)
            {
                try { step(); done++; }
                catch (Exception) { /* a cache left cold costs only time */ }
            }
            return done;
        }

        internal static readonly IReadOnlyList<Action> Steps = new Action[]
        {
            () => SdkHmacSha256Signer.Sign("GET", new Uri("https://dcs.warm-up.invalid/v2/p/migration-task/t?offset=0&limit=1"),
                new[] { new KeyValuePair<string, string>("X-Sdk-Date", SdkHmacSha256Signer.FormatDate(DateTime.UtcNow)) },
                null, "WARMUP", Encoding.ASCII.GetBytes("warm-up")),
            () => WireJson.Parse(Bytes("{\"projects\":[{\"id\":\"p\",\"name\":\"cn-north-4\"}]}"), WireJsonContext.Default.ProjectListWire, "warm-up"),
            () => DcsClient.ParseTask(Bytes(DcsTask), null, new FieldTolerance { Required = { "task_id", "status" } }),
            () => DcsClient.ParseTaskList(Bytes("{\"count\":1,\"migration_tasks\":[" + DcsTask + "]}")),
            () => DcsClient.ParseStats("t", Bytes("{\"full_migration_progress\":\"50.5\",\"offset\":1,\"source_dbsize\":2,\"target_dbsize\":1," +
                "\"target_input_kbps\":1.5,\"target_ops\":3,\"is_migrating\":true}"), DateTimeOffset.UtcNow),
            () => DrsClient.ParseBatch(new[] { "j" }, Bytes("{\"count\":1,\"results\":[{\"job_id\":\"j\",\"progress\":\"50\",\"incre_trans_delay\":\"0\"," +
                "\"incre_trans_delay_millis\":\"0\",\"task_mode\":\"FULL_TRANS\",\"transfer_status\":\"FULL_TRANSFER_STARTED\",\"process_time\":\"1\"," +
                "\"remaining_time\":\"1\",\"progress_map\":{\"db\":{\"completed\":\"50\",\"remaining_time\":\"1\"}},\"error_code\":\"\",\"error_msg\":\"\"}]}"),
                DateTimeOffset.UtcNow, null, DrsClient.BatchTolerance()),
        };

        const string DcsTask = "{\"task_id\":\"t\",\"task_name\":\"n\",\"status\":\"FULLMIGRATING\",\"migration_type\":\"online_migration\"," +
            "\"migration_method\":\"full_amount_migration\",\"network_type\":\"vpc\",\"created_at\":\"2026-01-01T00:00:00.000Z\"," +
            "\"updated_at\":\"2026-01-01T00:00:00.000Z\",\"supported_features\":[\"a\"],\"task_status\":\"\"," +
            "\"source_instance\":{\"id\":\"s\",\"name\":\"s\",\"addrs\":\"10.0.0.1:6379\",\"port\":6379,\"proxy_multi_db\":false}," +
            "\"target_instance\":{\"id\":\"d\",\"name\":\"d\",\"addrs\":\"10.0.0.2:6379\"}}";

        static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);
    }
}
