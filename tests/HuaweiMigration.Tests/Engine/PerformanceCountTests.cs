using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;
using HuaweiMigration.Simulator;
using HuaweiMigration.Watch;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>
    /// The request-count side of issue 7: how many requests, pages and parallel requests a command makes.
    /// No timing asserts here; tests/HuaweiMigration.Benchmarks measures time and memory.
    /// The tests share one simulator and its request log; xunit runs the tests of a class one at a time.
    /// </summary>
    public class PerformanceCountTests : IClassFixture<PerformanceCountTests.ManyMigrations>
    {
        const string BigObjectJob = "drs-objects-100k";
        readonly ManyMigrations _fixture;

        public PerformanceCountTests(ManyMigrations fixture) { _fixture = fixture; }

        static string DcsId(int i) => "dcs-" + i.ToString("D4");
        static string DrsId(int i) => "drs-" + i.ToString("D4");

        /// <summary>200 DCS tasks, 1,000 DRS jobs and one job with 100,000 tables, all mid full sync on a frozen clock.</summary>
        public sealed class ManyMigrations : IDisposable
        {
            public ManyMigrations()
            {
                var s = SimHost.FrozenDemo();
                s.DcsTasks.Clear();
                s.DrsJobs.Clear();
                var slow = new MigrationBehavior { Kind = MigrationBehaviorKind.Complete, FullSyncSeconds = 36_000 };
                for (int i = 0; i < 200; i++)
                    s.DcsTasks.Add(WatchScenarios.Dcs(DcsId(i), slow, keys: 1_000_000));
                for (int i = 0; i < 1000; i++)
                    s.DrsJobs.Add(WatchScenarios.Drs(DrsId(i), slow));
                var big = WatchScenarios.Drs(BigObjectJob, slow);
                big.Objects["table"] = 100_000;
                s.DrsJobs.Add(big);
                Host = SimHost.Start(s);
                Host.Sim.Clock.Advance(TimeSpan.FromMinutes(10));
            }

            public SimHost Host { get; }

            public void Dispose() => Host.Dispose();
        }

        SimHost H => _fixture.Host;

        [Fact]
        public void ThousandDrsIdsMakeExactlyOneHundredBatchesOfAtMostTenIds()
        {
            var ids = Enumerable.Range(0, 1000).Select(DrsId).ToArray();
            H.Sim.Requests.Clear();
            var r = H.Run("Get-DrsJobProgress -JobId $ids", new Dictionary<string, object> { ["ids"] = ids });
            Assert.Empty(r.AllErrors);
            Assert.Equal(ids, r.Objects<DrsJobProgress>().Select(p => p.JobId));

            var batches = H.Sim.Requests.All.Where(q => q.Route == "drs.batch").ToList();
            Assert.Equal(100, batches.Count);
            Assert.Equal(100, H.Sim.Requests.Count());
            var asked = batches.Select(b => JobsOf(b.Body)).ToList();
            Assert.All(asked, jobs => Assert.InRange(jobs.Count, 1, 10));
            Assert.Equal(ids.OrderBy(x => x), asked.SelectMany(x => x).OrderBy(x => x));
        }

        [Fact]
        public async Task SteadyWatchPollOf200DcsAnd500DrsMakes200StatsAnd50Batches()
        {
            using var http = new CloudHttpClient(
                new HuaweiMigration.Core.AccessKeyCredential(H.Scenario.Credentials[0].AccessKey, H.Scenario.Credentials[0].SecretKey),
                TimeSpan.FromSeconds(30));
            var watcher = new MigrationWatcher(new DcsClient(http, H.Sim.BaseUrl, H.Scenario.ProjectId), new DrsClient(http, H.Sim.BaseUrl, H.Scenario.ProjectId));
            for (int i = 0; i < 200; i++) watcher.Add(MigrationService.Dcs, DcsId(i));
            for (int i = 0; i < 500; i++) watcher.Add(MigrationService.Drs, DrsId(i));

            // The first poll also reads each DCS task's details, once.
            H.Sim.Requests.Clear();
            var first = await watcher.PollAsync(NullRequestLog.Instance, CancellationToken.None);
            Assert.All(first, p => Assert.Equal(PollOutcome.Sampled, p.Outcome));
            Assert.Equal(200, H.Sim.Requests.Count("dcs.stats"));
            Assert.Equal(200, H.Sim.Requests.Count("dcs.task"));
            Assert.Equal(50, H.Sim.Requests.Count("drs.batch"));

            for (int poll = 0; poll < 2; poll++)
            {
                H.Sim.Requests.Clear();
                var results = await watcher.PollAsync(NullRequestLog.Instance, CancellationToken.None);
                Assert.Equal(700, results.Count);
                Assert.All(results, p => Assert.Equal(PollOutcome.Sampled, p.Outcome));
                Assert.Equal(watcher.Items.Select(i => i.Id), results.Select(p => p.Item.Id));
                var counts = H.Sim.Requests.CountsByRoute();
                Assert.Equal(new Dictionary<string, int> { ["dcs.stats"] = 200, ["drs.batch"] = 50 }, counts);
            }
        }

        [Theory]
        [InlineData("Get-DcsMigrationStats -TaskId $ids", "dcs.stats")]
        [InlineData("Get-DcsMigrationTask -TaskId $ids", "dcs.task")]
        public void FortyIdsWithThrottleLimit8KeepUpTo8InFlightAndAnswerInInputOrder(string command, string route)
        {
            var ids = Enumerable.Range(0, 40).Select(DcsId).ToArray();
            var vars = new Dictionary<string, object> { ["ids"] = ids };
            // Added latency keeps requests in flight long enough to overlap.
            H.Sim.AddedLatency = TimeSpan.FromMilliseconds(50);
            try
            {
                H.Sim.Requests.Clear();
                var parallel = H.Run(command + " -ThrottleLimit 8", vars);
                Assert.Empty(parallel.AllErrors);
                Assert.Equal(ids, parallel.Output.Select(o => (string)o.Properties["TaskId"].Value));
                Assert.Equal(40, H.Sim.Requests.Count(route));
                Assert.InRange(H.Sim.Requests.PeakConcurrency, 2, 8);

                H.Sim.Requests.Clear();
                var sequential = H.Run(command + " -ThrottleLimit 1", vars);
                Assert.Empty(sequential.AllErrors);
                Assert.Equal(ids, sequential.Output.Select(o => (string)o.Properties["TaskId"].Value));
                Assert.Equal(1, H.Sim.Requests.PeakConcurrency);
            }
            finally
            {
                H.Sim.AddedLatency = TimeSpan.Zero;
            }
        }

        [Theory]
        [InlineData(1, 8, 1)]
        [InlineData(2, 8, 2)]
        [InlineData(9, 8, 8)]
        [InlineData(3, 1, 1)]
        public void TheLastIdStillRunsAlongsideTheOthers(int count, int throttleLimit, int peak)
        {
            // A lone id runs on the pipeline thread; the last of several must not wait for the rest to finish.
            var ids = Enumerable.Range(0, count).Select(DcsId).ToArray();
            H.Sim.AddedLatency = TimeSpan.FromMilliseconds(300);
            try
            {
                H.Sim.Requests.Clear();
                var r = H.Run($"Get-DcsMigrationStats -TaskId $ids -ThrottleLimit {throttleLimit}", new Dictionary<string, object> { ["ids"] = ids });
                Assert.Empty(r.AllErrors);
                Assert.Equal(ids, r.Output.Select(o => (string)o.Properties["TaskId"].Value));
                Assert.Equal(peak, H.Sim.Requests.PeakConcurrency);
            }
            finally
            {
                H.Sim.AddedLatency = TimeSpan.Zero;
            }
        }

        [Fact]
        public void DrsBatchesBeyondTheFirstTenIdsRunInParallelUpToTheLimit()
        {
            var ids = Enumerable.Range(0, 400).Select(DrsId).ToArray();
            H.Sim.AddedLatency = TimeSpan.FromMilliseconds(50);
            try
            {
                H.Sim.Requests.Clear();
                var r = H.Run("Get-DrsJobProgress -JobId $ids -ThrottleLimit 8", new Dictionary<string, object> { ["ids"] = ids });
                Assert.Empty(r.AllErrors);
                Assert.Equal(ids, r.Objects<DrsJobProgress>().Select(p => p.JobId));
                Assert.Equal(40, H.Sim.Requests.Count("drs.batch"));
                Assert.InRange(H.Sim.Requests.PeakConcurrency, 2, 8);
            }
            finally
            {
                H.Sim.AddedLatency = TimeSpan.Zero;
            }
        }

        [Fact]
        public void HundredThousandObjectRowsStreamIn100Pages()
        {
            H.Sim.Requests.Clear();
            // The consumer keeps only a count, so the host collects one number, not 100,000 rows.
            var r = H.Run($"$n = 0; Get-DrsJobProgress -JobId {BigObjectJob} -ObjectType table | ForEach-Object {{ $n++ }}; $n");
            Assert.Empty(r.AllErrors);
            Assert.Equal(100_000, Convert.ToInt32(Assert.Single(r.Output).BaseObject));
            Assert.Equal(100, H.Sim.Requests.Count("drs.objects"));
            Assert.Equal(100, H.Sim.Requests.Count());
            Assert.All(H.Sim.Requests.All, q => Assert.Contains("limit=1000", q.Query));
        }

        [Fact]
        public void RequestHeadersAreLoggedOnlyWhenDebugOutputIsWanted()
        {
            var quiet = H.Run($"Get-DcsMigrationStats -TaskId {DcsId(0)}");
            Assert.Empty(quiet.AllErrors);
            Assert.Empty(quiet.Debug);
            Assert.Empty(quiet.Verbose);

            var debug = H.Run($"Get-DcsMigrationStats -TaskId {DcsId(0)} -Debug");
            Assert.Contains(debug.Debug, d => d.Contains("X-Sdk-Date") && d.Contains("Authorization: <redacted>"));

            // A child scope, so the preferences do not outlive this test in the shared runspace.
            var preference = H.Run($"& {{ $DebugPreference = 'Continue'; $VerbosePreference = 'Continue'; Get-DcsMigrationStats -TaskId {DcsId(0)} }}");
            Assert.Contains(preference.Debug, d => d.Contains("X-Sdk-Date"));
            Assert.Contains(preference.Verbose, v => v.Contains("/stats -> 200"));

            var off = H.Run($"& {{ $DebugPreference = 'Continue'; $VerbosePreference = 'Continue'; Get-DcsMigrationStats -TaskId {DcsId(0)} -Debug:$false -Verbose:$false }}");
            Assert.Empty(off.Debug);
            Assert.Empty(off.Verbose);
        }

        static List<string> JobsOf(string body)
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.GetProperty("jobs").EnumerateArray().Select(j => j.GetString()).ToList();
        }
    }
}
