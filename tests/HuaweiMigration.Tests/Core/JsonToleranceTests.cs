using System;
using System.Linq;
using System.Text;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    public class JsonToleranceTests
    {
        static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

        [Theory]
        [InlineData("{ \"full_migration_progress\" : 100, \"offset\" : 100, \"source_dbsize\" : 531221, \"target_dbsize\" : 531211, \"target_input_kbps\" : 50, \"target_ops\" : 5300, \"is_migrating\" : true }")]
        [InlineData("{ \"full_migration_progress\" : \"100\", \"offset\" : \"100\", \"source_dbsize\" : \"531221\", \"target_dbsize\" : \"531211\", \"target_input_kbps\" : \"50\", \"target_ops\" : \"5300\", \"is_migrating\" : \"true\" }")]
        public void StatsAcceptNumbersAndNumericStrings(string json)
        {
            var s = DcsClient.ParseStats("t1", B(json), DateTimeOffset.Now);
            Assert.Equal(100.0, s.FullMigrationProgress);
            Assert.Equal(531221L, s.SourceDbSize);
            Assert.Equal(531211L, s.TargetDbSize);
            Assert.Equal(10L, s.KeysRemaining);
            Assert.Equal(50.0, s.TargetInputKbps);
            Assert.Equal(5300L, s.TargetOps);
            Assert.True(s.IsMigrating);
            Assert.Equal("t1", s.TaskId);
        }

        [Fact]
        public void StatsWithFractionalProgressKeepTheFraction()
        {
            var s = DcsClient.ParseStats("t", B("{\"full_migration_progress\":\"42.5\"}"), DateTimeOffset.Now);
            Assert.Equal(42.5, s.FullMigrationProgress);
            Assert.Null(s.SourceDbSize);
        }

        [Theory]
        [InlineData("{\"full_migration_progress\": {\"x\":1}}")]
        [InlineData("{\"source_dbsize\": \"lots\"}")]
        [InlineData("{\"source_dbsize\": 1e400}")]
        [InlineData("{\"target_ops\": 99999999999999999999999}")]
        [InlineData("{\"is_migrating\": \"maybe\"}")]
        [InlineData("[1,2,3]")]
        [InlineData("{\"full_migration_progress\": 10")]
        [InlineData("")]
        [InlineData("null")]
        public void MalformedStatsGiveOneClearError(string json)
        {
            var ex = Assert.Throws<HuaweiApiException>(() => DcsClient.ParseStats("t", B(json), DateTimeOffset.Now));
            Assert.Equal("InvalidResponse", ex.ErrorCode);
            Assert.Contains("DCS migration stats", ex.Message);
        }

        [Fact]
        public void TaskDetailsFromTheApiExampleAreTypedAndDropPasswords()
        {
            string json = @"{ ""task_name"" : ""migration1"", ""task_id"" : ""a276c1ffa0a54c2597fc824b917db317"", ""status"" : ""TERMINATING"",
              ""migration_type"" : ""incremental_migration"", ""network_type"" : ""vpc"",
              ""source_instance"" : { ""addrs"" : ""192.168.1.2:6379"", ""id"" : ""86157b69"", ""name"" : ""dcs-test"", ""ip"" : ""192.168.1.2"", ""port"" : ""6379"", ""proxy_multi_db"" : false, ""password"" : ""DCStest123"", ""task_status"" : ""RUNNING"", ""db"" : ""0"" },
              ""target_instance"" : { ""addrs"" : ""192.168.1.3:6379"", ""id"" : ""86157b6e"", ""name"" : ""test-instance"", ""ip"" : ""192.168.1.3"", ""port"" : 6380, ""proxy_multi_db"" : ""true"", ""password"" : ""DCStest123"", ""task_status"" : ""RUNNING"", ""db"" : ""0"" },
              ""created_at"" : ""2019/10/22 14:44:30"", ""updated_at"" : ""2019/10/22 18:00:00"", ""bandwidth_limit_mb"" : ""100"", ""supported_features"": [""a"",""b""] }";
            var t = DcsClient.ParseTask(B(json));
            Assert.Equal("a276c1ffa0a54c2597fc824b917db317", t.TaskId);
            // Read as UTC; CreatedAt is the same instant in local time.
            Assert.Equal(new DateTime(2019, 10, 22, 14, 44, 30, DateTimeKind.Utc), t.CreatedAtUtc);
            Assert.Equal(DateTimeKind.Utc, t.CreatedAtUtc.Value.Kind);
            Assert.Equal(DateTimeKind.Local, t.CreatedAt.Value.Kind);
            Assert.Equal(t.CreatedAtUtc, t.CreatedAt.Value.ToUniversalTime());
            Assert.Equal(new DateTime(2019, 10, 22, 18, 0, 0, DateTimeKind.Utc), t.UpdatedAtUtc);
            Assert.Equal(6379, t.SourceInstance.Port);
            Assert.Equal(6380, t.TargetInstance.Port);
            Assert.True(t.TargetInstance.ProxyMultiDb);
            Assert.Equal("192.168.1.2:6379", t.SourceInstance.Address);
            Assert.Equal(100L, t.BandwidthLimitMb);
            Assert.Equal(new[] { "a", "b" }, t.SupportedFeatures);
            Assert.True(t.IsDetailed);
            foreach (var value in ObjectWalker.Values(t))
                Assert.DoesNotContain("DCStest123", value);
        }

        [Theory]
        [InlineData("FULL_INCR_TRANS", "FULL_TRANSFER_STARTED")]
        [InlineData("FULL_INCR_TRANS", "CREATING")]
        [InlineData("FULL_TRANS", "FULL_TRANSFER_COMPLETE")]
        [InlineData("FULL_TRANS", "FULL_TRANSFER_STARTED")]
        public void TheDelayIsNullWhereThereIsNoIncrementalPhase(string mode, string status)
        {
            string json = $@"{{""results"":[{{""job_id"":""j"",""incre_trans_delay"":""0"",""incre_trans_delay_millis"":0,""task_mode"":""{mode}"",""transfer_status"":""{status}""}}]}}";
            Assert.Null(DrsClient.ParseBatch(new[] { "j" }, B(json), DateTimeOffset.Now).Single().Progress.IncrementalDelay);
        }

        [Fact]
        public void JobListAcceptsEpochAndIsoTimesStringsAndChildren()
        {
            string json = @"{""total_record"":""2"",""jobs"":[
              {""id"":""p1"",""name"":""parent"",""status"":""CHILD_TRANSFER_STARTED"",""create_time"":""2024-05-06T07:08:09+08:00"",""engine_type"":""mysql"",
               ""db_use_type"":""sync"",""task_type"":""FULL_INCR_TRANS"",""billing_tag"":false,""node_newFramework"":true,
               ""children"":[{""id"":""c1"",""name"":""child"",""status"":""INCRE_TRANSFER_STARTED"",""create_time"":1715000000000},null,{""name"":""no id""}]},
              {""id"":""j2"",""create_time"":""1715000000000"",""job_direction"":""down""},
              null, {""name"":""no id""}
            ]}";
            var page = DrsClient.ParseJobList("migration", B(json));
            Assert.Equal(2, page.Total);
            Assert.Equal(new[] { "p1", "j2" }, page.Jobs.Select(j => j.Id));
            var p = page.Jobs[0];
            // An offset from the service is honoured: 07:08:09+08:00 is 23:08:09 UTC the day before.
            Assert.Equal(new DateTime(2024, 5, 5, 23, 8, 9, DateTimeKind.Utc), p.CreatedAtUtc);
            Assert.Equal(DateTimeKind.Utc, p.CreatedAtUtc.Value.Kind);
            Assert.Equal("sync", p.JobType);
            Assert.Equal("FULL_INCR_TRANS", p.TaskMode);
            var c = Assert.Single(p.Children);
            Assert.Equal("c1", c.Id);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1715000000000).UtcDateTime, c.CreatedAtUtc);
            Assert.Equal("sync", c.JobType); // a child without db_use_type takes its parent's
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1715000000000).UtcDateTime, page.Jobs[1].CreatedAtUtc);
            Assert.Equal("migration", page.Jobs[1].JobType);
            Assert.Equal("down", page.Jobs[1].JobDirection);
        }

        [Fact]
        public void BatchProgressWithStringsMillisAndAPerJobError()
        {
            string json = @"{""count"":3,""results"":[
              {""job_id"":""j2"",""error_code"":""DRS.M05003"",""error_msg"":""Task information not found.""},
              {""job_id"":""j1"",""progress"":""42"",""incre_trans_delay"":""7"",""incre_trans_delay_millis"":6500,""task_mode"":""FULL_INCR_TRANS"",
               ""transfer_status"":""INCRE_TRANSFER_STARTED"",""process_time"":""1686038576882"",""remaining_time"":""120"",
               ""progress_map"":{""data"":{""completed"":""40"",""remaining_time"":""100""},""structure"":{""completed"":100,""remaining_time"":""0""}}},
              {""job_id"":""j3"",""progress"":7.5,""incre_trans_delay"":3,""task_mode"":""INCR_TRANS"",""transfer_status"":""INCRE_TRANSFER_STARTED"",""remaining_time"":""unknown"",""progress_map"":[{""name"":""index"",""completed"":""1""}]}
            ]}";
            var results = DrsClient.ParseBatch(new[] { "j1", "j2", "j3", "j4" }, B(json), DateTimeOffset.Now);
            Assert.Equal(new[] { "j1", "j2", "j3", "j4" }, results.Select(r => r.JobId));
            var j1 = results[0].Progress;
            Assert.Equal(42.0, j1.Progress);
            Assert.Equal(TimeSpan.FromMilliseconds(6500), j1.IncrementalDelay);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1686038576882).UtcDateTime, j1.ProcessTimeUtc);
            Assert.Equal(TimeSpan.FromSeconds(120), j1.RemainingTime);
            Assert.Equal(new[] { "data", "structure" }, j1.Parts.Select(p => p.Name));
            Assert.Equal(40.0, j1.Parts[0].Completed);
            Assert.Equal(TimeSpan.FromSeconds(100), j1.Parts[0].RemainingTime);
            Assert.Equal("DRS.M05003", results[1].Error.ErrorCode);
            Assert.Equal(TimeSpan.FromSeconds(3), results[2].Progress.IncrementalDelay);
            Assert.Null(results[2].Progress.RemainingTime);
            Assert.Equal("index", results[2].Progress.Parts.Single().Name);
            Assert.Equal("JobNotReturned", results[3].Error.ErrorCode);
        }

        [Fact]
        public void ObjectPageMapsRowsAndCreateTime()
        {
            var page = DrsClient.ParseObjectPage("j", "table", B(@"{ ""count"": 1, ""create_time"": ""1686038576882"", ""flow_compare_data"": [ { ""src_db"": ""a"", ""src_tb"": ""b"", ""dst_db"": ""c"", ""dst_tb"": ""d"", ""progress"": ""10"" } ] }"));
            var row = Assert.Single(page.Rows);
            Assert.Equal(("a", "b", "c", "d", 10), (row.SourceDatabase, row.SourceObject, row.TargetDatabase, row.TargetObject, row.Progress.Value));
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1686038576882).UtcDateTime, row.GeneratedAtUtc);
            Assert.Equal(1, page.Total);
        }
    

        [Theory]
        [InlineData("1700000000", "2023-11-14T22:13:20+00:00")]
        [InlineData("1700000000000", "2023-11-14T22:13:20+00:00")]
        [InlineData("1686038576882", "2023-06-06T08:02:56.882+00:00")]
        [InlineData("946684800", "2000-01-01T00:00:00+00:00")]
        [InlineData("2019/10/22 14:44:30", "2019-10-22T14:44:30+00:00")]
        [InlineData("2019-10-22T14:44:30+08:00", "2019-10-22T06:44:30+00:00")]
        [InlineData("0", null)]
        [InlineData("5", null)]
        [InlineData("42", null)]
        [InlineData("20191022", null)]
        [InlineData("946684799", null)]
        [InlineData("-1700000000", null)]
        [InlineData("150000000000", null)]
        [InlineData("99999999999999999", null)]
        [InlineData("1999/12/31 23:59:59", null)]
        public void ServiceTimesTellSecondsFromMillisecondsAndRefuseWhatCannotBeADate(string text, string expected)
        {
            var parsed = ServiceTime.ParseDate(text);
            if (expected == null) { Assert.Null(parsed); return; }
            Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), parsed);
            Assert.Equal(TimeSpan.Zero, parsed.Value.Offset);
            if (long.TryParse(text, out _)) Assert.Equal(parsed, ServiceTime.FromEpochMilliseconds(text));
        }

        [Fact]
        public void NegativeSizesAndProgressAreNullAndNeverMeetACondition()
        {
            var s = DcsClient.ParseStats("t1", B("{ \"full_migration_progress\": \"-5\", \"offset\": -1, \"source_dbsize\": \"-1\", \"target_dbsize\": 10, \"target_ops\": -3, \"target_input_kbps\": -2.5, \"is_migrating\": true }"), DateTimeOffset.Now);
            Assert.Null(s.FullMigrationProgress);
            Assert.Null(s.Offset);
            Assert.Null(s.SourceDbSize);
            Assert.Equal(10L, s.TargetDbSize);
            Assert.Null(s.KeysRemaining);
            Assert.Null(s.TargetOps);
            Assert.Null(s.TargetInputKbps);
            var status = new HuaweiMigration.MigrationStatus
            {
                Service = HuaweiMigration.MigrationService.Dcs, Phase = HuaweiMigration.MigrationPhase.Incremental,
                Percent = s.FullMigrationProgress, KeysRemaining = s.KeysRemaining,
            };
            Assert.False(HuaweiMigration.Watch.MigrationClassifier.IsMet(HuaweiMigration.WatchCondition.CaughtUp, status, false, TimeSpan.FromSeconds(5)));

            var drs = DrsClient.ParseBatch(new[] { "j1" }, B("{ \"results\": [ { \"job_id\": \"j1\", \"progress\": \"-10\", \"transfer_status\": \"FULL_TRANSFER_STARTED\", \"task_mode\": \"FULL_TRANS\", \"progress_map\": { \"data\": { \"completed\": \"-1\" } } } ] }"), DateTimeOffset.Now);
            Assert.Null(drs[0].Progress.Progress);
            Assert.Null(drs[0].Progress.Parts.Single().Completed);
            var full = new HuaweiMigration.MigrationStatus
            {
                Service = HuaweiMigration.MigrationService.Drs, Phase = HuaweiMigration.MigrationPhase.FullSync, Percent = drs[0].Progress.Progress,
            };
            Assert.False(HuaweiMigration.Watch.MigrationClassifier.IsMet(HuaweiMigration.WatchCondition.FullSyncComplete, full, false, TimeSpan.Zero));

            var page = DrsClient.ParseObjectPage("j1", "table", B("{ \"count\": -4, \"flow_compare_data\": [ { \"src_tb\": \"a\", \"progress\": -50 } ] }"));
            Assert.Null(page.Rows.Single().Progress);
            Assert.Equal(1, page.Total);
            var task = DcsClient.ParseTask(B("{ \"task_id\": \"t\", \"bandwidth_limit_mb\": \"-1\", \"backup_files\": { \"files\": [ { \"file_name\": \"f\", \"size\": \"-7\" } ] } }"));
            Assert.Null(task.BandwidthLimitMb);
            Assert.Null(task.BackupFiles.Files.Single().Size);
        }
    }
}
