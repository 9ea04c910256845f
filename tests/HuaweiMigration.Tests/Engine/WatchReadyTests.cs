using System;
using System.Linq;
using HuaweiMigration.Simulator;
using HuaweiMigration.Tests.Core;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>Watch-Migration -Until Ready against the simulator, on simulated time running 50 times faster.</summary>
    public sealed class WatchReadyTests
    {
        static SimHost Start()
        {
            var scenario = Scenario.Parse(ReadinessCheckerTests.ScenarioJson);
            scenario.TimeScale = 50;
            var h = SimHost.Start(scenario);
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(200));
            return h;
        }

        [Fact]
        public void StartComparisonMakesACaughtUpJobReadyAfterStableFor()
        {
            using var h = Start();
            var r = h.Run("Watch-Migration -DrsJobId ok -DcsTaskId dcs-incr -Until Ready -StartComparison -StableFor 20 -Interval 1 -Timeout 60");
            Assert.Empty(r.AllErrors);
            var statuses = r.Objects<MigrationStatus>();
            Assert.Equal(2, statuses.Length);
            Assert.All(statuses, s => Assert.True(s.ConditionMet && s.Ready == true, s.Readiness?.ToString()));
            Assert.Equal(WatchCondition.Ready, statuses[0].Condition);
            Assert.Equal(1, h.Sim.Requests.Count(Routes.DrsObjectCompareStart));
            Assert.Equal(1, h.Sim.Requests.Count(Routes.DrsDataCompareStart));
            Assert.Equal(0, h.Sim.Requests.Count(Routes.DrsDataCompareStart, "dcs-incr"));
        }

        [Fact]
        public void AnInconsistentJobEndsWithMigrationInconsistent()
        {
            using var h = Start();
            var r = h.Run("Watch-Migration -DrsJobId bad, ok -Until Ready -StartComparison -StableFor 0 -Interval 1 -Timeout 60");
            var e = r.SingleError;
            Assert.Equal("MigrationInconsistent,HuaweiMigration.Commands.WatchMigrationCommand", e.FullyQualifiedErrorId);
            var verdict = Assert.IsType<MigrationReadiness>(e.TargetObject);
            Assert.Equal("bad", verdict.Id);
            Assert.Contains("db1", e.Exception.Message);
            Assert.Equal(new[] { "bad", "ok" }, r.Objects<MigrationStatus>().Select(s => s.Id).OrderBy(x => x));
        }

        [Fact]
        public void AJobWithoutComparisonsIsNeverReadyAndTimesOutWithItsReasons()
        {
            using var h = Start();
            var r = h.Run("Watch-Migration -DrsJobId ok -Until Ready -StableFor 0 -Interval 1 -Timeout 3");
            var e = r.SingleError;
            Assert.Equal("WatchTimeout", e.FullyQualifiedErrorId.Split(',')[0]);
            var last = Assert.Single((MigrationStatus[])e.TargetObject);
            Assert.False(last.Ready);
            Assert.Equal(new[] { "NoComparison", "NoComparison" }, last.Readiness.Blockers.Select(b => b.Code));
            Assert.Equal(0, h.Sim.Requests.Count(Routes.DrsObjectCompareStart) + h.Sim.Requests.Count(Routes.DrsDataCompareStart));
        }

        [Fact]
        public void CaughtUpIsUnchangedByTheReadinessRule()
        {
            using var h = Start();
            var r = h.Run("Watch-Migration -DrsJobId ok -Until CaughtUp -Interval 1 -Timeout 30");
            Assert.Empty(r.AllErrors);
            Assert.Null(r.Objects<MigrationStatus>().Single().Ready);
            Assert.Equal(0, h.Sim.Requests.Count(Routes.DrsHealth));
        }

        /// <summary>Comparisons run while the delay was still high (incremental sync just began, 120 s behind).</summary>
        static SimHost StartWithEarlyComparisons()
        {
            var scenario = Scenario.Parse(ReadinessCheckerTests.ScenarioJson);
            scenario.TimeScale = 10;
            var h = SimHost.Start(scenario);
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(101));
            Assert.Empty(h.Run("Start-DrsComparison -JobId early -Confirm:$false").AllErrors);
            return h;
        }

        [Fact]
        public void AComparisonStartedBeforeTheDelaySettledNeverCounts()
        {
            using var h = StartWithEarlyComparisons();
            var r = h.Run("Watch-Migration -DrsJobId early -Until Ready -StableFor 0 -Interval 1 -Timeout 12");
            var last = Assert.Single((MigrationStatus[])r.SingleError.TargetObject);
            Assert.Equal(new[] { "ComparisonStale", "ComparisonStale" }, last.Readiness.Blockers.Select(b => b.Code));
            Assert.Contains("before the incremental delay settled", last.Readiness.Blockers[0].Message);
        }

        [Fact]
        public void StartComparisonRunsThemAgainOnceTheDelaySettled()
        {
            using var h = StartWithEarlyComparisons();
            var r = h.Run("Watch-Migration -DrsJobId early -Until Ready -StartComparison -StableFor 0 -Interval 1 -Timeout 30");
            Assert.Empty(r.AllErrors);
            Assert.True(r.Objects<MigrationStatus>().Single().Ready);
            Assert.Equal(2, h.Sim.Requests.Count(Routes.DrsDataCompareStart));
        }
    }
}