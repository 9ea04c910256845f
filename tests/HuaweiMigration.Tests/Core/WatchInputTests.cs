using System;
using System.Linq;
using HuaweiMigration.Core;
using HuaweiMigration.Watch;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>Watch-Migration's intake alone: refused strings, ids refused once each, the -Name warning; and the sorting of a poll's results.</summary>
    public class WatchInputTests
    {
        [Fact]
        public void StringsAreRefusedWithTheFirstThreeNamed()
        {
            var input = new WatchInput(false);
            Assert.Null(input.AmbiguousIdMessage);
            input.RefuseString("a");
            Assert.StartsWith("Received 1 string (a), which could be DCS task or DRS job ids", input.AmbiguousIdMessage);
            foreach (var s in new[] { "b", "c", "d" }) input.RefuseString(s);
            Assert.StartsWith("Received 4 strings (a, b, c, ...)", input.AmbiguousIdMessage);
            Assert.Equal(new[] { "a", "b", "c", "d" }, input.Strings);
        }

        [Fact]
        public void AnInvalidIdIsRefusedWithOneErrorHoweverOftenItComes()
        {
            var input = new WatchInput(false);
            Assert.True(input.Accept(MigrationService.Dcs, "task-1", out var error));
            Assert.Null(error);
            Assert.False(input.HasInvalidIds);
            Assert.False(input.Accept(MigrationService.Dcs, "..", out error));
            Assert.Equal("InvalidId", error.ErrorCode);
            Assert.Contains("DCS task id", error.Message);
            Assert.False(input.Accept(MigrationService.Dcs, "..", out error));
            Assert.Null(error);
            Assert.False(input.Accept(MigrationService.Drs, "..", out error));
            Assert.Contains("DRS job id", error.Message);
            Assert.False(input.Accept(MigrationService.Drs, "", out error));
            Assert.NotNull(error);
            Assert.True(input.HasInvalidIds);
        }

        [Fact]
        public void ATypedNameForSeveralIdsWarnsOnce()
        {
            var typed = new WatchInput(true);
            Assert.Null(typed.NameIgnoredWarning(1, "orders"));
            Assert.Null(typed.NameIgnoredWarning(2, ""));
            Assert.Equal("-Name 'orders' applies to one id; it is ignored for the 3 ids given. Pipe in tasks or jobs to name each one.", typed.NameIgnoredWarning(3, "orders"));
            Assert.Null(typed.NameIgnoredWarning(3, "orders"));
            Assert.Null(new WatchInput(false).NameIgnoredWarning(3, "orders"));
        }

        static PollResult Result(string id, PollOutcome outcome, int failures = 0, string errorCode = null) => new PollResult
        {
            Item = new WatchedMigration(MigrationService.Drs, id) { ConsecutiveFailures = failures },
            Outcome = outcome,
            Error = errorCode == null ? null : new HuaweiApiException(errorCode, "x", ApiErrorCategory.ConnectionError),
        };

        [Fact]
        public void APollRoundSetsTheLostApartAndFindsTheFailedReads()
        {
            var round = new PollRound(new[]
            {
                Result("a", PollOutcome.Sampled), Result("b", PollOutcome.TransientError, 2, "APIG.0308"),
                Result("c", PollOutcome.GaveUp, 5, "NotConnected"), Result("d", PollOutcome.TransientError, 1, "DRS.0001"),
            });
            Assert.Equal(new[] { "c" }, round.Lost.Select(r => r.Item.Id));
            Assert.Equal(new[] { "a", "b", "d" }, round.Reported.Select(r => r.Item.Id));
            Assert.Equal(new[] { "b", "d" }, round.Failing.Select(r => r.Item.Id));
        }

        [Fact]
        public void AfterAPollALostSessionComesFirstThenTheEndThenTheDeadline()
        {
            var lost = new PollRound(new[] { Result("c", PollOutcome.GaveUp, 1, "NotConnected") });
            Assert.False(lost.Saves);
            Assert.Equal(AfterPoll.Disconnected, lost.Next(anyActive: true, deadlinePassed: true));
            var sampled = new PollRound(new[] { Result("a", PollOutcome.Sampled) });
            Assert.True(sampled.Saves);
            Assert.Equal(AfterPoll.Done, sampled.Next(anyActive: false, deadlinePassed: true));
            Assert.Equal(AfterPoll.OutOfTime, sampled.Next(anyActive: true, deadlinePassed: true));
            Assert.Equal(AfterPoll.Wait, sampled.Next(anyActive: true, deadlinePassed: false));
        }

        [Fact]
        public void AWatchWithAStateFileWarnsOfFailuresOnlyAsAnOutageBegins()
        {
            var ongoing = new PollRound(new[] { Result("b", PollOutcome.TransientError, 2, "APIG.0308") });
            Assert.True(ongoing.FailuresWarn(checkpointed: false, stream: false));
            Assert.False(ongoing.FailuresWarn(checkpointed: true, stream: false));
            Assert.True(ongoing.FailuresWarn(checkpointed: true, stream: true));
            var beginning = new PollRound(new[] { Result("b", PollOutcome.TransientError, 2, "APIG.0308"), Result("d", PollOutcome.TransientError, 1, "APIG.0308") });
            Assert.True(beginning.FailuresWarn(checkpointed: true, stream: false));
            Assert.False(new PollRound(new[] { Result("a", PollOutcome.Sampled) }).FailuresWarn(false, false));
        }

        [Fact]
        public void TheUnfinishedAreTheActiveAndTheLost()
        {
            var watcher = new MigrationWatcher(null, null);
            var lost = new WatchedMigration(MigrationService.Dcs, "lost") { IsActive = false };
            var done = new WatchedMigration(MigrationService.Dcs, "done") { IsActive = false };
            var running = new WatchedMigration(MigrationService.Drs, "running");
            foreach (var i in new[] { lost, done, running }) watcher.Adopt(i);
            var round = new PollRound(new[] { new PollResult { Item = lost, Outcome = PollOutcome.GaveUp, Error = new HuaweiApiException("NotConnected", "closed", ApiErrorCategory.ConnectionError) } });
            Assert.Equal(new[] { "lost", "running" }, round.Unfinished(watcher).Select(i => i.Id));
            var statuses = PollRound.LastStatuses(round.Unfinished(watcher), WatchCondition.CaughtUp);
            Assert.Equal(new[] { "lost", "running" }, statuses.Select(s => s.Id));
            Assert.All(statuses, s => Assert.Equal(WatchCondition.CaughtUp, s.Condition));
        }

        [Theory]
        [InlineData(0, 0, null, false)]
        [InlineData(30, 0, 30, false)]
        [InlineData(0, 20, 20, true)]
        [InlineData(30, 20, 20, true)]
        [InlineData(20, 30, 20, false)]
        [InlineData(20, 20, 20, false)]
        public void TheNearerBudgetEndsTheRunAndATieIsATimeout(int timeout, int maxDuration, int? deadline, bool suspends)
        {
            Assert.Equal(deadline, WatchSettings.Deadline(timeout, maxDuration, out bool s));
            Assert.Equal(suspends, s);
        }

        [Fact]
        public void OnlyAReadyWatchHasAReadinessGate()
        {
            var settings = new WatchSettings { Until = WatchCondition.CaughtUp, MaxDelay = TimeSpan.FromSeconds(7), StallTimeout = TimeSpan.FromSeconds(90), StallAction = StallAction.Error, ThrottleLimit = 3 };
            var w = settings.NewWatcher(null, null, null);
            Assert.Equal((WatchCondition.CaughtUp, 7.0, 90.0, StallAction.Error, 3, true), (w.Until, w.MaxDelay.TotalSeconds, w.StallTimeout.TotalSeconds, w.StallAction, w.ThrottleLimit, w.LookUpDrsNames));
            Assert.Null(w.Readiness);
            settings.Until = WatchCondition.Ready;
            settings.StableFor = TimeSpan.FromSeconds(30);
            settings.StartComparison = true;
            var ready = settings.NewWatcher(null, null, null);
            Assert.Equal((30.0, true), (ready.Readiness.StableFor.TotalSeconds, ready.Readiness.StartComparison));
        }
    }
}
