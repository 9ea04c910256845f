using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Simulator;

namespace HuaweiMigration.Tests.Simulator
{
    /// <summary>A frozen-clock scenario with one migration of each kind, and a client that signs like the module.</summary>
    internal static class SimulatorTestKit
    {
        public const string ProjectId = "0123456789abcdef0123456789abcdef";
        public const string AccessKey = "TESTAK0000000000";
        public const string SecretKey = "test-secret-key";
        public const string TempAccessKey = "TEMPAK0000000000";
        public const string TempSecretKey = "temp-secret-key";
        public const string SecurityToken = "temporary-security-token";
        public const string StaticToken = "static-token-for-tests";

        public const string ScenarioJson = """
        {
          "region": "cn-north-4", "projectId": "0123456789abcdef0123456789abcdef", "timeScale": 0, "tokenLifetimeSeconds": 3600,
          "credentials": [
            { "accessKey": "TESTAK0000000000", "secretKey": "test-secret-key" },
            { "accessKey": "TEMPAK0000000000", "secretKey": "temp-secret-key", "securityToken": "temporary-security-token" }
          ],
          "users": [ { "domain": "demo-domain", "name": "admin", "password": "s3cret!" } ],
          "tokens": [ "static-token-for-tests" ],
          "dcsTasks": [
            { "taskId": "dcs-complete", "taskName": "orders", "migrationMethod": "full_amount_migration", "keys": 100000,
              "sourceInstance": { "id": "s1", "name": "orders-src", "ip": "10.0.0.1", "port": 6379, "password": "src-pass" },
              "targetInstance": { "id": "t1", "name": "orders-dcs", "ip": "10.0.1.1", "port": 6379, "password": "dst-pass" },
              "behavior": { "kind": "complete", "startAfterSeconds": 10, "fullSyncSeconds": 100 } },
            { "taskId": "dcs-incr", "taskName": "sessions", "migrationMethod": "incremental_migration", "keys": 100000,
              "behavior": { "kind": "complete", "fullSyncSeconds": 100, "initialLagKeys": 8000, "lagHalfLifeSeconds": 10, "finalLagKeys": 0 } },
            { "taskId": "dcs-fail", "taskName": "cache", "keys": 100000, "behavior": { "kind": "fail", "fullSyncSeconds": 100, "failAtPercent": 40 } },
            { "taskId": "dcs-stall", "taskName": "queue", "keys": 100000, "behavior": { "kind": "stall", "fullSyncSeconds": 100, "stallAtPercent": 60 } },
            { "taskId": "dcs-pending", "taskName": "later", "keys": 100000, "behavior": { "kind": "pending" } },
            { "taskId": "dcs-terminated", "taskName": "stopped", "keys": 100000, "behavior": { "kind": "terminated", "stallAtPercent": 25 } },
            { "taskId": "dcs-strings", "taskName": "strings", "keys": 531221, "numbersAsStrings": true, "behavior": { "fullSyncSeconds": 100 } }
          ],
          "drsJobs": [
            { "jobId": "drs-full", "taskMode": "FULL_TRANS", "behavior": { "kind": "complete", "fullSyncSeconds": 200 } },
            { "jobId": "drs-incr", "taskMode": "FULL_INCR_TRANS",
              "behavior": { "kind": "complete", "fullSyncSeconds": 100, "initialDelaySeconds": 120, "delayHalfLifeSeconds": 60, "finalDelaySeconds": 0 } },
            { "jobId": "drs-fail", "taskMode": "FULL_TRANS", "behavior": { "kind": "fail", "fullSyncSeconds": 100, "failAtPercent": 50 } },
            { "jobId": "drs-stall", "taskMode": "FULL_TRANS", "behavior": { "kind": "stall", "fullSyncSeconds": 100, "stallAtPercent": 70 } },
            { "jobId": "drs-pending", "taskMode": "FULL_TRANS", "behavior": { "kind": "pending" } },
            { "jobId": "drs-released", "taskMode": "FULL_INCR_TRANS", "behavior": { "kind": "released" } },
            { "jobId": "drs-numbers", "taskMode": "FULL_INCR_TRANS", "numbersAsStrings": false, "includeDelayMillis": false,
              "behavior": { "fullSyncSeconds": 100, "initialDelaySeconds": 10 } },
            { "jobId": "drs-objects", "taskMode": "FULL_TRANS", "behavior": { "fullSyncSeconds": 100 },
              "objects": { "table": 120000, "view": 3 } }
          ]
        }
        """;

        public static Task<SimulatorServer> StartAsync() => SimulatorServer.StartAsync(Scenario.Parse(ScenarioJson));

        public static HttpClient NewHttpClient(SimulatorServer server, TimeSpan? timeout = null) =>
            new() { BaseAddress = server.BaseUrl, Timeout = timeout ?? TimeSpan.FromSeconds(10) };

        public static string P(string rest) => $"v2/{ProjectId}/{rest}";

        /// <summary>Signs a request the way the module does: Host, X-Sdk-Date and X-Project-Id (plus X-Security-Token).</summary>
        public static HttpRequestMessage Signed(SimulatorServer server, HttpMethod method, string pathAndQuery, string body = null,
            string accessKey = AccessKey, string secretKey = SecretKey, string securityToken = null, DateTime? signedAt = null,
            bool signSecurityToken = true)
        {
            var request = Unsigned(server, method, pathAndQuery, body);
            string date = SdkHmacSha256Signer.FormatDate(signedAt ?? DateTime.UtcNow);
            var headers = new List<KeyValuePair<string, string>>
            {
                new("Host", request.RequestUri!.Authority),
                new("X-Sdk-Date", date),
                new("X-Project-Id", ProjectId),
            };
            request.Headers.TryAddWithoutValidation("X-Sdk-Date", date);
            request.Headers.TryAddWithoutValidation("X-Project-Id", ProjectId);
            if (securityToken != null)
            {
                request.Headers.TryAddWithoutValidation("X-Security-Token", securityToken);
                if (signSecurityToken) headers.Add(new("X-Security-Token", securityToken));
            }
            var signature = SdkHmacSha256Signer.Sign(method.Method, request.RequestUri, headers,
                body == null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(body), accessKey, Encoding.UTF8.GetBytes(secretKey));
            request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
            return request;
        }

        public static HttpRequestMessage WithToken(SimulatorServer server, HttpMethod method, string pathAndQuery, string token = StaticToken, string body = null)
        {
            var request = Unsigned(server, method, pathAndQuery, body);
            request.Headers.TryAddWithoutValidation("X-Auth-Token", token);
            return request;
        }

        public static HttpRequestMessage Unsigned(SimulatorServer server, HttpMethod method, string pathAndQuery, string body = null)
        {
            var request = new HttpRequestMessage(method, new Uri(server.BaseUrl, pathAndQuery));
            if (body != null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            return request;
        }

        /// <summary>Sends a signed request and parses the JSON answer.</summary>
        public static async Task<(HttpStatusCode Status, JsonElement Json)> SendAsync(SimulatorServer server, HttpRequestMessage request)
        {
            using var http = NewHttpClient(server);
            using var response = await http.SendAsync(request);
            string text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
        }

        public static Task<(HttpStatusCode Status, JsonElement Json)> GetAsync(SimulatorServer server, string pathAndQuery) =>
            SendAsync(server, Signed(server, HttpMethod.Get, pathAndQuery));

        public static Task<(HttpStatusCode Status, JsonElement Json)> BatchAsync(SimulatorServer server, params string[] jobIds) =>
            SendAsync(server, Signed(server, HttpMethod.Post, $"v3/{ProjectId}/jobs/batch-progress",
                JsonSerializer.Serialize(new { jobs = jobIds })));

        public static JsonElement Job(JsonElement batch, string jobId) =>
            batch.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("job_id").GetString() == jobId);

        public static string Code(this JsonElement error) => error.GetProperty("error_code").GetString();

        public static long Long(this JsonElement parent, string name)
        {
            var v = parent.GetProperty(name);
            return v.ValueKind == JsonValueKind.String ? long.Parse(v.GetString()) : v.GetInt64();
        }

        public static void Advance(this SimulatorServer server, double seconds) => server.Clock.Advance(TimeSpan.FromSeconds(seconds));

        /// <summary>Moves the frozen clock to t (seconds since the scenario started).</summary>
        public static void At(this SimulatorServer server, double seconds) =>
            server.Clock.Advance(TimeSpan.FromSeconds(seconds) - server.Clock.Elapsed);
    }
}
