using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using HuaweiMigration.Simulator;
using Xunit;
using static HuaweiMigration.Tests.Simulator.SimulatorTestKit;

namespace HuaweiMigration.Tests.Simulator
{
    public class SimulatorRouteTests
    {
        static string Objects(string jobId, string type, string query = "") => $"v5/{ProjectId}/jobs/{jobId}/progress-data/{type}{query}";

        [Fact]
        public async Task DcsListPagesAndFiltersByName()
        {
            await using var server = await StartAsync();
            var (status, json) = await GetAsync(server, P("migration-tasks"));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(7, json.GetProperty("count").GetInt32());
            Assert.Equal(7, json.GetProperty("migration_tasks").GetArrayLength());

            (_, json) = await GetAsync(server, P("migration-tasks?offset=2&limit=3"));
            Assert.Equal(7, json.GetProperty("count").GetInt32());
            Assert.Equal(new[] { "dcs-fail", "dcs-stall", "dcs-pending" },
                json.GetProperty("migration_tasks").EnumerateArray().Select(t => t.GetProperty("task_id").GetString()));

            (_, json) = await GetAsync(server, P("migration-tasks?name=orde"));
            var task = Assert.Single(json.GetProperty("migration_tasks").EnumerateArray());
            Assert.Equal("orders", task.GetProperty("task_name").GetString());
            Assert.Equal("full_amount_migration", task.GetProperty("migration_method").GetString());
            Assert.Equal("orders-src", task.GetProperty("source_instance_name").GetString());
            Assert.Equal("orders-dcs", task.GetProperty("target_instance_name").GetString());
            Assert.Matches(@"^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}$", task.GetProperty("created_at").GetString());
        }

        [Theory]
        [InlineData("0")]
        [InlineData("1001")]
        [InlineData("ten")]
        public async Task DcsListRejectsBadLimit(string limit)
        {
            await using var server = await StartAsync();
            var (status, json) = await GetAsync(server, P("migration-tasks?limit=" + limit));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("DCS.4800", json.Code());
        }

        [Fact]
        public async Task DcsTaskDetailsCarryPasswords()
        {
            await using var server = await StartAsync();
            var (status, json) = await GetAsync(server, P("migration-task/dcs-complete"));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("dcs-complete", json.GetProperty("task_id").GetString());
            Assert.Equal("src-pass", json.GetProperty("source_instance").GetProperty("password").GetString());
            Assert.Equal("dst-pass", json.GetProperty("target_instance").GetProperty("password").GetString());
            Assert.Equal("10.0.0.1:6379", json.GetProperty("source_instance").GetProperty("addrs").GetString());
            Assert.Equal("6379", json.GetProperty("source_instance").GetProperty("port").GetString());
            Assert.Matches(@"^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}$", json.GetProperty("updated_at").GetString());
        }

        [Theory]
        [InlineData("migration-task/nope")]
        [InlineData("migration-task/nope/stats")]
        public async Task UnknownDcsTaskIs4133(string rest)
        {
            await using var server = await StartAsync();
            var (status, json) = await GetAsync(server, P(rest));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("DCS.4133", json.Code());
            Assert.Equal("Instance job is not found.", json.GetProperty("error_msg").GetString());
        }

        [Theory]
        [InlineData("v2/ffffffffffffffffffffffffffffffff/migration-tasks")]
        [InlineData("v2/0123456789abcdef0123456789abcdef/no-such-thing")]
        [InlineData("v9/whatever")]
        public async Task UnknownApiIsApig0101(string path)
        {
            await using var server = await StartAsync();
            var (status, json) = await GetAsync(server, path);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("APIG.0101", json.Code());
        }

        [Fact]
        public async Task BatchAnswersInRequestOrderWithPerJobErrors()
        {
            await using var server = await StartAsync();
            var (status, json) = await BatchAsync(server, "drs-incr", "missing", "drs-full");
            Assert.Equal(HttpStatusCode.Accepted, status);
            Assert.Equal(3, json.GetProperty("count").GetInt32());
            var results = json.GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(new[] { "drs-incr", "missing", "drs-full" }, results.Select(r => r.GetProperty("job_id").GetString()));
            Assert.Equal("DRS.M05003", results[1].Code());
            Assert.Equal("Task information not found.", results[1].GetProperty("error_msg").GetString());
            Assert.False(results[0].TryGetProperty("error_code", out _));
        }

        [Fact]
        public async Task BatchRejectsMoreThanTenOrNone()
        {
            await using var server = await StartAsync();
            var (status, json) = await BatchAsync(server, Enumerable.Range(0, 11).Select(i => "drs-full").ToArray());
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("DRS.M00001", json.Code());
            (status, json) = await BatchAsync(server, Enumerable.Range(0, 10).Select(i => "drs-full").ToArray());
            Assert.Equal(HttpStatusCode.Accepted, status);
            (status, json) = await BatchAsync(server);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("DRS.M00001", json.Code());
            (status, json) = await SendAsync(server, Signed(server, HttpMethod.Post, $"v3/{ProjectId}/jobs/batch-progress", "{}"));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("DRS.M00001", json.Code());
        }

        [Fact]
        public async Task ObjectsPageDeterministically()
        {
            await using var server = await StartAsync();
            server.At(50);
            var (status, json) = await GetAsync(server, Objects("drs-objects", "table", "?offset=1000&limit=3"));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(120000, json.GetProperty("count").GetInt64());
            Assert.Equal(server.Clock.Now.ToUnixTimeMilliseconds().ToString(), json.GetProperty("create_time").GetString());
            var rows = json.GetProperty("flow_compare_data").EnumerateArray().ToList();
            Assert.Equal(3, rows.Count);
            Assert.Equal("table_001000", rows[0].GetProperty("src_tb").GetString());
            Assert.Equal("table_001000", rows[0].GetProperty("dst_tb").GetString());
            Assert.Equal("db" + (1000 % 7), rows[0].GetProperty("src_db").GetString());
            Assert.Equal(Timeline.ObjectProgress(50, 1001, 120000), rows[1].GetProperty("progress").GetInt32());

            (_, json) = await GetAsync(server, Objects("drs-objects", "view"));
            Assert.Equal(3, json.GetProperty("count").GetInt32());
            Assert.Equal(3, json.GetProperty("flow_compare_data").GetArrayLength());

            (_, json) = await GetAsync(server, Objects("drs-objects", "trigger"));
            Assert.Equal(0, json.GetProperty("count").GetInt32());
        }

        [Fact]
        public async Task ObjectsSearchOverManyRowsIsFast()
        {
            await using var server = await StartAsync();
            var watch = Stopwatch.StartNew();
            var (_, json) = await GetAsync(server, Objects("drs-objects", "table", "?search_name=00012&limit=1000"));
            Assert.InRange(watch.ElapsedMilliseconds, 0, 2000);
            // table_00012x and table_x00012..., e.g. table_000120..000129 and table_100012
            Assert.Equal(json.GetProperty("count").GetInt32(),
                Enumerable.Range(0, 120000).Count(i => $"table_{i:D6}".Contains("00012")));
            Assert.All(json.GetProperty("flow_compare_data").EnumerateArray(),
                r => Assert.Contains("00012", r.GetProperty("src_tb").GetString()));
        }

        [Theory]
        [InlineData("table", "?limit=0", "DRS.M00217")]
        [InlineData("table", "?limit=1001", "DRS.M00217")]
        [InlineData("table", "?offset=-1", "DRS.M00217")]
        [InlineData("tables", "", "DRS.M00001")]
        public async Task ObjectsRejectBadParameters(string type, string query, string code)
        {
            await using var server = await StartAsync();
            var (status, json) = await GetAsync(server, Objects("drs-objects", type, query));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(code, json.Code());
        }

        [Fact]
        public async Task ObjectsOfUnknownJobIsM05003()
        {
            await using var server = await StartAsync();
            var (status, json) = await GetAsync(server, Objects("nope", "table"));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("DRS.M05003", json.Code());
        }

        [Fact]
        public void ScenarioValidationNamesTheProblem()
        {
            var e = Assert.Throws<System.FormatException>(() => Scenario.Parse("""{"drsJobs":[{"jobId":"a","taskMode":"NOPE"}]}"""));
            Assert.Contains("taskMode", e.Message);
            e = Assert.Throws<System.FormatException>(() => Scenario.Parse("""{"dcsTasks":[{"taskId":"a","behavior":{"fullSyncSeconds":0}}]}"""));
            Assert.Contains("fullSyncSeconds", e.Message);
            Scenario.Demo().Validate();
        }

        [Fact]
        public void ReadmeExampleScenarioParses()
        {
            string readme = System.IO.File.ReadAllText(System.IO.Path.Combine(TestPaths.RepoRoot, "src", "HuaweiMigration.Simulator", "README.md"));
            int start = readme.IndexOf("```json\n", System.StringComparison.Ordinal) + 8;
            var scenario = Scenario.Parse(readme.Substring(start, readme.IndexOf("```", start, System.StringComparison.Ordinal) - start));
            Assert.NotEmpty(scenario.DcsTasks);
            Assert.NotEmpty(scenario.DrsJobs);
        }

        [Fact]
        public async Task DemoScenarioServesByDefault()
        {
            await using var server = await SimulatorServer.StartAsync();
            Assert.Equal("127.0.0.1", server.BaseUrl.Host);
            Assert.EndsWith("/", server.BaseUrl.AbsoluteUri);
            var (status, json) = await SendAsync(server, Signed(server, HttpMethod.Get, P("migration-tasks"),
                accessKey: Scenario.DemoAccessKey, secretKey: Scenario.DemoSecretKey));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(4, json.GetProperty("count").GetInt32());
            var (_, batch) = await SendAsync(server, Signed(server, HttpMethod.Post, $"v3/{ProjectId}/jobs/batch-progress",
                JsonSerializer.Serialize(new { jobs = Scenario.Demo().DrsJobs.Select(j => j.JobId) }),
                accessKey: Scenario.DemoAccessKey, secretKey: Scenario.DemoSecretKey));
            Assert.Equal(4, batch.GetProperty("count").GetInt32());
        }
    }
}
