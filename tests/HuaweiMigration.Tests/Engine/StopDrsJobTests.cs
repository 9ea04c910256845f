using System;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    public class StopDrsJobTests
    {
        static string Id(SimHost h, int i) => h.Scenario.DrsJobs[i].JobId;

        static string[] StopBodies(SimHost h) => h.Sim.Requests.All.Where(r => r.Route == "drs.stop").Select(r => r.Body).ToArray();

        static (string Id, string Type)[] JobsIn(string body) => JsonDocument.Parse(body).RootElement.GetProperty("jobs").EnumerateArray()
            .Select(e => (e.GetProperty("job_id").GetString(), e.GetProperty("delete_type").GetString())).ToArray();

        [Fact]
        public void StopsWithTheBatchDeleteAndWaitsUntilReleased()
        {
            using var h = SimHost.Start();
            h.Sim.Clock.TimeScale = 5; // released 2 simulated seconds later: 0.4 s
            var r = h.Run($"'{Id(h, 0)}', '{Id(h, 1)}' | Stop-DrsJob -Force -Wait -PassThru -Timeout 60");
            Assert.Empty(r.AllErrors);
            var jobs = r.Objects<DrsJobProgress>();
            Assert.Equal(new[] { Id(h, 0), Id(h, 1) }, jobs.Select(j => j.JobId));
            Assert.All(jobs, j => Assert.Equal("RELEASE_RESOURCE_COMPLETE", j.TransferStatus));
            var body = Assert.Single(StopBodies(h));
            Assert.Equal(new[] { (Id(h, 0), "terminate"), (Id(h, 1), "terminate") }, JobsIn(body));
            Assert.Equal("DELETE", h.Sim.Requests.All.Single(q => q.Route == "drs.stop").Method);
            Assert.NotEmpty(r.Progress);
            foreach (var id in r.Progress.Select(p => p.ActivityId).Distinct())
                Assert.Equal(ProgressRecordType.Completed, r.Progress.Last(p => p.ActivityId == id).RecordType);
        }

        [Fact]
        public void ForceTerminateSendsForceTerminate()
        {
            using var h = SimHost.Start();
            Assert.Empty(h.Run($"Stop-DrsJob {Id(h, 2)} -ForceTerminate -Force").AllErrors);
            Assert.Equal(new[] { (Id(h, 2), "force_terminate") }, JobsIn(StopBodies(h).Single()));
        }

        [Fact]
        public void TwentyThreeJobsGoInBatchesOfTen()
        {
            var s = SimHost.FrozenDemo();
            for (int i = 0; i < 19; i++) s.DrsJobs.Add(new SimulatedDrsJob { JobId = $"job-{i:D4}" });
            using var h = SimHost.Start(s);
            var r = h.Run("Get-DrsJob | Stop-DrsJob -Force");
            Assert.Empty(r.AllErrors);
            var batches = StopBodies(h).Select(b => JobsIn(b).Length).OrderBy(n => n).ToArray();
            Assert.Equal(new[] { 3, 10, 10 }, batches);
            Assert.All(h.Scenario.DrsJobs, j => Assert.NotNull(j.StoppedAtSeconds));
        }

        [Fact]
        public void AFailedResultIsAnErrorForThatJobAlone()
        {
            using var h = SimHost.Start();
            var r = h.Run($"Stop-DrsJob {Id(h, 0)}, no-such-job -Force -PassThru");
            var e = r.SingleError;
            Assert.Equal("DRS.M05003,HuaweiMigration.Commands.StopDrsJobCommand", e.FullyQualifiedErrorId);
            Assert.Equal("no-such-job", e.TargetObject);
            Assert.Equal(Id(h, 0), r.Objects<DrsJobProgress>().Single().JobId);
        }

        [Fact]
        public void ASecondStopOnAReleasingJobIsAWarningAndWaitWaits()
        {
            using var h = SimHost.Start();
            Assert.Empty(h.Run($"Stop-DrsJob {Id(h, 0)} -Force").AllErrors);
            var again = h.Run($"Stop-DrsJob {Id(h, 0)} -Force -PassThru");
            Assert.Empty(again.AllErrors);
            Assert.Contains(again.Warnings, w => w.Contains(Id(h, 0)) && w.Contains("RELEASE_RESOURCE_STARTED"));
            Assert.Equal("RELEASE_RESOURCE_STARTED", again.Objects<DrsJobProgress>().Single().TransferStatus);
            h.Sim.Clock.TimeScale = 5;
            var waited = h.Run($"Stop-DrsJob {Id(h, 0)} -Force -Wait -PassThru -Timeout 60");
            Assert.Empty(waited.AllErrors);
            Assert.Equal("RELEASE_RESOURCE_COMPLETE", waited.Objects<DrsJobProgress>().Single().TransferStatus);
            var released = h.Run($"Stop-DrsJob {Id(h, 0)} -Force");
            Assert.Empty(released.AllErrors);
            Assert.Contains(released.Warnings, w => w.Contains("already released"));
            Assert.Equal(1, h.Scenario.DrsJobs.Count(j => j.StoppedAtSeconds != null));
        }

        [Fact]
        public void AReleaseThatFailsIsStopFailedWithTheLastStatus()
        {
            using var h = SimHost.Start();
            h.Scenario.DrsJobs[0].ReleaseFails = true;
            h.Sim.Clock.TimeScale = 5;
            var r = h.Run($"Stop-DrsJob {Id(h, 0)} -Force -Wait -Timeout 60");
            var e = r.SingleError;
            Assert.Equal("StopFailed,HuaweiMigration.Commands.StopDrsJobCommand", e.FullyQualifiedErrorId);
            Assert.Equal("RELEASE_RESOURCE_FAILED", ((DrsJobProgress)e.TargetObject).TransferStatus);
        }

        [Fact]
        public void TheTimeoutIsStopTimeoutWithTheLastStatus()
        {
            using var h = SimHost.Start(); // frozen clock: the job stays RELEASE_RESOURCE_STARTED
            var r = h.Run($"Stop-DrsJob {Id(h, 0)} -Force -Wait -Timeout 1");
            var e = r.SingleError;
            Assert.Equal("StopTimeout,HuaweiMigration.Commands.StopDrsJobCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.OperationTimeout, e.CategoryInfo.Category);
            var last = Assert.IsType<DrsJobProgress>(e.TargetObject);
            Assert.Equal(Id(h, 0), last.JobId);
            Assert.Equal("RELEASE_RESOURCE_STARTED", last.TransferStatus);
        }

        [Fact]
        public void CtrlCEndsTheWaitAtOnceAndARerunResumesIt()
        {
            using var h = SimHost.Start(); // frozen clock: the job stays RELEASE_RESOURCE_STARTED, so -Wait sleeps between reads
            var (stopTook, r) = h.StopAfterFirstRequest($"Stop-DrsJob {Id(h, 0)} -Force -Wait -Timeout 600", "drs.batch", 300);
            Assert.True(stopTook < TimeSpan.FromSeconds(1.5), $"the wait took {stopTook} to stop");
            Assert.DoesNotContain(r.AllErrors, e => e.FullyQualifiedErrorId.StartsWith("StopTimeout"));
            h.Sim.Clock.TimeScale = 5;
            var again = h.Run($"Stop-DrsJob {Id(h, 0)} -Force -Wait -PassThru -Timeout 60");
            Assert.Empty(again.AllErrors);
            Assert.Equal("RELEASE_RESOURCE_COMPLETE", again.Objects<DrsJobProgress>().Single().TransferStatus);
            Assert.Equal(2, h.Sim.Requests.Count("drs.stop"));
        }

        [Theory]
        [InlineData("502")]
        [InlineData("reset")]
        public void AStopWhoseAnswerIsLostIsSentOnceAndReportedAsStopped(string how)
        {
            using var h = SimHost.Start();
            h.Sim.Faults.Add((how == "502" ? Fault.HtmlError(502) : Fault.Reset()).AfterActing().On("drs.stop"));
            var r = h.Run($"Stop-DrsJob {Id(h, 0)}, {Id(h, 1)} -Force -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Empty(r.Warnings);
            Assert.Equal(1, h.Sim.Requests.Count("drs.stop"));
            Assert.All(r.Objects<DrsJobProgress>(), j => Assert.Equal("RELEASE_RESOURCE_STARTED", j.TransferStatus));
        }

        [Fact]
        public void AStopLostBeforeTheServiceActedIsSentAgainAfterTheRead()
        {
            using var h = SimHost.Start();
            h.Sim.Faults.Add(Fault.HtmlError(503).On("drs.stop"));
            var r = h.Run($"Stop-DrsJob {Id(h, 0)} -Force");
            Assert.Empty(r.AllErrors);
            Assert.Equal(2, h.Sim.Requests.Count("drs.stop"));
            Assert.NotNull(h.Scenario.DrsJobs[0].StoppedAtSeconds);
        }

        [Fact]
        public void WhatIfSendsNothing()
        {
            using var h = SimHost.Start();
            var r = h.Run($"Stop-DrsJob {Id(h, 0)}, {Id(h, 1)} -WhatIf; Stop-DrsJob {Id(h, 0)} -WhatIf -Force -Wait");
            Assert.Empty(r.AllErrors);
            Assert.Empty(r.Output);
            Assert.Equal(0, h.Sim.Requests.Count());
        }

        [Theory]
        [InlineData("Get-HuaweiCloudSession")]
        [InlineData("Get-DcsMigrationTask")]
        [InlineData("[pscustomobject]@{ Name = 'mysql-orders-full' }")]
        public void NonJobObjectsAreRefusedBeforeAnyRequest(string input)
        {
            using var h = SimHost.Start();
            var objects = h.Run($"$in = @({input}); $in.Count").Output.Single();
            h.Sim.Requests.Clear();
            var r = h.Run("$in | Stop-DrsJob -Force");
            Assert.NotEmpty(r.AllErrors);
            Assert.Equal(0, h.Sim.Requests.Count());
            Assert.True((int)objects.BaseObject > 0);
        }

        [Fact]
        public void ANonInteractiveHostGetsAnErrorNamingForce()
        {
            var ui = new ScriptedHost(null);
            using var h = SimHost.Start(psHost: ui);
            var r = h.Run($"Stop-DrsJob {Id(h, 0)}");
            var e = r.SingleError;
            Assert.Equal("ConfirmationRequired,HuaweiMigration.Commands.StopDrsJobCommand", e.FullyQualifiedErrorId);
            Assert.Contains("-Force", e.Exception.Message);
            Assert.Equal(0, h.Sim.Requests.Count());
        }

        [Theory]
        [InlineData("No", 0)]
        [InlineData("Yes", 1)]
        public void ThePromptSaysAStoppedJobCannotBeResumed(string answer, int stops)
        {
            var ui = new ScriptedHost(answer);
            using var h = SimHost.Start(psHost: ui);
            var r = h.Run($"Stop-DrsJob {Id(h, 0)} -Force -Confirm");
            Assert.Empty(r.AllErrors);
            var prompt = Assert.Single(ui.Prompts);
            Assert.Contains(Id(h, 0), prompt);
            Assert.Contains("cannot be resumed", prompt);
            Assert.Equal(stops, h.Sim.Requests.Count("drs.stop"));
        }

        [Fact]
        public void WatchMigrationOutputPipesIn()
        {
            using var h = SimHost.Start(); // frozen: nothing meets the condition, the watch times out and outputs the statuses
            var r = h.Run($"Watch-Migration -DrsJobId {Id(h, 0)} -DcsTaskId {h.Scenario.DcsTasks[0].TaskId} -Interval 1 -Timeout 1 -ErrorAction SilentlyContinue | Where-Object JobId | Stop-DrsJob -Force -PassThru");
            Assert.DoesNotContain(r.Errors, e => !e.FullyQualifiedErrorId.StartsWith("WatchTimeout"));
            Assert.Equal(Id(h, 0), r.Objects<DrsJobProgress>().Single().JobId);
            Assert.Equal(0, h.Sim.Requests.Count("dcs.stop"));
        }
    }
}
