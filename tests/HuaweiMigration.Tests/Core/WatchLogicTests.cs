using System;
using HuaweiMigration.Watch;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    public class WatchLogicTests
    {
        [Theory]
        [InlineData("SUCCESS", MigrationPhase.Completed)]
        [InlineData("MIGRATION_FAILED", MigrationPhase.Failed)]
        [InlineData("FAILED", MigrationPhase.Failed)]
        [InlineData("TERMINATED", MigrationPhase.Stopped)]
        [InlineData("RELEASED", MigrationPhase.Stopped)]
        [InlineData("RUNNING", MigrationPhase.Pending)]
        [InlineData("FULLMIGRATING", MigrationPhase.FullSync)]
        [InlineData("INCRMIGEATING", MigrationPhase.Incremental)]
        [InlineData("SOMETHING_NEW", MigrationPhase.Unknown)]
        [InlineData("ERROR", MigrationPhase.Unknown)]
        [InlineData("PAUSED", MigrationPhase.Unknown)]
        [InlineData("", MigrationPhase.Unknown)]
        [InlineData(null, MigrationPhase.Unknown)]
        public void DcsPhases(string status, MigrationPhase phase) =>
            Assert.Equal(phase, MigrationClassifier.DcsPhase(status, 50));

        [Theory]
        [InlineData("WAITING_FOR_START", "FULL_INCR_TRANS", MigrationPhase.Pending, false)]
        [InlineData("FULL_TRANSFER_STARTED", "FULL_TRANS", MigrationPhase.FullSync, false)]
        [InlineData("FULL_TRANSFER_COMPLETE", "FULL_TRANS", MigrationPhase.Completed, true)]
        [InlineData("FULL_TRANSFER_COMPLETE", "FULL_INCR_TRANS", MigrationPhase.Incremental, false)]
        [InlineData("INCRE_TRANSFER_STARTED", "FULL_INCR_TRANS", MigrationPhase.Incremental, false)]
        [InlineData("FULL_TRANSFER_FAILED", "FULL_TRANS", MigrationPhase.Failed, true)]
        [InlineData("INCRE_TRANSFER_FAILED", "INCR_TRANS", MigrationPhase.Failed, true)]
        [InlineData("CREATE_FAILED", "FULL_TRANS", MigrationPhase.Failed, true)]
        [InlineData("RELEASE_RESOURCE_COMPLETE", "FULL_TRANS", MigrationPhase.Stopped, true)]
        [InlineData("DELETED", "FULL_TRANS", MigrationPhase.Stopped, true)]
        [InlineData("CHILD_TRANSFER_STARTING", "FULL_TRANS", MigrationPhase.Unknown, false)]
        public void DrsPhasesAndTerminalStates(string status, string mode, MigrationPhase phase, bool terminal)
        {
            Assert.Equal(phase, MigrationClassifier.DrsPhase(status, mode));
            Assert.Equal(terminal, MigrationClassifier.DrsIsTerminalStatus(status, mode));
        }

        static MigrationStatus S(MigrationService svc, MigrationPhase phase, double? pct, long? keys = null, double? delay = null) => new MigrationStatus
        {
            Service = svc, Phase = phase, Percent = pct, KeysRemaining = keys,
            IncrementalDelay = delay.HasValue ? TimeSpan.FromSeconds(delay.Value) : (TimeSpan?)null,
        };

        [Fact]
        public void ConditionsForDrs()
        {
            var max = TimeSpan.FromSeconds(5);
            Assert.False(MigrationClassifier.IsMet(WatchCondition.FullSyncComplete, S(MigrationService.Drs, MigrationPhase.FullSync, 99), false, max));
            Assert.True(MigrationClassifier.IsMet(WatchCondition.FullSyncComplete, S(MigrationService.Drs, MigrationPhase.FullSync, 100), false, max));
            Assert.True(MigrationClassifier.IsMet(WatchCondition.FullSyncComplete, S(MigrationService.Drs, MigrationPhase.Incremental, 100, delay: 60), false, max));
            Assert.False(MigrationClassifier.IsMet(WatchCondition.CaughtUp, S(MigrationService.Drs, MigrationPhase.Incremental, 100, delay: 6), false, max));
            Assert.True(MigrationClassifier.IsMet(WatchCondition.CaughtUp, S(MigrationService.Drs, MigrationPhase.Incremental, 100, delay: 5), false, max));
            Assert.False(MigrationClassifier.IsMet(WatchCondition.CaughtUp, S(MigrationService.Drs, MigrationPhase.Incremental, 100), false, max));
            Assert.True(MigrationClassifier.IsMet(WatchCondition.CaughtUp, S(MigrationService.Drs, MigrationPhase.Completed, 100), true, max));
            Assert.False(MigrationClassifier.IsMet(WatchCondition.CaughtUp, S(MigrationService.Drs, MigrationPhase.Failed, 100, delay: 0), true, max));
            // Completed means completed well: a failed or stopped job meets no condition (Watch-Migration writes an error).
            Assert.False(MigrationClassifier.IsMet(WatchCondition.Completed, S(MigrationService.Drs, MigrationPhase.Failed, 50), true, max));
            Assert.False(MigrationClassifier.IsMet(WatchCondition.Completed, S(MigrationService.Drs, MigrationPhase.Stopped, 100), true, max));
            Assert.True(MigrationClassifier.IsMet(WatchCondition.Completed, S(MigrationService.Drs, MigrationPhase.Completed, 100), true, max));
            Assert.False(MigrationClassifier.IsMet(WatchCondition.Completed, S(MigrationService.Drs, MigrationPhase.Incremental, 100, delay: 0), false, max));
        }

        [Fact]
        public void ConditionsForDcs()
        {
            var max = TimeSpan.FromSeconds(5);
            Assert.False(MigrationClassifier.IsMet(WatchCondition.FullSyncComplete, S(MigrationService.Dcs, MigrationPhase.FullSync, 80, 100), false, max));
            Assert.True(MigrationClassifier.IsMet(WatchCondition.FullSyncComplete, S(MigrationService.Dcs, MigrationPhase.FullSync, 100, 100), false, max));
            Assert.False(MigrationClassifier.IsMet(WatchCondition.CaughtUp, S(MigrationService.Dcs, MigrationPhase.Incremental, 100, 12), false, max));
            Assert.True(MigrationClassifier.IsMet(WatchCondition.CaughtUp, S(MigrationService.Dcs, MigrationPhase.Incremental, 100, 0), false, max));
            Assert.True(MigrationClassifier.IsMet(WatchCondition.Completed, S(MigrationService.Dcs, MigrationPhase.Completed, 100, 0), true, max));
        }

        [Fact]
        public void RateAndEtaOnASteadySyntheticRate()
        {
            var rate = new RateEstimator();
            var t0 = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
            Assert.Null(rate.Rate);
            // 2 % per minute, sampled every 10 s with a little noise.
            for (int i = 0; i <= 12; i++)
                rate.Add(t0.AddSeconds(10 * i), 10 + i * (2.0 / 6) + (i % 2 == 0 ? 0.05 : -0.05));
            Assert.InRange(rate.Rate.Value, 1.9, 2.1);
            double pct = 14;
            var eta = rate.EstimateRemaining(pct).Value;
            Assert.InRange(eta.TotalMinutes, 43 * 0.9, 43 * 1.1);
        }

        [Fact]
        public void RateRestartsWhenProgressGoesBackwards()
        {
            var rate = new RateEstimator();
            var t0 = DateTimeOffset.UnixEpoch;
            rate.Add(t0, 50);
            rate.Add(t0.AddMinutes(1), 60);
            Assert.Equal(10, rate.Rate.Value, 6);
            rate.Add(t0.AddMinutes(2), 5);
            Assert.Null(rate.Rate);
            Assert.Null(rate.EstimateRemaining(5));
        }

        [Fact]
        public void NoEtaWithoutProgress()
        {
            var rate = new RateEstimator();
            var t0 = DateTimeOffset.UnixEpoch;
            rate.Add(t0, 40);
            rate.Add(t0.AddMinutes(1), 40);
            Assert.Equal(0, rate.Rate.Value, 6);
            Assert.Null(rate.EstimateRemaining(40));
        }
    }
}
