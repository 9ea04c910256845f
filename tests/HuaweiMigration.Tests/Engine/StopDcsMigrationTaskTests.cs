using System;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    public class StopDcsMigrationTaskTests
    {
        static string Id(SimHost h, int i) => h.Scenario.DcsTasks[i].TaskId;

        [Fact]
        public void WhatIfSendsNoRequest()
        {
            using var h = SimHost.Start();
            var r = h.Run($"Stop-DcsMigrationTask -TaskId {Id(h, 0)}, {Id(h, 1)} -WhatIf; Stop-DcsMigrationTask {Id(h, 0)} -WhatIf -Force -Wait");
            Assert.Empty(r.AllErrors);
            Assert.Empty(r.Output);
            Assert.Equal(0, h.Sim.Requests.Count("dcs.stop"));
            Assert.Equal(0, h.Sim.Requests.Count("dcs.task"));
            Assert.Null(h.Scenario.DcsTasks[0].StoppedAtSeconds);
        }

        [Theory]
        [InlineData("No", 0)]
        [InlineData("Yes", 1)]
        public void TheConfirmPromptDecides(string answer, int stops)
        {
            var ui = new ScriptedHost(answer);
            using var h = SimHost.Start(psHost: ui);
            h.Run("$null = Get-DcsMigrationTask");
            var r = h.Run($"Stop-DcsMigrationTask {Id(h, 0)}");
            Assert.Empty(r.AllErrors);
            var prompt = Assert.Single(ui.Prompts);
            Assert.Contains(Id(h, 0), prompt);
            Assert.Contains("redis-orders-full", prompt); // the name the session has seen
            Assert.Equal(stops, h.Sim.Requests.Count("dcs.stop"));
        }

        [Fact]
        public void ForceAndConfirmFalseSkipThePrompt()
        {
            var ui = new ScriptedHost("No");
            using var h = SimHost.Start(psHost: ui);
            var r = h.Run($"Stop-DcsMigrationTask {Id(h, 0)} -Force; Stop-DcsMigrationTask {Id(h, 1)} -Confirm:$false");
            Assert.Empty(r.AllErrors);
            Assert.Empty(ui.Prompts);
            Assert.Equal(2, h.Sim.Requests.Count("dcs.stop"));
            Assert.Equal("TERMINATING", h.Run($"(Get-DcsMigrationTask {Id(h, 0)}).Status").Output.Single().ToString());
        }

        [Fact]
        public void PassThruWithoutWaitOutputsTheStopAnswer()
        {
            using var h = SimHost.Start();
            var r = h.Run($"Stop-DcsMigrationTask {Id(h, 1)} -Force -PassThru");
            Assert.Empty(r.AllErrors);
            var t = r.Objects<DcsMigrationTask>().Single();
            Assert.Equal(Id(h, 1), t.TaskId);
            Assert.Equal("redis-sessions-incr", t.TaskName);
            Assert.Equal("TERMINATING", t.Status);
            Assert.Equal(1, h.Sim.Requests.Count());
            var q = h.Sim.Requests.All.Single();
            Assert.Equal("POST", q.Method);
            Assert.Equal("", q.Body);
        }

        [Fact]
        public void WaitPollsUntilTerminatedWithAProgressBarAndPassThruOutputsTheEnd()
        {
            using var h = SimHost.Start();
            h.Sim.Clock.TimeScale = 5; // the stop takes one simulated second: 0.2 s
            var r = h.Run($"'{Id(h, 0)}', '{Id(h, 1)}' | Stop-DcsMigrationTask -Force -Wait -PassThru -Timeout 60");
            Assert.Empty(r.AllErrors);
            var tasks = r.Objects<DcsMigrationTask>();
            Assert.Equal(new[] { Id(h, 0), Id(h, 1) }, tasks.Select(t => t.TaskId));
            Assert.All(tasks, t => Assert.Equal("TERMINATED", t.Status));
            Assert.All(tasks, t => Assert.True(t.IsDetailed));
            Assert.True(h.Sim.Requests.Count("dcs.task") >= 2);
            Assert.NotEmpty(r.Progress);
            foreach (var id in r.Progress.Select(p => p.ActivityId).Distinct())
                Assert.Equal(ProgressRecordType.Completed, r.Progress.Last(p => p.ActivityId == id).RecordType);
        }

        [Fact]
        public void WaitGivesUpWithStopTimeout()
        {
            using var h = SimHost.Start(); // frozen clock: the task stays TERMINATING
            var r = h.Run($"Stop-DcsMigrationTask {Id(h, 0)} -Force -Wait -Timeout 1 -PassThru");
            var e = r.SingleError;
            Assert.Equal("StopTimeout,HuaweiMigration.Commands.StopDcsMigrationTaskCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.OperationTimeout, e.CategoryInfo.Category);
            Assert.Equal(Id(h, 0), e.TargetObject);
            Assert.Equal("TERMINATING", r.Objects<DcsMigrationTask>().Single().Status);
        }

        [Fact]
        public void TasksThatCannotBeFoundAreNonTerminatingErrorsWithTheServiceCode()
        {
            using var h = SimHost.Start();
            var r = h.Run($"Stop-DcsMigrationTask no-such-task, {Id(h, 2)} -Force -PassThru");
            var e = r.SingleError;
            Assert.Equal("DCS.4133,HuaweiMigration.Commands.StopDcsMigrationTaskCommand", e.FullyQualifiedErrorId);
            Assert.Equal("no-such-task", e.TargetObject);
            Assert.Equal(Id(h, 2), r.Objects<DcsMigrationTask>().Single().TaskId);
        }

        [Fact]
        public void StoppingATaskThatIsStoppingIsAWarningNotAnError()
        {
            using var h = SimHost.Start();
            Assert.Empty(h.Run($"Stop-DcsMigrationTask {Id(h, 0)} -Force").AllErrors);
            var r = h.Run($"Stop-DcsMigrationTask {Id(h, 0)} -Force -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Contains(r.Warnings, w => w.Contains(Id(h, 0)) && w.Contains("TERMINATING"));
            Assert.Equal("TERMINATING", r.Objects<DcsMigrationTask>().Single().Status);
        }

        [Fact]
        public void StoppingATerminatingTaskWithWaitWaitsForTerminated()
        {
            using var h = SimHost.Start();
            h.Scenario.StopSeconds = 30;
            Assert.Empty(h.Run($"Stop-DcsMigrationTask {Id(h, 0)} -Force").AllErrors);
            h.Sim.Clock.TimeScale = 20; // TERMINATED 1.5 s later
            var r = h.Run($"Stop-DcsMigrationTask {Id(h, 0)} -Force -Wait -Timeout 60 -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Equal("TERMINATED", r.Objects<DcsMigrationTask>().Single().Status);
            Assert.Equal(2, h.Sim.Requests.Count("dcs.stop"));
            Assert.Contains(r.Progress, p => p.Activity.StartsWith("Stopping 1 DCS migration task (")); // not "1 ... tasks"
        }

        [Fact]
        public void AnEndedTaskIsAWarningAndPassThruOutputsIt()
        {
            using var h = SimHost.Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(200)); // redis-orders-full succeeded at 120 s
            var r = h.Run($"Stop-DcsMigrationTask {Id(h, 0)} -Force -PassThru -Wait");
            Assert.Empty(r.AllErrors);
            Assert.Contains(r.Warnings, w => w.Contains("SUCCESS"));
            Assert.Equal("SUCCESS", r.Objects<DcsMigrationTask>().Single().Status);
            Assert.Null(h.Scenario.DcsTasks[0].StoppedAtSeconds);
        }

        public static TheoryData<string> LostAnswers => new TheoryData<string> { "502", "reset", "truncate", "malformed" };

        [Theory]
        [MemberData(nameof(LostAnswers))]
        public void AStopWhoseAnswerIsLostIsSentOnceAndReportedAsStopped(string how)
        {
            using var h = SimHost.Start();
            var fault = how switch
            {
                "502" => Fault.HtmlError(502),
                "reset" => Fault.Reset(),
                "truncate" => Fault.Truncate(),
                _ => Fault.Malformed("{\"task_id\": "),
            };
            h.Sim.Faults.Add(fault.AfterActing().On("dcs.stop"));
            var r = h.Run($"Stop-DcsMigrationTask {Id(h, 1)} -Force -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Equal(1, h.Sim.Requests.Count("dcs.stop"));
            Assert.Equal("TERMINATING", r.Objects<DcsMigrationTask>().Single().Status);
        }

        [Fact]
        public void AStopLostBeforeTheServiceActedIsSentAgainAfterTheRead()
        {
            using var h = SimHost.Start();
            h.Sim.Faults.Add(Fault.HtmlError(502).On("dcs.stop"));
            var r = h.Run($"Stop-DcsMigrationTask {Id(h, 1)} -Force -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Equal(2, h.Sim.Requests.Count("dcs.stop"));
            Assert.Equal(1, h.Sim.Requests.Count("dcs.task"));
            Assert.Equal("TERMINATING", r.Objects<DcsMigrationTask>().Single().Status);
        }

        [Fact]
        public void WaitTimeoutIsAHardDeadlineWhenEveryReadStalls()
        {
            using var h = SimHost.Start();
            h.Sim.Faults.Add(Fault.StallBeforeHeaders().On("dcs.task").Forever());
            var ids = string.Join(",", h.Scenario.DcsTasks.Take(3).Select(t => t.TaskId));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var r = h.Run($"Stop-DcsMigrationTask {ids} -Force -Wait -Timeout 5");
            watch.Stop();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"-Timeout 5 took {watch.Elapsed}");
            Assert.Equal(3, r.AllErrors.Count(e => e.FullyQualifiedErrorId.StartsWith("StopTimeout,")));
            Assert.Single(r.AllErrors.Where(e => e.FullyQualifiedErrorId.StartsWith("StopTimeout,")), e => e.Exception.Message.Contains(Id(h, 0)));
        }

        [Fact]
        public void RepeatedIdsAreOneStop()
        {
            using var h = SimHost.Start();
            var r = h.Run($"Stop-DcsMigrationTask {Id(h, 1)}, {Id(h, 1)} -Force -PassThru; ");
            Assert.Empty(r.AllErrors);
            Assert.Single(r.Objects<DcsMigrationTask>());
            Assert.Equal(1, h.Sim.Requests.Count("dcs.stop"));
        }

        [Fact]
        public void AnExplicitConfirmAsksEvenWithForce()
        {
            var ui = new ScriptedHost("No");
            using var h = SimHost.Start(psHost: ui);
            var r = h.Run($"Stop-DcsMigrationTask {Id(h, 0)} -Force -Confirm");
            Assert.Empty(r.AllErrors);
            Assert.Single(ui.Prompts);
            Assert.Equal(0, h.Sim.Requests.Count("dcs.stop"));
        }

        [Theory]
        [InlineData("Get-HuaweiCloudSession")]
        [InlineData("[pscustomobject]@{ Name = 'redis-orders-full' }")]
        public void NonTaskObjectsAreRefusedBeforeAnyRequest(string input)
        {
            using var h = SimHost.Start();
            var r = h.Run($"{input} | Stop-DcsMigrationTask -Force");
            Assert.NotEmpty(r.AllErrors);
            Assert.Equal(0, h.Sim.Requests.Count());
        }

        [Fact]
        public void ANonInteractiveHostGetsAnErrorNamingForce()
        {
            var ui = new ScriptedHost(null);
            using var h = SimHost.Start(psHost: ui);
            var r = h.Run($"Stop-DcsMigrationTask {Id(h, 0)}");
            var e = r.SingleError;
            Assert.Equal("ConfirmationRequired,HuaweiMigration.Commands.StopDcsMigrationTaskCommand", e.FullyQualifiedErrorId);
            Assert.Contains("-Force", e.Exception.Message);
            Assert.Equal(0, h.Sim.Requests.Count("dcs.stop"));
        }

        [Fact]
        public void PipedTasksBindByPropertyName()
        {
            using var h = SimHost.Start();
            var r = h.Run("Get-DcsMigrationTask -Name 'redis-s*', 'redis-q*' | Stop-DcsMigrationTask -Force -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Equal(new[] { Id(h, 1), Id(h, 3) }, r.Objects<DcsMigrationTask>().Select(t => t.TaskId));
            Assert.Equal(2, h.Sim.Requests.Count("dcs.stop"));
        }

        [Fact]
        public void TheStopAnswersPasswordsNeverSurface()
        {
            using var h = SimHost.Start(CredentialKinds.AuditScenario());
            h.Sim.Clock.TimeScale = 5;
            var r = h.Run($"Get-DcsMigrationTask | Stop-DcsMigrationTask -Force -Wait -PassThru -Timeout 30 -Verbose -Debug; Stop-DcsMigrationTask {Id(h, 0)} -Force -Verbose -Debug");
            Assert.Equal(4, r.Objects<DcsMigrationTask>().Length);
            Assert.NotEmpty(r.Warnings);
            Assert.NotEmpty(r.Debug);
            var passwords = h.Scenario.DcsTasks.SelectMany(t => new[] { t.SourceInstance.Password, t.TargetInstance.Password }).ToList();
            Assert.All(h.Sim.Requests.All.Where(q => q.Route == "dcs.stop"), q => Assert.Equal("", q.Body));
            SecretAudit.AssertNoLeak(r, passwords.Concat(CredentialKinds.Secrets(h, r)));
        }

        [Fact]
        public void CtrlCEndsTheWaitAtOnce()
        {
            using var h = SimHost.Start(); // frozen clock: the task stays TERMINATING, so -Wait sleeps between reads
            var (stopTook, r) = h.StopAfterFirstRequest($"Stop-DcsMigrationTask {Id(h, 0)} -Force -Wait -Timeout 600", "dcs.task", 300);
            Assert.True(stopTook < TimeSpan.FromSeconds(1.5), $"the wait took {stopTook} to stop");
            Assert.DoesNotContain(r.AllErrors, e => e.FullyQualifiedErrorId.StartsWith("StopTimeout"));
        }

        [Fact]
        public void AHostThatCannotPromptFailsInsteadOfStopping()
        {
            // The engine-hosted runspace has no UI: without -Force or -Confirm:$false the confirmation cannot be asked.
            using var h = SimHost.Start();
            var r = h.Run($"Stop-DcsMigrationTask {Id(h, 0)}");
            Assert.NotEmpty(r.AllErrors);
            Assert.Equal(0, h.Sim.Requests.Count("dcs.stop"));
        }
    }
}
