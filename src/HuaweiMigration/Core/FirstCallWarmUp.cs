using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;
using HuaweiMigration.Iam;

namespace HuaweiMigration.Core
{
    /// <summary>
    /// Compiles the code of a first request on a thread-pool thread while Connect-HuaweiCloud binds its parameters and
    /// waits for IAM: the real clients (signing, the gate, the capped body read, JSON metadata and parsing, the DCS and
    /// DRS mappings) answered by canned bodies from a handler of its own. A fresh process spends most of its first
    /// answer compiling methods, and the pipeline thread would otherwise compile these one by one after Connect returns.
    /// Nothing leaves the process: no socket, no file, no shared state beyond the runtime's own caches.
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
                try
                {
                    using (var credential = new AccessKeyCredential("WARMUPACCESSKEY00000", "warm-up secret key"))
                    using (var http = new CloudHttpClient(credential, TimeSpan.FromSeconds(30), handler: new CannedAnswers()))
                        step(http, Endpoint).GetAwaiter().GetResult();
                    done++;
                }
                catch (Exception) { /* a cache left cold costs only time */ }
            }
            return done;
        }

        static readonly Uri Endpoint = new Uri("https://warm-up.invalid/");

        internal static readonly IReadOnlyList<Func<CloudHttpClient, Uri, Task>> Steps = new Func<CloudHttpClient, Uri, Task>[]
        {
            async (http, url) =>
            {
                var unproven = await new IamClient(http, url).CheckCredentialAsync("cn-north-4", NullRequestLog.Instance, CancellationToken.None).ConfigureAwait(false);
                if (unproven != null) throw unproven;
            },
            (http, url) => new DcsClient(http, url, "p").GetTaskAsync("t", NullRequestLog.Instance, CancellationToken.None),
            (http, url) => new DcsClient(http, url, "p").GetStatsAsync("t", NullRequestLog.Instance, CancellationToken.None),
            (http, url) => new DcsClient(http, url, "p").ListTasksAsync(0, 10, null, NullRequestLog.Instance, CancellationToken.None),
            (http, url) => new DrsClient(http, url, "p").GetJobProgressAsync(new[] { "j" }, NullRequestLog.Instance, CancellationToken.None),
        };

        /// <summary>Answers every request from memory, by path, as the service would.</summary>
        sealed class CannedAnswers : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                string path = request.RequestUri.AbsolutePath;
                string body = path.EndsWith("/stats", StringComparison.Ordinal) ? Stats
                    : path.EndsWith("/migration-tasks", StringComparison.Ordinal) ? "{\"count\":1,\"migration_tasks\":[" + DcsTask + "]}"
                    : path.IndexOf("/migration-task/", StringComparison.Ordinal) >= 0 ? DcsTask
                    : path.EndsWith("/batch-progress", StringComparison.Ordinal) ? DrsBatch
                    : Projects;
                var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
                response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                response.Headers.TryAddWithoutValidation("X-Request-Id", "warm-up");
                return Task.FromResult(response);
            }
        }

        const string Projects = "{\"projects\":[{\"id\":\"p\",\"name\":\"cn-north-4\"}]}";

        const string DcsTask = "{\"task_id\":\"t\",\"task_name\":\"n\",\"status\":\"FULLMIGRATING\",\"migration_type\":\"online_migration\"," +
            "\"migration_method\":\"full_amount_migration\",\"network_type\":\"vpc\",\"created_at\":\"2026-01-01T00:00:00.000Z\"," +
            "\"updated_at\":\"2026-01-01T00:00:00.000Z\",\"supported_features\":[\"a\"],\"task_status\":\"\"," +
            "\"source_instance\":{\"id\":\"s\",\"name\":\"s\",\"addrs\":\"10.0.0.1:6379\",\"port\":6379,\"proxy_multi_db\":false}," +
            "\"target_instance\":{\"id\":\"d\",\"name\":\"d\",\"addrs\":\"10.0.0.2:6379\"}}";

        const string Stats = "{\"full_migration_progress\":\"50.5\",\"offset\":1,\"source_dbsize\":2,\"target_dbsize\":1," +
            "\"target_input_kbps\":1.5,\"target_ops\":3,\"is_migrating\":true}";

        const string DrsBatch = "{\"count\":1,\"results\":[{\"job_id\":\"j\",\"progress\":\"50\",\"incre_trans_delay\":\"0\"," +
            "\"incre_trans_delay_millis\":\"0\",\"task_mode\":\"FULL_TRANS\",\"transfer_status\":\"FULL_TRANSFER_STARTED\",\"process_time\":\"1\"," +
            "\"remaining_time\":\"1\",\"progress_map\":{\"db\":{\"completed\":\"50\",\"remaining_time\":\"1\"}},\"error_code\":\"\",\"error_msg\":\"\"}]}";
    }
}
