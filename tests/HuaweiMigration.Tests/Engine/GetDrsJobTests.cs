using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    public class GetDrsJobTests
    {
        /// <summary>250 migration jobs (3 pages), 120 sync jobs (2 pages) and 5 disaster-recovery jobs (1 page).</summary>
        static Scenario ThreeScenes()
        {
            var s = SimHost.FrozenDemo();
            s.DrsJobs.Clear();
            void Add(string type, int count, string prefix)
            {
                for (int i = 0; i < count; i++)
                    s.DrsJobs.Add(new SimulatedDrsJob
                    {
                        JobId = $"{prefix}-{i:D4}", Name = $"{prefix}-name-{i:D4}", DbUseType = type,
                        TaskMode = i % 2 == 0 ? DrsTaskModes.FullIncremental : DrsTaskModes.Full,
                        Behavior = new MigrationBehavior
                        {
                            Kind = i % 10 == 9 ? MigrationBehaviorKind.Fail : MigrationBehaviorKind.Complete, FullSyncSeconds = 100, FailAtPercent = 10,
                        },
                    });
            }
            Add(DrsJobTypes.Migration, 250, "mig");
            Add(DrsJobTypes.Sync, 120, "sync");
            Add(DrsJobTypes.CloudDataGuard, 5, "dr");
            return s;
        }

        static List<JsonElement> ListBodies(SimHost h) =>
            h.Sim.Requests.All.Where(r => r.Route == "drs.list").Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();

        static string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;

        [Fact]
        public void ListsEveryPageOfEveryScene100AtATime()
        {
            using var h = SimHost.Start(ThreeScenes());
            var r = h.Run("Get-DrsJob");
            Assert.Empty(r.AllErrors);
            var jobs = r.Objects<DrsJob>();
            Assert.Equal(375, jobs.Length);
            Assert.Equal(375, jobs.Select(j => j.Id).Distinct().Count());
            Assert.Equal(250, jobs.Count(j => j.JobType == "migration"));
            Assert.Equal(120, jobs.Count(j => j.JobType == "sync"));
            Assert.Equal(5, jobs.Count(j => j.JobType == "cloudDataGuard"));

            var bodies = ListBodies(h);
            Assert.Equal(6, bodies.Count);
            Assert.All(bodies, b => Assert.Equal(100, b.GetProperty("per_page").GetInt32()));
            Assert.All(bodies, b => Assert.False(b.TryGetProperty("name", out _)));
            Assert.Equal(new[] { "migration:1", "migration:2", "migration:3", "sync:1", "sync:2", "cloudDataGuard:1" },
                bodies.Select(b => Str(b, "db_use_type") + ":" + b.GetProperty("cur_page").GetInt32()));
        }

        [Fact]
        public void JobsAreTyped()
        {
            using var h = SimHost.Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(60));
            var job = h.Run("Get-DrsJob -Name mysql-orders-full").Objects<DrsJob>().Single();
            Assert.Equal("8d0e8e36-a618-490d-8a46-8c61ac9jb501", job.Id);
            Assert.Equal(job.Id, job.JobId);
            Assert.Equal("FULL_TRANSFER_STARTED", job.Status);
            Assert.Equal("migration", job.JobType);
            Assert.Equal("FULL_TRANS", job.TaskMode);
            Assert.Equal("mysql", job.EngineType);
            Assert.Equal("up", job.JobDirection);
            Assert.Equal("vpc", job.NetType);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(h.Sim.Clock.Start.AddSeconds(-7200).ToUnixTimeMilliseconds()).UtcDateTime, job.CreatedAtUtc);
            Assert.Empty(job.Children);
        }

        [Fact]
        public void JobTypeListsOnlyThoseScenes()
        {
            using var h = SimHost.Start(ThreeScenes());
            var r = h.Run("Get-DrsJob -JobType sync, cloudDataGuard");
            Assert.Empty(r.AllErrors);
            Assert.Equal(125, r.Output.Count);
            Assert.Equal(new[] { "sync", "sync", "cloudDataGuard" }, ListBodies(h).Select(b => Str(b, "db_use_type")));
        }

        [Fact]
        public void FirstAndSkipStopPagingEarly()
        {
            using var h = SimHost.Start(ThreeScenes());
            var first = h.Run("Get-DrsJob -First 5").Objects<DrsJob>();
            Assert.Equal(Enumerable.Range(0, 5).Select(i => $"mig-{i:D4}"), first.Select(j => j.Id));
            Assert.Equal(1, h.Sim.Requests.Count("drs.list"));

            h.Sim.Requests.Clear();
            var spanning = h.Run("Get-DrsJob -Skip 98 -First 5").Objects<DrsJob>();
            Assert.Equal(Enumerable.Range(98, 5).Select(i => $"mig-{i:D4}"), spanning.Select(j => j.Id));
            Assert.Equal(2, h.Sim.Requests.Count("drs.list"));

            h.Sim.Requests.Clear();
            var acrossScenes = h.Run("Get-DrsJob -Skip 248 -First 4").Objects<DrsJob>();
            Assert.Equal(new[] { "mig-0248", "mig-0249", "sync-0000", "sync-0001" }, acrossScenes.Select(j => j.Id));
            Assert.Equal(4, h.Sim.Requests.Count("drs.list"));
        }

        [Fact]
        public void IncludeTotalCountCountsTheMatches()
        {
            using var h = SimHost.Start(ThreeScenes());
            var r = h.Run("Get-DrsJob -JobType sync -IncludeTotalCount -First 3 | ForEach-Object { \"$_\" }");
            Assert.Equal(4, r.Output.Count);
            Assert.Equal("3", r.Output[3].ToString()); // the matches so far: -First ended the listing, so the total is unknown
            var all = h.Run("Get-DrsJob -JobType sync -IncludeTotalCount | ForEach-Object { \"$_\" }");
            Assert.Equal(121, all.Output.Count);
            Assert.Equal("120", all.Output.Last().ToString());
        }

        [Fact]
        public void WildcardNamesFilterOnTheClientAndSendNoName()
        {
            using var h = SimHost.Start(ThreeScenes());
            var r = h.Run("Get-DrsJob -Name 'sync-name-00[0-2]?', '*-0004'");
            Assert.Empty(r.AllErrors);
            var ids = r.Objects<DrsJob>().Select(j => j.Id).OrderBy(x => x).ToArray();
            Assert.Equal(Enumerable.Range(0, 30).Select(i => $"sync-{i:D4}").Concat(new[] { "dr-0004", "mig-0004" }).OrderBy(x => x), ids);
            Assert.All(ListBodies(h), b => Assert.False(b.TryGetProperty("name", out _)));
        }

        [Fact]
        public void ExactNamesGoToTheServerAndMatchExactly()
        {
            using var h = SimHost.Start(ThreeScenes());
            // The service matches names by substring: mig-name-0001 would also bring mig-name-00010.. if they existed.
            var r = h.Run("Get-DrsJob -Name mig-name-0001, SYNC-NAME-0002");
            Assert.Empty(r.AllErrors);
            Assert.Equal(new[] { "mig-0001", "sync-0002" }, r.Objects<DrsJob>().Select(j => j.Id));
            var bodies = ListBodies(h);
            Assert.Equal(6, bodies.Count);
            Assert.Equal(new[] { "mig-name-0001", "SYNC-NAME-0002" }, bodies.Select(b => Str(b, "name")).Distinct());
        }

        [Fact]
        public void AnExactNameMatchesAnIdToo()
        {
            using var h = SimHost.Start(ThreeScenes());
            var r = h.Run("Get-DrsJob dr-0003");
            Assert.Empty(r.AllErrors);
            Assert.Equal("dr-name-0003", r.Objects<DrsJob>().Single().Name);
        }

        [Fact]
        public void AnExactNameWithNoMatchIsANonTerminatingObjectNotFound()
        {
            using var h = SimHost.Start(ThreeScenes());
            var r = h.Run("Get-DrsJob -Name no-such-job, dr-name-0001; 'after'");
            var e = r.SingleError;
            Assert.Equal("DrsJobNotFound,HuaweiMigration.Commands.GetDrsJobCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
            Assert.Equal("no-such-job", e.TargetObject);
            Assert.Equal("dr-0001", ((DrsJob)r.Output[0].BaseObject).Id);
            Assert.Equal("after", r.Output.Last().ToString());
        }

        [Fact]
        public void JobIdsGoToTheServerAsOneCommaSeparatedFilter()
        {
            using var h = SimHost.Start(ThreeScenes());
            var r = h.Run("Get-DrsJob -JobId mig-0007, sync-0100, missing-1");
            Assert.Equal(new[] { "mig-0007", "sync-0100" }, r.Objects<DrsJob>().Select(j => j.Id));
            var e = r.SingleError;
            Assert.Equal("DrsJobNotFound,HuaweiMigration.Commands.GetDrsJobCommand", e.FullyQualifiedErrorId);
            Assert.Equal("missing-1", e.TargetObject);
            Assert.All(ListBodies(h), b => Assert.Equal("mig-0007,sync-0100,missing-1", Str(b, "name")));
            Assert.Equal(3, h.Sim.Requests.Count("drs.list"));
        }

        [Fact]
        public void StatusFiltersOnTheClient()
        {
            using var h = SimHost.Start(ThreeScenes());
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(50));
            var r = h.Run("Get-DrsJob -JobType cloudDataGuard -Status full_transfer_failed");
            Assert.Empty(r.Warnings);
            Assert.Empty(r.Output); // dr-0000..dr-0004: none fails (every tenth does)
            var running = h.Run("Get-DrsJob -JobType migration -Status FULL_TRANSFER_FAILED").Objects<DrsJob>();
            Assert.Equal(25, running.Length);
            Assert.All(running, j => Assert.EndsWith("9", j.Id));
        }

        [Fact]
        public void AnUnknownStatusWarnsWithTheKnownOnes()
        {
            using var h = SimHost.Start(ThreeScenes());
            var r = h.Run("Get-DrsJob -JobType cloudDataGuard -Status RUNNING");
            Assert.Empty(r.Output);
            var w = Assert.Single(r.Warnings);
            Assert.Contains("'RUNNING'", w);
            Assert.Contains("INCRE_TRANSFER_STARTED", w);
        }

        [Fact]
        public void ServiceErrorsKeepTheServiceCodeAndTheOtherScenesGoOn()
        {
            using var h = SimHost.Start(ThreeScenes());
            h.Sim.Faults.Add(Fault.ServiceError(400, "DRS.M00289", "cloudDataGuard is not available in this region.").On("drs.list").Repeat(1));
            var r = h.Run("Get-DrsJob");
            var e = r.SingleError;
            Assert.Equal("DRS.M00289,HuaweiMigration.Commands.GetDrsJobCommand", e.FullyQualifiedErrorId);
            Assert.Equal(h.Scenario.ProjectId, e.TargetObject);
            Assert.Equal(125, r.Output.Count); // the first migration page failed; sync and cloudDataGuard went on
        }

        [Fact]
        public void AuthenticationFailureStopsAtOnceInsteadOfTryingEveryScene()
        {
            using var h = SimHost.Start(ThreeScenes());
            h.Sim.Faults.Add(Fault.Unauthorized().On("drs.list").Forever());
            var r = h.Run("Get-DrsJob");
            Assert.Single(r.AllErrors);
            Assert.Equal(1, h.Sim.Requests.Count("drs.list"));
        }

        [Fact]
        public void PipedJobsBindToGetDrsJobProgressByJobIdAndCarryTheirNames()
        {
            using var h = SimHost.Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(60));
            var r = h.Run("Get-DrsJob -Name mysql-* | Get-DrsJobProgress");
            Assert.Empty(r.AllErrors);
            var p = r.Objects<DrsJobProgress>();
            Assert.Equal(4, p.Length);
            Assert.Equal(h.Scenario.DrsJobs.Select(j => j.Name).OrderBy(x => x), p.Select(x => x.JobName).OrderBy(x => x));
            Assert.All(p, x => Assert.Equal(h.Scenario.DrsJobs.Single(j => j.JobId == x.JobId).Name, x.JobName));
            Assert.Equal(1, h.Sim.Requests.Count("drs.batch"));

            var byId = h.Run("Get-DrsJobProgress -JobId 8d0e8e36-a618-490d-8a46-8c61ac9jb501").Objects<DrsJobProgress>().Single();
            Assert.Null(byId.JobName);
        }

        [Fact]
        public void PipedJobsBindToWatchMigrationWithTheirNames()
        {
            using var h = SimHost.Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(1000));
            var r = h.Run("Get-DrsJob -Name mysql-orders-full, mysql-billing-sync | Watch-Migration -Interval 1 -Until FullSyncComplete");
            Assert.Empty(r.AllErrors);
            var s = r.Objects<MigrationStatus>();
            Assert.Equal(new[] { "mysql-orders-full", "mysql-billing-sync" }, s.Select(x => x.Name));
            Assert.All(s, x => Assert.Equal(MigrationService.Drs, x.Service));
            // Get-DrsJob sent each exact name to each scene; the watch needed no lookup of its own.
            Assert.Equal(6, h.Sim.Requests.Count("drs.list"));
        }

        [Fact]
        public void WatchingIdsLooksTheirNamesUpOnceNotOncePerPoll()
        {
            using var h = SimHost.Start();
            h.Sim.Clock.TimeScale = 20;
            var r = h.Run("Watch-Migration -DrsJobId 8d0e8e36-a618-490d-8a46-8c61ac9jb502, 8d0e8e36-a618-490d-8a46-8c61ac9jb504 -Interval 1 -Until FullSyncComplete -Timeout 60");
            Assert.Empty(r.AllErrors);
            Assert.Equal(new[] { "mysql-billing-sync", "mysql-ledger-dr" }, r.Objects<MigrationStatus>().Select(x => x.Name));
            Assert.True(h.Sim.Requests.Count("drs.batch") >= 3, "several polls ran");
            // One lookup: the ids as one name filter, scene by scene until both were found (sync, then cloudDataGuard).
            Assert.Equal(3, h.Sim.Requests.Count("drs.list"));
        }

        [Fact]
        public void AFailedNameLookupDoesNotFailTheWatch()
        {
            using var h = SimHost.Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(1000));
            h.Sim.Faults.Add(Fault.ServiceError(403, "DRS.M00003", "No permission to list jobs.").On("drs.list").Forever());
            var r = h.Run("Watch-Migration -DrsJobId 8d0e8e36-a618-490d-8a46-8c61ac9jb501 -Interval 1");
            Assert.Empty(r.AllErrors);
            Assert.Null(r.Objects<MigrationStatus>().Single().Name);
            Assert.Equal(1, h.Sim.Requests.Count("drs.list"));
        }

        [Fact]
        public void IdsSeenByGetDrsJobCompleteWithTheirNames()
        {
            using var h = SimHost.Start();
            Assert.Empty(h.Run("$null = Get-DrsJob").AllErrors);
            var r = h.Run("[System.Management.Automation.CommandCompletion]::CompleteInput('Get-DrsJobProgress -JobId 8d0e', 30, $null).CompletionMatches");
            var matches = r.Objects<CompletionResult>();
            Assert.Equal(4, matches.Length);
            var first = matches.Single(m => m.CompletionText == "8d0e8e36-a618-490d-8a46-8c61ac9jb501");
            Assert.Contains("mysql-orders-full", first.ToolTip);
            Assert.Contains("mysql-orders-full", first.ListItemText);
        }

        [Fact]
        public void IdsAndProgressObjectsPipeIntoGetDrsJob()
        {
            using var h = SimHost.Start(ThreeScenes());
            var r = h.Run("'mig-0003', 'dr-0001' | Get-DrsJob; Get-DrsJobProgress -JobId sync-0005 | Get-DrsJob");
            Assert.Empty(r.AllErrors);
            Assert.Equal(new[] { "mig-0003", "dr-0001", "sync-0005" }, r.Objects<DrsJob>().Select(j => j.Id));
        }
    }
}
