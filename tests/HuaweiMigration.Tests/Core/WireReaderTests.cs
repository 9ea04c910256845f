using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;
using HuaweiMigration.Iam;
using Xunit;
using Xunit.Abstractions;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>
    /// The hand-written reader of the first calls' answers (<see cref="WireReader"/>) against WireJson.Parse over the
    /// source-generated metadata, which it replaces for those types: the same wire values, the same dropped fields with
    /// the same warnings, the same InvalidResponse errors (compared without the line and byte positions, which the
    /// serializer takes from a re-serialised body once a field has been dropped).
    /// </summary>
    [Collection(ResponseFuzzCollection.Name)]
    public sealed class WireReaderTests
    {
        readonly ITestOutputHelper _output;
        public WireReaderTests(ITestOutputHelper output) { _output = output; }

        static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

        /// <summary>One wire type read both ways; Required as DcsClient and IamClient use it (null: no tolerance).</summary>
        sealed class Kind
        {
            public string Name, What;
            public string[] Required;
            public string EntryArray, EntryId;
            public Func<byte[], FieldTolerance, object> Serializer, Reader;
            public Func<object, string> Text;
            public string Fuzz;
        }

        static readonly Kind[] Kinds =
        {
            new Kind
            {
                Name = "task", What = "DCS task details", Required = new[] { "task_id", "status" }, Fuzz = "DcsClient.ParseTask",
                Serializer = (b, t) => WireJson.Parse(b, WireJsonContext.Default.DcsTaskWire, "DCS task details", "rid", t),
                Reader = (b, t) => WireReader.DcsTask(b, "DCS task details", "rid", t),
                Text = o => JsonSerializer.Serialize((DcsTaskWire)o, WireJsonContext.Default.DcsTaskWire),
            },
            new Kind
            {
                Name = "stats", What = "DCS migration stats", Required = new[] { "full_migration_progress", "source_dbsize", "target_dbsize" }, Fuzz = "DcsClient.ParseStats",
                Serializer = (b, t) => WireJson.Parse(b, WireJsonContext.Default.DcsStatsWire, "DCS migration stats", "rid", t),
                Reader = (b, t) => WireReader.DcsStats(b, "DCS migration stats", "rid", t),
                Text = o => JsonSerializer.Serialize((DcsStatsWire)o, WireJsonContext.Default.DcsStatsWire),
            },
            new Kind
            {
                Name = "list", What = "DCS task list", Required = new[] { "count", "task_id", "status" }, Fuzz = "DcsClient.ParseTaskList",
                EntryArray = "migration_tasks", EntryId = "task_id",
                Serializer = (b, t) => WireJson.Parse(b, WireJsonContext.Default.DcsTaskListWire, "DCS task list", "rid", t),
                Reader = (b, t) => WireReader.DcsTaskList(b, "DCS task list", "rid", t),
                Text = o => JsonSerializer.Serialize((DcsTaskListWire)o, WireJsonContext.Default.DcsTaskListWire),
            },
            new Kind
            {
                Name = "batch", What = "DRS batch progress", Fuzz = "DrsClient.ParseBatch",
                Required = DrsClient.BatchTolerance().Required.ToArray(), EntryArray = "results", EntryId = "job_id",
                Serializer = (b, t) => WireJson.Parse(b, WireJsonContext.Default.DrsBatchWire, "DRS batch progress", "rid", t),
                Reader = (b, t) => WireReader.DrsBatch(b, "DRS batch progress", "rid", t),
                Text = o => BatchText((DrsBatchWire)o),
            },
            new Kind
            {
                Name = "projects", What = "IAM project list", Required = null, Fuzz = "IAM projects",
                Serializer = (b, t) => WireJson.Parse(b, WireJsonContext.Default.ProjectListWire, "IAM project list", "rid", t),
                Reader = (b, t) => WireReader.ProjectList(b, "IAM project list", "rid", t),
                Text = o => JsonSerializer.Serialize((ProjectListWire)o, WireJsonContext.Default.ProjectListWire),
            },
        };

        // progress_map's converter does not write, so the batch is written out here.
        static string BatchText(DrsBatchWire b) => $"count {b.Count} results " + (b.Results == null ? "null" : string.Join(", ", b.Results.Select(r => r == null ? "null" :
            string.Join("|", r.JobId, r.Progress, r.IncrementalDelaySeconds, r.IncrementalDelayMillis, r.TaskMode, r.TransferStatus, r.ProcessTime, r.RemainingTime,
                r.ErrorCode, r.ErrorMessage, r.ProgressMap == null ? "null" : string.Join(";", r.ProgressMap.Select(p => $"{p.Key}={p.Value.Name}/{p.Value.Completed}/{p.Value.RemainingTime}"))))));

        static readonly Regex Positions = new Regex(@"(, line \d+, byte \d+)|( \| LineNumber: \d+ \| BytePositionInLine: \d+)|( LineNumber: \d+ \| BytePositionInLine: \d+)");

        /// <summary>What a read gives, as text: the values and the dropped fields, or the error.</summary>
        static string Outcome(Kind kind, Func<byte[], FieldTolerance, object> read, byte[] body, bool tolerant)
        {
            var tolerance = tolerant && kind.Required != null ? new FieldTolerance { EntryArray = kind.EntryArray, EntryId = kind.EntryId } : null;
            if (tolerance != null) foreach (var r in kind.Required) tolerance.Required.Add(r);
            try
            {
                var wire = read(body, tolerance);
                string dropped = tolerance == null ? "" : string.Join(" | ", tolerance.Dropped.Select(d => $"{d.Entry} {d.Path}: {d.Problem}"))
                    + " failed: " + string.Join(" | ", tolerance.FailedEntries.Select(f => $"{f.Key} {f.Value}"));
                return "result " + kind.Text(wire) + " dropped: " + dropped;
            }
            catch (HuaweiApiException ex)
            {
                return $"error {ex.ErrorCode} {ex.Category} {ex.RequestId}: {Positions.Replace(ex.Message, "")}";
            }
            catch (Exception ex)
            {
                return "unexpected " + ex.GetType().Name + ": " + ex.Message;
            }
        }

        static void AssertSame(Kind kind, byte[] body, bool tolerant, string how = null)
        {
            string expected = Outcome(kind, kind.Serializer, body, tolerant), actual = Outcome(kind, kind.Reader, body, tolerant);
            if (expected == actual) return;
            int at = 0;
            while (at < expected.Length && at < actual.Length && expected[at] == actual[at]) at++;
            int from = Math.Max(0, at - 150);
            Assert.Fail($"{kind.Name} (tolerant {tolerant}) {how}: body {Shown(body)}\nserializer: {Shown(expected.Substring(from))}\nreader:     {Shown(actual.Substring(from))}");
        }

        static string Shown(byte[] body) => Shown(Encoding.UTF8.GetString(body));
        static string Shown(string text) => text.Length <= 600 ? text : text.Substring(0, 600) + $"... ({text.Length} chars)";

        public static IEnumerable<object[]> Cases()
        {
            string[] bodies =
            {
                // values as the APIs send them
                "{\"task_id\":\"t\",\"status\":\"FULLMIGRATING\",\"source_instance\":{\"port\":\"6379\",\"proxy_multi_db\":\"true\",\"password\":\"Pw-1\"},\"supported_features\":[\"a\",null]}",
                "{\"full_migration_progress\":\"42.5%\",\"offset\":1.5,\"source_dbsize\":\" 7 \",\"target_dbsize\":\"\",\"target_input_kbps\":\"null\",\"target_ops\":\"1e3\",\"is_migrating\":1}",
                "{\"full_migration_progress\":100,\"source_dbsize\":5,\"target_dbsize\":5,\"is_migrating\":\"0\"}",
                "{\"projects\":[{\"id\":\"p\",\"name\":\"cn-north-4\",\"enabled\":true},null,{\"id\":7}]}",
                "{\"task_id\":1234,\"status\":true,\"bandwidth_limit_mb\":1.5e2,\"backup_files\":{\"files\":[{\"file_name\":\"a\",\"size\":\"-7\"},null]}}",
                // escaped, duplicate and unknown members
                "{\"\\u0074ask_id\":\"t\",\"st\\u0061tus\":\"S\",\"other\":{\"deep\":[1,{\"x\":null}]},\"status\":\"LAST\"}",
                "{\"task_id\":\"a\",\"task_id\":\"b\",\"source_instance\":{\"id\":\"1\"},\"source_instance\":null}",
                "{\"full_migration_progress\":1,\"full_migration_progress\":\"2\",\"unknown\":[[[]]]}",
                "{\"\\ud800\":1}", "{\"task_id\":\"\\ud800\"}", "{\"x.y\":[1,}", "{\"it's\":nul}",
                // fields that do not parse: dropped when tolerated and not required
                "{\"task_id\":\"t\",\"status\":\"S\",\"created_at\":{\"x\":1},\"source_instance\":{\"name\":\"src\",\"port\":[1]},\"supported_features\":7}",
                "{\"task_id\":\"t\",\"status\":\"S\",\"source_instance\":5,\"target_instance\":[1],\"backup_files\":{\"files\":{}}}",
                "{\"task_id\":\"t\",\"status\":\"S\",\"backup_files\":{\"files\":[5]}}",
                "{\"task_id\":\"t\",\"status\":\"S\",\"supported_features\":[1]}",
                "{\"task_id\":\"t\",\"status\":{\"a\":1}}",
                "{\"full_migration_progress\":{\"x\":1},\"source_dbsize\":5,\"target_dbsize\":5}",
                "{\"full_migration_progress\":100,\"source_dbsize\":5,\"target_dbsize\":5,\"offset\":\"lots\",\"target_ops\":1e400,\"is_migrating\":\"maybe\",\"target_input_kbps\":[]}",
                "{\"full_migration_progress\":100,\"source_dbsize\":5,\"target_dbsize\":5,\"offset\":99999999999999999999999,\"target_ops\":\"1e400\"}",
                "{\"full_migration_progress\":100,\"source_dbsize\":5,\"target_dbsize\":5,\"offset\":{\"a\":1},\"x\":nul}",
                "{\"projects\":{}}", "{\"projects\":[{\"id\":{}}]}",
                // task list entries: a required field fails its entry alone (named by a string id, wherever it comes), an optional one is dropped
                "{\"count\":3,\"migration_tasks\":[{\"status\":[1],\"task_id\":\"t1\",\"created_at\":{}},{\"task_id\":\"t2\",\"task_name\":[],\"status\":\"S\"},null,{\"task_id\":7,\"status\":{}}]}",
                "{\"count\":\"x\",\"migration_tasks\":[]}", "{\"migration_tasks\":[5]}", "{\"migration_tasks\":{\"a\":1},\"count\":1}",
                "{\"migration_tasks\":[{\"task_id\":{},\"status\":\"S\"}]}", "{\"migration_tasks\":[{\"task_id\":\"t\",\"source_instance\":{\"status\":[]}}]}",
                "{\"migration_tasks\":[{\"\\u0074ask_id\":\"t\",\"status\":[]},{\"task_id\":\"t\",\"status\":[]}]}",
                // DRS batch: progress_map as an object or an array, entries that fail alone
                "{\"count\":3,\"results\":[{\"job_id\":\"j2\",\"error_code\":\"DRS.M05003\",\"error_msg\":\"x\"},{\"job_id\":\"j1\",\"progress\":\"42\",\"progress_map\":{\"data\":{\"completed\":\"40\",\"remaining_time\":\"100\"},\"s\":null}},{\"job_id\":\"j3\",\"progress_map\":[{\"name\":\"index\",\"completed\":\"1\"},{\"completed\":2},null]}]}",
                "{\"results\":[{\"job_id\":\"j\",\"progress\":\"abc\"},{\"job_id\":\"k\",\"process_time\":{\"a\":1},\"progress_map\":{\"data\":{\"completed\":[1]}}}]}",
                "{\"results\":[{\"job_id\":\"j\",\"progress_map\":5},{\"job_id\":\"k\",\"progress_map\":{\"d\":7}},{\"job_id\":\"l\",\"progress_map\":[{\"\\ud800\":1}]}]}",
                "{\"results\":[{\"job_id\":\"j\",\"progress_map\":{\"\\ud800\":{}}},{\"job_id\":\"k\",\"progress_map\":{\"d\":{\"name\":\"\\udc00\"}}}]}",
                "{\"results\":[{\"job_id\":\"j\",\"progress_map\":{\"d\":{\"completed\":nul}}}]}", "{\"results\":[{\"job_id\":\"j\",\"progress_map\":{\"d\":{\"x y\":[1,}}}]}",
                "{\"results\":[{\"job_id\":\"j\",\"progress_map\":{\"d\" 1}}]}", "{\"results\":[5,{\"job_id\":7,\"progress\":{}}]}",
                // malformed, empty, null, wrong root, trailing data
                "", " ", "null", "null x", "[1,2,3]", "42", "\"str\"", "{} {}", "{}x", "{\"full_migration_progress\": 10", "{\"a\":1,}", "{'a':1}",
                "<html><body>maintenance</body></html>", "{\"task_id\":\"t\",\"source_instance\":{\"db\":nul,\"password\":\"Redis-Pw-123\"}}",
                "\uFEFF{\"task_id\":\"t\"}", "\uFEFF\uFEFF{}", "{/*c*/}", "{\"a\" 1}",
                // deep and huge
                "{\"x\":" + new string('[', 70) + new string(']', 70) + "}",
                "{\"task_id\":\"t\",\"source_instance\":" + string.Concat(Enumerable.Repeat("{\"a\":", 63)) + "1" + new string('}', 63) + "}",
                "{\"task_id\":\"t\",\"status\":\"" + new string('s', 100_000) + "\"}",
                "{\"" + new string('k', 70_000) + "\":[1,}",
            };
            foreach (string body in bodies)
                foreach (var kind in Kinds)
                {
                    yield return new object[] { kind.Name, body, false };
                    if (kind.Required != null) yield return new object[] { kind.Name, body, true };
                }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void ReadsAsTheSerializerDoes(string kind, string body, bool tolerant) =>
            AssertSame(Kinds.Single(k => k.Name == kind), Encoding.UTF8.GetBytes(body), tolerant);

        /// <summary>
        /// A field is dropped only from a body worth patching. One that names a member twice, or holds text that is not
        /// valid UTF-8 or UTF-16, fails as a whole: before, the drop's node tree threw an ArgumentException out of the
        /// parser for a repeated member, and rewrote invalid text to read differently on the second pass.
        /// </summary>
        [Theory]
        [InlineData("stats", "{\"full_migration_progress\":1,\"full_migration_progress\":2,\"source_dbsize\":5,\"target_dbsize\":5,\"offset\":[]}")]
        [InlineData("task", "{\"task_id\":\"t\",\"status\":\"S\",\"created_at\":{},\"source_instance\":{\"id\":\"a\",\"\\u0069d\":\"b\"}}")]
        [InlineData("list", "{\"count\":1,\"count\":1,\"migration_tasks\":[{\"task_id\":\"t\",\"status\":[]}]}")]
        [InlineData("stats", "{\"full_migration_progress\":1,\"source_dbsize\":5,\"target_dbsize\":5,\"offset\":[],\"x\":\"\\udc00\"}")]
        [InlineData("stats", "{\"full_migration_progress\":1,\"source_dbsize\":5,\"target_dbsize\":5,\"offset\":\"1\u00ff\"}")]
        public void ABodyThatIsNoPlainJsonIsNotPatched(string name, string body)
        {
            var kind = Kinds.Single(k => k.Name == name);
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            if (body.Contains('\u00ff')) bytes = Encoding.Latin1.GetBytes(body);
            foreach (var read in new[] { kind.Serializer, kind.Reader })
            {
                var tolerance = new FieldTolerance { EntryArray = kind.EntryArray, EntryId = kind.EntryId };
                foreach (var r in kind.Required) tolerance.Required.Add(r);
                var ex = Assert.Throws<HuaweiApiException>(() => read(bytes, tolerance));
                Assert.Equal(("InvalidResponse", ApiErrorCategory.InvalidResponse), (ex.ErrorCode, ex.Category));
                Assert.Empty(tolerance.Dropped);
            }
            var drs = new FieldTolerance { Required = { "job_id", "progress" }, EntryArray = "results", EntryId = "job_id" };
            Assert.Equal("InvalidResponse", Assert.Throws<HuaweiApiException>(() => WireJson.Parse(
                B("{\"results\":[{\"job_id\":\"j\",\"job_id\":\"j\",\"process_time\":{}}]}"), WireJsonContext.Default.DrsBatchWire, "DRS batch progress", "rid", drs)).ErrorCode);
        }

        [Theory]
        [InlineData("j1")]
        [InlineData("8d0e8e36-a618-490d-8a46-8c61ac9jb501", "b\"\\<>&'+\u00e9\u2028", "\ud83d\ude00")]
        public void TheBatchRequestIsWrittenAsTheSerializerWritesIt(params string[] ids) =>
            Assert.Equal(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(new HuaweiMigration.Drs.DrsBatchRequestWire { Jobs = ids.ToList() },
                WireJsonContext.Default.DrsBatchRequestWire)), Encoding.UTF8.GetString(WireReader.DrsBatchRequest(ids)));

        [Theory]
        [InlineData("task")]
        [InlineData("stats")]
        [InlineData("list")]
        [InlineData("batch")]
        [InlineData("projects")]
        public void MutatedBodiesReadAsTheSerializerReadsThem(string name)
        {
            var kind = Kinds.Single(k => k.Name == name);
            int seed = FuzzSeed.Value;
            _output.WriteLine($"HUAWEIMIGRATION_FUZZ_SEED={seed} ({FuzzSeed.Source})");
            var mutator = new BodyMutator(new Random(seed), FuzzTargets.All.Single(t => t.Name == kind.Fuzz).Seeds);
            int cases = Math.Max(1, FuzzSeed.Cases / 5), results = 0;
            for (int i = 0; i < cases; i++)
            {
                var (body, how) = mutator.Next();
                foreach (bool tolerant in new[] { false, true })
                    AssertSame(kind, body, tolerant, $"case {i} ({how}, HUAWEIMIGRATION_FUZZ_SEED={seed})");
                if (Outcome(kind, kind.Reader, body, true).StartsWith("result", StringComparison.Ordinal)) results++;
            }
            _output.WriteLine($"{cases} cases, {results} read");
            Assert.True(results > 0, "no mutated body was read");
        }
    }
}
