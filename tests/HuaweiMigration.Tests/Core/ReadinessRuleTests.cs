using System;
using System.Linq;
using System.Text;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;
using HuaweiMigration.Readiness;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>ReadinessRules and the comparison parsing alone, on hostile answers: whatever is unknown must block.</summary>
    public sealed class ReadinessRuleTests
    {
        static readonly DateTimeOffset Now = new DateTimeOffset(2026, 4, 9, 8, 0, 0, TimeSpan.Zero);
        static byte[] B(string s) => Encoding.UTF8.GetBytes(s);
        static readonly ReadinessOptions Defaults = new ReadinessOptions();

        static DrsJobProgress Progress(string status = "INCRE_TRANSFER_STARTED", string delay = "0", string mode = "FULL_INCR_TRANS") =>
            DrsClient.ParseBatch(new[] { "j1" }, B($"{{\"results\":[{{\"job_id\":\"j1\",\"progress\":\"100\",\"transfer_status\":\"{status}\",\"task_mode\":\"{mode}\",\"incre_trans_delay\":\"{delay}\"}}]}}"), Now).Single().Progress;

        static string Start(int minutesAgo) => Now.AddMinutes(-minutesAgo).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");

        static DrsComparison ObjectComparison(string results, string status = "SUCCESSFUL", int minutesAgo = 10) =>
            DrsComparisonClient.ParseObjectOverview("j1", B($"{{\"compare_job_id\":\"o1\",\"status\":\"{status}\",\"start_time\":\"{Start(minutesAgo)}\",\"compare_result\":[{results}]}}"));

        static DrsComparison RowComparison(string databases, string status = "SUCCESSFUL", int minutesAgo = 10, string type = "lines")
        {
            var list = DrsComparisonClient.ParseDataList("j1", B($"{{\"count\":1,\"compare_jobs\":[{{\"id\":\"r1\",\"type\":\"{type}\",\"status\":\"{status}\",\"start_time\":\"{Start(minutesAgo)}\"}}]}}"));
            var c = list.Single();
            DrsComparisonClient.ApplyDataOverview(c, B($"{{\"total_count\":1,\"data_compare_overview_infos\":[{databases}]}}"));
            return c;
        }

        const string ConsistentTypes = "{\"type\":\"TABLE\",\"source_count\":12,\"target_count\":12,\"status\":2},{\"type\":\"VIEW\",\"source_count\":3,\"target_count\":3,\"status\":2}";
        const string ConsistentDbs = "{\"source_db_name\":\"shop\",\"target_db_name\":\"shop\",\"status\":2,\"compare_num\":12,\"data_inconsistent_num\":0,\"uncomparable_num\":0}";

        static DrsReadinessInput Healthy(DrsComparison obj = null, DrsComparison rows = null) => new DrsReadinessInput
        {
            JobId = "j1",
            Progress = Progress(),
            ObjectComparison = obj ?? ObjectComparison(ConsistentTypes),
            RowComparison = rows ?? RowComparison(ConsistentDbs),
            Health = DrsComparisonClient.ParseHealth("j1", B("{\"is_src_normal\":true,\"is_dst_normal\":true}")),
        };

        static string[] Codes(MigrationReadiness r) => r.Blockers.Select(b => b.Code).ToArray();

        [Fact]
        public void AHealthyCaughtUpJobWithConsistentComparisonsIsReady()
        {
            var r = ReadinessRules.JudgeDrs(Healthy(), Defaults, Now);
            Assert.True(r.IsReady, string.Join("; ", r.Blockers.Select(b => b.Message)));
            Assert.Empty(r.Warnings);
            Assert.Equal(TimeSpan.FromMinutes(10), r.ComparisonAge);
        }

        [Theory]
        [InlineData("1")]
        [InlineData("24")]
        [InlineData("26")]
        [InlineData("99")]
        [InlineData("-2")]
        [InlineData("MOSTLY_CONSISTENT")]
        [InlineData("")]
        public void AnUnknownRowResultCodeIsNeverConsistent(string code)
        {
            string status = code.Length > 0 && char.IsLetter(code[0]) ? $"\"{code}\"" : code.Length == 0 ? "null" : code;
            var rows = RowComparison($"{{\"source_db_name\":\"shop\",\"status\":{status},\"compare_num\":12,\"data_inconsistent_num\":0}}");
            Assert.Equal(DrsComparisonResult.Unknown, rows.Result);
            Assert.Equal(code.Length == 0 ? null : code, rows.Parts.Single().ResultCode);
            var r = ReadinessRules.JudgeDrs(Healthy(rows: rows), Defaults, Now);
            Assert.False(r.IsReady);
            Assert.Contains("ComparisonUnknown", Codes(r));
        }

        [Fact]
        public void EveryDocumentedCodeAndSpellingIsMapped()
        {
            foreach (int code in Enumerable.Range(0, 28).Except(new[] { 1, 24, 25, 26 }))
                Assert.NotEqual(DrsComparisonResult.Unknown, DrsComparisonCodes.DataResult(code.ToString()));
            Assert.Equal(DrsComparisonResult.Consistent, DrsComparisonCodes.DataResult("2"));
            Assert.Equal(DrsComparisonResult.Consistent, DrsComparisonCodes.DataResult("10"));
            Assert.Equal(DrsComparisonResult.Consistent, DrsComparisonCodes.DataResult("consistent"));
            foreach (var word in new[] { "INCONSISTENT", "TARGET_DB_NOT_EXIT", "TARGET_DB_NOT_EXIST" })
                Assert.Equal(DrsComparisonResult.Inconsistent, DrsComparisonCodes.DataResult(word));
            foreach (var word in new[] { "COMPARING", "WAITING_FOR_COMPARISON" })
                Assert.Equal(DrsComparisonResult.InProgress, DrsComparisonCodes.DataResult(word));
            foreach (var word in new[] { "FAILED_TO_COMPARE", "CAN_NOT_COMPARE" })
                Assert.Equal(DrsComparisonResult.NotComparable, DrsComparisonCodes.DataResult(word));
            Assert.Equal(DrsComparisonResult.InProgress, DrsComparisonCodes.ObjectResult("3"));
            Assert.Equal(DrsComparisonResult.Unknown, DrsComparisonCodes.ObjectResult("4"));
            foreach (var s in new[] { "RUNNING", "WAITING_FOR_RUNNING", "SUCCESSFUL", "FAILED", "CANCELLED", "TIMEOUT_INTERRUPT", "FULL_DOING", "INCRE_DOING" })
                Assert.NotEqual(DrsComparisonStatus.Unknown, DrsComparisonCodes.Status(s));
            Assert.Equal(DrsComparisonStatus.Unknown, DrsComparisonCodes.Status("DONE_MAYBE"));
        }

        [Fact]
        public void ASuccessfulComparisonWithOneInconsistentTableIsNotReady()
        {
            // The database claims consistent (2) but counts one inconsistent table; the count wins.
            var rows = RowComparison(ConsistentDbs + ",{\"source_db_name\":\"billing\",\"status\":2,\"compare_num\":40,\"data_inconsistent_num\":1,\"uncomparable_num\":0}");
            Assert.Equal(DrsComparisonStatus.Succeeded, rows.Status);
            Assert.Equal(DrsComparisonResult.Inconsistent, rows.Result);
            Assert.Equal(1, rows.Inconsistent);
            var r = ReadinessRules.JudgeDrs(Healthy(rows: rows), Defaults, Now);
            var b = Assert.Single(r.Blockers);
            Assert.Equal("Inconsistent", b.Code);
            Assert.Contains("billing", b.Message);
            Assert.DoesNotContain("shop", b.Message);
            Assert.Contains("1 inconsistent", b.Evidence);
        }

        [Fact]
        public void AnObjectTypeWhoseCountsDifferIsInconsistentWhateverItsCode()
        {
            var obj = ObjectComparison("{\"type\":\"TABLE\",\"source_count\":12,\"target_count\":11,\"status\":2}");
            var r = ReadinessRules.JudgeDrs(Healthy(obj: obj), Defaults, Now);
            var b = Assert.Single(r.Blockers);
            Assert.Equal("Inconsistent", b.Code);
            Assert.Contains("source 12, target 11", b.Evidence);
        }

        [Fact]
        public void AComparisonStartedBeforeTheDelaySettledDoesNotCount()
        {
            var input = Healthy();
            input.DelaySettledAt = Now.AddMinutes(-5);   // the comparisons started 10 minutes ago
            var r = ReadinessRules.JudgeDrs(input, Defaults, Now);
            Assert.False(r.IsReady);
            Assert.Equal(new[] { "ComparisonStale", "ComparisonStale" }, Codes(r));
            input.DelaySettledAt = Now.AddMinutes(-20);
            Assert.True(ReadinessRules.JudgeDrs(input, Defaults, Now).IsReady);
        }

        [Fact]
        public void AComparisonOlderThanMaxComparisonAgeIsStale()
        {
            var r = ReadinessRules.JudgeDrs(Healthy(rows: RowComparison(ConsistentDbs, minutesAgo: 61)), Defaults, Now);
            Assert.Equal(new[] { "ComparisonStale" }, Codes(r));
        }

        [Fact]
        public void AMonitorData404IsAWarningAndOtherFailuresBlock()
        {
            var input = Healthy();
            input.Health = null;
            input.HealthError = new HuaweiApiException("APIGW.0101", "The API does not exist or has not been published in the environment.", ApiErrorCategory.ObjectNotFound, 404);
            var r = ReadinessRules.JudgeDrs(input, Defaults, Now);
            Assert.True(r.IsReady);
            Assert.Equal("HealthUnknown", Assert.Single(r.Warnings).Code);
            Assert.Null(r.SourceConnected);

            input.HealthError = new HuaweiApiException("InvalidResponse", "cut body", ApiErrorCategory.InvalidResponse);
            Assert.Equal(new[] { "HealthUnknown" }, Codes(ReadinessRules.JudgeDrs(input, Defaults, Now)));
        }

        [Theory]
        [InlineData("{\"is_src_normal\":true,\"is_dst_normal\":false}", "target connection is down")]
        [InlineData("{\"is_src_normal\":true}", "target connection is not reported")]
        [InlineData("{}", "source connection is not reported")]
        public void ADownOrMissingConnectionIsUnhealthy(string json, string expected)
        {
            var input = Healthy();
            input.Health = DrsComparisonClient.ParseHealth("j1", B(json));
            var b = Assert.Single(ReadinessRules.JudgeDrs(input, Defaults, Now).Blockers);
            Assert.Equal("EndpointUnhealthy", b.Code);
            Assert.Contains(expected, b.Message);
        }

        [Fact]
        public void AnEmptyCompareResultIsNeverConsistent()
        {
            var obj = ObjectComparison("");
            Assert.Equal(DrsComparisonResult.Unknown, obj.Result);
            Assert.Equal(new[] { "ComparisonUnknown" }, Codes(ReadinessRules.JudgeDrs(Healthy(obj: obj), Defaults, Now)));
            var rows = RowComparison("");
            Assert.Equal(new[] { "ComparisonUnknown" }, Codes(ReadinessRules.JudgeDrs(Healthy(rows: rows), Defaults, Now)));
        }

        [Fact]
        public void StringsWhereNumbersBelongFailTheReadInsteadOfReadingAsConsistent()
        {
            var ex = Assert.Throws<HuaweiApiException>(() => DrsComparisonClient.ParseObjectOverview("j1",
                B("{\"compare_job_id\":\"o1\",\"status\":\"SUCCESSFUL\",\"compare_result\":[{\"type\":\"TABLE\",\"source_count\":\"twelve\",\"target_count\":12,\"status\":2}]}")));
            Assert.Equal("InvalidResponse", ex.ErrorCode);
            var r = ReadinessRules.JudgeDrs(new DrsReadinessInput { JobId = "j1", ReadError = ex }, Defaults, Now);
            Assert.False(r.IsReady);
            Assert.Equal("ReadFailed", Assert.Single(r.Blockers).Code);
            Assert.Contains("InvalidResponse", r.Blockers[0].Evidence);
            // Numbers as numeric strings are the API's habit and still read.
            var ok = DrsComparisonClient.ParseObjectOverview("j1", B("{\"compare_job_id\":\"o1\",\"status\":\"SUCCESSFUL\",\"start_time\":\"" + Start(1) + "\",\"compare_result\":[{\"type\":\"TABLE\",\"source_count\":\"12\",\"target_count\":\"12\",\"status\":\"2\"}]}"));
            Assert.Equal(DrsComparisonResult.Consistent, ok.Result);
        }

        [Theory]
        [InlineData("RUNNING", "ComparisonRunning")]
        [InlineData("WAITING_FOR_RUNNING", "ComparisonRunning")]
        [InlineData("FAILED", "ComparisonFailed")]
        [InlineData("CANCELLED", "ComparisonFailed")]
        [InlineData("TIMEOUT_INTERRUPT", "ComparisonFailed")]
        [InlineData("PAUSED", "ComparisonUnknown")]
        public void AnUnfinishedFailedOrUnknownComparisonBlocks(string status, string code)
        {
            var rows = RowComparison(ConsistentDbs, status: status);
            Assert.Equal(new[] { code }, Codes(ReadinessRules.JudgeDrs(Healthy(rows: rows), Defaults, Now)));
        }

        [Fact]
        public void MissingComparisonsBlockUnlessSkipped()
        {
            var input = Healthy();
            input.ObjectComparison = null;
            input.RowComparison = null;
            Assert.Equal(new[] { "NoComparison", "NoComparison" }, Codes(ReadinessRules.JudgeDrs(input, Defaults, Now)));
            var skipped = ReadinessRules.JudgeDrs(input, new ReadinessOptions { SkipComparison = true }, Now);
            Assert.True(skipped.IsReady);
            Assert.Equal("ComparisonSkipped", Assert.Single(skipped.Warnings).Code);
        }

        [Fact]
        public void AnInconsistentValueComparisonBlocksWhenOneExists()
        {
            var input = Healthy();
            input.ContentComparison = RowComparison("{\"source_db_name\":\"shop\",\"status\":0,\"compare_num\":3,\"data_inconsistent_num\":1}", type: "contents");
            Assert.Equal(DrsComparisonType.Contents, input.ContentComparison.Type);
            Assert.Equal(new[] { "Inconsistent" }, Codes(ReadinessRules.JudgeDrs(input, Defaults, Now)));
        }

        [Theory]
        [InlineData("INCRE_TRANSFER_STARTED", "9", "FULL_INCR_TRANS", "DelayTooHigh")]
        [InlineData("INCRE_TRANSFER_STARTED", "", "FULL_INCR_TRANS", "DelayTooHigh")]
        [InlineData("FULL_TRANSFER_STARTED", "0", "FULL_INCR_TRANS", "NotIncremental")]
        [InlineData("INCRE_TRANSFER_FAILED", "0", "FULL_INCR_TRANS", "MigrationFailed")]
        [InlineData("INCRE_TRANSFER_SOMETHING_NEW", "0", "FULL_INCR_TRANS", "NotIncremental")]
        [InlineData("FULL_TRANSFER_COMPLETE", "0", "FULL_INCR_TRANS", "NotIncremental")]
        public void TheJobMustBeIncrementalAndCaughtUp(string status, string delay, string mode, string code)
        {
            var input = Healthy();
            input.Progress = Progress(status, delay, mode);
            Assert.Equal(new[] { code }, Codes(ReadinessRules.JudgeDrs(input, Defaults, Now)));
        }

        [Fact]
        public void AFinishedFullOnlyJobNeedsNoDelay()
        {
            var input = Healthy();
            input.Progress = Progress("FULL_TRANSFER_COMPLETE", "", "FULL_TRANS");
            Assert.True(ReadinessRules.JudgeDrs(input, Defaults, Now).IsReady);
        }

        static DcsReadinessInput Dcs(string status, string method, string progress, string source, string target) => new DcsReadinessInput
        {
            TaskId = "t1",
            Task = DcsClient.ParseTask(B($"{{\"task_id\":\"t1\",\"task_name\":\"redis\",\"status\":\"{status}\",\"migration_method\":\"{method}\"}}")),
            Stats = DcsClient.ParseStats("t1", B($"{{\"full_migration_progress\":\"{progress}\",\"source_dbsize\":\"{source}\",\"target_dbsize\":\"{target}\"}}"), Now),
        };

        [Theory]
        [InlineData("INCRMIGEATING", "incremental_migration", "100", "100000", "99950", null)]
        [InlineData("INCRMIGEATING", "incremental_migration", "100", "100000", "99800", "KeyCountMismatch")]
        [InlineData("INCRMIGEATING", "incremental_migration", "100", "100000", "", "KeyCountMismatch")]
        [InlineData("INCRMIGEATING", "incremental_migration", "99.5", "100000", "100000", "FullSyncIncomplete")]
        [InlineData("SUCCESS", "full_amount_migration", "100", "100000", "100000", null)]
        [InlineData("SUCCESS", "incremental_migration", "100", "100000", "100000", "NotIncremental")]
        [InlineData("FULLMIGRATING", "incremental_migration", "100", "100000", "100000", "NotIncremental")]
        [InlineData("MIGRATION_FAILED", "incremental_migration", "100", "100000", "100000", "MigrationFailed")]
        [InlineData("INCRMIGEATING_V2", "incremental_migration", "100", "100000", "100000", "NotIncremental")]
        [InlineData("INCRMIGEATING", "incremental_migration", "100", "0", "3", "KeyCountMismatch")]
        public void DcsRules(string status, string method, string progress, string source, string target, string code)
        {
            var r = ReadinessRules.JudgeDcs(Dcs(status, method, progress, source, target), Defaults, Now);
            Assert.Equal(code == null ? new string[0] : new[] { code }, Codes(r));
            Assert.Equal("redis", r.Name);
        }

        [Fact]
        public void KeyDifferenceToleranceIsAPercentOfTheSourceKeys()
        {
            var input = Dcs("INCRMIGEATING", "incremental_migration", "100", "100000", "99800");
            var r = ReadinessRules.JudgeDcs(input, new ReadinessOptions { MaxKeyDifferencePercent = 0.5 }, Now);
            Assert.True(r.IsReady);
            Assert.Equal(0.2, r.KeyDifferencePercent.Value, 6);
        }

        [Fact]
        public void AFailedReadIsNotReadyWithTheErrorAsEvidence()
        {
            var e = new HuaweiApiException("DCS.4133", "Task not found.", ApiErrorCategory.ObjectNotFound, 404);
            var r = ReadinessRules.JudgeDcs(new DcsReadinessInput { TaskId = "t1", ReadError = e }, Defaults, Now);
            Assert.False(r.IsReady);
            Assert.Equal("ReadFailed", r.Blockers.Single().Code);
            Assert.Equal("error=DCS.4133", r.Blockers.Single().Evidence);
        }

        [Fact]
        public void TablesAreGroupedByDatabaseAndANameWithoutADotIsRefused()
        {
            var objects = DrsComparisonClient.CompareObjects(new[] { "shop.orders", "shop.items", "billing.invoices", "shop.orders" });
            Assert.Equal(new[] { "shop", "billing" }, objects.Select(o => o.Database));
            Assert.Equal(new[] { "orders", "items" }, objects[0].Tables);
            Assert.Equal("InvalidTableName", Assert.Throws<HuaweiApiException>(() => DrsComparisonClient.CompareObjects(new[] { "orders" })).ErrorCode);
        }

        [Fact]
        public void TheLatestDataComparisonComesFirstAndOneWithoutAStartTimeLast()
        {
            var list = DrsComparisonClient.ParseDataList("j1", B("{\"compare_jobs\":[" +
                "{\"id\":\"a\",\"type\":\"lines\",\"status\":\"SUCCESSFUL\",\"start_time\":\"" + Start(30) + "\"}," +
                "{\"id\":\"b\",\"type\":\"lines\",\"status\":\"SUCCESSFUL\"}," +
                "{\"id\":\"c\",\"type\":\"lines\",\"status\":\"RUNNING\",\"start_time\":\"" + Start(1) + "\"}," +
                "{\"id\":\"d\",\"type\":\"weird\",\"status\":\"SUCCESSFUL\",\"start_time\":\"" + Start(0) + "\"}]}"));
            Assert.Equal(new[] { "c", "a", "b" }, list.Select(c => c.CompareJobId));
            Assert.Equal(DrsComparisonResult.InProgress, list[0].Result);
            Assert.Equal(DrsComparisonResult.Unknown, list[1].Result);
        }

        [Fact]
        public void DatabasesCountedButNotListedAreNeverConsistent()
        {
            var list = DrsComparisonClient.ParseDataList("j1", B($"{{\"compare_jobs\":[{{\"id\":\"r1\",\"type\":\"lines\",\"status\":\"SUCCESSFUL\",\"start_time\":\"{Start(5)}\"}}]}}"));
            var c = list.Single();
            DrsComparisonClient.ApplyDataOverview(c, B($"{{\"total_count\":3,\"data_compare_overview_infos\":[{ConsistentDbs}]}}"));
            Assert.Equal(DrsComparisonResult.Unknown, c.Result);
            var r = ReadinessRules.JudgeDrs(Healthy(rows: c), Defaults, Now);
            var b = Assert.Single(r.Blockers);
            Assert.Equal("ComparisonUnknown", b.Code);
            Assert.Contains("2 database(s) counted but not listed", b.Message);
        }
    }
}