using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>The outcome rule: no error only when every id met the condition, otherwise exactly one error per id.</summary>
    public class WatchOutcomeTests
    {
        static string Id(ErrorRecord e) => e.FullyQualifiedErrorId.Split(',')[0];

        [Theory]
        [InlineData("CaughtUp")]
        [InlineData("Completed")]
        public void AStoppedMigrationIsAnErrorWhateverTheCondition(string until)
        {
            using var h = WatchScenarios.Start(100,
                WatchScenarios.Dcs("dcs-term", new MigrationBehavior { Kind = MigrationBehaviorKind.Terminated }),
                WatchScenarios.Drs("drs-rel", new MigrationBehavior { Kind = MigrationBehaviorKind.Released }),
                WatchScenarios.Drs("drs-ok", WatchScenarios.Completes(100)));
            var r = h.Run($"Watch-Migration -DcsTaskId dcs-term -DrsJobId drs-rel, drs-ok -Until {until} -Interval 1 -Timeout 30");
            Assert.Null(r.Terminating);
            Assert.Equal(2, r.Errors.Count);
            Assert.All(r.Errors, e => Assert.Equal("MigrationStopped", Id(e)));
            var targets = r.Errors.Select(e => Assert.IsType<MigrationStatus>(e.TargetObject)).OrderBy(t => t.Id).ToArray();
            Assert.Equal(new[] { "dcs-term", "drs-rel" }, targets.Select(t => t.Id));
            Assert.Equal(new[] { "TERMINATED", "RELEASE_RESOURCE_COMPLETE" }, targets.Select(t => t.Status));
            Assert.All(targets, t => Assert.False(t.ConditionMet));
            Assert.True(r.Objects<MigrationStatus>().Single(x => x.Id == "drs-ok").ConditionMet);
        }

        [Fact]
        public void StopUnderErrorActionStopEndsTheScript()
        {
            using var h = WatchScenarios.Start(100,
                WatchScenarios.Dcs("dcs-term", new MigrationBehavior { Kind = MigrationBehaviorKind.Terminated }));
            var r = h.Run("$ErrorActionPreference = 'Stop'; Watch-Migration -DcsTaskId dcs-term -Until CaughtUp -Interval 1 -Timeout 30; 'cut over'");
            Assert.Equal("MigrationStopped", Id(r.SingleError));
            Assert.DoesNotContain(r.Output, o => "cut over".Equals(o.BaseObject));
        }

        [Fact]
        public void UnknownAndUnreadableIdsGetOneErrorEachAndTheRestAreWatched()
        {
            using var h = WatchScenarios.Start(100,
                WatchScenarios.Dcs("dcs-ok", WatchScenarios.Completes(100)),
                WatchScenarios.Drs("drs-ok", WatchScenarios.Completes(100)));
            var r = h.Run("Watch-Migration -DcsTaskId dcs-ok, dcs-typo, '', dcs-typo -DrsJobId drs-typo, drs-ok, ' ' -Interval 1 -Timeout 30");
            Assert.Null(r.Terminating);
            var errors = r.Errors.Select(e => (Id(e), e.TargetObject as string)).OrderBy(e => e.Item2).ToArray();
            // Ids are trimmed as they bind, so ' ' arrives as ''.
            Assert.Equal(new[] { ("InvalidId", ""), ("InvalidId", ""), ("DCS.4133", "dcs-typo"), ("DRS.M05003", "drs-typo") }, errors);
            var met = r.Objects<MigrationStatus>().Where(x => x.ConditionMet).Select(x => x.Id).OrderBy(x => x);
            Assert.Equal(new[] { "dcs-ok", "drs-ok" }, met);
        }

        [Fact]
        public void AnEmptyIdInThePipelineIsAnErrorNotASilentDrop()
        {
            using var h = WatchScenarios.Start(100, WatchScenarios.Dcs("dcs-ok", WatchScenarios.Completes(100)));
            var r = h.Run("[pscustomobject]@{ TaskId = 'dcs-ok' }, [pscustomobject]@{ TaskId = '' } | Watch-Migration -Interval 1 -Timeout 30 -ErrorAction Stop");
            var e = r.SingleError;
            Assert.Equal("InvalidId", Id(e));
            Assert.Equal("", e.TargetObject);
        }

        [Fact]
        public void AOneOffHtmlPageWith200IsRetriedAtTheNextPoll()
        {
            var s = WatchScenarios.Build(50, x =>
            {
                x.DrsJobs.Add(WatchScenarios.Drs("drs-h", new MigrationBehavior { FullSyncSeconds = 150 }));
                x.DcsTasks.Add(WatchScenarios.Dcs("dcs-h", new MigrationBehavior { FullSyncSeconds = 150 }));
            });
            using var h = SimHost.Start(s, connectArgs: "-MaxRetryCount 0");
            const string proxyPage = "<html><body><h1>Welcome</h1><p>Please log in to the corporate proxy.</p></body></html>";
            h.Sim.Faults.Add(Fault.Status(200, proxyPage, "text/html").On("drs.batch").Repeat(1));
            h.Sim.Faults.Add(Fault.Truncate().On("dcs.stats").Repeat(1));
            var r = h.Run("Watch-Migration -DrsJobId drs-h -DcsTaskId dcs-h -Interval 1 -Timeout 30");
            Assert.Empty(r.AllErrors);
            // Both failed in the same first poll: one warning names both.
            var warning = Assert.Single(r.Warnings);
            Assert.Contains("drs-h", warning);
            Assert.Contains("dcs-h", warning);
            Assert.All(r.Objects<MigrationStatus>(), x => Assert.True(x.ConditionMet));
        }

        [Fact]
        public async Task FailedPollsGiveUpOnlyAfterFiveInARowAndTwoMinutesOnTheSimulatorClock()
        {
            var s = WatchScenarios.Build(0, x =>
            {
                x.DcsTasks.Add(WatchScenarios.Dcs("dcs-flaky", new MigrationBehavior { FullSyncSeconds = 100 }));
                x.DcsTasks.Add(WatchScenarios.Dcs("dcs-fine", new MigrationBehavior { FullSyncSeconds = 100 }));
            });
            using var h = SimHost.Start(s, connectArgs: "-MaxRetryCount 0");
            h.Sim.Faults.Add(Fault.HtmlError(502).On("dcs.stats", "dcs-flaky").Forever());
            var run = h.Ps.RunAsync("Watch-Migration -DcsTaskId dcs-flaky, dcs-fine -Interval 1 -Timeout 60", null, null);
            // Seven failed polls inside one simulated instant: the count alone no longer ends the item. The eighth request
            // shows that the seventh failure was handled before the clock moves (waiting for the seventh raced with it).
            Wait(() => h.Sim.Requests.Count("dcs.stats", "dcs-flaky") >= 8, run);
            Assert.False(run.IsCompleted);
            h.Sim.Clock.Advance(TimeSpan.FromMinutes(2));
            Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20))) == run, "the watch did not end after the budget ran out");
            var r = await run;
            var gaveUp = r.Errors.Single();
            Assert.Equal("Http502", Id(gaveUp));
            Assert.Equal("dcs-flaky", gaveUp.TargetObject);
            int polls = h.Sim.Requests.Count("dcs.stats", "dcs-flaky");
            Assert.InRange(polls, 8, 10);
            // One warning per failed poll that did not give up.
            Assert.Equal(polls - 1, r.Warnings.Count(w => w.Contains("dcs-flaky") && w.Contains("retrying")));
            Assert.True(r.Objects<MigrationStatus>().Single(x => x.Id == "dcs-fine").ConditionMet);
        }

        [Fact]
        public void TimeoutIsAHardBudgetAgainstAStalledRoute()
        {
            var s = WatchScenarios.Build(100, x =>
            {
                x.DcsTasks.Add(WatchScenarios.Dcs("dcs-slow", new MigrationBehavior { FullSyncSeconds = 100 }));
                x.DrsJobs.Add(WatchScenarios.Drs("drs-slow", new MigrationBehavior { FullSyncSeconds = 100 }));
            });
            // The defaults: 30 s per attempt and 3 retries, which once kept a 5 s watch going for 91 s.
            using var h = SimHost.Start(s);
            h.Sim.Faults.Add(Fault.StallBeforeHeaders().On("dcs.stats").Forever());
            h.Sim.Faults.Add(Fault.StallBeforeHeaders().On("drs.batch").Forever());
            var watch = Stopwatch.StartNew();
            var r = h.Run("Watch-Migration -DcsTaskId dcs-slow -DrsJobId drs-slow -Interval 1 -Timeout 3");
            watch.Stop();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"-Timeout 3 took {watch.Elapsed}");
            var e = r.SingleError;
            Assert.Equal("WatchTimeout", Id(e));
            var statuses = Assert.IsType<MigrationStatus[]>(e.TargetObject);
            Assert.Equal(new[] { "dcs-slow", "drs-slow" }, statuses.Select(x => x.Id));
            Assert.All(statuses, x => Assert.Equal((MigrationPhase.Unknown, false), (x.Phase, x.ConditionMet)));
        }

        [Fact]
        public void WatchTimeoutCarriesTheLastStatusesForACatchBlock()
        {
            using var h = WatchScenarios.Start(100,
                WatchScenarios.Dcs("dcs-done", WatchScenarios.Completes(50)),
                WatchScenarios.Drs("drs-stuck", new MigrationBehavior { Kind = MigrationBehaviorKind.Stall, FullSyncSeconds = 100, StallAtPercent = 60 }),
                WatchScenarios.Dcs("dcs-stuck", new MigrationBehavior { Kind = MigrationBehaviorKind.Stall, FullSyncSeconds = 100, StallAtPercent = 40 }));
            var r = h.Run(@"
                try { $ready = Watch-Migration -DcsTaskId dcs-done, dcs-stuck -DrsJobId drs-stuck -Interval 1 -Timeout 3 -StallTimeout 86400 -ErrorAction Stop }
                catch { [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Target = $_.TargetObject; Ready = $ready } }");
            Assert.Empty(r.AllErrors);
            var caught = r.Output.Single();
            Assert.Equal("WatchTimeout,HuaweiMigration.Commands.WatchMigrationCommand", caught.Properties["Id"].Value);
            Assert.Null(caught.Properties["Ready"].Value);
            var target = ((IEnumerable<object>)PSObject.AsPSObject(caught.Properties["Target"].Value).BaseObject).Cast<MigrationStatus>().OrderBy(x => x.Id).ToArray();
            Assert.Equal(new[] { ("dcs-stuck", 40.0), ("drs-stuck", 60.0) }, target.Select(x => (x.Id, x.Percent.Value)));
            Assert.All(target, x => Assert.False(x.ConditionMet));
        }

        [Fact]
        public void AFailedMigrationsErrorHoldsItsLastStatus()
        {
            using var h = WatchScenarios.Start(100,
                WatchScenarios.Drs("drs-bad", new MigrationBehavior { Kind = MigrationBehaviorKind.Fail, FullSyncSeconds = 100, FailAtPercent = 30 }));
            var r = h.Run("try { Watch-Migration -DrsJobId drs-bad -Interval 1 -Timeout 30 -ErrorAction Stop } catch { $_.TargetObject }");
            var status = Assert.IsType<MigrationStatus>(r.Output.Single().BaseObject);
            Assert.Equal(("drs-bad", MigrationPhase.Failed, 30.0), (status.Id, status.Phase, status.Percent.Value));
        }

        [Fact]
        public void AStallIsOneWarningAndWithStallActionErrorAnError()
        {
            // x60: one real second is a simulated minute; -StallTimeout is read on the simulator's clock.
            var s = WatchScenarios.Build(60, x =>
            {
                x.DrsJobs.Add(WatchScenarios.Drs("drs-stall", new MigrationBehavior { Kind = MigrationBehaviorKind.Stall, FullSyncSeconds = 100, StallAtPercent = 30 }));
                x.DcsTasks.Add(WatchScenarios.Dcs("dcs-slow", new MigrationBehavior { FullSyncSeconds = 1000 }));
            });
            using var h = SimHost.Start(s);
            var warned = h.Run("Watch-Migration -DrsJobId drs-stall -Interval 1 -Timeout 6 -StallTimeout 120");
            Assert.Equal("WatchTimeout", Id(warned.SingleError));
            Assert.Single(warned.Warnings, w => w.Contains("drs-stall") && w.Contains("no progress"));

            var r = h.Run("Watch-Migration -DrsJobId drs-stall -DcsTaskId dcs-slow -Interval 1 -Timeout 6 -StallTimeout 120 -StallAction Error");
            var stalled = r.Errors.Single(e => Id(e) == "MigrationStalled");
            Assert.Equal("drs-stall", Assert.IsType<MigrationStatus>(stalled.TargetObject).Id);
            // The slow task moves a little every poll: progress, so no stall.
            Assert.Equal("WatchTimeout", Id(r.Errors.Single(e => e != stalled)));
            Assert.DoesNotContain(r.Warnings, w => w.Contains("dcs-slow"));
        }

        internal static void Wait(Func<bool> condition, Task run)
        {
            var limit = Stopwatch.StartNew();
            while (!condition())
            {
                if (run.IsCompleted) throw new InvalidOperationException("The script ended early: " + string.Join("; ", ((Task<ScriptResult>)run).Result.AllErrors));
                if (limit.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("The condition was not met within 30 s.");
                System.Threading.Thread.Sleep(20);
            }
        }
    }
}
