using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    public class DcsCmdletTests
    {
        static string[] DemoTaskIds(SimHost h) => h.Scenario.DcsTasks.Select(t => t.TaskId).ToArray();

        [Fact]
        public void ListsEveryTaskAsTypedObjects()
        {
            using var h = SimHost.Start();
            var r = h.Run("Get-DcsMigrationTask");
            Assert.Empty(r.AllErrors);
            var tasks = r.Objects<DcsMigrationTask>();
            Assert.Equal(DemoTaskIds(h), tasks.Select(t => t.TaskId));
            Assert.All(tasks, t => Assert.NotNull(t.CreatedAt));
            Assert.All(tasks, t => Assert.False(string.IsNullOrEmpty(t.Status)));
            Assert.Equal(1, h.Sim.Requests.Count("dcs.list"));
            Assert.Contains("limit=1000", h.Sim.Requests.All.Single(q => q.Route == "dcs.list").Query);
        }

        [Fact]
        public void DetailedReadsEachListedTaskInListOrderWithAProgressBar()
        {
            using var h = SimHost.Start();
            var listed = h.Run("Get-DcsMigrationTask").Objects<DcsMigrationTask>();
            Assert.All(listed, t => Assert.False(t.IsDetailed));
            Assert.All(listed, t => Assert.Null(t.SourceInstance?.Ip));
            Assert.Equal(0, h.Sim.Requests.Count("dcs.task"));

            h.Sim.Requests.Clear();
            var r = h.Run("Get-DcsMigrationTask -Detailed -ThrottleLimit 3");
            Assert.Empty(r.AllErrors);
            var detailed = r.Objects<DcsMigrationTask>();
            Assert.Equal(DemoTaskIds(h), detailed.Select(t => t.TaskId));
            Assert.All(detailed, t => Assert.True(t.IsDetailed));
            Assert.All(detailed, t => Assert.False(string.IsNullOrEmpty(t.SourceInstance?.Ip)));
            Assert.Equal(1, h.Sim.Requests.Count("dcs.list"));
            Assert.Equal(detailed.Length, h.Sim.Requests.Count("dcs.task"));
            Assert.Equal(detailed.Length, r.Progress.Count(p => p.RecordType == System.Management.Automation.ProgressRecordType.Processing));
            Assert.Equal(System.Management.Automation.ProgressRecordType.Completed, r.Progress.Last().RecordType);
            Assert.Contains($"{detailed.Length} of {detailed.Length} read", r.Progress[^2].StatusDescription);

            // -Skip and -First apply before the details are read: two tasks, two detail requests.
            h.Sim.Requests.Clear();
            var two = h.Run("Get-DcsMigrationTask -Detailed -Skip 1 -First 2").Objects<DcsMigrationTask>();
            Assert.Equal(DemoTaskIds(h).Skip(1).Take(2), two.Select(t => t.TaskId));
            Assert.Equal(2, h.Sim.Requests.Count("dcs.task"));
        }

        [Fact]
        public void ListFiltersByNameWildcardAndStatus()
        {
            using var h = SimHost.Start();
            var first = h.Scenario.DcsTasks[0];
            var r = h.Run($"Get-DcsMigrationTask -Name '{first.TaskName.Substring(0, 8)}*'");
            Assert.Contains(first.TaskId, r.Objects<DcsMigrationTask>().Select(t => t.TaskId));
            Assert.All(r.Objects<DcsMigrationTask>(), t => Assert.StartsWith(first.TaskName.Substring(0, 8), t.TaskName));
            var none = h.Run("Get-DcsMigrationTask -Status NO_SUCH_STATUS");
            Assert.Empty(none.Output);
            Assert.Empty(none.AllErrors);
        }

        [Fact]
        public void CreatedAtComparesWithGetDateWhateverTheLocalZone()
        {
            // The simulator creates its first task an hour before its clock's now. [DateTime]::Now is what Get-Date returns (Kind Local);
            // the hosted engine has no Get-Date, so tests/Get-DcsMigrationTask.Tests.ps1 repeats this in pwsh under another zone.
            using var h = SimHost.Start();
            var id = h.Scenario.DcsTasks[0].TaskId;
            var r = h.Run($"$t = Get-DcsMigrationTask -TaskId {id}; $t.CreatedAt.GetType().Name; $t.CreatedAt.Kind; $t.CreatedAtUtc.Kind; " +
                "@(Get-DcsMigrationTask | Where-Object CreatedAt -gt ([DateTime]::Now.AddHours(-2))).TaskId -contains $t.TaskId; " +
                "([DateTime]::Now - $t.CreatedAt).TotalHours; ($t.CreatedAt - [DateTime]::Now).TotalHours; ([DateTime]::UtcNow - $t.CreatedAtUtc).TotalHours");
            Assert.Empty(r.AllErrors);
            Assert.Equal("DateTime", r.Output[0].BaseObject);
            Assert.Equal(DateTimeKind.Local, r.Output[1].BaseObject);
            Assert.Equal(DateTimeKind.Utc, r.Output[2].BaseObject);
            Assert.Equal(true, r.Output[3].BaseObject);
            Assert.InRange((double)r.Output[4].BaseObject, 0.9, 1.5);
            Assert.InRange((double)r.Output[5].BaseObject, -1.5, -0.9);
            Assert.InRange((double)r.Output[6].BaseObject, 0.9, 1.5);
            var backups = h.Run("Get-DcsMigrationTask | Where-Object BackupFiles | ForEach-Object { $_.BackupFiles.Files } | Where-Object UpdatedAt | ForEach-Object { $_.UpdatedAt.GetType().Name }");
            Assert.All(backups.Output, o => Assert.Equal("DateTime", o.BaseObject));
        }

        [Fact]
        public void DetailsAreTypedAndCarryNoRedisPassword()
        {
            using var h = SimHost.Start();
            var id = h.Scenario.DcsTasks[0].TaskId;
            var r = h.Run($"Get-DcsMigrationTask -TaskId {id} -Verbose -Debug");
            var t = Assert.Single(r.Objects<DcsMigrationTask>());
            Assert.True(t.IsDetailed);
            Assert.IsType<int>(t.SourceInstance.Port.Value);
            Assert.Equal(h.Scenario.DcsTasks[0].SourceInstance.Ip, t.SourceInstance.Ip);
            Assert.IsType<DateTime>(t.CreatedAt.Value);
            var secrets = h.ScenarioSecrets().ToArray();
            foreach (var text in r.AllText().Concat(ObjectWalker.Values(t)).Where(x => x != null))
                foreach (var secret in secrets)
                    Assert.DoesNotContain(secret, text);
        }

        [Fact]
        public void TasksPipeIntoStatsAndFilterOnNumbers()
        {
            using var h = SimHost.Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(60));
            var r = h.Run("Get-DcsMigrationTask | Get-DcsMigrationStats | Where-Object { $_.FullMigrationProgress -ge 50 -and $_.SourceDbSize -gt 1000 }");
            Assert.Empty(r.AllErrors);
            var stats = r.Objects<DcsMigrationStats>();
            Assert.NotEmpty(stats);
            Assert.All(stats, s => Assert.True(s.FullMigrationProgress >= 50));
            var all = h.Run("Get-DcsMigrationTask | Get-DcsMigrationStats").Objects<DcsMigrationStats>();
            Assert.True(all.Length > stats.Length, "the filter removed nothing, so it proved nothing");
            Assert.Equal(DemoTaskIds(h), all.Select(s => s.TaskId));
            Assert.All(all, s => Assert.NotEqual(default, s.SampledAt));
        }

        [Fact]
        public void WhereObjectComparesNumbersNotStrings()
        {
            using var h = SimHost.Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(60));
            // As strings "9" > "10"; as numbers it is not. Keys in the hundreds of thousands tell them apart.
            var r = h.Run("Get-DcsMigrationTask | Get-DcsMigrationStats | Where-Object SourceDbSize -gt 99999 | ForEach-Object { $_.SourceDbSize.GetType().Name }");
            Assert.NotEmpty(r.Output);
            Assert.All(r.Output, o => Assert.Equal("Int64", o.ToString()));
        }

        [Fact]
        public void StatsAcceptNumericStrings()
        {
            var scenario = SimHost.FrozenDemo();
            foreach (var t in scenario.DcsTasks) t.NumbersAsStrings = true;
            using var h = SimHost.Start(scenario);
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(30));
            var stats = h.Run("Get-DcsMigrationStats -TaskId " + scenario.DcsTasks[0].TaskId).Objects<DcsMigrationStats>().Single();
            Assert.True(stats.FullMigrationProgress > 0);
            Assert.True(stats.SourceDbSize > 0);
        }

        [Fact]
        public void PipelineByValueAndByPropertyNameKeepOrder()
        {
            using var h = SimHost.Start();
            var ids = DemoTaskIds(h).Reverse().ToArray();
            h.Ps.SetVariable("ids", ids);
            var byValue = h.Run("$ids | Get-DcsMigrationStats").Objects<DcsMigrationStats>();
            Assert.Equal(ids, byValue.Select(s => s.TaskId));
            var byName = h.Run("$ids | ForEach-Object { [pscustomobject]@{ task_id = $_ } } | Get-DcsMigrationTask").Objects<DcsMigrationTask>();
            Assert.Equal(ids, byName.Select(t => t.TaskId));
        }

        [Fact]
        public void UnknownTaskIsANonTerminatingErrorAndThePipelineGoesOn()
        {
            using var h = SimHost.Start();
            var good = DemoTaskIds(h)[0];
            var r = h.Run($"'nope-1', '{good}' | Get-DcsMigrationStats");
            var error = Assert.Single(r.Errors);
            Assert.Equal("DCS.4133,HuaweiMigration.Commands.GetDcsMigrationStatsCommand", error.FullyQualifiedErrorId);
            Assert.Equal("nope-1", error.TargetObject);
            Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Contains("Instance job is not found.", error.Exception.Message);
            Assert.Contains("request id", error.Exception.Message);
            Assert.Equal(good, Assert.Single(r.Objects<DcsMigrationStats>()).TaskId);
        }

        [Theory]
        [InlineData("a/../../x")]
        [InlineData("..")]
        [InlineData("x?limit=1")]
        [InlineData("a b%2F")]
        [InlineData("任务")]
        public void HostileIdsNeverReachAnotherUrl(string id)
        {
            using var h = SimHost.Start();
            h.Ps.SetVariable("id", id);
            var r = h.Run("Get-DcsMigrationStats -TaskId $id");
            Assert.Empty(r.Output);
            Assert.Single(r.Errors);
            // Kestrel decodes every escape in the path but %2F, so the id it sees is the original with '/' still as %2F.
            Assert.All(h.Sim.Requests.All, q => Assert.True(q.Route == "dcs.stats" && (q.Id == id || q.Id.Replace("%2F", "/") == id), $"{q.Route} {q.Path}"));
        }

        [Fact]
        public void TransientFailuresAreRetried()
        {
            using var h = SimHost.Start();
            var id = DemoTaskIds(h)[0];
            h.Sim.Faults.Add(Fault.HtmlError(503).On("dcs.stats", id).Repeat(2));
            var r = h.Run($"Get-DcsMigrationStats -TaskId {id} -Verbose");
            Assert.Empty(r.AllErrors);
            Assert.Single(r.Output);
            Assert.Equal(3, h.Sim.Requests.Count("dcs.stats", id));
            Assert.Contains(r.Verbose, v => v.Contains("Retrying"));
        }

        [Fact]
        public void RetriesRunOutInOneReadableError()
        {
            using var h = SimHost.Start();
            var id = DemoTaskIds(h)[0];
            h.Sim.Faults.Add(Fault.HtmlError(502).On("dcs.stats", id).Forever());
            var r = h.Run($"Get-DcsMigrationStats -TaskId {id}");
            var e = Assert.Single(r.Errors);
            Assert.Equal("Http502", e.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(id, e.TargetObject);
            Assert.Contains("HTTP 502", e.Exception.Message);
            Assert.DoesNotContain("<html", e.Exception.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(4, h.Sim.Requests.Count("dcs.stats", id));
        }

        [Fact]
        public void UnauthorizedIsNeverRetried()
        {
            using var h = SimHost.Start();
            var id = DemoTaskIds(h)[0];
            h.Sim.Faults.Add(Fault.Unauthorized().On("dcs.stats", id).Forever());
            var r = h.Run($"Get-DcsMigrationStats -TaskId {id}");
            var e = Assert.Single(r.Errors);
            Assert.Equal("APIG.0301", e.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(System.Management.Automation.ErrorCategory.AuthenticationError, e.CategoryInfo.Category);
            Assert.Equal(1, h.Sim.Requests.Count("dcs.stats", id));
        }

        [Fact]
        public void AWrongSecretKeyIsRefusedByTheGateway()
        {
            using var h = SimHost.Start(connect: false);
            h.Ps.SetVariable("sk", SimHost.Secure("not-the-secret"));
            var connect = h.Run(h.ConnectCommand());
            Assert.Equal("APIG.0301", connect.SingleError.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(1, h.Sim.Requests.Count("iam.projects"));
            Assert.Empty(h.Run(h.ConnectCommand() + " -SkipCredentialCheck").AllErrors);
            var r = h.Run("Get-DcsMigrationTask");
            Assert.Equal("APIG.0301", r.SingleError.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(1, h.Sim.Requests.Count("dcs.list"));
        }

        [Fact]
        public void CtrlCStopsARequestInFlightWithinASecond()
        {
            using var h = SimHost.Start();
            var id = DemoTaskIds(h)[0];
            h.Sim.Faults.Add(Fault.StallBeforeHeaders().On("dcs.stats", id));
            var (stopTook, result) = h.StopAfterFirstRequest($"Get-DcsMigrationStats -TaskId {id}", "dcs.stats", 200);
            Assert.True(stopTook < TimeSpan.FromSeconds(1), $"stopping took {stopTook}");
            Assert.Empty(result.Output);
        }
    }
}
