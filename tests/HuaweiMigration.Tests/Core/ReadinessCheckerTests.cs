using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;
using HuaweiMigration.Readiness;
using HuaweiMigration.Simulator;
using HuaweiMigration.Tests.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>ReadinessChecker against the simulator's comparison and health routes, on a hand-moved clock.</summary>
    public sealed class ReadinessCheckerTests : IAsyncLifetime
    {
        internal const string ScenarioJson = """
        {
          "timeScale": 0,
          "credentials": [ { "accessKey": "TESTAK0000000000", "secretKey": "test-secret-key" } ],
          "dcsTasks": [
            { "taskId": "dcs-incr", "taskName": "sessions", "migrationMethod": "incremental_migration", "keys": 100000,
              "behavior": { "kind": "incremental", "fullSyncSeconds": 100, "initialLagKeys": 50, "lagHalfLifeSeconds": 5, "finalLagKeys": 0 } },
            { "taskId": "dcs-full", "taskName": "orders", "migrationMethod": "full_amount_migration", "keys": 100000,
              "behavior": { "kind": "complete", "fullSyncSeconds": 400 } }
          ],
          "drsJobs": [
            { "jobId": "ok", "name": "mysql-ok", "behavior": { "fullSyncSeconds": 100, "initialDelaySeconds": 1, "delayHalfLifeSeconds": 5 } },
            { "jobId": "bad", "name": "mysql-bad", "behavior": { "fullSyncSeconds": 100, "initialDelaySeconds": 1, "delayHalfLifeSeconds": 5 },
              "comparison": { "outcome": "inconsistent", "inconsistentTables": [ "db1.table_000001" ] } },
            { "jobId": "never", "behavior": { "fullSyncSeconds": 100, "initialDelaySeconds": 1, "delayHalfLifeSeconds": 5 },
              "comparison": { "outcome": "neverFinishing" } },
            { "jobId": "failing", "behavior": { "fullSyncSeconds": 100, "initialDelaySeconds": 1, "delayHalfLifeSeconds": 5 },
              "comparison": { "outcome": "failing" } },
            { "jobId": "nov5", "behavior": { "fullSyncSeconds": 100, "initialDelaySeconds": 1, "delayHalfLifeSeconds": 5 }, "health": "notServed" },
            { "jobId": "down", "behavior": { "fullSyncSeconds": 100, "initialDelaySeconds": 1, "delayHalfLifeSeconds": 5 }, "health": "targetDown" },
            { "jobId": "garbled", "behavior": { "fullSyncSeconds": 100, "initialDelaySeconds": 1, "delayHalfLifeSeconds": 5 }, "health": "unreadable" },
            { "jobId": "slowsync", "behavior": { "fullSyncSeconds": 100000 } },
            { "jobId": "x1", "behavior": { "fullSyncSeconds": 100 } },
            { "jobId": "x2", "behavior": { "fullSyncSeconds": 100 } },
            { "jobId": "x3", "behavior": { "fullSyncSeconds": 100 } },
            { "jobId": "x4", "behavior": { "fullSyncSeconds": 100 } },
            { "jobId": "slow", "behavior": { "fullSyncSeconds": 100, "initialDelaySeconds": 1 }, "comparison": { "outcome": "slow", "runSeconds": 20 } },
            { "jobId": "early", "name": "mysql-early", "behavior": { "fullSyncSeconds": 100, "initialDelaySeconds": 120, "delayHalfLifeSeconds": 10 } }
          ]
        }
        """;

        SimulatorServer _sim;
        CloudHttpClient _http;
        DrsComparisonClient _comparisons;
        ReadinessChecker _checker;

        public async Task InitializeAsync()
        {
            _sim = await SimulatorServer.StartAsync(HuaweiMigration.Simulator.Scenario.Parse(ScenarioJson));
            _http = new CloudHttpClient(new HuaweiMigration.Core.AccessKeyCredential(SimulatorTestKit.AccessKey, SimulatorTestKit.SecretKey),
                TimeSpan.FromSeconds(30), new RetryPolicy { MaxRetries = 0 });
            _comparisons = new DrsComparisonClient(_http, _sim.BaseUrl, SimulatorTestKit.ProjectId);
            _checker = new ReadinessChecker(new DcsClient(_http, _sim.BaseUrl, SimulatorTestKit.ProjectId),
                new DrsClient(_http, _sim.BaseUrl, SimulatorTestKit.ProjectId), _comparisons) { Clock = () => _sim.Clock.Now };
        }

        public async Task DisposeAsync()
        {
            _http.Dispose();
            await _sim.DisposeAsync();
        }

        async Task StartBoth(string job)
        {
            await _comparisons.StartObjectComparisonAsync(job, null, CancellationToken.None);
            await _comparisons.StartDataComparisonAsync(job, DrsComparisonType.Rows, null, null, CancellationToken.None);
        }

        Task<System.Collections.Generic.IReadOnlyList<MigrationReadiness>> Check(params ReadinessTarget[] targets) =>
            _checker.CheckAsync(targets, null, CancellationToken.None);

        static ReadinessTarget Drs(string id) => new ReadinessTarget(MigrationService.Drs, id);

        [Fact]
        public async Task AComparisonOutsideTheIncrementalPhaseIsRefusedWithTheServiceCode()
        {
            var ex = await Assert.ThrowsAsync<HuaweiApiException>(() => _comparisons.StartObjectComparisonAsync("ok", null, CancellationToken.None));
            Assert.Equal("DRS.10000024", ex.ErrorCode);
            ex = await Assert.ThrowsAsync<HuaweiApiException>(() => _comparisons.StartDataComparisonAsync("ok", DrsComparisonType.Rows, null, null, CancellationToken.None));
            Assert.Equal("DRS.10000024", ex.ErrorCode);
        }

        [Fact]
        public async Task EachScenarioOutcomeGivesItsVerdict()
        {
            _sim.Clock.Advance(TimeSpan.FromSeconds(200));
            foreach (var job in new[] { "ok", "bad", "never", "failing", "nov5", "down", "garbled" }) await StartBoth(job);
            _sim.Clock.Advance(TimeSpan.FromSeconds(60));

            var verdicts = (await Check(new[] { "ok", "bad", "never", "failing", "nov5", "down", "garbled", "slowsync" }.Select(Drs).ToArray()))
                .ToDictionary(v => v.Id);
            string[] Codes(string id) => verdicts[id].Blockers.Select(b => b.Code).ToArray();

            Assert.True(verdicts["ok"].IsReady, string.Join("; ", verdicts["ok"].Blockers.Select(b => b.Message)));
            Assert.Equal(true, verdicts["ok"].TargetConnected);
            Assert.Equal(DrsComparisonResult.Consistent, verdicts["ok"].RowComparison.Result);
            Assert.Equal(new[] { "Inconsistent" }, Codes("bad"));
            Assert.Contains("db1", verdicts["bad"].Blockers[0].Message);
            Assert.Equal(new[] { "ComparisonRunning", "ComparisonRunning" }, Codes("never"));
            Assert.Equal(new[] { "ComparisonFailed", "ComparisonFailed" }, Codes("failing"));
            Assert.True(verdicts["nov5"].IsReady);
            Assert.Equal("HealthUnknown", Assert.Single(verdicts["nov5"].Warnings).Code);
            Assert.Equal(new[] { "EndpointUnhealthy" }, Codes("down"));
            Assert.Equal(new[] { "HealthUnknown" }, Codes("garbled"));
            Assert.Equal(new[] { "NotIncremental", "NoComparison", "NoComparison" }, Codes("slowsync"));
        }

        [Fact]
        public async Task OnlyOneUnfinishedDataComparisonPerJob()
        {
            _sim.Clock.Advance(TimeSpan.FromSeconds(200));
            await _comparisons.StartDataComparisonAsync("never", DrsComparisonType.Rows, null, null, CancellationToken.None);
            var ex = await Assert.ThrowsAsync<HuaweiApiException>(() => _comparisons.StartDataComparisonAsync("never", DrsComparisonType.Rows, null, null, CancellationToken.None));
            Assert.Equal("DRS.10000024", ex.ErrorCode);
            var running = (await _comparisons.ListDataComparisonsAsync("never", null, CancellationToken.None)).Single();
            await _comparisons.CancelDataComparisonAsync("never", running.CompareJobId, null, CancellationToken.None);
            Assert.Equal(DrsComparisonStatus.Cancelled, (await _comparisons.ListDataComparisonsAsync("never", null, CancellationToken.None)).Single().Status);
        }

        [Fact]
        public async Task TwelveJobsCostTwoStatusRequests()
        {
            _sim.Requests.Clear();
            var ids = new[] { "ok", "bad", "never", "failing", "nov5", "down", "garbled", "slowsync", "x1", "x2", "x3", "x4" };
            var verdicts = await Check(ids.Select(Drs).ToArray());
            Assert.Equal(ids, verdicts.Select(v => v.Id));
            Assert.Equal(2, _sim.Requests.Count(HuaweiMigration.Simulator.Routes.DrsBatch));
            Assert.Equal(12, _sim.Requests.Count(HuaweiMigration.Simulator.Routes.DrsHealth));
        }

        [Fact]
        public async Task AnUnknownJobIsReadFailedAndTheOthersAreJudged()
        {
            _sim.Clock.Advance(TimeSpan.FromSeconds(200));
            await StartBoth("ok");
            _sim.Clock.Advance(TimeSpan.FromSeconds(60));
            var verdicts = await Check(Drs("ok"), Drs("no-such-job"));
            Assert.True(verdicts[0].IsReady);
            var b = Assert.Single(verdicts[1].Blockers);
            Assert.Equal("ReadFailed", b.Code);
            Assert.Equal("error=DRS.M05003", b.Evidence);
        }

        [Fact]
        public async Task DcsTasksAreJudgedOnStatusProgressAndKeys()
        {
            _sim.Clock.Advance(TimeSpan.FromSeconds(300));
            var verdicts = await Check(new ReadinessTarget(MigrationService.Dcs, "dcs-incr"), new ReadinessTarget(MigrationService.Dcs, "dcs-full"));
            Assert.True(verdicts[0].IsReady, string.Join("; ", verdicts[0].Blockers.Select(b => b.Message)));
            Assert.Equal("sessions", verdicts[0].Name);
            Assert.Contains("FullSyncIncomplete", verdicts[1].Blockers.Select(b => b.Code));
        }

        [Fact]
        public async Task ALostCreateAnswerIsReadBackNotSentAgain()
        {
            _sim.Clock.Advance(TimeSpan.FromSeconds(200));
            // The service starts the comparison, but its answer is cut: the runner must find it, not start a second one.
            _sim.Faults.Add(Fault.Truncate().On(HuaweiMigration.Simulator.Routes.DrsDataCompareStart));
            var runner = new ComparisonRunner(_comparisons);
            var started = (await runner.StartAsync("ok", new[] { DrsComparisonType.Rows }, null, null, CancellationToken.None)).Single();
            Assert.Null(started.Error);
            Assert.False(started.Reused);
            Assert.Equal(DrsComparisonStatus.Running, started.Comparison.Status);
            Assert.Equal(1, _sim.Requests.Count(HuaweiMigration.Simulator.Routes.DrsDataCompareStart));
            Assert.Single(await _comparisons.ListDataComparisonsAsync("ok", null, CancellationToken.None));
        }

        [Fact]
        public async Task ACreateThatNeverArrivedIsSentOnceMoreThenReported()
        {
            // The read after each lost create shows none appeared: sent again once, then the second loss is the error.
            _sim.Clock.Advance(TimeSpan.FromSeconds(200));
            _sim.Faults.Add(Fault.Reset().On(HuaweiMigration.Simulator.Routes.DrsObjectCompareStart).Repeat(2));
            _sim.Faults.Add(Fault.Reset().On(HuaweiMigration.Simulator.Routes.DrsDataCompareStart).Repeat(2));
            var runner = new ComparisonRunner(_comparisons);
            var results = await runner.StartAsync("ok", new[] { DrsComparisonType.Object, DrsComparisonType.Rows }, null, null, CancellationToken.None);
            Assert.All(results, r => Assert.Equal("ConnectionFailed", r.Error?.ErrorCode));
            Assert.Equal(2, _sim.Requests.Count(HuaweiMigration.Simulator.Routes.DrsObjectCompareStart));
            Assert.Equal(2, _sim.Requests.Count(HuaweiMigration.Simulator.Routes.DrsDataCompareStart));
            Assert.Null(await _comparisons.GetObjectComparisonAsync("ok", null, CancellationToken.None));
        }

        [Fact]
        public async Task ASlowComparisonRunsTenTimesLonger()
        {
            _sim.Clock.Advance(TimeSpan.FromSeconds(200));
            await StartBoth("slow");
            _sim.Clock.Advance(TimeSpan.FromSeconds(60));
            Assert.Equal(new[] { "ComparisonRunning", "ComparisonRunning" }, (await Check(Drs("slow"))).Single().Blockers.Select(b => b.Code));
            _sim.Clock.Advance(TimeSpan.FromSeconds(150));
            Assert.True((await Check(Drs("slow"))).Single().IsReady);
        }
    }
}