using System.Linq;
using HuaweiMigration.Core;
using HuaweiMigration.Simulator;
using HuaweiMigration.Tests.Engine;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>A server that repeats a page while claiming a huge total is paged a bounded number of times, with a warning.</summary>
    public sealed class PagingLimitTests
    {
        static string Keys(int from, int count) => string.Join(",", Enumerable.Range(from, count).Select(i => "k" + i));

        [Fact]
        public void ARepeatedPageStopsTheListing()
        {
            var limit = new PagingLimit("the list", 2);
            Assert.Null(limit.Next(new[] { "a", "b" }, 1_000_000));
            Assert.Null(limit.Next(new[] { "c", "b" }, 1_000_000));
            Assert.Contains("repeats", limit.Next(new[] { "a", "c" }, 1_000_000));
        }

        [Fact]
        public void RowsCompareWithThePreviousPageOnlyAndThePageBoundCatchesTheRest()
        {
            var rows = new PagingLimit("the rows", 2, rememberAll: false);
            Assert.Null(rows.Next(new[] { "a", "b" }, 4));
            Assert.Null(rows.Next(new[] { "c", "d" }, 4));
            // ⌈4 / 2⌉ + 1 = 3 pages at most, even when each page looks new.
            Assert.Contains("more than", rows.Next(new[] { "a", "b" }, 4));
            var again = new PagingLimit("the rows", 2, rememberAll: false);
            Assert.Null(again.Next(new[] { "a", "b" }, 100));
            Assert.Contains("repeats", again.Next(new[] { "a", "b" }, 100));
        }

        [Fact]
        public void TheFirstPagesSizeBoundsWhenTheServiceAnswersLessThanAsked()
        {
            var limit = new PagingLimit("the list", 1000);
            for (int i = 0; i < 10; i++) Assert.Null(limit.Next(Enumerable.Range(i * 10, 10).Select(n => "k" + n), 100));
            Assert.NotNull(limit.Next(new[] { "x" }, 100));
        }

        const string HugeDcsPage = "{\"count\": 100000000, \"migration_tasks\": [{\"task_id\": \"a276c1f5-0000-4000-8000-000000000001\", \"task_name\": \"one\", \"status\": \"SUCCESS\"}]}";
        const string HugeDrsPage = "{\"total_record\": 100000000, \"jobs\": [{\"id\": \"8d0e0000-0000-4000-8000-00000000jb01\", \"name\": \"one\", \"status\": \"FULL_TRANSFER_STARTED\"}]}";
        const string HugeObjectPage = "{\"count\": 100000000, \"flow_compare_data\": [{\"src_db\": \"db\", \"src_tb\": \"t1\", \"progress\": 50}]}";

        [Theory]
        [InlineData(Routes.DcsList, HugeDcsPage, "Get-DcsMigrationTask")]
        [InlineData(Routes.DrsList, HugeDrsPage, "Get-DrsJob")]
        [InlineData(Routes.DrsObjects, HugeObjectPage, "Get-DrsJobProgress -JobId {job} -ObjectType table")]
        public void EveryListStopsWhenTheServerRepeatsAPage(string route, string body, string command)
        {
            using var h = SimHost.Start();
            h.Sim.Faults.Add(Fault.Malformed(body).On(route).Repeat(50));
            var r = h.Run(command.Replace("{job}", h.Scenario.DrsJobs[0].JobId));
            Assert.Contains(r.Warnings, w => w.Contains("repeats"));
            // Two pages per listing at most (the DRS job list is read once per scene).
            Assert.InRange(h.Sim.Requests.Count(route), 2, route == Routes.DrsList ? 6 : 2);
        }
    }
}
