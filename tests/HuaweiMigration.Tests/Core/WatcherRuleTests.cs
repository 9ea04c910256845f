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

        [Theory]
        [InlineData("redirect", "UnexpectedRedirect")]
        [InlineData("huge", "ResponseTooLarge")]
        public async Task AnswersThatAreNotGlitchesGiveUpAtOnce(string kind, string code)
        {
            _sim.Faults.Add((kind == "redirect" ? Fault.Redirect(302, "https://login.example.com/") : Fault.HugeContentLength()).On("drs.batch").Forever());
            var w = Watcher((MigrationService.Drs, "drs-full"));
            var r = await Poll(w, "drs-full");
            Assert.Equal((PollOutcome.GaveUp, code), (r.Outcome, r.Error.ErrorCode));
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
            // One good poll first: a client sends one request at a time until its first success.
            await w.PollAsync(null, CancellationToken.None);
            _sim.Faults.Add(Fault.StallBeforeHeaders().On("dcs.stats").Forever());
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            var watch = Stopwatch.StartNew();
            var results = await w.PollAsync(null, cts.Token);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the cancelled poll took {watch.Elapsed}");
            var dcs = results.Single(r => r.Item.Id == "dcs-complete");
            Assert.Equal(PollOutcome.Cancelled, dcs.Outcome);
            Assert.True(dcs.Item.IsActive);
            Assert.Equal(0, dcs.Item.ConsecutiveFailures);
            Assert.NotNull(dcs.Status);
            // The DRS job answered before the deadline: its sample counts.
            Assert.Equal(PollOutcome.Sampled, results.Single(r => r.Item.Id == "drs-full").Outcome);
        }
    }
}
