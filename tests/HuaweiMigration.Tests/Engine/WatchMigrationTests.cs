using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>Scenarios for the watch: simulated time runs fast so a migration plays out in a few polls.</summary>
    static class WatchScenarios
    {
        public static Scenario Build(double timeScale, Action<Scenario> setup)
        {
            var s = SimHost.FrozenDemo();
            s.DcsTasks.Clear();
            s.DrsJobs.Clear();
            s.TimeScale = timeScale;
            setup(s);
            return s;
        }

        /// <summary>A host over a scenario of just these DCS tasks and DRS jobs, simulated time running <paramref name="timeScale"/> times fast.</summary>
        public static SimHost Start(double timeScale, params object[] migrations) => SimHost.Start(Build(timeScale, x =>
        {
            foreach (var m in migrations)
                if (m is SimulatedDcsTask task) x.DcsTasks.Add(task);
                else x.DrsJobs.Add((SimulatedDrsJob)m);
        }));

        /// <summary>A migration that completes its full sync in <paramref name="fullSyncSeconds"/> simulated seconds.</summary>
        public static MigrationBehavior Completes(double fullSyncSeconds) => new MigrationBehavior { FullSyncSeconds = fullSyncSeconds };

        public static SimulatedDcsTask Dcs(string id, MigrationBehavior b, string method = DcsMigrationMethods.Full, long keys = 10_000) => new SimulatedDcsTask
        {
            TaskId = id, TaskName = "redis-" + id, MigrationMethod = method, Keys = keys, Behavior = b,
            SourceInstance = new RedisInstance { Id = "s-" + id, Name = "src", Password = "src-secret-" + id },
            TargetInstance = new RedisInstance { Id = "t-" + id, Name = "dst", Password = "dst-secret-" + id },
        };

        public static SimulatedDrsJob Drs(string id, MigrationBehavior b, string mode = DrsTaskModes.Full) =>
            new SimulatedDrsJob { JobId = id, TaskMode = mode, Behavior = b };
    }

    public class WatchConditionTests
    {
        [Fact]
        public void CompletedWaitsForTerminalStatesOfMixedDcsAndDrs()
        {
            using var h = WatchScenarios.Start(100,
                WatchScenarios.Dcs("dcs-a", WatchScenarios.Completes(150)),
                WatchScenarios.Drs("drs-a", WatchScenarios.Completes(250)));
            var r = h.Run("Watch-Migration -DcsTaskId dcs-a -DrsJobId drs-a -Interval 1 -Timeout 30");
            Assert.Empty(r.AllErrors);
            var statuses = r.Objects<MigrationStatus>();
            Assert.Equal(2, statuses.Length);
            var dcs = statuses.Single(x => x.Service == MigrationService.Dcs);
            var drs = statuses.Single(x => x.Service == MigrationService.Drs);
            Assert.Equal(("SUCCESS", MigrationPhase.Completed, true), (dcs.Status, dcs.Phase, dcs.ConditionMet));
            Assert.Equal(("FULL_TRANSFER_COMPLETE", MigrationPhase.Completed, true), (drs.Status, drs.Phase, drs.ConditionMet));
            Assert.Equal("redis-dcs-a", dcs.Name);
            Assert.Equal(100.0, drs.Percent);
        }

        [Fact]
        public void FullSyncCompleteStopsAtTheStartOfIncrementalSync()
        {
            using var h = WatchScenarios.Start(100,
                WatchScenarios.Drs("drs-i", new MigrationBehavior { Kind = MigrationBehaviorKind.Incremental, FullSyncSeconds = 150, InitialDelaySeconds = 600, DelayHalfLifeSeconds = 100000 }, DrsTaskModes.FullIncremental),
                WatchScenarios.Dcs("dcs-i", new MigrationBehavior { Kind = MigrationBehaviorKind.Incremental, FullSyncSeconds = 150, InitialLagKeys = 500, LagHalfLifeSeconds = 100000 }, DcsMigrationMethods.Incremental));
            var r = h.Run("Watch-Migration -DcsTaskId dcs-i -DrsJobId drs-i -Until FullSyncComplete -Interval 1 -Timeout 30");
            Assert.Empty(r.AllErrors);
            var statuses = r.Objects<MigrationStatus>();
            Assert.Equal(2, statuses.Length);
            Assert.All(statuses, x => Assert.True(x.ConditionMet));
            Assert.All(statuses, x => Assert.Equal(WatchCondition.FullSyncComplete, x.Condition));
            var drs = statuses.Single(x => x.Service == MigrationService.Drs);
            Assert.Equal(MigrationPhase.Incremental, drs.Phase);
            Assert.True(drs.IncrementalDelay > TimeSpan.FromSeconds(5), "still lagging: not caught up, only past the full sync");
        }

        [Fact]
        public void CaughtUpWaitsForTheLagToShrink()
        {
            using var h = WatchScenarios.Start(20,
                WatchScenarios.Drs("drs-c", new MigrationBehavior { Kind = MigrationBehaviorKind.Incremental, FullSyncSeconds = 10, InitialDelaySeconds = 120, DelayHalfLifeSeconds = 8 }, DrsTaskModes.FullIncremental),
                WatchScenarios.Dcs("dcs-c", new MigrationBehavior { Kind = MigrationBehaviorKind.Incremental, FullSyncSeconds = 10, InitialLagKeys = 4000, LagHalfLifeSeconds = 8 }, DcsMigrationMethods.Incremental));
            var r = h.Run("Watch-Migration -DcsTaskId dcs-c -DrsJobId drs-c -Until CaughtUp -MaxDelay 5 -Interval 1 -Timeout 40 -Stream");
            Assert.Empty(r.AllErrors);
            var samples = r.Objects<MigrationStatus>();
            var drs = samples.Where(x => x.Service == MigrationService.Drs).ToArray();
            var dcs = samples.Where(x => x.Service == MigrationService.Dcs).ToArray();
            Assert.True(drs.Last().ConditionMet);
            Assert.True(drs.Last().IncrementalDelay <= TimeSpan.FromSeconds(5));
            Assert.Contains(drs, x => x.Phase == MigrationPhase.Incremental && !x.ConditionMet && x.IncrementalDelay > TimeSpan.FromSeconds(5));
            Assert.True(dcs.Last().ConditionMet);
            Assert.Equal(0, dcs.Last().KeysRemaining);
            Assert.Contains(dcs, x => x.Phase == MigrationPhase.Incremental && !x.ConditionMet && x.KeysRemaining > 0);
            Assert.Equal(1, drs.Count(x => x.ConditionMet));
        }

        [Fact]
        public void PipelineInputFromBothGetCmdletsBinds()
        {
            using var h = WatchScenarios.Start(200,
                WatchScenarios.Dcs("dcs-p1", WatchScenarios.Completes(100)),
                WatchScenarios.Dcs("dcs-p2", WatchScenarios.Completes(100)),
                WatchScenarios.Drs("drs-p1", WatchScenarios.Completes(100)));
            var r = h.Run("@(Get-DcsMigrationTask) + @(Get-DcsMigrationStats dcs-p2) + @(Get-DrsJobProgress drs-p1) | Watch-Migration -Interval 1 -Timeout 30");
            Assert.Empty(r.AllErrors);
            var ids = r.Objects<MigrationStatus>().Select(x => x.Service + "/" + x.Id).OrderBy(x => x).ToArray();
            Assert.Equal(new[] { "Dcs/dcs-p1", "Dcs/dcs-p2", "Drs/drs-p1" }, ids);
        }

        [Fact]
        public void NothingToWatchIsAClearError()
        {
            using var h = SimHost.Start(WatchScenarios.Build(1, _ => { }));
            Assert.Equal("NothingToWatch", h.Run("Watch-Migration").SingleError.FullyQualifiedErrorId.Split(',')[0]);
        }

        [Fact]
        public void PipedStringsAreAmbiguousNotNothingToWatch()
        {
            using var h = SimHost.Start(WatchScenarios.Build(100, x => x.DcsTasks.Add(WatchScenarios.Dcs("dcs-a", new MigrationBehavior { FullSyncSeconds = 150 }))));
            var r = h.Run("'dcs-p1', 'x2' | Watch-Migration -Timeout 5");
            var e = r.SingleError;
            Assert.Equal("AmbiguousId,HuaweiMigration.Commands.WatchMigrationCommand", e.FullyQualifiedErrorId);
            Assert.Equal(new[] { "dcs-p1", "x2" }, (string[])e.TargetObject);
            Assert.Contains("2 strings", e.Exception.Message);
            Assert.Contains("-DcsTaskId or -DrsJobId", e.Exception.Message);
            Assert.Empty(h.Sim.Requests.All);

            // Strings beside objects: the objects are watched, the strings get the one error.
            var mixed = h.Run("@(Get-DcsMigrationTask) + @('x3') | Watch-Migration -Interval 1 -Timeout 30");
            Assert.Equal("AmbiguousId", mixed.SingleError.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Single(mixed.Objects<MigrationStatus>());
        }

        [Fact]
        public void ANameForSeveralIdsWarnsOnlyWhenTheUserTypedIt()
        {
            using var h = SimHost.Start(WatchScenarios.Build(100, x =>
            {
                x.DcsTasks.Add(WatchScenarios.Dcs("dcs-a", new MigrationBehavior { FullSyncSeconds = 150 }));
                x.DcsTasks.Add(WatchScenarios.Dcs("dcs-b", new MigrationBehavior { FullSyncSeconds = 150 }));
            }));
            var typed = h.Run("Watch-Migration -DcsTaskId dcs-a, dcs-b -Name orders -Interval 1 -Timeout 30");
            Assert.Contains(typed.Warnings, w => w.Contains("-Name 'orders'"));
            // A name bound from each piped task is no reason to warn, even beside other ids.
            var piped = h.Run("Get-DcsMigrationTask -TaskId dcs-a | Watch-Migration -DcsTaskId dcs-b -Interval 1 -Timeout 30");
            Assert.DoesNotContain(piped.Warnings, w => w.Contains("-Name"));
        }
    }

    public class WatchFailureTests
    {
        [Fact]
        public void AFailureAmongSuccessesIsAnErrorAndTheOthersGoOn()
        {
            using var h = WatchScenarios.Start(100,
                WatchScenarios.Dcs("dcs-ok", WatchScenarios.Completes(250)),
                WatchScenarios.Dcs("dcs-bad", new MigrationBehavior { Kind = MigrationBehaviorKind.Fail, FullSyncSeconds = 200, FailAtPercent = 30 }),
                WatchScenarios.Drs("drs-bad", new MigrationBehavior { Kind = MigrationBehaviorKind.Fail, FullSyncSeconds = 200, FailAtPercent = 40 }),
                WatchScenarios.Drs("drs-ok", WatchScenarios.Completes(250)));
            var r = h.Run("Watch-Migration -DcsTaskId dcs-ok, dcs-bad -DrsJobId drs-bad, drs-ok -Until CaughtUp -Interval 1 -Timeout 30");
            Assert.Equal(2, r.Errors.Count);
            Assert.All(r.Errors, e => Assert.Equal("MigrationFailed,HuaweiMigration.Commands.WatchMigrationCommand", e.FullyQualifiedErrorId));
            var targets = r.Errors.Select(e => Assert.IsType<MigrationStatus>(e.TargetObject)).ToArray();
            Assert.Equal(new[] { "dcs-bad", "drs-bad" }, targets.Select(t => t.Id).OrderBy(x => x));
            Assert.All(targets, t => Assert.Equal(MigrationPhase.Failed, t.Phase));
            var ok = r.Objects<MigrationStatus>().Where(x => x.ConditionMet).Select(x => x.Id).OrderBy(x => x);
            Assert.Equal(new[] { "dcs-ok", "drs-ok" }, ok);
        }

        [Fact]
        public void TimeoutReportsTheUnfinishedAndOutputsTheirLastStatus()
        {
            using var h = WatchScenarios.Start(100,
                WatchScenarios.Dcs("dcs-done", WatchScenarios.Completes(50)),
                WatchScenarios.Drs("drs-stuck", new MigrationBehavior { Kind = MigrationBehaviorKind.Stall, FullSyncSeconds = 100, StallAtPercent = 60 }));
            var watch = Stopwatch.StartNew();
            var r = h.Run("Watch-Migration -DcsTaskId dcs-done -DrsJobId drs-stuck -Interval 1 -Timeout 3");
            watch.Stop();
            Assert.InRange(watch.Elapsed.TotalSeconds, 2.5, 5);
            var e = r.SingleError;
            Assert.Equal("WatchTimeout", e.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("drs-stuck", e.Exception.Message);
            Assert.DoesNotContain("dcs-done", e.Exception.Message);
            var statuses = r.Objects<MigrationStatus>();
            Assert.Equal(new[] { "dcs-done", "drs-stuck" }, statuses.Select(x => x.Id));
            var stuck = statuses[1];
            Assert.False(stuck.ConditionMet);
            Assert.Equal(60.0, stuck.Percent);
        }

        [Fact]
        public void TransientPollErrorsAreWarningsAndTheNextPollRetries()
        {
            var s = WatchScenarios.Build(50, x => x.DrsJobs.Add(WatchScenarios.Drs("drs-t", new MigrationBehavior { FullSyncSeconds = 150 })));
            using var h = SimHost.Start(s, connectArgs: "-MaxRetryCount 0");
            h.Sim.Faults.Add(Fault.HtmlError(503).On("drs.batch").Repeat(2));
            var r = h.Run("Watch-Migration -DrsJobId drs-t -Interval 1 -Timeout 30");
            Assert.Empty(r.AllErrors);
            Assert.Equal(2, r.Warnings.Count(w => w.Contains("drs-t") && w.Contains("retrying")));
            Assert.True(r.Objects<MigrationStatus>().Single().ConditionMet);
        }

        [Fact]
        public void FiveFailedPollsInARowEndOnlyThatItem()
        {
            // x100: the five polls span well over the two simulated minutes that must also pass.
            var s = WatchScenarios.Build(100, x =>
            {
                x.DcsTasks.Add(WatchScenarios.Dcs("dcs-flaky", new MigrationBehavior { FullSyncSeconds = 100 }));
                x.DcsTasks.Add(WatchScenarios.Dcs("dcs-fine", new MigrationBehavior { Kind = MigrationBehaviorKind.Pending }));
            });
            using var h = SimHost.Start(s, connectArgs: "-MaxRetryCount 0");
            h.Sim.Faults.Add(Fault.HtmlError(502).On("dcs.stats", "dcs-flaky").Forever());
            var r = h.Run("Watch-Migration -DcsTaskId dcs-flaky, dcs-fine -Interval 1 -Timeout 7");
            Assert.Equal(4, r.Warnings.Count(w => w.Contains("dcs-flaky")));
            var gaveUp = r.Errors.Single(e => Equals(e.TargetObject, "dcs-flaky"));
            Assert.Equal("Http502", gaveUp.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(5, h.Sim.Requests.Count("dcs.stats", "dcs-flaky"));
            Assert.True(h.Sim.Requests.Count("dcs.stats", "dcs-fine") >= 6, "the healthy item kept being polled");
            Assert.Contains(r.Errors, e => e.FullyQualifiedErrorId.StartsWith("WatchTimeout"));
        }

        [Fact]
        public void CtrlCDuringTheSleepStopsWithinASecond()
        {
            var s = WatchScenarios.Build(0, x => x.DrsJobs.Add(WatchScenarios.Drs("drs-s", new MigrationBehavior { Kind = MigrationBehaviorKind.Pending })));
            using var h = SimHost.Start(s);
            var (stopTook, _) = h.StopAfterFirstRequest("Watch-Migration -DrsJobId drs-s -Interval 60", "drs.batch", 300);
            Assert.True(stopTook < TimeSpan.FromSeconds(1), $"stopping took {stopTook}");
            Assert.Equal(1, h.Sim.Requests.Count("drs.batch"));
        }
    }

    public class WatchPollingTests
    {
        [Fact]
        public void DrsPollsAreBatchedTenToARequest()
        {
            var s = WatchScenarios.Build(0, x =>
            {
                for (int i = 0; i < 25; i++) x.DrsJobs.Add(WatchScenarios.Drs($"drs-{i:D2}", new MigrationBehavior { Kind = MigrationBehaviorKind.Pending }));
                for (int i = 0; i < 3; i++) x.DcsTasks.Add(WatchScenarios.Dcs($"dcs-{i}", new MigrationBehavior { FullSyncSeconds = 100 }));
            });
            // No retries inside a poll, so each request counted belongs to one poll.
            using var h = SimHost.Start(s, connectArgs: "-MaxRetryCount 0");
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(10));
            h.Ps.SetVariable("jobs", s.DrsJobs.Select(j => j.JobId).ToArray());
            // The deadline falls in the sleep after the second poll: -Timeout cancels a poll in flight, which would cut the count.
            var r = h.Run("Watch-Migration -DrsJobId $jobs -DcsTaskId dcs-0, dcs-1, dcs-2 -Interval 2 -Timeout 3");
            int polls = h.Sim.Requests.Count("dcs.stats", "dcs-0");
            Assert.InRange(polls, 2, 4);
            Assert.Equal(3 * polls, h.Sim.Requests.Count("drs.batch"));
            Assert.Equal(3 * polls, h.Sim.Requests.Count("dcs.stats"));
            // Details are read once per task while the stats show it migrating.
            Assert.Equal(3, h.Sim.Requests.Count("dcs.task"));
            Assert.Equal(28, r.Objects<MigrationStatus>().Length);
        }

        [Fact]
        public void ProgressHasAParentAChildPerMigrationAndCompletedRecords()
        {
            using var h = WatchScenarios.Start(100,
                WatchScenarios.Dcs("dcs-pr", WatchScenarios.Completes(250)),
                WatchScenarios.Drs("drs-pr", WatchScenarios.Completes(350)));
            var r = h.Run("Watch-Migration -DcsTaskId dcs-pr -DrsJobId drs-pr -Interval 1 -Timeout 30");
            Assert.Empty(r.AllErrors);
            var parent = r.Progress.Where(p => p.ParentActivityId < 0).ToArray();
            Assert.Contains(parent, p => p.Activity == "Watching 2 migrations (0 done)");
            Assert.Contains(parent, p => p.Activity == "Watching 2 migrations (2 done)");
            Assert.Equal(ProgressRecordType.Completed, parent.Last().RecordType);
            var children = r.Progress.Where(p => p.ParentActivityId == parent[0].ActivityId).ToArray();
            Assert.Equal(2, children.Select(c => c.ActivityId).Distinct().Count());
            Assert.Contains(children, c => c.RecordType == ProgressRecordType.Processing && c.PercentComplete > 0 && c.PercentComplete < 100 && c.StatusDescription.Contains("FullSync"));
            foreach (var id in children.Select(c => c.ActivityId).Distinct())
                Assert.Equal(ProgressRecordType.Completed, children.Last(c => c.ActivityId == id).RecordType);
            Assert.Contains(children, c => c.SecondsRemaining > 0);
        }

        [Fact]
        public void VerboseWritesOneLinePerItemPerPoll()
        {
            using var h = WatchScenarios.Start(100, WatchScenarios.Drs("drs-v", WatchScenarios.Completes(250)));
            var r = h.Run("Watch-Migration -DrsJobId drs-v -Interval 1 -Timeout 30 -Verbose");
            var lines = r.Verbose.Where(v => v.StartsWith("DRS job drs-v:")).ToArray();
            Assert.Equal(h.Sim.Requests.Count("drs.batch"), lines.Length);
        }

        [Fact]
        public void EtaOnASteadyRateIsWithinTenPercent()
        {
            // 1000 simulated seconds of full sync at x100: 10 real seconds for 0-100 %, 10 % a second. The service
            // reports whole percents, so the watch must span many of them for the rate to be exact to a few percent.
            using var h = WatchScenarios.Start(100, WatchScenarios.Drs("drs-eta", WatchScenarios.Completes(1000)));
            var r = h.Run("Watch-Migration -DrsJobId drs-eta -Interval 1 -Timeout 6 -Stream");
            var samples = r.Objects<MigrationStatus>().Where(x => x.EstimatedTimeRemaining.HasValue && x.Rate.HasValue).ToArray();
            Assert.True(samples.Length >= 3, "too few samples with a rate");
            var last = samples.Last();
            Assert.InRange(last.Percent.Value, 30, 95);
            double trueSeconds = (100 - last.Percent.Value) / 100 * 1000 / 100;
            Assert.InRange(last.EstimatedTimeRemaining.Value.TotalSeconds, trueSeconds * 0.9, trueSeconds * 1.1);
            Assert.InRange(last.Rate.Value, 600 * 0.9, 600 * 1.1);
        }
    }
}
