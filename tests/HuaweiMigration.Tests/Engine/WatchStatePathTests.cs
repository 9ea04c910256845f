using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using HuaweiMigration.Simulator;
using HuaweiMigration.Watch;
using Xunit;
using Xunit.Abstractions;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>Watch-Migration -StatePath and -MaxDuration against the simulator: resume, the resume rules, one writer, bad files.</summary>
    public sealed class WatchStatePathTests : IDisposable
    {
        const string Fqid = ",HuaweiMigration.Commands.WatchMigrationCommand";
        readonly string _dir = Path.Combine(Path.GetTempPath(), "hm-watch-" + Guid.NewGuid().ToString("N"));

        readonly ITestOutputHelper _log;

        public WatchStatePathTests(ITestOutputHelper log)
        {
            _log = log;
            Directory.CreateDirectory(_dir);
        }
        public void Dispose() => Directory.Delete(_dir, true);

        string StatePath => Path.Combine(_dir, "watch.json");
        Dictionary<string, object> Vars => new Dictionary<string, object> { ["state"] = StatePath };

        static SimHost Frozen(Action<Scenario> setup) => SimHost.Start(WatchScenarios.Build(0, setup));

        [Fact]
        public void AResumedWatchReportsEndedItemsWithoutPollingThemAndAddsNewIds()
        {
            using var h = Frozen(x =>
            {
                x.DcsTasks.Add(WatchScenarios.Dcs("dcs-bad", new MigrationBehavior { Kind = MigrationBehaviorKind.Fail, FullSyncSeconds = 100, FailAtPercent = 10 }));
                x.DrsJobs.Add(WatchScenarios.Drs("drs-slow", new MigrationBehavior { FullSyncSeconds = 10_000 }));
                x.DrsJobs.Add(WatchScenarios.Drs("drs-late", new MigrationBehavior { FullSyncSeconds = 10_000 }));
            });
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(50));
            var first = h.Run("Watch-Migration -DcsTaskId dcs-bad -DrsJobId drs-slow -Interval 1 -MaxDuration 1 -StatePath $state", Vars);
            Assert.Equal(new[] { "MigrationFailed", "WatchSuspended" }, first.Errors.Select(e => e.FullyQualifiedErrorId.Replace(Fqid, "")));
            Assert.Equal(new[] { "dcs-bad", "drs-slow" }, first.Objects<MigrationStatus>().Select(s => s.Id));

            h.Sim.Requests.Clear();
            var second = h.Run("Watch-Migration -DrsJobId drs-late -Interval 1 -MaxDuration 1 -StatePath $state", Vars);
            Assert.Equal(new[] { "MigrationFailed", "WatchSuspended" }, second.Errors.Select(e => e.FullyQualifiedErrorId.Replace(Fqid, "")));
            Assert.Equal("dcs-bad", Assert.IsType<MigrationStatus>(second.Errors[0].TargetObject).Id);
            Assert.Equal(new[] { "dcs-bad", "drs-slow", "drs-late" }, second.Objects<MigrationStatus>().Select(s => s.Id));
            Assert.Equal(0, h.Sim.Requests.Count("dcs.stats") + h.Sim.Requests.Count("dcs.task"));
            var saved = WatchState.Parse(File.ReadAllBytes(StatePath), StatePath);
            Assert.Equal(new[] { "dcs-bad", "drs-slow", "drs-late" }, saved.Items.Select(i => i.Id));
            Assert.Equal(PollOutcome.MigrationFailed, saved.Items[0].Ended.Outcome);
        }

        [Fact]
        public void ARejectedKeyEndsTheRunButNotTheMigrationsSoTheWatchResumesAfterConnect()
        {
            using var h = Frozen(x =>
            {
                x.DcsTasks.Add(WatchScenarios.Dcs("dcs-a", new MigrationBehavior { FullSyncSeconds = 10_000 }));
                x.DcsTasks.Add(WatchScenarios.Dcs("dcs-b", new MigrationBehavior { FullSyncSeconds = 10_000 }));
            });
            h.Sim.Faults.Add(Fault.Unauthorized().On(Routes.DcsStats).Forever());
            const string watch = "Watch-Migration -DcsTaskId dcs-a, dcs-b -Interval 1 -MaxDuration 2 -StatePath $state";
            var first = h.Run(watch, Vars);
            Assert.Equal(new[] { "APIG.0301", "RequestsNotSent" }, first.Errors.Select(e => e.FullyQualifiedErrorId.Replace(Fqid, "")));
            var saved = WatchState.Parse(File.ReadAllBytes(StatePath), StatePath);
            Assert.Equal(new[] { "dcs-a", "dcs-b" }, saved.Items.Select(i => i.Id));
            Assert.All(saved.Items, i => Assert.Null(i.Ended));

            h.Sim.Faults.Clear();
            Assert.Empty(h.Run(h.ConnectCommand()).AllErrors);
            h.Sim.Requests.Clear();
            var resumed = h.Run(watch, Vars);
            Assert.Equal("WatchSuspended" + Fqid, resumed.SingleError.FullyQualifiedErrorId);
            Assert.Equal(new[] { "dcs-a", "dcs-b" }, resumed.Objects<MigrationStatus>().Select(s => s.Id));
            Assert.True(h.Sim.Requests.Count(Routes.DcsStats) >= 2, "the resumed watch did not poll");
        }

        [Fact]
        public void AnEndUnderErrorActionStopIsSavedBeforeItsErrorEndsThePipeline()
        {
            using var h = Frozen(x =>
            {
                x.DcsTasks.Add(WatchScenarios.Dcs("dcs-bad", new MigrationBehavior { Kind = MigrationBehaviorKind.Fail, FullSyncSeconds = 100, FailAtPercent = 10 }));
                x.DrsJobs.Add(WatchScenarios.Drs("drs-slow", new MigrationBehavior { FullSyncSeconds = 10_000 }));
            });
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(50));
            var r = h.Run("Watch-Migration -DcsTaskId dcs-bad -DrsJobId drs-slow -Interval 1 -MaxDuration 5 -StatePath $state -ErrorAction Stop", Vars);
            Assert.Equal("MigrationFailed" + Fqid, r.SingleError.FullyQualifiedErrorId);
            var saved = WatchState.Parse(File.ReadAllBytes(StatePath), StatePath);
            Assert.Equal(PollOutcome.MigrationFailed, saved.Items.Single(i => i.Id == "dcs-bad").Ended.Outcome);
        }

        [Fact]
        public void StallClocksGoOnOverTheTimeNoProcessRan()
        {
            using var h = Frozen(x => x.DcsTasks.Add(WatchScenarios.Dcs("dcs-stuck", new MigrationBehavior { Kind = MigrationBehaviorKind.Stall, FullSyncSeconds = 100, StallAtPercent = 20 })));
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(40));
            const string watch = "Watch-Migration -DcsTaskId dcs-stuck -StallTimeout 60 -StallAction Error -Interval 1 -MaxDuration 1 -StatePath $state";
            var first = h.Run(watch, Vars);
            Assert.Equal("WatchSuspended" + Fqid, first.SingleError.FullyQualifiedErrorId);
            // 61 simulated seconds pass with no watch running: the resumed watch sees the stall at its first poll.
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(61));
            var resumed = h.Run(watch, Vars);
            Assert.Equal("MigrationStalled" + Fqid, resumed.SingleError.FullyQualifiedErrorId);
            // A fresh watch (another file) would start its stall clock at 0.
            var fresh = h.Run(watch, new Dictionary<string, object> { ["state"] = Path.Combine(_dir, "other.json") });
            Assert.Equal("WatchSuspended" + Fqid, fresh.SingleError.FullyQualifiedErrorId);
        }

        [Fact]
        public void SuspendedRunsThenAResumeEndAsOneLongRun()
        {
            Scenario Build() => WatchScenarios.Build(40, x =>
            {
                x.DcsTasks.Add(WatchScenarios.Dcs("dcs-ok", new MigrationBehavior { FullSyncSeconds = 120 }));
                x.DcsTasks.Add(WatchScenarios.Dcs("dcs-stuck", new MigrationBehavior { Kind = MigrationBehaviorKind.Stall, FullSyncSeconds = 100, StallAtPercent = 20 }));
                x.DrsJobs.Add(WatchScenarios.Drs("drs-bad", new MigrationBehavior { Kind = MigrationBehaviorKind.Fail, FullSyncSeconds = 100, FailAtPercent = 60 }));
            });
            const string watch = "Watch-Migration -DcsTaskId dcs-ok, dcs-stuck -DrsJobId drs-bad -StallTimeout 60 -StallAction Error -Interval 1 -Timeout 60";
            string Outcome(ScriptResult r) => string.Join("; ",
                r.Objects<MigrationStatus>().Select(s => $"{s.Id} {s.Status} {s.Phase} {s.ConditionMet}").OrderBy(x => x)) + " | " +
                string.Join("; ", r.Errors.Select(e => e.FullyQualifiedErrorId + " " + (e.TargetObject as MigrationStatus)?.Id).OrderBy(x => x));

            string whole;
            using (var h = SimHost.Start(Build())) whole = Outcome(h.Run(watch));

            using (var h = SimHost.Start(Build()))
            {
                ScriptResult r = null;
                int runs = 0;
                for (; runs < 30; runs++)
                {
                    r = h.Run(watch + " -MaxDuration 1 -StatePath $state", Vars);
                    if (!r.Errors.Any(e => e.FullyQualifiedErrorId.StartsWith("WatchSuspended"))) break;
                }
                Assert.True(runs > 1, "the watch was suspended at least once");
                Assert.Equal(whole, Outcome(r));
            }
            Assert.Contains("MigrationStalled", whole);
            Assert.Contains("MigrationFailed", whole);
            Assert.Contains("dcs-ok SUCCESS Completed True", whole);
        }

        [Fact]
        public void AnotherConditionIsStateMismatchUnlessForced()
        {
            using var h = Frozen(x => x.DrsJobs.Add(WatchScenarios.Drs("drs-a", new MigrationBehavior { FullSyncSeconds = 10_000 })));
            h.Run("Watch-Migration -DrsJobId drs-a -Until CaughtUp -Interval 1 -MaxDuration 1 -StatePath $state", Vars);
            var before = File.ReadAllBytes(StatePath);
            var r = h.Run("Watch-Migration -DrsJobId drs-a -Until Completed -Interval 1 -MaxDuration 1 -StatePath $state", Vars);
            Assert.Equal("StateMismatch" + Fqid, r.SingleError.FullyQualifiedErrorId);
            Assert.Equal(StatePath, r.SingleError.TargetObject);
            Assert.Equal(before, File.ReadAllBytes(StatePath));
            // Without -Until the file's condition holds; the budgets may differ from run to run.
            var resumed = h.Run("Watch-Migration -Interval 2 -MaxDuration 1 -StatePath $state", Vars);
            Assert.Equal(WatchCondition.CaughtUp, resumed.Objects<MigrationStatus>().Single().Condition);
            var forced = h.Run("Watch-Migration -Until Completed -Force -Interval 1 -MaxDuration 1 -StatePath $state", Vars);
            Assert.Equal("WatchSuspended" + Fqid, forced.SingleError.FullyQualifiedErrorId);
            Assert.Equal(WatchCondition.Completed, WatchState.Parse(File.ReadAllBytes(StatePath), StatePath).Condition.Until);
        }

        [Fact]
        public void ALiveSecondWatcherIsRefusedAtOnce()
        {
            using var h = Frozen(x => x.DrsJobs.Add(WatchScenarios.Drs("drs-a", new MigrationBehavior { FullSyncSeconds = 10_000 })));
            using (WatchCheckpoint.Open(StatePath, h.Scenario.Region, h.Scenario.ProjectId))
            {
                var r = h.Run("Watch-Migration -DrsJobId drs-a -Interval 1 -MaxDuration 1 -StatePath $state", Vars);
                Assert.Equal("StateFileInUse" + Fqid, r.SingleError.FullyQualifiedErrorId);
                Assert.Equal(0, h.Sim.Requests.Count("drs.batch"));
            }
            var after = h.Run("Watch-Migration -DrsJobId drs-a -Interval 1 -MaxDuration 1 -StatePath $state", Vars);
            Assert.Equal("WatchSuspended" + Fqid, after.SingleError.FullyQualifiedErrorId);
        }

        [Theory]
        [InlineData("truncated", "StateFileUnreadable")]
        [InlineData("empty", "StateFileUnreadable")]
        [InlineData("binary", "StateFileUnreadable")]
        [InlineData("newer", "StateFileVersionNotSupported")]
        [InlineData("project", "StateProjectMismatch")]
        public void ABadFileIsAnErrorNeverAFreshStart(string kind, string errorId)
        {
            using var h = Frozen(x => x.DrsJobs.Add(WatchScenarios.Drs("drs-a", new MigrationBehavior { FullSyncSeconds = 10_000 })));
            h.Run("Watch-Migration -DrsJobId drs-a -Interval 1 -MaxDuration 1 -StatePath $state", Vars);
            string good = File.ReadAllText(StatePath);
            byte[] bad = kind switch
            {
                "truncated" => Encoding.UTF8.GetBytes(good.Substring(0, good.Length / 2)),
                "empty" => new byte[0],
                "binary" => new byte[] { 0, 1, 2, 0xff, 0xfe, 0x80 },
                "newer" => Encoding.UTF8.GetBytes(good.Replace("\"version\":1", "\"version\":7")),
                _ => Encoding.UTF8.GetBytes(good.Replace(h.Scenario.ProjectId, "ffffffffffffffffffffffffffffffff")),
            };
            File.WriteAllBytes(StatePath, bad);
            h.Sim.Requests.Clear();
            var r = h.Run("Watch-Migration -DrsJobId drs-a -Interval 1 -MaxDuration 1 -StatePath $state", Vars);
            Assert.Equal(errorId + Fqid, r.SingleError.FullyQualifiedErrorId);
            Assert.Equal(StatePath, r.SingleError.TargetObject);
            Assert.Equal(bad, File.ReadAllBytes(StatePath));
            Assert.Equal(0, h.Sim.Requests.Count("drs.batch"));
        }

        [Fact]
        public void TheFileHoldsNoSecretAndNoEndpoint()
        {
            using var h = Frozen(x => x.DcsTasks.Add(WatchScenarios.Dcs("dcs-a", new MigrationBehavior { FullSyncSeconds = 10_000 }, DcsMigrationMethods.Incremental)));
            h.Run("Watch-Migration -DcsTaskId dcs-a -Interval 1 -MaxDuration 1 -StatePath $state", Vars);
            string text = File.ReadAllText(StatePath);
            Assert.Contains("dcs-a", text);
            foreach (var secret in new[] { h.Scenario.Credentials[0].SecretKey, h.Scenario.Credentials[0].AccessKey, "src-secret-dcs-a", "dst-secret-dcs-a", "127.0.0.1", "http" })
                Assert.DoesNotContain(secret, text);
        }

        [Fact]
        public void WithStatePathAnOutageWarnsOnceAsItBeginsAndThePollsGoToVerbose()
        {
            using var h = SimHost.Start(WatchScenarios.Build(1, x => x.DrsJobs.Add(WatchScenarios.Drs("drs-a", new MigrationBehavior { FullSyncSeconds = 10_000 }))), connectArgs: "-MaxRetryCount 0");
            h.Sim.Faults.Add(Fault.HtmlError(503).On("drs.batch").Repeat(3));
            var r = h.Run("Watch-Migration -DrsJobId drs-a -Interval 1 -MaxDuration 5 -StatePath $state -Verbose", Vars);
            Assert.Single(r.Warnings, w => w.Contains("retrying"));
            Assert.True(r.Verbose.Count(v => v.Contains("retrying")) >= 2, "the later failed polls went to verbose");
            // Without -StatePath every failed poll warns, as before.
            h.Sim.Faults.Add(Fault.HtmlError(503).On("drs.batch").Repeat(3));
            var plain = h.Run("Watch-Migration -DrsJobId drs-a -Interval 1 -Timeout 5");
            Assert.Equal(3, plain.Warnings.Count(w => w.Contains("retrying")));
        }

        /// <summary>
        /// The measure of a long watch under a stream cap: 3 simulated hours (12 simulated minutes per poll) of 4
        /// migrations with a 3-poll outage. With -StatePath the output, warning and error streams hold only the end.
        /// </summary>
        [Fact]
        public void AThreeHourWatchWithStatePathKeepsTheCappedStreamsSmall()
        {
            using var h = SimHost.Start(WatchScenarios.Build(720, x =>
            {
                foreach (var id in new[] { "dcs-1", "dcs-2" }) x.DcsTasks.Add(WatchScenarios.Dcs(id, new MigrationBehavior { FullSyncSeconds = 6 * 3600 }));
                foreach (var id in new[] { "drs-1", "drs-2" }) x.DrsJobs.Add(WatchScenarios.Drs(id, new MigrationBehavior { FullSyncSeconds = 6 * 3600 }));
            }), connectArgs: "-MaxRetryCount 0");
            h.Sim.Faults.Add(Fault.HtmlError(503).On("drs.batch").Repeat(3));
            var r = h.Run("Watch-Migration -DcsTaskId dcs-1, dcs-2 -DrsJobId drs-1, drs-2 -Interval 1 -MaxDuration 15 -StatePath $state -Verbose", Vars);
            int polls = h.Sim.Requests.Count("dcs.stats", "dcs-1");
            int output = r.Output.Sum(o => o.ToString().Length + 200), warnings = r.Warnings.Sum(w => w.Length), errors = r.Errors.Sum(e => e.ToString().Length);
            int verbose = r.Verbose.Sum(v => v.Length);
            _log.WriteLine($"{polls} polls over {polls * 12} simulated minutes: output {r.Output.Count} objects (~{output} chars as a table), warnings {r.Warnings.Count} ({warnings} chars), " +
                $"errors {r.Errors.Count} ({errors} chars), verbose {r.Verbose.Count} lines ({verbose} chars, {verbose / Math.Max(1, polls)} per poll), state file {new FileInfo(StatePath).Length} bytes");
            Assert.True(polls >= 10, $"{polls} polls");
            Assert.Equal(4, r.Output.Count);
            Assert.Single(r.Warnings);
            Assert.Equal("WatchSuspended" + Fqid, r.SingleError.FullyQualifiedErrorId);
            Assert.True(output + warnings + errors < 4096, "the capped streams hold only the end");
        }
    }
}
