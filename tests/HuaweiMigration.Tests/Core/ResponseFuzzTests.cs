using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;
using HuaweiMigration.Iam;
using Xunit;
using Xunit.Abstractions;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>
    /// Feeds every response parser random and mutated bodies. Each must end in a result or a HuaweiApiException
    /// (InvalidResponse), never another exception and never a hang. Replay a failure with HUAWEIMIGRATION_FUZZ_SEED;
    /// HUAWEIMIGRATION_FUZZ_CASES changes the number of mutated cases per parser (default 10,000).
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class ResponseFuzzCollection
    {
        /// <summary>The fuzz keeps a core busy for seconds; alone, it cannot slow the engine tests' timing checks.</summary>
        public const string Name = "Response fuzzing (CPU-bound, runs alone)";
    }

    [Collection(ResponseFuzzCollection.Name)]
    public class ResponseFuzzTests
    {
        readonly ITestOutputHelper _output;
        public ResponseFuzzTests(ITestOutputHelper output) { _output = output; }

        public static IEnumerable<object[]> Targets => FuzzTargets.All.Select(t => new object[] { t.Name });

        [Theory]
        [MemberData(nameof(Targets))]
        public void EveryBodyEndsInAResultOrOneClearError(string target)
        {
            var t = FuzzTargets.All.Single(x => x.Name == target);
            int seed = FuzzSeed.Value;
            _output.WriteLine($"HUAWEIMIGRATION_FUZZ_SEED={seed} ({FuzzSeed.Source}); target {t.Name}");
            var report = FuzzRunner.Run(t, seed, FuzzSeed.Cases, TimeSpan.FromSeconds(5));
            _output.WriteLine(report.Summary);
            if (report.Failure != null) Assert.Fail(report.Failure);
            Assert.True(report.Cases >= FuzzSeed.Cases, $"only {report.Cases} cases ran");
            Assert.True(report.Results > 0 && (report.Rejections > 0 || !t.MayReject),
                $"the mutations should give both results and rejections (seed {seed}): {report.Summary}");
        }

        [Fact]
        public void TheHarnessCatchesAStrayExceptionTypeWithTheSeedInTheMessage()
        {
            // A parser that lets a KeyNotFoundException escape for bodies without "count".
            var broken = new FuzzTarget("broken", FuzzTargets.All[0].Seeds, body =>
            {
                using var doc = JsonDocument.Parse(body);
                return doc.RootElement.GetProperty("count").GetRawText();
            }, expectsThrow: false);
            var report = FuzzRunner.Run(broken, 12345, 200, TimeSpan.FromSeconds(5));
            Assert.NotNull(report.Failure);
            Assert.Contains("HUAWEIMIGRATION_FUZZ_SEED=12345", report.Failure);
            Assert.Contains("case ", report.Failure);
        }

        [Fact]
        public void TheHarnessCatchesAHang()
        {
            var hanging = new FuzzTarget("hanging", FuzzTargets.All[0].Seeds, body =>
            {
                if (body.Length > 0 && body[0] == 0xEF) Thread.Sleep(1500);
                return null;
            }, expectsThrow: false);
            var report = FuzzRunner.Run(hanging, 7, 400, TimeSpan.FromMilliseconds(300));
            Assert.NotNull(report.Failure);
            Assert.Contains("did not finish within", report.Failure);
            Assert.Contains("HUAWEIMIGRATION_FUZZ_SEED=7", report.Failure);
        }

        [Fact]
        public void TheSameSeedGivesTheSameBodies()
        {
            var seeds = FuzzTargets.All.Single(t => t.Name == "DrsClient.ParseBatch").Seeds;
            var a = new BodyMutator(new Random(99), seeds);
            var b = new BodyMutator(new Random(99), seeds);
            for (int i = 0; i < 300; i++)
                Assert.Equal(a.Next().Body, b.Next().Body);
        }
    }

    /// <summary>What the fuzz found: reader messages quoted the body (megabytes of it, Redis passwords included).</summary>
    public class ParserErrorMessageTests
    {
        [Fact]
        public void ABadLiteralNeverQuotesTheRestOfTheBody()
        {
            string body = "{\"task_id\":\"t\",\"source_instance\":{\"db\":nul,\"password\":\"Redis-Pw-123\"," + "\"x\":\"" + new string('y', 100_000) + "\"}}";
            var ex = Assert.Throws<HuaweiApiException>(() => DcsClient.ParseTask(Encoding.UTF8.GetBytes(body), "rid"));
            Assert.Equal("InvalidResponse", ex.ErrorCode);
            Assert.DoesNotContain("Redis-Pw-123", ex.ToString());
            Assert.True(ex.Message.Length < 400, ex.Message);
            Assert.Contains("$.source_instance.db", ex.Message);
            Assert.Contains("request id rid", ex.Message);
        }

        [Fact]
        public void AnHtmlPageWithStatus200SaysWhatItStartsWith()
        {
            var ex = Assert.Throws<HuaweiApiException>(() => DcsClient.ParseStats("t", Encoding.UTF8.GetBytes("<html><body>maintenance</body></html>"), DateTimeOffset.Now));
            Assert.True(ex.Message.Contains("'<' is an invalid start of a value"), ex.Message);
        }

        [Fact]
        public void ALoneSurrogateInAnErrorBodyFallsBackToTheStatus()
        {
            var ex = ApiErrorParser.Parse(503, Encoding.UTF8.GetBytes("{\"\\ud800\":1,\"error_code\":\"X\"}"), "hdr");
            Assert.Equal("Http503", ex.ErrorCode);
            Assert.Equal("hdr", ex.RequestId);
        }
    }

    static class FuzzSeed
    {
        static readonly Lazy<(int Seed, string Source)> _seed = new Lazy<(int, string)>(() =>
        {
            string text = Environment.GetEnvironmentVariable("HUAWEIMIGRATION_FUZZ_SEED");
            if (!string.IsNullOrWhiteSpace(text) && int.TryParse(text.Trim(), out int fixedSeed)) return (fixedSeed, "from the environment");
            return (RandomNumberGenerator.GetInt32(int.MaxValue), "fresh");
        });

        public static int Value => _seed.Value.Seed;
        public static string Source => _seed.Value.Source;

        public static int Cases =>
            int.TryParse(Environment.GetEnvironmentVariable("HUAWEIMIGRATION_FUZZ_CASES"), out int n) && n > 0 ? n : 10_000;
    }

    /// <summary>One parser under test: it returns a result (any object) or throws.</summary>
    sealed class FuzzTarget
    {
        public FuzzTarget(string name, byte[][] seeds, Func<byte[], object> parse, bool expectsThrow = true)
        {
            Name = name; Seeds = seeds; Parse = parse; MayReject = expectsThrow;
        }

        public string Name { get; }
        public byte[][] Seeds { get; }
        public Func<byte[], object> Parse { get; }
        /// <summary>False for ApiErrorParser, which must always return.</summary>
        public bool MayReject { get; }
    }

    static class FuzzTargets
    {
        static byte[] B(string s) => Encoding.UTF8.GetBytes(s);
        /// <summary>
        /// The Redis password in the task details seed: no rejection may quote it, except after a splice, which can move
        /// it into a field whose converter rightly quotes a bad value.
        /// </summary>
        public const string SeedPassword = "DCStest123";
        static readonly string[] BatchIds = { "j1", "j2", "j3", "j4" };

        const string TaskJson = """
            { "task_name": "migration1", "task_id": "a276c1ffa0a54c2597fc824b917db317", "status": "TERMINATING", "description": "x",
              "migration_type": "online_migration", "migration_method": "incremental_migration", "data_source": "self_build_redis",
              "ecs_tenant_private_ip": "10.0.0.9", "network_type": "vpc", "version": "4.0", "resume_mode": "auto",
              "backup_files": { "file_source": "self_build_obs", "bucket_name": "b", "backup_id": "1",
                "files": [ { "file_name": "dump.rdb", "size": "1024", "update_at": "2019/10/22 14:44:30" }, { "file_name": "b.aof", "size": 7, "update_at": 1686038576882 } ] },
              "source_instance": { "addrs": "192.168.1.2:6379", "id": "86157b69", "name": "dcs-test", "ip": "192.168.1.2", "port": "6379", "proxy_multi_db": false, "password": "DCStest123", "task_status": "RUNNING", "db": "0" },
              "target_instance": { "addrs": "192.168.1.3:6379", "id": "86157b6e", "name": "test-instance", "ip": "192.168.1.3", "port": 6380, "proxy_multi_db": "true", "password": "DCStest123", "task_status": "RUNNING", "db": "0" },
              "created_at": "2019/10/22 14:44:30", "updated_at": "2019-10-22T18:00:00Z", "released_at": "", "bandwidth_limit_mb": "100",
              "supported_features": ["a", "b"], "tenant_vpc_id": "v", "tenant_subnet_id": "s", "tenant_security_group_id": "g", "task_status": "RUNNING" }
            """;

        const string ListJson = """
            { "count": 3, "migration_tasks": [
              { "task_id": "t1", "task_name": "orders", "status": "SUCCESS", "migration_type": "online_migration", "migration_method": "full_amount_migration",
                "data_source": "redis", "source_instance_name": "src-1", "target_instance_name": "dst-1", "created_at": "2019/10/22 14:44:30" },
              { "task_id": "t2", "task_name": "sessions", "status": "INCRMIGEATING", "migration_type": "online_migration", "migration_method": "incremental_migration",
                "source_instance_name": "src-2", "target_instance_name": "dst-2", "created_at": "2020/01/01 00:00:00", "updated_at": "2020/01/01 00:05:00" },
              null ] }
            """;

        const string StatsJson = """
            { "full_migration_progress": 100, "offset": 100, "source_dbsize": 531221, "target_dbsize": 531211, "target_input_kbps": 50.5, "target_ops": 5300, "is_migrating": true }
            """;

        const string StatsStringsJson = """
            { "full_migration_progress": "42.5", "offset": "100", "source_dbsize": "531221", "target_dbsize": "", "target_input_kbps": "50", "target_ops": "5300", "is_migrating": "false" }
            """;

        const string BatchJson = """
            {"count":3,"results":[
              {"job_id":"j2","error_code":"DRS.M05003","error_msg":"Task information not found."},
              {"job_id":"j1","progress":"42","incre_trans_delay":"7","incre_trans_delay_millis":6500,"task_mode":"FULL_INCR_TRANS",
               "transfer_status":"FULL_TRANSFER_STARTED","process_time":"1686038576882","remaining_time":"120",
               "progress_map":{"data":{"completed":"40","remaining_time":"100"},"structure":{"completed":100,"remaining_time":"0"}}},
              {"job_id":"j3","progress":7.5,"incre_trans_delay":3,"task_mode":"FULL_TRANS","transfer_status":"FULL_TRANSFER_STARTED","remaining_time":"unknown",
               "progress_map":[{"name":"index","completed":"1"},{"completed":2}]}
            ]}
            """;

        const string ObjectsJson = """
            { "count": 2500, "create_time": "1686038576882", "flow_compare_data": [
              { "src_db": "db0", "src_tb": "table_000000", "dst_db": "db0", "dst_tb": "table_000000", "progress": "10" },
              { "src_db": "db1", "src_tb": "table_000001", "dst_db": "db1", "dst_tb": "table_000001", "progress": 100 } ] }
            """;

        const string ErrorJson = """{ "error_code": "DCS.4133", "error_msg": "Instance job is not found.", "error_ext_msg": null, "request_id": "abc123" }""";
        const string IamErrorJson = """{ "error": { "code": 401, "message": "The username or password is wrong.", "title": "Unauthorized" } }""";
        const string CodeMessageJson = """{ "code": "APIG.0308", "message": "The request is throttled." }""";
        const string HtmlBody = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body>\r\n</html>\r\n";

        const string TokenJson = """
            { "token": { "expires_at": "2030-01-02T03:04:05.000000Z", "issued_at": "2030-01-01T03:04:05.000000Z", "methods": ["password"],
              "project": { "id": "0123456789abcdef0123456789abcdef", "name": "cn-north-4", "domain": { "id": "d", "name": "demo" } },
              "user": { "id": "u", "name": "admin", "domain": { "id": "d", "name": "demo" }, "password_expires_at": "" },
              "roles": [ { "id": "0", "name": "op_service" } ], "catalog": [] } }
            """;

        const string ProjectsJson = """
            { "projects": [ { "id": "0123456789abcdef0123456789abcdef", "name": "cn-north-4", "enabled": true, "is_domain": false, "description": "" } ],
              "links": { "self": "https://iam.example/v3/projects" } }
            """;

        static readonly byte[][] DcsSeeds = { B(TaskJson), B(ListJson), B(StatsJson), B(StatsStringsJson) };
        static readonly byte[][] DrsSeeds = { B(BatchJson), B(ObjectsJson) };

        public static readonly FuzzTarget[] All =
        {
            new FuzzTarget("DcsClient.ParseTask", new[] { B(TaskJson), B(ListJson) }, body => DcsClient.ParseTask(body, "rid")),
            new FuzzTarget("DcsClient.ParseStats", new[] { B(StatsJson), B(StatsStringsJson) }, body => DcsClient.ParseStats("t1", body, DateTimeOffset.Now, "rid")),
            new FuzzTarget("DcsClient.ParseTaskList", new[] { B(ListJson), B(TaskJson) }, body =>
            {
                var page = DcsClient.ParseTaskList(body, "rid");
                Assert.NotNull(page.Tasks);
                Assert.DoesNotContain(null, page.Tasks);
                return page.Tasks;
            }),
            new FuzzTarget("DrsClient.ParseBatch", new[] { B(BatchJson) }, body =>
            {
                var results = DrsClient.ParseBatch(BatchIds, body, DateTimeOffset.Now, "rid");
                Assert.Equal(BatchIds, results.Select(r => r.JobId));
                Assert.All(results, r => Assert.True((r.Progress == null) != (r.Error == null), "each job has exactly one of progress and error"));
                return results;
            }),
            new FuzzTarget("DrsClient.ParseObjectPage", new[] { B(ObjectsJson) }, body =>
            {
                var page = DrsClient.ParseObjectPage("j1", "table", body, "rid");
                Assert.NotNull(page.Rows);
                return page;
            }),
            new FuzzTarget("ApiErrorParser.Parse", new[] { B(ErrorJson), B(IamErrorJson), B(CodeMessageJson), B(HtmlBody) }, body =>
            {
                int status = 400 + (body.Length % 5) * 25 + (body.Length % 2);
                var ex = ApiErrorParser.Parse(status, body, "header-rid");
                Assert.NotNull(ex);
                Assert.False(string.IsNullOrEmpty(ex.ErrorCode));
                Assert.False(string.IsNullOrEmpty(ex.Message));
                Assert.Equal(status, ex.StatusCode);
                Assert.False(string.IsNullOrEmpty(ex.RequestId));
                return ex;
            }, expectsThrow: false),
            // IAM parses inline (PasswordCredential, IamClient); this mirrors those lines over the same wire types.
            new FuzzTarget("IAM token", new[] { B(TokenJson) }, body =>
            {
                var parsed = WireJson.Parse(body, WireJsonContext.Default.TokenResponseWire, "IAM token", "rid");
                var expires = ServiceTime.ParseDate(parsed.Token?.ExpiresAt);
                return (expires, parsed.Token?.Project?.Id);
            }),
            new FuzzTarget("IAM projects", new[] { B(ProjectsJson) }, body =>
            {
                var list = WireReader.ProjectList(body, "IAM project list", "rid");
                return (list.Projects ?? new List<ProjectWire>()).Where(p => p != null && !string.IsNullOrEmpty(p.Id)).ToList();
            }),
        };

        /// <summary>Seeds of every target, for splicing bodies across APIs.</summary>
        public static byte[][] Everything => DcsSeeds.Concat(DrsSeeds).Concat(new[] { B(ErrorJson), B(TokenJson), B(ProjectsJson) }).ToArray();
    }

    sealed class FuzzReport
    {
        public int Cases, Results, Rejections;
        public TimeSpan Slowest;
        public string SlowestHow;
        public string Failure;
        public Dictionary<string, int> ByKind = new Dictionary<string, int>();
        public Dictionary<string, TimeSpan> TimeByKind = new Dictionary<string, TimeSpan>();

        public string Summary =>
            $"{Cases} cases: {Results} results, {Rejections} rejections; slowest {Slowest.TotalMilliseconds:0} ms ({SlowestHow}); " +
            string.Join(", ", ByKind.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value} ({(TimeByKind.TryGetValue(k.Key, out var t) ? t.TotalMilliseconds : 0):0} ms)"));
    }

    static class FuzzRunner
    {
        /// <summary>
        /// Runs every prefix of every seed, then <paramref name="cases"/> mutated bodies, on a worker thread that a
        /// watchdog checks: a case that runs longer than <paramref name="caseLimit"/> fails the run.
        /// </summary>
        public static FuzzReport Run(FuzzTarget target, int seed, int cases, TimeSpan caseLimit)
        {
            var report = new FuzzReport();
            var random = new Random(Mix(seed, target.Name));
            var mutator = new BodyMutator(random, target.Seeds);
            long caseStarted = 0;
            int caseIndex = -1;
            string caseHow = null;
            byte[] caseBody = null;
            var done = new ManualResetEventSlim();

            string Describe(int index, string how, byte[] body) =>
                $"Fuzz target {target.Name}, case {index} ({how}), HUAWEIMIGRATION_FUZZ_SEED={seed} replays it. " +
                $"Body: {body?.Length ?? 0} bytes, first 300 as base64: {Convert.ToBase64String(body ?? new byte[0], 0, Math.Min(300, body?.Length ?? 0))}";

            var worker = new Thread(() =>
            {
                try
                {
                    var systematic = target.Seeds.SelectMany((s, si) => Enumerable.Range(0, s.Length).Select(n => (Body: s.Take(n).ToArray(), How: $"seed {si} cut at {n}")));
                    var mutated = Enumerable.Range(0, cases).Select(_ => mutator.Next());
                    int index = 0;
                    foreach (var (body, how) in systematic.Concat(mutated))
                    {
                        caseHow = how; caseBody = body;
                        Volatile.Write(ref caseIndex, index);
                        Volatile.Write(ref caseStarted, Stopwatch.GetTimestamp());
                        string kind = how.Split(' ')[0];
                        report.ByKind[kind] = report.ByKind.TryGetValue(kind, out int k) ? k + 1 : 1;
                        try
                        {
                            var result = target.Parse(body);
                            Touch(result, 0);
                            report.Results++;
                        }
                        catch (HuaweiApiException ex) when (target.MayReject && ex.ErrorCode == "InvalidResponse" && ex.Category == ApiErrorCategory.InvalidResponse &&
                                                            ex.RequestId == "rid" && !string.IsNullOrWhiteSpace(ex.Message) && ex.Message.Length < 2000 &&
                                                            (kind == "splice" || !ex.ToString().Contains(FuzzTargets.SeedPassword)))
                        {
                            report.Rejections++;
                        }
                        catch (Exception ex)
                        {
                            report.Failure = Describe(index, how, body) + Environment.NewLine + "Threw " + ex;
                            return;
                        }
                        var elapsed = Stopwatch.GetElapsedTime(caseStarted);
                        report.TimeByKind[kind] = (report.TimeByKind.TryGetValue(kind, out var t) ? t : TimeSpan.Zero) + elapsed;
                        if (elapsed > report.Slowest) { report.Slowest = elapsed; report.SlowestHow = how; }
                        if (elapsed > caseLimit)
                        {
                            report.Failure = Describe(index, how, body) + $"{Environment.NewLine}The case did not finish within {caseLimit.TotalSeconds} s (took {elapsed.TotalSeconds:0.0} s).";
                            return;
                        }
                        report.Cases = ++index;
                    }
                }
                finally
                {
                    Volatile.Write(ref caseStarted, 0);
                    done.Set();
                }
            }) { IsBackground = true, Name = "fuzz " + target.Name };
            worker.Start();

            while (!done.Wait(50))
            {
                long started = Volatile.Read(ref caseStarted);
                if (started != 0 && Stopwatch.GetElapsedTime(started) > caseLimit + TimeSpan.FromMilliseconds(200))
                {
                    // The worker is stuck in one case; leave it (a background thread) and report the case.
                    return new FuzzReport
                    {
                        Cases = Volatile.Read(ref caseIndex),
                        Failure = Describe(Volatile.Read(ref caseIndex), caseHow, caseBody) + $"{Environment.NewLine}The case did not finish within {caseLimit.TotalSeconds} s (hang).",
                    };
                }
            }
            return report;
        }

        /// <summary>A stable mix of the seed and the target's name (string.GetHashCode differs between processes).</summary>
        static int Mix(int seed, string name)
        {
            uint h = 2166136261;
            foreach (char c in name) h = (h ^ c) * 16777619;
            return (int)(h ^ (uint)seed) & int.MaxValue;
        }

        /// <summary>Reads every public property of a result, so a getter that throws on odd data fails the case.</summary>
        static void Touch(object o, int depth)
        {
            if (o == null || depth > 6 || o is string || o.GetType().IsPrimitive || o is Exception) return;
            if (o is IEnumerable items)
            {
                foreach (var item in items.Cast<object>().Take(20)) Touch(item, depth + 1);
                return;
            }
            _ = o.ToString();
            var type = o.GetType();
            if (type.FullName.StartsWith("System.ValueTuple", StringComparison.Ordinal))
            {
                foreach (var f in type.GetFields()) Touch(f.GetValue(o), depth + 1);
                return;
            }
            if (type.Namespace == null || !type.Namespace.StartsWith("HuaweiMigration", StringComparison.Ordinal)) return;
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (p.GetIndexParameters().Length > 0) continue;
                object value;
                try { value = p.GetValue(o); }
                catch (TargetInvocationException ex) { throw new InvalidOperationException($"{type.Name}.{p.Name} threw", ex.InnerException); }
                Touch(value, depth + 1);
            }
        }
    }

    /// <summary>Makes bodies from seeds: truncations, wrong types, huge numbers, deep nesting, bad bytes, BOMs, duplicate keys, giant strings.</summary>
    sealed class BodyMutator
    {
        readonly Random _r;
        readonly byte[][] _seeds;
        readonly JsonNode[] _trees;

        static readonly string DeepArray = new string('[', 10_000) + new string(']', 10_000);
        static readonly string DeepObject = string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000);
        static readonly string DeepOpen = new string('[', 10_000);
        static readonly string DeepMixed = string.Concat(Enumerable.Repeat("[{\"progress_map\":", 5_000)) + "null" + string.Concat(Enumerable.Repeat("}]", 5_000));

        static readonly string[] Odd =
        {
            "{}", "[]", "true", "false", "null", "\"\"", "\"x\"", "0", "-0", "-0.0", "1.5", "-1",
            "1e400", "-1e400", "1e-400", "99999999999999999999999", "-99999999999999999999999",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1.7976931348623157e308", "4.9e-324",
            "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e400\"", "\"99999999999999999999999\"", "\"-0\"", "\"9223372036854775808\"",
            "\" 42 \"", "\"42%\"", "\"0x1F\"", "\"\u0661\u0662\"", "\"1,000\"", "\"true\"", "\"1\"", "\"2\"", "\"null\"",
            "{\"a\":1}", "[1,2]", "[null]", "[{}]", "[[]]", "{\"completed\":\"x\"}", "[\"a\",1,true,null,{}]",
            "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\uD83D\\uDE00\"", "\"\\u00e9\\n\\t\\\"\"",
            "\"2019/13/45 25:61:61\"", "\"9999/12/31 23:59:59\"", "\"0001/01/01 00:00:00\"", "\"253402300799999\"", "\"-62135596800001\"",
            "253402300800000", "\"1686038576882\"", "\"10000-01-01T00:00:00Z\"",
            "NaN", "Infinity", "undefined", "'single'", "0x10", "01", "+1", ".5", "1.", "1e", "--1", "tru", "nul",
        };

        static readonly byte[][] BadUtf8 =
        {
            new byte[] { 0xC0, 0x80 }, new byte[] { 0xC3 }, new byte[] { 0xE2, 0x82 }, new byte[] { 0xED, 0xA0, 0x80 },
            new byte[] { 0xF4, 0x90, 0x80, 0x80 }, new byte[] { 0xF8, 0x88, 0x80, 0x80, 0x80 }, new byte[] { 0x80 }, new byte[] { 0xBF, 0xBF },
            new byte[] { 0xFE }, new byte[] { 0xFF }, new byte[] { 0x00 }, new byte[] { 0x1F }, new byte[] { 0xEF, 0xBB, 0xBF },
        };

        static readonly byte[][] Boms =
        {
            new byte[] { 0xEF, 0xBB, 0xBF }, new byte[] { 0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF }, new byte[] { 0xFE, 0xFF }, new byte[] { 0xFF, 0xFE },
            new byte[] { 0x00, 0x00, 0xFE, 0xFF }, new byte[] { 0xEF, 0xBB }, new byte[] { 0xEF, 0xBB, 0xBF, 0x20, 0x0A },
        };

        static readonly string[] GiantStrings =
        {
            "\"" + new string('a', 1 << 20) + "\"",
            "\"" + new string('b', 1 << 16) + "\"",
            "\"" + string.Concat(Enumerable.Repeat("\\u00e9\\\"", 1 << 13)) + "\"",
            "\"" + new string('9', 100_000) + "\"",
            new string('9', 50_000),
            "[" + string.Join(",", Enumerable.Repeat("{}", 20_000)) + "]",
            "[" + string.Join(",", Enumerable.Repeat("null", 50_000)) + "]",
        };

        public BodyMutator(Random random, byte[][] seeds)
        {
            _r = random;
            _seeds = seeds;
            _trees = seeds.Select(s => { try { return JsonNode.Parse(s); } catch (JsonException) { return null; } }).ToArray();
        }

        public (byte[] Body, string How) Next()
        {
            int si = _r.Next(_seeds.Length);
            byte[] seed = _seeds[si];
            int kind = _r.Next(100);
            if (kind < 10) { int n = _r.Next(seed.Length + 1); return (Cut(seed, n), $"truncate seed {si} at {n}"); }
            if (kind < 18) return StructuralTruncation(seed, si);
            if (kind < 55 && _trees[si] != null) return Tree(si);
            if (kind < 65) return (Flip(seed), $"bytes seed {si}");
            if (kind < 72) return (InvalidUtf8(seed), $"utf8 seed {si}");
            if (kind < 78) return Bom(seed, si);
            if (kind < 83) return Random();
            if (kind < 87) return Deep();
            if (kind < 91) return Splice(seed, si);
            if (kind < 95) return Literal();
            if (kind < 99 && _trees[si] != null)
            {
                // A mutated tree, then cut: wrong types and truncation together.
                var (body, how) = Tree(si);
                int n = _r.Next(body.Length + 1);
                return (Cut(body, n), how.Replace("tree", "treecut") + $" cut at {n}");
            }
            return Giant(si);
        }

        static byte[] Cut(byte[] b, int n) => b.Take(n).ToArray();

        (byte[], string) StructuralTruncation(byte[] seed, int si)
        {
            // Cut just before or after a structural character, inside a string, a number, an escape or a multi-byte character.
            byte[] marks = { (byte)'{', (byte)'[', (byte)':', (byte)',', (byte)'"', (byte)'\\', (byte)'}', (byte)']', (byte)'.', (byte)'e', (byte)'1', (byte)'t', (byte)'n' };
            byte mark = marks[_r.Next(marks.Length)];
            var positions = Enumerable.Range(0, seed.Length).Where(i => seed[i] == mark).ToArray();
            if (positions.Length == 0) return (Cut(seed, _r.Next(seed.Length + 1)), $"truncate seed {si} anywhere");
            int at = positions[_r.Next(positions.Length)] + _r.Next(2);
            return (Cut(seed, at), $"truncate seed {si} at '{(char)mark}' {at}");
        }

        (byte[], string) Tree(int si)
        {
            var sb = new StringBuilder();
            var how = new List<string>();
            double rate = new[] { 0.02, 0.05, 0.15, 0.4 }[_r.Next(4)];
            Write(_trees[si], sb, rate, how, 0);
            if (how.Count == 0) how.Add("none");
            return (Encoding.UTF8.GetBytes(sb.ToString()), $"tree seed {si}: {string.Join(" ", how.Take(6))}");
        }

        void Write(JsonNode node, StringBuilder sb, double rate, List<string> how, int depth)
        {
            if (depth > 0 && _r.NextDouble() < rate)
            {
                int pick = _r.Next(100);
                string replacement = pick < 96 ? Odd[_r.Next(Odd.Length)]
                    : pick < 98 ? new[] { DeepArray, DeepObject, DeepMixed }[_r.Next(3)]
                    : GiantStrings[_r.Next(GiantStrings.Length)];
                how.Add(replacement.Length > 30 ? $"giant/deep({replacement.Length})" : replacement);
                sb.Append(replacement);
                return;
            }
            switch (node)
            {
                case null:
                    sb.Append("null");
                    return;
                case JsonObject o:
                    sb.Append('{');
                    bool first = true;
                    foreach (var kv in o.ToList())
                    {
                        if (_r.NextDouble() < rate / 3) { how.Add("-" + kv.Key); continue; }
                        int copies = _r.NextDouble() < rate / 3 ? 2 : 1;
                        if (copies == 2) how.Add("dup " + kv.Key);
                        for (int c = 0; c < copies; c++)
                        {
                            if (!first) sb.Append(',');
                            first = false;
                            string key = kv.Key;
                            if (_r.NextDouble() < rate / 4) { key = Escape(key); how.Add("escaped " + kv.Key); }
                            else key = JsonSerializer.Serialize(key);
                            sb.Append(key).Append(':');
                            Write(kv.Value, sb, rate, how, depth + 1);
                        }
                    }
                    if (_r.NextDouble() < rate / 4)
                    {
                        if (!first) sb.Append(',');
                        sb.Append("\"").Append(_r.Next(2) == 0 ? new string('k', 70_000) : "unknown").Append("\":").Append(Odd[_r.Next(Odd.Length)]);
                        how.Add("extra key");
                    }
                    sb.Append('}');
                    return;
                case JsonArray a:
                    sb.Append('[');
                    var items = a.ToList();
                    if (items.Count > 0 && _r.NextDouble() < rate / 3) { items.Add(items[_r.Next(items.Count)]); how.Add("dup item"); }
                    for (int i = 0; i < items.Count; i++)
                    {
                        if (i > 0) sb.Append(',');
                        Write(items[i], sb, rate, how, depth + 1);
                    }
                    sb.Append(']');
                    return;
                default:
                    sb.Append(node.ToJsonString());
                    return;
            }
        }

        /// <summary>The key with every character escaped as \uXXXX, which a reader must treat as the same name.</summary>
        static string Escape(string key) => "\"" + string.Concat(key.Select(c => "\\u" + ((int)c).ToString("x4"))) + "\"";

        byte[] Flip(byte[] seed)
        {
            var list = seed.ToList();
            int edits = 1 + _r.Next(8);
            for (int e = 0; e < edits; e++)
            {
                int op = _r.Next(3);
                if (op == 0 && list.Count > 0) list[_r.Next(list.Count)] = (byte)_r.Next(256);
                else if (op == 1) list.Insert(_r.Next(list.Count + 1), (byte)_r.Next(256));
                else if (list.Count > 0) list.RemoveAt(_r.Next(list.Count));
            }
            return list.ToArray();
        }

        byte[] InvalidUtf8(byte[] seed)
        {
            // Inside a string value or key: just after a quote.
            var quotes = Enumerable.Range(0, seed.Length).Where(i => seed[i] == '"').ToArray();
            int at = quotes.Length == 0 ? _r.Next(seed.Length + 1) : quotes[_r.Next(quotes.Length)] + 1;
            var bad = BadUtf8[_r.Next(BadUtf8.Length)];
            return seed.Take(at).Concat(bad).Concat(seed.Skip(at)).ToArray();
        }

        (byte[], string) Bom(byte[] seed, int si)
        {
            var bom = Boms[_r.Next(Boms.Length)];
            int mode = _r.Next(3);
            if (mode == 0) return (bom.Concat(seed).ToArray(), $"bom {BitConverter.ToString(bom)} + seed {si}");
            if (mode == 1) return (bom, $"bom {BitConverter.ToString(bom)} alone");
            // UTF-16 text of the seed behind its BOM: a proxy that re-encoded the body.
            var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(seed))).ToArray();
            return (utf16, $"bom utf16 seed {si}");
        }

        (byte[], string) Random()
        {
            int length = _r.Next(300);
            if (_r.Next(2) == 0)
            {
                var bytes = new byte[length];
                _r.NextBytes(bytes);
                return (bytes, $"random {length} bytes");
            }
            const string alphabet = "{}[]\":,0123456789eE.+-truefalsnl\\u \t\n";
            var chars = new char[length];
            for (int i = 0; i < length; i++) chars[i] = alphabet[_r.Next(alphabet.Length)];
            return (Encoding.UTF8.GetBytes(chars), $"random {length} json chars");
        }

        (byte[], string) Deep()
        {
            string[] bodies = { DeepArray, DeepObject, DeepOpen, DeepMixed, "{\"results\":" + DeepArray + "}", "{\"migration_tasks\":" + DeepObject + "}",
                "{\"progress_map\":" + DeepObject + "}", "{\"error\":" + DeepObject + "}", "{\"token\":" + DeepObject + "}" };
            int i = _r.Next(bodies.Length);
            return (Encoding.UTF8.GetBytes(bodies[i]), $"deep {i}");
        }

        (byte[], string) Splice(byte[] seed, int si)
        {
            var all = FuzzTargets.Everything;
            var other = all[_r.Next(all.Length)];
            int a = _r.Next(seed.Length + 1), b = _r.Next(other.Length + 1);
            return (seed.Take(a).Concat(other.Skip(b)).ToArray(), $"splice seed {si} at {a} with {b}");
        }

        (byte[], string) Literal()
        {
            string[] literals = { "", " ", "\n\t ", "null", "true", "false", "0", "-0", "1e400", "\"str\"", "[]", "{}", "[null]", "[{}]", "{}{}", "{} x", "{\"a\":1,}", "{,}",
                "{/*c*/}", "// x\n{}", "{'a':1}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "\"\\", "\"\\u12", "\"\\uZZZZ\"", "{\"\\ud800\":1}", "\u00a0{}" };
            int i = _r.Next(literals.Length);
            return (Encoding.UTF8.GetBytes(literals[i]), $"literal {i}");
        }

        (byte[], string) Giant(int si)
        {
            int i = _r.Next(GiantStrings.Length);
            string[] shapes = { "{{\"task_id\":{0}}}", "{{\"error_msg\":{0},\"error_code\":{0}}}", "{{\"results\":[{{\"job_id\":\"j1\",\"progress\":{0}}}]}}",
                "{{\"migration_tasks\":{0}}}", "{{\"flow_compare_data\":{0}}}", "{{\"token\":{{\"expires_at\":{0}}}}}", "{{\"projects\":{0}}}", "{0}" };
            int s = _r.Next(shapes.Length);
            return (Encoding.UTF8.GetBytes(string.Format(shapes[s], GiantStrings[i])), $"giant {i} in shape {s}");
        }
    }
}
