using System;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    public class SwitchDcsMigrationIpTests
    {
        // redis-sessions-incr: incremental from t = 100 s.
        static string Incremental(SimHost h) => h.Scenario.DcsTasks[1].TaskId;

        static SimHost InIncrementalPhase()
        {
            var h = SimHost.Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(120));
            return h;
        }

        [Fact]
        public void SwitchesAndWaitsForExchangeSuccess()
        {
            using var h = InIncrementalPhase();
            h.Sim.Clock.TimeScale = 5;
            var r = h.Run($"Switch-DcsMigrationIp {Incremental(h)} -Force -Wait -PassThru -Timeout 60");
            Assert.Empty(r.AllErrors);
            var t = r.Objects<DcsMigrationTask>().Single();
            Assert.Equal("EXCHANGE_SUCCESS", t.TaskStatus);
            Assert.Equal("INCRMIGEATING", t.Status);
            var q = h.Sim.Requests.All.Single(x => x.Route == "dcs.exchange-ip");
            Assert.Equal("POST", q.Method);
            Assert.Contains("\"is_exchange_domain\":false", q.Body);
        }

        [Fact]
        public void IncludeDomainNameSetsIsExchangeDomain()
        {
            using var h = InIncrementalPhase();
            Assert.Empty(h.Run($"Switch-DcsMigrationIp {Incremental(h)} -IncludeDomainName -Force").AllErrors);
            Assert.Contains("\"is_exchange_domain\":true", h.Sim.Requests.All.Single(x => x.Route == "dcs.exchange-ip").Body);
        }

        [Fact]
        public void ATaskOutsideIncrementalMigrationIsRefusedBeforeSending()
        {
            using var h = SimHost.Start(); // t = 0: the task reads RUNNING
            var r = h.Run($"Switch-DcsMigrationIp {Incremental(h)} -Force");
            var e = r.SingleError;
            Assert.Equal("SwitchRefused,HuaweiMigration.Commands.SwitchDcsMigrationIpCommand", e.FullyQualifiedErrorId);
            Assert.Equal(Incremental(h), e.TargetObject);
            Assert.Contains("RUNNING", e.Exception.Message);
            Assert.Equal(0, h.Sim.Requests.Count("dcs.exchange-ip"));
        }

        [Fact]
        public void RollbackSwitchesBackAndIsRefusedWhenNothingIsSwitched()
        {
            using var h = InIncrementalPhase();
            var refused = h.Run($"Switch-DcsMigrationIp {Incremental(h)} -Rollback -Force");
            Assert.Equal("RollbackRefused", refused.SingleError.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(0, h.Sim.Requests.Count("dcs.rollback-ip"));
            h.Sim.Clock.TimeScale = 5;
            Assert.Empty(h.Run($"Switch-DcsMigrationIp {Incremental(h)} -Force -Wait -Timeout 60").AllErrors);
            var r = h.Run($"Switch-DcsMigrationIp {Incremental(h)} -Rollback -Force -Wait -PassThru -Timeout 60");
            Assert.Empty(r.AllErrors);
            Assert.Equal("ROLLBACK_SUCCESS", r.Objects<DcsMigrationTask>().Single().TaskStatus);
            Assert.Equal(1, h.Sim.Requests.Count("dcs.rollback-ip"));
        }

        [Fact]
        public void ASwitchAlreadyDoneIsAWarningAndSendsNothing()
        {
            using var h = InIncrementalPhase();
            h.Sim.Clock.TimeScale = 5;
            Assert.Empty(h.Run($"Switch-DcsMigrationIp {Incremental(h)} -Force -Wait -Timeout 60").AllErrors);
            var r = h.Run($"Switch-DcsMigrationIp {Incremental(h)} -Force -Wait -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Contains(r.Warnings, w => w.Contains("EXCHANGE_SUCCESS"));
            Assert.Equal("EXCHANGE_SUCCESS", r.Objects<DcsMigrationTask>().Single().TaskStatus);
            Assert.Equal(1, h.Sim.Requests.Count("dcs.exchange-ip"));
        }

        [Fact]
        public void ASwitchThatNeverCompletesEndsInSwitchTimeoutWithTheLastTaskStatus()
        {
            using var h = InIncrementalPhase();
            h.Scenario.DcsTasks[1].SwitchNeverCompletes = true;
            h.Sim.Clock.TimeScale = 5;
            var r = h.Run($"Switch-DcsMigrationIp {Incremental(h)} -Force -Wait -Timeout 2");
            var e = r.SingleError;
            Assert.Equal("SwitchTimeout,HuaweiMigration.Commands.SwitchDcsMigrationIpCommand", e.FullyQualifiedErrorId);
            Assert.Equal("EXCHANGING", Assert.IsType<DcsMigrationTask>(e.TargetObject).TaskStatus);
        }

        [Fact]
        public void ASwitchWhoseAnswerIsLostIsSentOnce()
        {
            using var h = InIncrementalPhase();
            h.Sim.Faults.Add(Fault.HtmlError(502).AfterActing().On("dcs.exchange-ip"));
            var r = h.Run($"Switch-DcsMigrationIp {Incremental(h)} -Force");
            Assert.Empty(r.AllErrors);
            Assert.Equal(1, h.Sim.Requests.Count("dcs.exchange-ip"));
        }

        [Fact]
        public void WhatIfSendsNothingAndSessionsAreRefused()
        {
            using var h = InIncrementalPhase();
            var r = h.Run($"Switch-DcsMigrationIp {Incremental(h)} -WhatIf; Switch-DcsMigrationIp {Incremental(h)} -WhatIf -Force -Wait");
            Assert.Empty(r.AllErrors);
            Assert.Equal(0, h.Sim.Requests.Count());
            Assert.NotEmpty(h.Run("Get-HuaweiCloudSession | Switch-DcsMigrationIp -Force").AllErrors);
            Assert.Equal(0, h.Sim.Requests.Count());
        }

        [Fact]
        public void ThePromptWarnsOfReadOnlyInstancesAndDisconnectedClients()
        {
            var ui = new ScriptedHost("No");
            using var h = SimHost.Start(psHost: ui);
            h.Run($"Switch-DcsMigrationIp {Incremental(h)}");
            var prompt = Assert.Single(ui.Prompts);
            Assert.Contains("read-only", prompt);
            Assert.Contains("disconnected", prompt);
            Assert.Equal(0, h.Sim.Requests.Count());
        }
    }
}
