using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>After the service rejects the key, the ids a fan-out did not send get one error with their count, not one each.</summary>
    public class RejectedKeyTests
    {
        static string Id(ErrorRecord e) => e.FullyQualifiedErrorId.Split(',')[0];

        /// <summary>Moves the session's clock a minute on, past the quiet spell since Connect proved the key, so the next request goes alone.</summary>
        static HuaweiCloudSession PastTheQuietSpell(SimHost h)
        {
            var session = (HuaweiCloudSession)h.Run("Get-HuaweiCloudSession").Output.Single().BaseObject;
            var later = System.TimeSpan.FromMinutes(1);
            session.Http.Monotonic = () => later + System.TimeSpan.FromTicks(System.Diagnostics.Stopwatch.GetTimestamp());
            return session;
        }

        [Theory]
        [InlineData("Get-DcsMigrationStats -TaskId $ids -ThrottleLimit 1", "dcs.stats")]
        [InlineData("Get-DcsMigrationTask -TaskId $ids -ThrottleLimit 1", "dcs.task")]
        [InlineData("$ids | Get-DcsMigrationStats", "dcs.stats")]
        [InlineData("Get-DcsMigrationTask -Detailed -ThrottleLimit 1", "dcs.task")]
        public void OneRequestsNotSentErrorCountsTheIdsLeft(string command, string route)
        {
            using var h = SimHost.Start();
            var ids = h.Scenario.DcsTasks.Select(t => t.TaskId).ToArray();
            Assert.True(ids.Length >= 3);
            h.Sim.Faults.Add(Fault.Unauthorized().On(route).Repeat(100));
            PastTheQuietSpell(h);
            var r = h.Run(command, new System.Collections.Generic.Dictionary<string, object> { ["ids"] = ids });
            Assert.Empty(r.Output);
            Assert.Equal(1, h.Sim.Requests.Count(route));
            Assert.Equal(2, r.AllErrors.Count);
            var rejected = r.AllErrors[0];
            Assert.Equal("APIG.0301", Id(rejected));
            Assert.Equal(ids[0], rejected.TargetObject);
            var notSent = r.AllErrors[1];
            Assert.Equal("RequestsNotSent", Id(notSent));
            Assert.Equal(ErrorCategory.AuthenticationError, notSent.CategoryInfo.Category);
            Assert.Equal(ids.Skip(1).ToArray(), (string[])notSent.TargetObject);
            Assert.StartsWith($"DCS: {ids.Length - 1} requests were not sent, for tasks {ids[1]}, ", notSent.Exception.Message);
            Assert.NotNull(notSent.ErrorDetails?.RecommendedAction);
        }

        [Fact]
        public void DrsBatchesNotSentAreOneErrorNamingEveryJob()
        {
            var scenario = SimHost.FrozenDemo();
            using var h = SimHost.Start(scenario);
            var ids = Enumerable.Range(0, 25).Select(i => $"job-{i:D4}").ToArray();
            h.Sim.Faults.Add(Fault.Unauthorized().On("drs.batch").Repeat(100));
            PastTheQuietSpell(h);
            var r = h.Run("Get-DrsJobProgress -JobId $ids -ThrottleLimit 1", new System.Collections.Generic.Dictionary<string, object> { ["ids"] = ids });
            Assert.Equal(1, h.Sim.Requests.Count("drs.batch"));
            var errors = r.AllErrors.GroupBy(Id).ToDictionary(g => g.Key, g => g.ToList());
            Assert.Equal(10, errors["APIG.0301"].Count);
            var notSent = Assert.Single(errors["RequestsNotSent"]);
            Assert.Equal(ids.Skip(10).ToArray(), (string[])notSent.TargetObject);
            Assert.Contains("15 requests were not sent, for jobs job-0010, job-0011, job-0012, job-0013, job-0014 and 10 more", notSent.Exception.Message);
        }

        /// <summary>A session whose key the service rejected at an earlier command, and the ids of the demo.</summary>
        static SimHost Rejected(out string[] tasks, out string[] jobs)
        {
            var h = SimHost.Start();
            tasks = h.Scenario.DcsTasks.Take(3).Select(t => t.TaskId).ToArray();
            jobs = h.Scenario.DrsJobs.Take(2).Select(j => j.JobId).ToArray();
            h.Sim.Faults.Add(Fault.Unauthorized().On(Routes.DcsStats));
            Assert.Equal("APIG.0301", Id(h.Run($"Get-DcsMigrationStats -TaskId {tasks[0]}").SingleError));
            h.Sim.Requests.Clear();
            return h;
        }

        [Theory]
        [InlineData("Watch-Migration -DcsTaskId $tasks -DrsJobId $jobs -Interval 1", true, true)]
        [InlineData("Watch-Migration -DcsTaskId $tasks -DrsJobId $jobs -Until Ready -StableFor 0", true, true)]
        [InlineData("Test-MigrationReadiness -DcsTaskId $tasks -DrsJobId $jobs", true, true)]
        [InlineData("Stop-DcsMigrationTask $tasks -Force", true, false)]
        [InlineData("Stop-DcsMigrationTask $tasks -Force -RequireReady", true, false)]
        [InlineData("Switch-DcsMigrationIp $tasks -Force -Wait", true, false)]
        [InlineData("Switch-DcsMigrationIp $tasks -Force -RequireReady", true, false)]
        [InlineData("Stop-DrsJob $jobs -Force", false, true)]
        [InlineData("Stop-DrsJob $jobs -Force -RequireReady -PassThru", false, true)]
        [InlineData("Get-DrsJobProgress -JobId $jobs -ObjectType table", false, true)]
        [InlineData("$jobs | Get-DrsComparison", false, true)]
        [InlineData("Stop-DrsComparison -JobId $jobs -Confirm:$false", false, true)]
        [InlineData("Start-DrsComparison -JobId $jobs -Confirm:$false", false, true)]
        [InlineData("Set-DrsJobAlarm -JobId $jobs -DelayThreshold 60 -Email ops@example.com -Confirm:$false", false, true)]
        public void AfterARejectionACommandWritesOneRequestsNotSentPerService(string command, bool dcs, bool drs)
        {
            using var h = Rejected(out var tasks, out var jobs);
            var r = h.Run(command, new System.Collections.Generic.Dictionary<string, object> { ["tasks"] = tasks, ["jobs"] = jobs });
            Assert.Equal(0, h.Sim.Requests.Count());
            Assert.Empty(r.Output);
            Assert.All(r.AllErrors, e => Assert.Equal("RequestsNotSent", Id(e)));
            Assert.All(r.AllErrors, e => Assert.Equal(ErrorCategory.AuthenticationError, e.CategoryInfo.Category));
            var expected = (dcs ? new[] { tasks } : new string[0][]).Concat(drs ? new[] { jobs } : new string[0][]).ToList();
            Assert.Equal(expected, r.AllErrors.Select(e => (string[])e.TargetObject).ToList());
            if (dcs) Assert.StartsWith($"DCS: 3 requests were not sent, for tasks {tasks[0]}, {tasks[1]}, {tasks[2]}: ", r.AllErrors[0].Exception.Message);
            if (drs) Assert.StartsWith($"DRS: 2 requests were not sent, for jobs {jobs[0]}, {jobs[1]}: ", r.AllErrors.Last().Exception.Message);
        }

        [Fact]
        public void AWatchThatMeetsTheRejectionReportsItThenTheIdsNotSent()
        {
            using var h = SimHost.Start();
            var tasks = h.Scenario.DcsTasks.Take(3).Select(t => t.TaskId).ToArray();
            var jobs = h.Scenario.DrsJobs.Take(2).Select(j => j.JobId).ToArray();
            h.Sim.Faults.Add(Fault.Unauthorized().Repeat(100));
            var session = PastTheQuietSpell(h);
            h.Sim.Requests.Clear();
            var r = h.Run("Watch-Migration -DcsTaskId $tasks -DrsJobId $jobs -Interval 1",
                new System.Collections.Generic.Dictionary<string, object> { ["tasks"] = tasks, ["jobs"] = jobs });
            Assert.Equal(1, h.Sim.Requests.Count());
            Assert.Equal(new[] { "APIG.0301", "RequestsNotSent", "RequestsNotSent" }, r.AllErrors.Select(Id));
            // The first request of the poll is the DRS name lookup: its 401 is reported against the session.
            Assert.Equal(1, h.Sim.Requests.Count(Routes.DrsList));
            Assert.Same(session, r.AllErrors[0].TargetObject);
            Assert.Equal(tasks, (string[])r.AllErrors[1].TargetObject);
            Assert.Equal(jobs, (string[])r.AllErrors[2].TargetObject);
        }

        [Fact]
        public void AReadinessCheckThatMeetsTheRejectionReportsItThenTheIdsNotSent()
        {
            using var h = SimHost.Start();
            var tasks = h.Scenario.DcsTasks.Take(3).Select(t => t.TaskId).ToArray();
            h.Sim.Faults.Add(Fault.Unauthorized().Repeat(100));
            var session = PastTheQuietSpell(h);
            h.Sim.Requests.Clear();
            var r = h.Run("Test-MigrationReadiness -DcsTaskId $tasks -Quiet",
                new System.Collections.Generic.Dictionary<string, object> { ["tasks"] = tasks });
            Assert.Empty(r.Output);
            Assert.Equal(1, h.Sim.Requests.Count());
            Assert.Equal(new[] { "APIG.0301", "RequestsNotSent" }, r.AllErrors.Select(Id));
            Assert.Same(session, r.AllErrors[0].TargetObject);
            Assert.Equal(tasks.Skip(1).ToArray(), (string[])r.AllErrors[1].TargetObject);
        }

        [Fact]
        public void AStopOfDrsJobsThatMeetsTheRejectionIsAnErrorPerJobNotAnUnhandledException()
        {
            using var h = SimHost.Start();
            var jobs = h.Scenario.DrsJobs.Take(2).Select(j => j.JobId).ToArray();
            h.Sim.Faults.Add(Fault.Unauthorized().On(Routes.DrsStop));
            h.Sim.Requests.Clear();
            var r = h.Run("Stop-DrsJob $jobs -Force", new System.Collections.Generic.Dictionary<string, object> { ["jobs"] = jobs });
            Assert.Equal(1, h.Sim.Requests.Count());
            Assert.Equal(new[] { "APIG.0301", "APIG.0301" }, r.AllErrors.Select(Id));
            Assert.Equal(jobs, r.AllErrors.Select(e => (string)e.TargetObject));
            Assert.All(r.AllErrors, e => Assert.Equal(ErrorCategory.AuthenticationError, e.CategoryInfo.Category));
        }
    }
}
