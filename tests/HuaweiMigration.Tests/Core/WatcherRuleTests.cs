using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;
using HuaweiMigration.Simulator;
using HuaweiMigration.Tests.Simulator;
using HuaweiMigration.Watch;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>MigrationWatcher alone, on a hand-moved clock: the failure budget, stall detection and a cancelled poll.</summary>
    public sealed class WatcherRuleTests : IAsyncLifetime
    {
        SimulatorServer _sim;
        CloudHttpClient _http;
        DateTimeOffset _now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public async Task InitializeAsync()
        {
            _sim = await SimulatorTestKit.StartAsync();
            _http = new CloudHttpClient(new HuaweiMigration.Core.AccessKeyCredential(SimulatorTestKit.AccessKey, SimulatorTestKit.SecretKey),
                TimeSpan.FromSeconds(30), new RetryPolicy { MaxRetries = 0 });
        }

        public async Task DisposeAsync()
        {
            _http.Dispose();
            await _sim.DisposeAsync();
        }

        MigrationWatcher Watcher(params (MigrationService Service, string Id)[] items)
        {
            var w = new MigrationWatcher(new DcsClient(_http, _sim.BaseUrl, SimulatorTestKit.ProjectId), new DrsClient(_http, _sim.BaseUrl, SimulatorTestKit.ProjectId))
            {
                Until = WatchCondition.CaughtUp,
                Clock = () => _now,
            };
            foreach (var (service, id) in items) w.Add(service, id);
            return w;
        }

        async Task<PollResult> Poll(MigrationWatcher w, string id) =>
            (await w.PollAsync(null, CancellationToken.None)).Single(r => r.Item.Id == id);

        [Fact]
        public async Task AFailingItemGivesUpOnlyAfterFivePollsAndTwoMinutes()
        {
            _sim.Faults.Add(Fault.HtmlError(502).On("drs.batch").Forever());
            var w = Watcher((MigrationService.Drs, "drs-full"));
            for (int i = 1; i <= 8; i++)
            {
                _now += TimeSpan.FromSeconds(1);
                Assert.Equal(PollOutcome.TransientError, (await Poll(w, "drs-full")).Outcome);
            }
            // Eight failures in a row, but within 8 s: only now, two minutes on, do both conditions hold.
            _now += TimeSpan.FromMinutes(2);
            var last = await Poll(w, "drs-full");
            Assert.Equal((PollOutcome.GaveUp, "Http502"), (last.Outcome, last.Error.ErrorCode));
            Assert.False(last.Item.IsActive);
        }

        [Fact]
        public async Task TwoMinutesOfFewerThanFiveFailedPollsIsNotEnough()
        {
            _sim.Faults.Add(Fault.Truncate().On("drs.batch").Forever());
            var w = Watcher((MigrationService.Drs, "drs-full"));
            for (int i = 1; i <= 4; i++)
            {
                _now += TimeSpan.FromMinutes(1);
                Assert.Equal(PollOutcome.TransientError, (await Poll(w, "drs-full")).Outcome);
            }
            _now += TimeSpan.FromMinutes(1);
            var gaveUp = await Poll(w, "drs-full");
            Assert.Equal(PollOutcome.GaveUp, gaveUp.Outcome);
            // The final error says how long the module kept trying, not only the last failure.
            var message = HuaweiMigration.Commands.WatchOutcome.GaveUpError(gaveUp, _now).ErrorDetails.Message;
            Assert.StartsWith("DRS job drs-full: gave up after 5 failed polls over 4 minutes; the last failure: ", message);
        }

        [Fact]
        public async Task ASuccessfulPollResetsTheBudget()
        {
            var w = Watcher((MigrationService.Dcs, "dcs-pending"));
            _sim.Faults.Add(Fault.Malformed("{\"full_migration_progress\": ").On("dcs.stats").Repeat(4));
            for (int i = 0; i < 4; i++) { _now += TimeSpan.FromMinutes(1); Assert.Equal(PollOutcome.TransientError, (await Poll(w, "dcs-pending")).Outcome); }
            Assert.Equal(PollOutcome.Sampled, (await Poll(w, "dcs-pending")).Outcome);
            Assert.Null(w.Items[0].FailingSince);
            _sim.Faults.Add(Fault.HtmlError(503).On("dcs.stats").Forever());
            for (int i = 0; i < 4; i++) { _now += TimeSpan.FromMinutes(1); Assert.Equal(PollOutcome.TransientError, (await Poll(w, "dcs-pending")).Outcome); }
        }

        [Fact]
        public async Task AnOversizedAnswerGivesUpAtOnce()
        {
            _sim.Faults.Add(Fault.HugeContentLength().On("drs.batch").Forever());
            var w = Watcher((MigrationService.Drs, "drs-full"));
            var r = await Poll(w, "drs-full");
            Assert.Equal((PollOutcome.GaveUp, "ResponseTooLarge"), (r.Outcome, r.Error.ErrorCode));
        }

        [Fact]
        public async Task ARedirectIsTransientForAFewPollsAsOtherOddAnswersAre()
        {
            _sim.Faults.Add(Fault.Redirect(302, "https://login.example.com/").On("drs.batch").Forever());
            var w = Watcher((MigrationService.Drs, "drs-full"));
            for (int i = 0; i < 4; i++)
            {
                _now += TimeSpan.FromMinutes(1);
                var r = await Poll(w, "drs-full");
                Assert.Equal((PollOutcome.TransientError, "UnexpectedRedirect"), (r.Outcome, r.Error.ErrorCode));
            }
            _now += TimeSpan.FromMinutes(1);
            Assert.Equal(PollOutcome.GaveUp, (await Poll(w, "drs-full")).Outcome);
        }

        [Fact]
        public async Task AnUnknownIdGivesUpAtOnce()
        {
            var w = Watcher((MigrationService.Dcs, "no-such-task"));
            var r = await Poll(w, "no-such-task");
            Assert.Equal((PollOutcome.GaveUp, "DCS.4133"), (r.Outcome, r.Error.ErrorCode));
        }

        [Fact]
        public async Task AStallIsReportedOnceAndEndsTheItemUnderStallActionError()
        {
            _sim.Clock.Advance(TimeSpan.FromSeconds(80));   // past the stall point
            var w = Watcher((MigrationService.Drs, "drs-stall"), (MigrationService.Dcs, "dcs-stall"));
            w.StallTimeout = TimeSpan.FromMinutes(10);
            Assert.False((await Poll(w, "drs-stall")).StallStarted);
            _now += TimeSpan.FromSeconds(599);
            Assert.False((await Poll(w, "drs-stall")).StallStarted);
            _now += TimeSpan.FromSeconds(1);
            var results = await w.PollAsync(null, CancellationToken.None);
            Assert.All(results, r => Assert.Equal((PollOutcome.Sampled, true), (r.Outcome, r.StallStarted)));
            _now += TimeSpan.FromMinutes(30);
            Assert.All(await w.PollAsync(null, CancellationToken.None), r => Assert.False(r.StallStarted));

            w.StallAction = StallAction.Error;
            var stalled = await Poll(w, "drs-stall");
            Assert.Equal(PollOutcome.MigrationStalled, stalled.Outcome);
            Assert.Equal(70.0, stalled.Status.Percent);
        }

        [Fact]
        public async Task ProgressRestartsTheStallClock()
        {
            var w = Watcher((MigrationService.Drs, "drs-full"));
            w.StallTimeout = TimeSpan.FromMinutes(10);
            await Poll(w, "drs-full");
            for (int i = 0; i < 5; i++)
            {
                _now += TimeSpan.FromMinutes(9);
                _sim.Clock.Advance(TimeSpan.FromSeconds(10));   // 5 % more each time
                Assert.False((await Poll(w, "drs-full")).StallStarted);
            }
        }

        [Fact]
        public async Task ACancelledPollAnswersForEveryItemAndChangesNothing()
        {
            var w = Watcher((MigrationService.Dcs, "dcs-complete"), (MigrationService.Drs, "drs-full"));
            await w.PollAsync(null, CancellationToken.None);
            // Each poll's first request (the DCS task's) goes alone; the DRS batch follows it, and stalls.
            _sim.Faults.Add(Fault.StallBeforeHeaders().On("drs.batch").Forever());
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            var watch = Stopwatch.StartNew();
            var results = await w.PollAsync(null, cts.Token);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the cancelled poll took {watch.Elapsed}");
            var drs = results.Single(r => r.Item.Id == "drs-full");
            Assert.Equal(PollOutcome.Cancelled, drs.Outcome);
            Assert.True(drs.Item.IsActive);
            Assert.Equal(0, drs.Item.ConsecutiveFailures);
            Assert.NotNull(drs.Status);
            // The DCS task answered before the deadline: its sample counts.
            Assert.NotEqual(PollOutcome.Cancelled, results.Single(r => r.Item.Id == "dcs-complete").Outcome);
        }

        /// <summary>The review's table: a DCS task at 100 % with no key left, under every status it can read.</summary>
        [Theory]
        [InlineData("ERROR", false, PollOutcome.Sampled)]
        [InlineData("DELETED", false, PollOutcome.Sampled)]
        [InlineData("PAUSED", true, PollOutcome.Sampled)]
        [InlineData("CREATING", true, PollOutcome.Sampled)]
        [InlineData("RUNNING", true, PollOutcome.Sampled)]
        [InlineData("", true, PollOutcome.Sampled)]
        [InlineData("SOMETHING_NEW", true, PollOutcome.Sampled)]
        [InlineData("TERMINATING", false, PollOutcome.MigrationStopped)]
        [InlineData("TERMINATED", false, PollOutcome.MigrationStopped)]
        [InlineData("RELEASED", false, PollOutcome.MigrationStopped)]
        [InlineData("FAILED", false, PollOutcome.MigrationFailed)]
        [InlineData("MIGRATION_FAILED", false, PollOutcome.MigrationFailed)]
        [InlineData("INCRMIGEATING", true, PollOutcome.ConditionMet)]
        [InlineData("INCRMIGRATING", true, PollOutcome.ConditionMet)]
        [InlineData("MIGRATING", true, PollOutcome.ConditionMet)]
        [InlineData("FULLMIGRATING", true, PollOutcome.ConditionMet, PollOutcome.Sampled)]
        [InlineData("SUCCESS", false, PollOutcome.ConditionMet)]
        public async Task OnlyASyncPhaseMeetsADcsCondition(string status, bool migrating, PollOutcome fullSync, PollOutcome? caughtUp = null)
        {
            foreach (var until in new[] { WatchCondition.FullSyncComplete, WatchCondition.CaughtUp })
            {
                var expected = until == WatchCondition.CaughtUp ? caughtUp ?? fullSync : fullSync;
                _sim.Faults.Clear();
                _sim.Faults.Add(Fault.Malformed($"{{\"full_migration_progress\": 100, \"source_dbsize\": 500, \"target_dbsize\": 500, \"is_migrating\": {(migrating ? "true" : "false")}}}").On("dcs.stats").Forever());
                _sim.Faults.Add(Fault.Malformed($"{{\"task_id\": \"dcs-pending\", \"status\": \"{status}\"}}").On("dcs.task").Forever());
                var w = Watcher((MigrationService.Dcs, "dcs-pending"));
                w.Until = until;
                var r = await Poll(w, "dcs-pending");
                Assert.Equal(expected, r.Outcome);
                Assert.Equal(expected == PollOutcome.ConditionMet, r.Status.ConditionMet);
                bool known = fullSync != PollOutcome.Sampled || status == "RUNNING";
                Assert.Equal(!known, r.UnknownStatus);
            }
        }

        [Fact]
        public async Task AnUnknownStatusIsReportedOnEachChangeAndEndsTheItemUnderStallActionError()
        {
            _sim.Faults.Add(Fault.Malformed("{\"full_migration_progress\": 100, \"source_dbsize\": 5, \"target_dbsize\": 5, \"is_migrating\": true}").On("dcs.stats").Forever());
            _sim.Faults.Add(Fault.Malformed("{\"task_id\": \"dcs-pending\", \"status\": \"PAUSED\"}").On("dcs.task").Repeat(2));
            _sim.Faults.Add(Fault.Malformed("{\"task_id\": \"dcs-pending\", \"status\": \"ERROR\"}").On("dcs.task").Forever());
            var w = Watcher((MigrationService.Dcs, "dcs-pending"));
            Assert.True((await Poll(w, "dcs-pending")).UnknownStatus);
            var same = await Poll(w, "dcs-pending");
            Assert.Equal((PollOutcome.Sampled, false, true), (same.Outcome, same.UnknownStatus, same.Status.Phase == MigrationPhase.Unknown));
            var changed = await Poll(w, "dcs-pending");
            Assert.Equal((PollOutcome.Sampled, true, "ERROR"), (changed.Outcome, changed.UnknownStatus, changed.Status.Status));

            w.StallAction = StallAction.Error;
            var ended = await Poll(w, "dcs-pending");
            Assert.Equal(PollOutcome.UnknownStatus, ended.Outcome);
            Assert.False(ended.Item.IsActive);
        }

        const string CaughtUpStats = "{\"full_migration_progress\": 100, \"source_dbsize\": 500, \"target_dbsize\": 500, \"is_migrating\": true}";

        [Fact]
        public async Task UntilCompletedRefusesAnIncrementalMigrationThatReplicatesUntilStopped()
        {
            _sim.Faults.Add(Fault.Malformed(CaughtUpStats).On("dcs.stats").Forever());
            _sim.Faults.Add(Fault.Malformed("{\"task_id\": \"dcs-pending\", \"status\": \"INCRMIGEATING\", \"migration_method\": \"incremental_migration\"}").On("dcs.task").Forever());
            _sim.Faults.Add(Fault.Malformed("{\"results\": [{\"job_id\": \"drs-full\", \"progress\": 100, \"transfer_status\": \"INCRE_TRANSFER_STARTED\", \"task_mode\": \"FULL_INCR_TRANS\", \"incre_trans_delay\": 0}]}").On("drs.batch").Forever());
            var w = Watcher((MigrationService.Dcs, "dcs-pending"), (MigrationService.Drs, "drs-full"));
            w.Until = WatchCondition.Completed;
            var results = await w.PollAsync(null, CancellationToken.None);
            Assert.All(results, r => Assert.Equal(PollOutcome.NeverCompletes, r.Outcome));
            Assert.All(w.Items, i => Assert.False(i.IsActive));
        }

        [Fact]
        public async Task ACaughtUpReplicationIsNeverStalled()
        {
            // No migration_method: the watcher cannot tell it replicates until stopped, so -Until Completed keeps watching it.
            _sim.Faults.Add(Fault.Malformed(CaughtUpStats).On("dcs.stats").Forever());
            _sim.Faults.Add(Fault.Malformed("{\"task_id\": \"dcs-pending\", \"status\": \"INCRMIGEATING\"}").On("dcs.task").Forever());
            var w = Watcher((MigrationService.Dcs, "dcs-pending"));
            w.Until = WatchCondition.Completed;
            w.StallAction = StallAction.Error;
            w.StallTimeout = TimeSpan.FromMinutes(10);
            for (int i = 0; i < 4; i++)
            {
                var r = await Poll(w, "dcs-pending");
                Assert.Equal((PollOutcome.Sampled, false), (r.Outcome, r.StallStarted));
                _now += TimeSpan.FromMinutes(20);
            }
        }
    }
}
