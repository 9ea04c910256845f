using System;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    public class NamesAndErgonomicsTests
    {
        [Fact]
        public void PipedTasksGiveTheStatsTheirNamesWithoutAnExtraRequest()
        {
            using var h = SimHost.Start();
            var r = h.Run("Get-DcsMigrationTask | Get-DcsMigrationStats");
            Assert.Empty(r.AllErrors);
            Assert.Equal(h.Scenario.DcsTasks.Select(t => t.TaskName), r.Objects<DcsMigrationStats>().Select(s => s.TaskName));
            Assert.Equal(1, h.Sim.Requests.Count("dcs.list"));
            Assert.Equal(0, h.Sim.Requests.Count("dcs.task"));

            var byId = h.Run($"Get-DcsMigrationStats -TaskId {h.Scenario.DcsTasks[0].TaskId}, {h.Scenario.DcsTasks[1].TaskId}").Objects<DcsMigrationStats>();
            Assert.All(byId, s => Assert.Null(s.TaskName));
            Assert.Equal(0, h.Sim.Requests.Count("dcs.task"));
        }

        [Fact]
        public void WatchingPipedDcsTasksCarriesTheirNames()
        {
            using var h = SimHost.Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(1000));
            var r = h.Run("Get-DcsMigrationTask -Name redis-orders-full, redis-cache-failing | Watch-Migration -Interval 1 -ErrorAction SilentlyContinue");
            Assert.Equal(new[] { "redis-orders-full", "redis-cache-failing" }, r.Objects<MigrationStatus>().Select(s => s.Name));
        }

        [Fact]
        public void DcsNamesTakeSeveralPatterns()
        {
            using var h = SimHost.Start();
            var r = h.Run("Get-DcsMigrationTask -Name '*orders*', 'redis-q*'");
            Assert.Empty(r.AllErrors);
            Assert.Equal(new[] { "redis-orders-full", "redis-queue-stalled" }, r.Objects<DcsMigrationTask>().Select(t => t.TaskName));
            Assert.Equal(1, h.Sim.Requests.Count("dcs.list"));
            Assert.DoesNotContain("name=", h.Sim.Requests.All.Single().Query ?? "");
        }

        [Fact]
        public void AnExactDcsNameWithNoMatchIsANonTerminatingObjectNotFound()
        {
            using var h = SimHost.Start();
            var r = h.Run("Get-DcsMigrationTask -Name redis-orders-full, redis-nope; 'after'");
            var e = r.SingleError;
            Assert.Equal("DcsMigrationTaskNotFound,HuaweiMigration.Commands.GetDcsMigrationTaskCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
            Assert.Equal("redis-nope", e.TargetObject);
            Assert.Equal("redis-orders-full", ((DcsMigrationTask)r.Output[0].BaseObject).TaskName);
            Assert.Equal("after", r.Output.Last().ToString());
            // Each exact name went to the service's filter.
            Assert.Equal(2, h.Sim.Requests.Count("dcs.list"));
            Assert.All(h.Sim.Requests.All.Where(q => q.Route == "dcs.list"), q => Assert.Contains("name=redis-", q.Query));
            // The name no task has might be an id: one read by id, which the service does not know either.
            Assert.Equal(1, h.Sim.Requests.Count("dcs.task"));
        }

        [Fact]
        public void PositionZeroIsTheNameInBothListCmdletsAndAnIdAlsoMatches()
        {
            using var h = SimHost.Start();
            var task = h.Scenario.DcsTasks[1];
            var job = h.Scenario.DrsJobs[1];
            var r = h.Run($"Get-DcsMigrationTask 'redis-orders*'; Get-DcsMigrationTask {task.TaskId}; Get-DrsJob 'mysql-orders*'; Get-DrsJob {job.JobId}");
            Assert.Empty(r.AllErrors);
            Assert.Equal(new[] { "redis-orders-full", task.TaskName }, r.Output.Select(o => o.BaseObject).OfType<DcsMigrationTask>().Select(t => t.TaskName));
            Assert.Equal(new[] { "mysql-orders-full", job.Name }, r.Output.Select(o => o.BaseObject).OfType<DrsJob>().Select(j => j.Name));
        }

        [Fact]
        public void BothListCmdletsTakeFirstAndSkip()
        {
            using var h = SimHost.Start();
            var all = h.Scenario.DcsTasks.Select(t => t.TaskName).ToArray();
            var r = h.Run("Get-DcsMigrationTask -Skip 1 -First 2");
            Assert.Empty(r.AllErrors);
            Assert.Equal(all.Skip(1).Take(2), r.Objects<DcsMigrationTask>().Select(t => t.TaskName));
            var total = h.Run("@(Get-DcsMigrationTask -IncludeTotalCount)[-1].ToString()");
            Assert.Contains(all.Length.ToString(), total.Output.Last().BaseObject.ToString());
            var ids = h.Run($"Get-DcsMigrationTask -TaskId {string.Join(",", h.Scenario.DcsTasks.Select(t => t.TaskId))} -First 1");
            Assert.Single(ids.Objects<DcsMigrationTask>());
            Assert.Equal(2, h.Run("Get-DrsJob -First 2").Objects<DrsJob>().Count());
        }

        [Fact]
        public void AWildcardInTheObjectFilterWarnsThatItIsSentAsText()
        {
            using var h = SimHost.Start();
            var r = h.Run($"Get-DrsJobProgress -JobId {h.Scenario.DrsJobs[0].JobId} -ObjectType table -Filter 'table_0000*' -First 1");
            Assert.Contains(r.Warnings, w => w.Contains("-Filter 'table_0000*'") && w.Contains("Where-Object"));
            Assert.Empty(h.Run($"Get-DrsJobProgress -JobId {h.Scenario.DrsJobs[0].JobId} -ObjectType table -Filter table_0000 -First 1").Warnings);
        }

        [Fact]
        public void NotFoundCodesAreObjectNotFoundInEveryCmdlet()
        {
            using var h = SimHost.Start();
            var r = h.Run("Get-DcsMigrationStats -TaskId nope1; Get-DcsMigrationTask -TaskId nope2; Get-DrsJobProgress -JobId nope3");
            Assert.Equal(3, r.AllErrors.Count);
            Assert.All(r.AllErrors, e => Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category));
        }

        [Fact]
        public void PerItemMessagesNameTheServiceAndTheIdAndRecommendAnAction()
        {
            using var h = SimHost.Start();
            var r = h.Run("Get-DcsMigrationStats -TaskId nope1, nope2; Get-DrsJobProgress -JobId nope3");
            Assert.Equal(new[] { "DCS task nope1: ", "DCS task nope2: ", "DRS job nope3: " },
                r.AllErrors.Select(e => e.ErrorDetails.Message.Substring(0, e.ErrorDetails.Message.IndexOf(':') + 2)));
            Assert.All(r.AllErrors, e => Assert.False(string.IsNullOrEmpty(e.ErrorDetails.RecommendedAction)));
            Assert.Contains("Get-DcsMigrationTask", r.AllErrors[0].ErrorDetails.RecommendedAction);
            Assert.Contains("nope1", r.AllErrors[0].ToString());
        }

        [Fact]
        public void AnUnknownDcsStatusWarnsWithTheKnownOnes()
        {
            using var h = SimHost.Start();
            var r = h.Run("Get-DcsMigrationTask -Status MIGRATNG");
            Assert.Empty(r.Output);
            var w = Assert.Single(r.Warnings);
            Assert.Contains("'MIGRATNG'", w);
            Assert.Contains("FULLMIGRATING", w);
        }

        [Fact]
        public void IncrMigratingAlsoMatchesTheServicesSpelling()
        {
            using var h = SimHost.Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(150)); // redis-sessions-incr is in incremental sync: INCRMIGEATING
            var r = h.Run("Get-DcsMigrationTask -Status INCRMIGRATING");
            Assert.Empty(r.Warnings);
            var t = r.Objects<DcsMigrationTask>().Single();
            Assert.Equal("INCRMIGEATING", t.Status);
            Assert.Equal("redis-sessions-incr", t.TaskName);
        }

        [Fact]
        public void TheDelayIsNullDuringTheFullPhaseAndForFullOnlyJobs()
        {
            using var h = SimHost.Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(60));
            var jobs = h.Scenario.DrsJobs;
            var during = h.Run($"Get-DrsJobProgress {jobs[0].JobId}, {jobs[1].JobId}").Objects<DrsJobProgress>();
            Assert.Equal("FULL_TRANSFER_STARTED", during[1].TransferStatus);
            Assert.All(during, p => Assert.Null(p.IncrementalDelay));
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(200));
            var after = h.Run($"Get-DrsJobProgress {jobs[0].JobId}, {jobs[1].JobId}").Objects<DrsJobProgress>();
            Assert.Equal("FULL_TRANSFER_COMPLETE", after[0].TransferStatus);
            Assert.Null(after[0].IncrementalDelay); // full only
            Assert.Equal("INCRE_TRANSFER_STARTED", after[1].TransferStatus);
            Assert.NotNull(after[1].IncrementalDelay);
        }

        [Theory]
        [InlineData("-First 1")]
        [InlineData("-Skip 2")]
        [InlineData("-IncludeTotalCount")]
        public void TheJobFormOfGetDrsJobProgressRejectsPaging(string paging)
        {
            using var h = SimHost.Start();
            var r = h.Run($"Get-DrsJobProgress {h.Scenario.DrsJobs[0].JobId} {paging}");
            Assert.Equal("PagingNotSupported,HuaweiMigration.Commands.GetDrsJobProgressCommand", r.SingleError.FullyQualifiedErrorId);
            Assert.Equal(0, h.Sim.Requests.Count("drs.batch"));
        }

        [Fact]
        public void DcsTaskCompletionShowsTheNameAsTooltip()
        {
            using var h = SimHost.Start();
            h.Run("$null = Get-DcsMigrationTask");
            var r = h.Run("[System.Management.Automation.CommandCompletion]::CompleteInput('Get-DcsMigrationStats -TaskId a276', 34, $null).CompletionMatches");
            var matches = r.Objects<CompletionResult>();
            Assert.Equal(4, matches.Length);
            Assert.Contains("redis-orders-full", matches.Single(m => m.CompletionText.EndsWith("301")).ToolTip);
        }

        [Fact]
        public void DrsJobStatusCompletesTheKnownStatuses()
        {
            using var host = new PowerShellHost();
            var r = host.Run("[System.Management.Automation.CommandCompletion]::CompleteInput('Get-DrsJob -Status INCRE_', 24, $null).CompletionMatches.CompletionText");
            Assert.Equal(new[] { "INCRE_TRANSFER_FAILED", "INCRE_TRANSFER_STARTED" }, r.Output.Select(o => o.ToString()));
        }
    }
}
