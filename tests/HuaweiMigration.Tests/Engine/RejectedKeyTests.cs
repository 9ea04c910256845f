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
            // Past the quiet spell since Connect proved the key, so the first request goes alone.
            var session = (HuaweiCloudSession)h.Run("Get-HuaweiCloudSession").Output.Single().BaseObject;
            var later = System.TimeSpan.FromMinutes(1);
            session.Http.Monotonic = () => later + System.TimeSpan.FromTicks(System.Diagnostics.Stopwatch.GetTimestamp());
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
            var session = (HuaweiCloudSession)h.Run("Get-HuaweiCloudSession").Output.Single().BaseObject;
            var later = System.TimeSpan.FromMinutes(1);
            session.Http.Monotonic = () => later + System.TimeSpan.FromTicks(System.Diagnostics.Stopwatch.GetTimestamp());
            var r = h.Run("Get-DrsJobProgress -JobId $ids -ThrottleLimit 1", new System.Collections.Generic.Dictionary<string, object> { ["ids"] = ids });
            Assert.Equal(1, h.Sim.Requests.Count("drs.batch"));
            var errors = r.AllErrors.GroupBy(Id).ToDictionary(g => g.Key, g => g.ToList());
            Assert.Equal(10, errors["APIG.0301"].Count);
            var notSent = Assert.Single(errors["RequestsNotSent"]);
            Assert.Equal(ids.Skip(10).ToArray(), (string[])notSent.TargetObject);
            Assert.Contains("15 requests were not sent, for jobs job-0010, job-0011, job-0012, job-0013, job-0014 and 10 more", notSent.Exception.Message);
        }
    }
}
