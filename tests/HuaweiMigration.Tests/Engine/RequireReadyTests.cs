using System;
using System.Linq;
using System.Text.Json;
using HuaweiMigration.Simulator;
using HuaweiMigration.Tests.Core;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>
    /// -RequireReady on Stop-DrsJob, Stop-DcsMigrationTask and Switch-DcsMigrationIp: the readiness verdict of
    /// Test-MigrationReadiness is read again before anything is sent, and an id that is not ready gets NotReady and no request.
    /// </summary>
    public sealed class RequireReadyTests
    {
        const string Cmd = "HuaweiMigration.Commands.";

        // The readiness scenario: job "ok" is ready once its comparisons ran after t = 100 s, "bad" is inconsistent;
        // DCS task "dcs-incr" is ready after its full sync (t = 100 s), "dcs-full" copies until t = 400 s.
        static SimHost Start()
        {
            var scenario = Scenario.Parse(ReadinessCheckerTests.ScenarioJson);
            scenario.TimeScale = 0;
            return SimHost.Start(scenario);
        }

        static SimHost WithComparedJobs()
        {
            var h = Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(200));
            Assert.Empty(h.Run("Start-DrsComparison -JobId ok, bad -Confirm:$false").AllErrors);
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(60));
            h.Sim.Requests.Clear();
            return h;
        }

        static string[] StoppedJobs(SimHost h) => h.Sim.Requests.All.Where(r => r.Route == Routes.DrsStop)
            .SelectMany(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("jobs").EnumerateArray().Select(e => e.GetProperty("job_id").GetString()))
            .ToArray();

        static int StateChanges(SimHost h) =>
            h.Sim.Requests.Count(Routes.DrsStop) + h.Sim.Requests.Count(Routes.DcsStop) + h.Sim.Requests.Count(Routes.DcsExchangeIp) + h.Sim.Requests.Count(Routes.DcsRollbackIp);

        [Fact]
        public void ANotReadyJobIsRefusedWithItsBlockersAndNothingIsSentForIt()
        {
            using var h = WithComparedJobs();
            var r = h.Run("Stop-DrsJob ok, bad -RequireReady -Force -PassThru");
            var e = r.SingleError;
            Assert.Equal("NotReady," + Cmd + "StopDrsJobCommand", e.FullyQualifiedErrorId);
            Assert.Equal("bad", e.TargetObject);
            Assert.StartsWith("DRS job bad: not ready: ", e.Exception.Message);
            Assert.Contains("db1", e.Exception.Message);
            Assert.Equal(new[] { "ok" }, StoppedJobs(h));
            Assert.Equal("ok", r.Objects<DrsJobProgress>().Single().JobId);
            Assert.Null(h.Scenario.DrsJobs.Single(j => j.JobId == "bad").StoppedAtSeconds);
        }

        [Fact]
        public void AJobInFullSyncIsNotReady()
        {
            using var h = Start(); // t = 0: every job is still in its full sync
            var r = h.Run("Stop-DrsJob ok -RequireReady -Force");
            Assert.Equal("NotReady," + Cmd + "StopDrsJobCommand", r.SingleError.FullyQualifiedErrorId);
            Assert.Equal(0, StateChanges(h));
            Assert.True(h.Sim.Requests.Count(Routes.DrsBatch) > 0, "the readiness was not read");
        }

        [Theory]
        [InlineData("html")]
        [InlineData("garbage")]
        public void AnUnreadableReadinessIsNotReady(string how)
        {
            using var h = WithComparedJobs();
            h.Sim.Faults.Add((how == "html" ? Fault.HtmlError(502) : Fault.Malformed("{\"results\":[{\"id\":42}]")).On(Routes.DrsBatch).Forever());
            var r = h.Run("Stop-DrsJob ok -RequireReady -Force");
            var e = r.SingleError;
            Assert.Equal("NotReady," + Cmd + "StopDrsJobCommand", e.FullyQualifiedErrorId);
            Assert.Equal("ok", e.TargetObject);
            Assert.Equal(0, StateChanges(h));
        }

        [Fact]
        public void ARejectedCredentialIsOneTerminatingErrorAndNothingIsSent()
        {
            using var h = WithComparedJobs();
            h.Sim.Faults.Add(Fault.Unauthorized().On(Routes.DrsBatch));
            var r = h.Run("Stop-DrsJob ok, bad -RequireReady -Force");
            Assert.Equal("APIG.0301," + Cmd + "StopDrsJobCommand", r.SingleError.FullyQualifiedErrorId);
            Assert.Equal(0, StateChanges(h));
        }

        [Fact]
        public void WhatIfReadsTheReadinessReportsAndSendsNothing()
        {
            using var h = WithComparedJobs();
            var r = h.Run("Stop-DrsJob ok, bad -RequireReady -WhatIf");
            Assert.Equal("bad", r.SingleError.TargetObject);
            Assert.True(h.Sim.Requests.Count(Routes.DrsBatch) > 0, "the readiness was not read");
            Assert.Equal(0, StateChanges(h));
            Assert.Empty(r.Output);
        }

        [Fact]
        public void TestMigrationReadinessPipesIntoEachCmdletAndIsReadAgain()
        {
            using var h = WithComparedJobs();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(100));
            var r = h.Run("Test-MigrationReadiness -DrsJobId ok, bad | Stop-DrsJob -RequireReady -Force -PassThru");
            Assert.Equal("bad", r.SingleError.TargetObject);
            Assert.Equal(new[] { "ok" }, StoppedJobs(h));

            r = h.Run("Test-MigrationReadiness -DcsTaskId dcs-incr, dcs-full | Switch-DcsMigrationIp -RequireReady -Force");
            var e = r.SingleError;
            Assert.Equal("NotReady," + Cmd + "SwitchDcsMigrationIpCommand", e.FullyQualifiedErrorId);
            Assert.Equal("dcs-full", e.TargetObject);
            Assert.StartsWith("DCS task dcs-full: not ready: ", e.Exception.Message);
            Assert.Equal(1, h.Sim.Requests.Count(Routes.DcsExchangeIp));

            // A DCS verdict piped into Stop-DrsJob is refused at binding, before any request.
            h.Sim.Requests.Clear();
            r = h.Run("Test-MigrationReadiness -DcsTaskId dcs-full | Stop-DrsJob -RequireReady -Force");
            Assert.StartsWith("ParameterArgumentTransformationError,", r.SingleError.FullyQualifiedErrorId);
            Assert.Contains("DCS object (MigrationReadiness)", r.SingleError.Exception.Message);
            Assert.Equal(0, StateChanges(h));

            // A verdict piped in is not trusted: the state may have changed since, so it is read again.
            var verdict = h.Run("Test-MigrationReadiness -DcsTaskId dcs-incr").Output.Single();
            Assert.True(((MigrationReadiness)verdict.BaseObject).IsReady);
            h.Sim.Faults.Add(Fault.HtmlError(502).On(Routes.DcsStats).Forever());
            r = h.Run("$v | Stop-DcsMigrationTask -RequireReady -Force", new System.Collections.Generic.Dictionary<string, object> { ["v"] = verdict });
            Assert.Equal("NotReady," + Cmd + "StopDcsMigrationTaskCommand", r.SingleError.FullyQualifiedErrorId);
            Assert.Equal(0, h.Sim.Requests.Count(Routes.DcsStop));
        }

        [Fact]
        public void AnIncrementalTaskWhoseKeysDifferIsNotSwitched()
        {
            // Incremental (so the switch itself would be allowed), but 5 % of the keys are still missing on the target.
            string json = ReadinessCheckerTests.ScenarioJson.Replace("\"initialLagKeys\": 50, \"lagHalfLifeSeconds\": 5", "\"initialLagKeys\": 5000, \"lagHalfLifeSeconds\": 100000");
            Assert.NotEqual(ReadinessCheckerTests.ScenarioJson, json);
            using var h = SimHost.Start(Scenario.Parse(json));
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(120));
            var r = h.Run("Switch-DcsMigrationIp dcs-incr -RequireReady -Force");
            var e = r.SingleError;
            Assert.Equal("NotReady," + Cmd + "SwitchDcsMigrationIpCommand", e.FullyQualifiedErrorId);
            Assert.Equal("dcs-incr", e.TargetObject);
            Assert.Contains("key counts differ", e.Exception.Message);
            Assert.Equal(0, StateChanges(h));
            // Without -RequireReady the service's own rule (incremental migration) lets it through.
            Assert.Empty(h.Run("Switch-DcsMigrationIp dcs-incr -Force").AllErrors);
            Assert.Equal(1, h.Sim.Requests.Count(Routes.DcsExchangeIp));
        }

        [Fact]
        public void AReadyDcsTaskIsStoppedAndANotReadyOneIsNot()
        {
            using var h = Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(300));
            var r = h.Run("Stop-DcsMigrationTask dcs-incr, dcs-full -RequireReady -Force -PassThru");
            var e = r.SingleError;
            Assert.Equal("NotReady," + Cmd + "StopDcsMigrationTaskCommand", e.FullyQualifiedErrorId);
            Assert.Equal("dcs-full", e.TargetObject);
            Assert.StartsWith("DCS task dcs-full: not ready: ", e.Exception.Message);
            Assert.Equal(1, h.Sim.Requests.Count(Routes.DcsStop));
            Assert.Equal("dcs-incr", r.Objects<DcsMigrationTask>().Single().TaskId);
        }

        [Fact]
        public void AStopRunAgainWithRequireReadyResumesInsteadOfRefusing()
        {
            using var h = WithComparedJobs();
            Assert.Empty(h.Run("Stop-DrsJob ok -RequireReady -Force").AllErrors);
            h.Sim.Clock.TimeScale = 5;
            var r = h.Run("Stop-DrsJob ok -RequireReady -Force -Wait -PassThru -Timeout 60");
            Assert.Empty(r.AllErrors);
            Assert.Equal("RELEASE_RESOURCE_COMPLETE", r.Objects<DrsJobProgress>().Single().TransferStatus);
            Assert.Equal(1, h.Sim.Requests.Count(Routes.DrsStop));

            h.Sim.Clock.TimeScale = 0;
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(100));
            Assert.Empty(h.Run("Stop-DcsMigrationTask dcs-incr -Force").AllErrors);
            r = h.Run("Stop-DcsMigrationTask dcs-incr -RequireReady -Force");
            Assert.Empty(r.AllErrors);
            Assert.Contains(r.Warnings, w => w.Contains("dcs-incr"));
            Assert.Equal(1, h.Sim.Requests.Count(Routes.DcsStop));
        }

        [Fact]
        public void AReadyTaskStillAsksUnlessForced()
        {
            var ui = new ScriptedHost("No");
            using var h = SimHost.Start(Scenario.Parse(ReadinessCheckerTests.ScenarioJson), psHost: ui);
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(300));
            var r = h.Run("Switch-DcsMigrationIp dcs-incr -RequireReady");
            Assert.Empty(r.AllErrors);
            Assert.Contains("dcs-incr", Assert.Single(ui.Prompts));
            Assert.Equal(0, StateChanges(h));
        }
    }
}
