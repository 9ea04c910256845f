using System;
using System.Linq;
using HuaweiMigration.Simulator;
using HuaweiMigration.Tests.Core;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>Test-MigrationReadiness and the comparison cmdlets in a hosted engine against the simulator.</summary>
    public sealed class ReadinessCmdletTests
    {
        static SimHost Start(double timeScale = 0, string connectArgs = "-MaxRetryCount 3")
        {
            var scenario = Scenario.Parse(ReadinessCheckerTests.ScenarioJson);
            scenario.TimeScale = timeScale;
            return SimHost.Start(scenario, connectArgs: connectArgs);
        }

        const string Cmd = "HuaweiMigration.Commands.";

        [Fact]
        public void WhatIfSendsNothing()
        {
            using var h = Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(200));
            Assert.Empty(h.Run("Start-DrsComparison -JobId never -Type Rows -Confirm:$false").AllErrors);
            h.Sim.Requests.Clear();
            var r = h.Run("Start-DrsComparison -JobId ok, bad -WhatIf; Stop-DrsComparison -JobId never -WhatIf");
            Assert.Empty(r.AllErrors);
            // Stop reads the job's comparisons to name the one it would cancel; nothing else is sent.
            Assert.Equal(new[] { Routes.DrsDataCompareList }, h.Sim.Requests.All.Select(x => x.Route).Distinct());
            Assert.Equal(1, h.Sim.Requests.Count());
        }

        [Fact]
        public void AJobOutsideIncrementalIsRefusedBeforeAnyComparisonRequest()
        {
            using var h = Start();
            var r = h.Run("Start-DrsComparison -JobId ok -Confirm:$false");
            var e = r.SingleError;
            Assert.Equal("ComparisonNotAllowed," + Cmd + "StartDrsComparisonCommand", e.FullyQualifiedErrorId);
            Assert.Equal("ok", e.TargetObject);
            Assert.Contains("FULL_TRANSFER_STARTED", e.Exception.Message);
            Assert.Equal(new[] { Routes.DrsBatch }, h.Sim.Requests.All.Select(x => x.Route).Distinct());
        }

        [Fact]
        public void ComparisonsStartReadAndJudge()
        {
            using var h = Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(200));
            var r = h.Run("Get-DrsJob -JobId ok, bad | Start-DrsComparison -Confirm:$false -PassThru");
            Assert.Empty(r.AllErrors);
            var started = r.Objects<DrsComparison>();
            Assert.Equal(4, started.Length);
            Assert.All(started, c => Assert.Equal(DrsComparisonStatus.Running, c.Status));
            Assert.Equal("mysql-ok", started[0].JobName);

            // A second start reuses the running row comparison instead of cancelling it.
            r = h.Run("Start-DrsComparison -JobId ok -Type Rows -Confirm:$false -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Contains("already running", Assert.Single(r.Warnings));
            Assert.Equal(started[1].CompareJobId, r.Objects<DrsComparison>().Single().CompareJobId);

            r = h.Run("Test-MigrationReadiness -DrsJobId ok");
            Assert.Equal(new[] { "ComparisonRunning", "ComparisonRunning" }, r.Objects<MigrationReadiness>().Single().Blockers.Select(b => b.Code));

            h.Sim.Clock.Advance(TimeSpan.FromSeconds(60));
            r = h.Run("Get-DrsComparison -JobId bad");
            var latest = r.Objects<DrsComparison>();
            Assert.Equal(new[] { DrsComparisonType.Object, DrsComparisonType.Rows }, latest.Select(c => c.Type));
            Assert.Equal(DrsComparisonResult.Inconsistent, latest[1].Result);
            r = h.Run("Get-DrsComparison -JobId bad -Type Rows -Detail | Where-Object Result -eq Inconsistent");
            var item = r.Objects<DrsComparisonItem>().Single();
            Assert.Equal("db1.table_000001", item.Subject);
            Assert.Equal(3, item.Difference);

            r = h.Run("Test-MigrationReadiness -DrsJobId ok, bad, no-such-job");
            Assert.Empty(r.AllErrors);
            var v = r.Objects<MigrationReadiness>();
            Assert.True(v[0].IsReady, string.Join("; ", v[0].Blockers.Select(b => b.Message)));
            Assert.Equal("Inconsistent", v[1].Blockers.Single().Code);
            Assert.Equal("ReadFailed", v[2].Blockers.Single().Code);
            Assert.Equal(true, h.Run("Test-MigrationReadiness -DrsJobId ok -Quiet").Output.Single().BaseObject);
            Assert.Equal(false, h.Run("Get-DrsJobProgress -JobId ok, bad | Test-MigrationReadiness -Quiet").Output.Single().BaseObject);
        }

        [Fact]
        public void ReadinessReadsStatusTenJobsToARequest()
        {
            using var h = Start();
            var r = h.Run("Get-DrsJob | Test-MigrationReadiness -SkipComparison");
            Assert.Equal(14, r.Output.Count);
            Assert.Equal(2, h.Sim.Requests.Count(Routes.DrsBatch));
            Assert.Equal(0, h.Sim.Requests.Count(Routes.DrsDataCompareList));
        }

        [Fact]
        public void EveryObjectOfTheModulePipesIn()
        {
            using var h = Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(200));
            var r = h.Run("$s = @(Get-DcsMigrationTask -TaskId dcs-incr; Get-DcsMigrationStats -TaskId dcs-full; Get-DrsJob -JobId ok; Get-DrsJobProgress -JobId bad; " +
                "Watch-Migration -DrsJobId never -Until FullSyncComplete -Interval 1); $s | Test-MigrationReadiness -SkipComparison | Test-MigrationReadiness -SkipComparison");
            Assert.Empty(r.AllErrors);
            Assert.Equal(new[] { "dcs-incr", "dcs-full", "ok", "bad", "never" }, r.Objects<MigrationReadiness>().Select(v => v.Id));
            Assert.Equal(new[] { "sessions", "orders", "mysql-ok", null, null }, r.Objects<MigrationReadiness>().Select(v => v.Name));
            var e = h.Run("Get-DcsMigrationTask -TaskId dcs-incr | Start-DrsComparison -WhatIf").SingleError;
            Assert.Contains("ParameterArgumentTransformationError", e.FullyQualifiedErrorId);
        }

        [Fact]
        public void StopCancelsTheRunningComparison()
        {
            using var h = Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(200));
            Assert.Empty(h.Run("Start-DrsComparison -JobId never -Type Rows -Confirm:$false").AllErrors);
            var r = h.Run("Get-DrsComparison -JobId never -Type Rows | Stop-DrsComparison -Confirm:$false -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Equal(DrsComparisonStatus.Cancelled, r.Objects<DrsComparison>().Single().Status);
            Assert.Equal(1, h.Sim.Requests.Count(Routes.DrsDataCompareCancel));
            var e = h.Run("Stop-DrsComparison -JobId never -Confirm:$false").SingleError;
            Assert.Equal("NoRunningComparison," + Cmd + "StopDrsComparisonCommand", e.FullyQualifiedErrorId);
            Assert.Equal("never", e.TargetObject);
        }

        [Fact]
        public void ACancelWhoseAnswerIsLostIsReadNotSentAgain()
        {
            // Without retries: the HTTP layer retries a DELETE on a 502, and the service refuses the second cancel.
            using var h = Start(connectArgs: "-MaxRetryCount 0");
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(200));
            Assert.Empty(h.Run("Start-DrsComparison -JobId never -Type Rows -Confirm:$false").AllErrors);
            h.Sim.Faults.Add(Fault.HtmlError(502).AfterActing().On(Routes.DrsDataCompareCancel).Repeat(1));
            var r = h.Run("Stop-DrsComparison -JobId never -Confirm:$false -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Equal(DrsComparisonStatus.Cancelled, r.Objects<DrsComparison>().Single().Status);
            Assert.Equal(1, h.Sim.Requests.Count(Routes.DrsDataCompareCancel));
        }

        [Fact]
        public void WaitEndsInComparisonFailedOrComparisonTimeout()
        {
            using var h = Start(timeScale: 20);
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(200));
            var r = h.Run("Start-DrsComparison -JobId failing, never -Type Rows -Wait -Interval 1 -Timeout 4 -Confirm:$false -PassThru");
            var ids = r.AllErrors.Select(e => (e.FullyQualifiedErrorId, e.TargetObject)).ToList();
            Assert.Equal(new[] { ("ComparisonFailed," + Cmd + "StartDrsComparisonCommand", (object)"failing"),
                ("ComparisonTimeout," + Cmd + "StartDrsComparisonCommand", (object)"never") }, ids);
            Assert.Equal(2, r.Output.Count);
            Assert.Contains(r.Progress, p => p.RecordType == System.Management.Automation.ProgressRecordType.Completed);
        }

        [Fact]
        public void CtrlCEndsAWaitAtOnce()
        {
            using var h = Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(200));
            var (stopTook, r) = h.StopAfterFirstRequest("Start-DrsComparison -JobId never -Type Rows -Wait -Interval 60 -Confirm:$false", Routes.DrsDataCompareStart, 300);
            Assert.True(stopTook < TimeSpan.FromSeconds(3), $"stopping took {stopTook}");
            Assert.DoesNotContain(r.AllErrors, e => e.FullyQualifiedErrorId.StartsWith("ComparisonTimeout"));
        }

        [Theory]
        [InlineData("{\"compare_jobs\":[{\"id\":\"r9\",\"type\":\"lines\",\"status\":\"ALL_GOOD\",\"start_time\":\"2099-01-01T00:00:00Z\"}]}", "ComparisonUnknown")]
        [InlineData("{\"compare_jobs\":[{\"id\":\"ok-cmp-0002\",\"type\":\"lines\",\"status\":\"SUCCESSFUL\",\"start_time\":\"<script>\"}]}", "ComparisonStale")]
        [InlineData("<html>gateway</html>", "ReadFailed")]
        public void AHostileComparisonListNeverReadsAsReady(string body, string code)
        {
            using var h = Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(200));
            Assert.Empty(h.Run("Start-DrsComparison -JobId ok -Confirm:$false").AllErrors);
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(60));
            Assert.True((bool)h.Run("Test-MigrationReadiness -DrsJobId ok -Quiet").Output.Single().BaseObject);
            h.Sim.Faults.Add(HuaweiMigration.Simulator.Fault.Malformed(body).On(Routes.DrsDataCompareList));
            var r = h.Run("Test-MigrationReadiness -DrsJobId ok");
            Assert.Empty(r.AllErrors);
            var v = r.Objects<MigrationReadiness>().Single();
            Assert.False(v.IsReady);
            Assert.Contains(code, v.Blockers.Select(b => b.Code));
        }

        [Fact]
        public void ARejectedCredentialIsATerminatingErrorNotAVerdict()
        {
            using var h = Start();
            h.Sim.Faults.Add(HuaweiMigration.Simulator.Fault.Unauthorized().On(Routes.DrsBatch));
            var r = h.Run("Test-MigrationReadiness -DrsJobId ok, bad -Quiet");
            Assert.Empty(r.Output);
            Assert.Equal("APIG.0301,HuaweiMigration.Commands.TestMigrationReadinessCommand", r.SingleError.FullyQualifiedErrorId);
        }
    }
}