using System.Linq;
using System.Text.Json.Nodes;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>Set-DrsJobAlarm against the simulator, which records the settings per job so they can be read back.</summary>
    public class SetDrsJobAlarmTests
    {
        const string Fqid = ",HuaweiMigration.Commands.SetDrsJobAlarmCommand";

        static SimHost Start(int incrementalJobs = 3) => SimHost.Start(WatchScenarios.Build(0, x =>
        {
            for (int i = 1; i <= incrementalJobs; i++)
                x.DrsJobs.Add(new SimulatedDrsJob { JobId = $"job-{i:00}", Name = $"mysql-{i:00}", TaskMode = DrsTaskModes.FullIncremental, Behavior = new MigrationBehavior { FullSyncSeconds = 1000 } });
            x.DrsJobs.Add(new SimulatedDrsJob { JobId = "job-stopped", TaskMode = DrsTaskModes.FullIncremental, Behavior = new MigrationBehavior { Kind = MigrationBehaviorKind.Released } });
            x.DrsJobs.Add(new SimulatedDrsJob { JobId = "job-full", TaskMode = DrsTaskModes.Full, Behavior = new MigrationBehavior { FullSyncSeconds = 1000 } });
            x.DrsJobs.Add(new SimulatedDrsJob { JobId = "job-refused", EngineType = "postgresql", TaskMode = DrsTaskModes.FullIncremental, AlarmErrorCode = "DRS.M05010", Behavior = new MigrationBehavior { FullSyncSeconds = 1000 } });
        }));

        [Fact]
        public void SetsTheAlarmOfEveryJobTenToARequestAndTheServiceKeepsIt()
        {
            using var h = Start(25);
            var ids = string.Join(", ", Enumerable.Range(1, 25).Select(i => $"job-{i:00}"));
            var r = h.Run($"Set-DrsJobAlarm -JobId {ids} -DelayThreshold 120 -Email dba@example.com, ops@example.com -RtoThreshold 30 -RpoThreshold 40 -NotifyOnFailure");
            Assert.Empty(r.AllErrors);
            var alarms = r.Objects<DrsJobAlarm>();
            Assert.Equal(25, alarms.Length);
            Assert.Equal("mysql-07", alarms[6].JobName);
            var sets = h.Sim.Requests.All.Where(q => q.Route == "drs.smn").ToList();
            Assert.Equal(3, sets.Count);
            Assert.All(sets, q => Assert.InRange(JsonNode.Parse(q.Body)["jobs"].AsArray().Count, 1, 10));
            foreach (var id in new[] { "job-01", "job-25" })
            {
                var kept = h.Sim.DrsAlarm(id);
                Assert.Equal(120, (int)kept["delay_time"]);
                Assert.Equal(30, (int)kept["rto_delay"]);
                Assert.Equal(40, (int)kept["rpo_delay"]);
                Assert.True((bool)kept["alarm_to_user"]);
                Assert.Equal("email", (string)kept["subscriptions"][0]["protocol"]);
                Assert.Equal(new[] { "dba@example.com", "ops@example.com" }, kept["subscriptions"][0]["endpoints"].AsArray().Select(e => (string)e));
                Assert.Equal("mysql", (string)kept["engine_type"]);
                Assert.False(string.IsNullOrEmpty((string)kept["job_status"]));
            }
        }

        [Fact]
        public void StoppedFullOnlyAndUnknownJobsAreRefusedBeforeAnyRequest()
        {
            using var h = Start();
            var r = h.Run("Set-DrsJobAlarm -JobId job-stopped, job-full, job-nope -DelayThreshold 60 -TopicUrn urn:smn:cn-north-4:0123:dba");
            Assert.Equal(new[] { "JobStopped", "JobNotIncremental", "JobNotFound" }, r.Errors.Select(e => e.FullyQualifiedErrorId.Replace(Fqid, "")));
            Assert.Equal(new object[] { "job-stopped", "job-full", "job-nope" }, r.Errors.Select(e => e.TargetObject));
            Assert.Contains("RELEASE_RESOURCE_COMPLETE", r.Errors[0].Exception.Message);
            Assert.Contains("FULL_TRANS", r.Errors[1].Exception.Message);
            Assert.Equal(0, h.Sim.Requests.Count("drs.smn"));
            Assert.Empty(r.Output);
        }

        [Fact]
        public void APerJobErrorLeavesTheOthersSet()
        {
            using var h = Start();
            var r = h.Run("Set-DrsJobAlarm -JobId job-01, job-refused, job-stopped, job-02 -DelayThreshold 60 -Phone +8613800000000");
            Assert.Equal(new[] { "JobStopped", "DRS.M05010" }, r.Errors.Select(e => e.FullyQualifiedErrorId.Replace(Fqid, "")));
            Assert.Equal("job-refused", r.Errors[1].TargetObject);
            Assert.Equal(new[] { "job-01", "job-02" }, r.Objects<DrsJobAlarm>().Select(a => a.JobId));
            Assert.Equal(1, h.Sim.Requests.Count("drs.smn"));
            Assert.Equal("sms", (string)h.Sim.DrsAlarm("job-02")["subscriptions"][0]["protocol"]);
            Assert.Null(h.Sim.DrsAlarm("job-refused"));
        }

        [Fact]
        public void WhatIfSendsNothing()
        {
            using var h = Start();
            var r = h.Run("Set-DrsJobAlarm -JobId job-01, job-02 -DelayThreshold 60 -TopicUrn urn:smn:cn-north-4:0123:dba -WhatIf");
            Assert.Empty(r.AllErrors);
            Assert.Empty(r.Output);
            Assert.Equal(0, h.Sim.Requests.Count());
            Assert.Null(h.Sim.DrsAlarm("job-01"));
        }

        [Fact]
        public void PipedJobsBindAndATopicIsSent()
        {
            using var h = Start();
            var r = h.Run("Get-DrsJob -JobId job-01, job-02 | Set-DrsJobAlarm -DelayThreshold 300 -TopicUrn urn:smn:cn-north-4:0123:dba");
            Assert.Empty(r.AllErrors);
            Assert.Equal(new[] { "job-01", "job-02" }, r.Objects<DrsJobAlarm>().Select(a => a.JobId).OrderBy(x => x));
            Assert.Equal("urn:smn:cn-north-4:0123:dba", (string)h.Sim.DrsAlarm("job-01")["topic_urn"]);
            Assert.Equal(1, h.Sim.Requests.Count("drs.smn"));
        }

        [Fact]
        public void ALostAlarmSetIsSentAgainAsItOnlySetsTheSameValues()
        {
            // A deliberate exception to "no blind resend" (see DrsAlarmClient.SetAsync): batch-set-smn creates nothing.
            using var h = Start();
            h.Sim.Faults.Add(Fault.HtmlError(502).AfterActing().On("drs.smn").Repeat(1));
            var r = h.Run("Set-DrsJobAlarm -JobId job-01 -DelayThreshold 90 -TopicUrn urn:smn:cn-north-4:0123:dba");
            Assert.Empty(r.AllErrors);
            Assert.Equal(2, h.Sim.Requests.Count("drs.smn"));
            Assert.Equal(90, (int)h.Sim.DrsAlarm("job-01")["delay_time"]);
        }

        [Fact]
        public void AnAnswerWithoutTheJobIsAnErrorNeverASuccess()
        {
            var results = HuaweiMigration.Drs.DrsAlarmClient.ParseResults(new[] { "a", "b", "c" },
                System.Text.Encoding.UTF8.GetBytes("{\"count\":2,\"results\":[{\"id\":\"a\",\"status\":\"success\"},{\"id\":\"c\",\"status\":\"pending\"}]}"), "req-1");
            Assert.Null(results[0]);
            Assert.Equal("JobNotReturned", results[1].ErrorCode);
            Assert.Equal("AlarmNotSet", results[2].ErrorCode);
            Assert.Contains("pending", results[2].Message);
        }
    }
}
