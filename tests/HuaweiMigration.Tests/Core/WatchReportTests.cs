using System;
using System.Collections.Generic;
using System.Linq;
using HuaweiMigration.Core;
using HuaweiMigration.Watch;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>Watch-Migration's report alone: what each poll's results write, in which order, without PowerShell.</summary>
    public class WatchReportTests
    {
        sealed class Recorder : IWatchReportSink
        {
            public readonly List<string> Calls = new List<string>();
            public void Verbose(string line) => Calls.Add("verbose " + line);
            public void Warning(string text) => Calls.Add("warning " + text);
            public void Sampled(WatchedMigration item, MigrationStatus status, bool output) => Calls.Add($"sampled {item.Id}{(output ? " out" : "")}");
            public void Ended(PollResult result) => Calls.Add($"ended {result.Item.Id} {result.Outcome}");
            public void NotSent(WatchedMigration item) => Calls.Add("notsent " + item.Id);
            public void NotSent(NotSentIds ids) =>
                Calls.Add("requestsnotsent " + string.Join(" / ", ids.TakeByService().Select(g => g.Key + ":" + string.Join(",", g.Value))));
        }

        static PollResult Result(MigrationService service, string id, PollOutcome outcome, HuaweiApiException error = null, int failures = 0) => new PollResult
        {
            Item = new WatchedMigration(service, id) { ConsecutiveFailures = failures },
            Outcome = outcome,
            Status = new MigrationStatus { Service = service, Id = id, Status = "RUNNING", Phase = MigrationPhase.FullSync, Percent = 42 },
            Error = error,
        };

        static HuaweiApiException NotSent() => new HuaweiApiException("APIG.0301", "Not sent", ApiErrorCategory.AuthenticationError) { NotSent = true };

        [Fact]
        public void EachResultIsReportedInOrderAndTheNotSentShareOneCallAfterThem()
        {
            var rejected = new HuaweiApiException("APIG.0301", "rejected", ApiErrorCategory.AuthenticationError);
            var round = new PollRound(new[]
            {
                Result(MigrationService.Dcs, "t1", PollOutcome.GaveUp, rejected),
                Result(MigrationService.Dcs, "t2", PollOutcome.GaveUp, NotSent()),
                Result(MigrationService.Dcs, "t3", PollOutcome.Sampled),
                Result(MigrationService.Drs, "j1", PollOutcome.GaveUp, NotSent()),
                Result(MigrationService.Drs, "j2", PollOutcome.ConditionMet),
                Result(MigrationService.Drs, "j3", PollOutcome.Cancelled),
            });
            var sink = new Recorder();
            new WatchReport(WatchCondition.CaughtUp, 600, stream: true, checkpointed: false).Report(round, sink);
            Assert.Equal(new[]
            {
                "ended t1 GaveUp", "notsent t2",
                "verbose DCS task t3: FullSync (RUNNING), 42%, condition CaughtUp not met", "sampled t3 out",
                "notsent j1",
                "verbose DRS job j2: FullSync (RUNNING), 42%, condition CaughtUp not met", "ended j2 ConditionMet",
                "requestsnotsent Dcs:t2 / Drs:j1",
            }, sink.Calls);
        }

        [Fact]
        public void StallsUnknownStatusesAndFailedReadsWarn()
        {
            var stalled = Result(MigrationService.Dcs, "t1", PollOutcome.Sampled);
            stalled.StallStarted = true;
            var unknown = Result(MigrationService.Dcs, "t2", PollOutcome.Sampled);
            unknown.UnknownStatus = true;
            var failing = Result(MigrationService.Drs, "j1", PollOutcome.TransientError, new HuaweiApiException("Http502", "Bad gateway", ApiErrorCategory.ResourceUnavailable), failures: 2);
            var sink = new Recorder();
            new WatchReport(WatchCondition.Completed, 600, stream: false, checkpointed: false).Report(new PollRound(new[] { stalled, unknown, failing }), sink);
            Assert.Equal("sampled t1", sink.Calls[2]);
            Assert.StartsWith("warning DCS task t1 has shown no progress for 600 s (RUNNING, 42%)", sink.Calls[1]);
            Assert.StartsWith("warning DCS task t2 reads the status 'RUNNING', which the module does not know", sink.Calls[4]);
            Assert.Equal("warning This poll failed for 1 migration(s), retrying next poll: Drs j1 (failure 2: Bad gateway)", sink.Calls.Last());

            // With a state file the same ongoing outage is a verbose line.
            sink = new Recorder();
            new WatchReport(WatchCondition.Completed, 600, stream: false, checkpointed: true).Report(new PollRound(new[] { failing }), sink);
            Assert.Equal(new[] { "verbose This poll failed for 1 migration(s), retrying next poll: Drs j1 (failure 2: Bad gateway)" }, sink.Calls);
        }

        [Fact]
        public void AtTheEndStreamedStatusesAreNotSentTwice()
        {
            var read = new WatchedMigration(MigrationService.Dcs, "read") { LastStatus = new MigrationStatus { Id = "read" } };
            var unread = new WatchedMigration(MigrationService.Drs, "unread");
            var items = new[] { read, unread };
            var statuses = PollRound.LastStatuses(items, WatchCondition.Ready);
            var plain = new WatchReport(WatchCondition.Ready, 600, stream: false, checkpointed: false);
            var streamed = new WatchReport(WatchCondition.Ready, 600, stream: true, checkpointed: false);
            Assert.Equal(new[] { "read", "unread" }, plain.OutputAtDeadline(items, statuses).Select(s => s.Id));
            Assert.Equal(new[] { "unread" }, streamed.OutputAtDeadline(items, statuses).Select(s => s.Id));
            Assert.Equal(new[] { "read" }, plain.OutputAtLoss(items).Select(s => s.Id));
            Assert.Empty(streamed.OutputAtLoss(items));
        }

        [Fact]
        public void AResumedWatchReportsWhatHadEndedWithoutPolling()
        {
            var watcher = new MigrationWatcher(null, null);
            var ended = new WatchedMigration(MigrationService.Dcs, "ended") { IsActive = false, Ended = new WatchEnding { Outcome = PollOutcome.MigrationFailed } };
            watcher.Adopt(ended);
            watcher.Adopt(new WatchedMigration(MigrationService.Dcs, "running"));
            var sink = new Recorder();
            WatchReport.ReportResumed(watcher, sink);
            Assert.Equal(new[] { "ended ended MigrationFailed" }, sink.Calls);
        }
    }
}
