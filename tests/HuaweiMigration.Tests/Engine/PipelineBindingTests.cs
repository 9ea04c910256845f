using System;
using System.Linq;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>Objects bind to the id parameters of their own service only; the simulator's request log proves no id crossed over.</summary>
    public class PipelineBindingTests
    {
        static readonly string[] DcsIds = { "dcs-b1", "dcs-b2" };
        static readonly string[] DrsIds = { "drs-b1", "drs-b2" };

        static SimHost Start() => SimHost.Start(WatchScenarios.Build(200, x =>
        {
            foreach (var id in DcsIds) x.DcsTasks.Add(WatchScenarios.Dcs(id, new MigrationBehavior { Kind = MigrationBehaviorKind.Incremental, FullSyncSeconds = 100, InitialLagKeys = 100, LagHalfLifeSeconds = 20 }, DcsMigrationMethods.Incremental));
            foreach (var id in DrsIds) x.DrsJobs.Add(WatchScenarios.Drs(id, new MigrationBehavior { Kind = MigrationBehaviorKind.Incremental, FullSyncSeconds = 100, InitialDelaySeconds = 60, DelayHalfLifeSeconds = 20 }, DrsTaskModes.FullIncremental));
        }));

        /// <summary>No DCS route saw a DRS id and no DRS request carried a DCS id.</summary>
        static void AssertNoCrossing(SimHost h)
        {
            var requests = h.Sim.Requests.All;
            Assert.DoesNotContain(requests, q => q.Route.StartsWith("dcs.") && DrsIds.Any(id => q.Path.Contains(id)));
            Assert.DoesNotContain(requests, q => q.Route.StartsWith("drs.") && DcsIds.Any(id => (q.Path + q.Body).Contains(id)));
        }

        [Fact]
        public void WatchOutputPipesBackIntoWatchMigration()
        {
            using var h = Start();
            var r = h.Run("$ids = @{ DcsTaskId = 'dcs-b1', 'dcs-b2'; DrsJobId = 'drs-b1', 'drs-b2' }\n" +
                "$full = Watch-Migration @ids -Until FullSyncComplete -Interval 1 -Timeout 30\n" +
                "$full | Watch-Migration -Until CaughtUp -Interval 1 -Timeout 30");
            Assert.Empty(r.AllErrors);
            var statuses = r.Objects<MigrationStatus>();
            Assert.Equal(new[] { "Dcs/dcs-b1", "Dcs/dcs-b2", "Drs/drs-b1", "Drs/drs-b2" }, statuses.Select(x => x.Service + "/" + x.Id).OrderBy(x => x));
            Assert.All(statuses, x => Assert.Equal((WatchCondition.CaughtUp, true), (x.Condition, x.ConditionMet)));
            AssertNoCrossing(h);
        }

        [Fact]
        public void DrsObjectsNeverReachADcsCmdlet()
        {
            using var h = Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(150));
            var r = h.Run(string.Join("\n",
                "$progress = Get-DrsJobProgress -JobId drs-b1, drs-b2",
                "$watched = Watch-Migration -DcsTaskId dcs-b1 -DrsJobId drs-b1, drs-b2 -Until FullSyncComplete -Interval 1 -Timeout 30",
                "$progress | Get-DcsMigrationStats",
                "$progress | Get-DcsMigrationTask",
                "$watched | Get-DcsMigrationStats",
                "$watched | Get-DcsMigrationTask",
                "Get-DcsMigrationStats -TaskId $progress[0]"));
            // Only the one DCS status in $watched goes through, to each DCS cmdlet.
            Assert.Equal(2, r.Objects<object>().Count(o => o is DcsMigrationStats || o is DcsMigrationTask t && t.TaskId == "dcs-b1"));
            Assert.Equal(2 + 2 + 2 + 2 + 1, r.AllErrors.Count);
            Assert.All(r.AllErrors, e => Assert.Contains("DRS", e.Exception.Message + e.ToString()));
            AssertNoCrossing(h);
        }

        [Fact]
        public void DcsObjectsNeverReachADrsCmdlet()
        {
            using var h = Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(150));
            var r = h.Run(string.Join("\n",
                "$stats = Get-DcsMigrationStats -TaskId dcs-b1, dcs-b2",
                "$tasks = Get-DcsMigrationTask -TaskId dcs-b1, dcs-b2",
                "$watched = Watch-Migration -DcsTaskId dcs-b1, dcs-b2 -DrsJobId drs-b1 -Until FullSyncComplete -Interval 1 -Timeout 30",
                "$stats | Get-DrsJobProgress",
                "$tasks | Get-DrsJobProgress",
                "$watched | Get-DrsJobProgress"));
            var progress = r.Objects<object>().OfType<DrsJobProgress>().ToArray();
            Assert.Equal(new[] { "drs-b1" }, progress.Select(p => p.JobId));
            Assert.Equal(2 + 2 + 2, r.AllErrors.Count);
            AssertNoCrossing(h);
        }

        [Fact]
        public void EachGetCmdletStillBindsItsOwnObjectsAndPlainStrings()
        {
            using var h = Start();
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(150));
            var r = h.Run(string.Join("\n",
                "'dcs-b1' | Get-DcsMigrationStats",
                "Get-DcsMigrationTask -TaskId dcs-b2 | Get-DcsMigrationStats",
                "Get-DcsMigrationStats dcs-b1 | Get-DcsMigrationTask",
                "'drs-b1' | Get-DrsJobProgress",
                "Get-DrsJobProgress drs-b2 | Get-DrsJobProgress",
                "[pscustomobject]@{ JobId = 'drs-b1' } | Get-DrsJobProgress",
                "[pscustomobject]@{ task_id = 'dcs-b2' } | Get-DcsMigrationStats"));
            Assert.Empty(r.AllErrors);
            var ids = r.Output.Select(o => o.BaseObject switch
            {
                DcsMigrationStats s => "stats/" + s.TaskId,
                DcsMigrationTask t => "task/" + t.TaskId,
                DrsJobProgress p => "drs/" + p.JobId,
                _ => "?",
            });
            Assert.Equal(new[] { "stats/dcs-b1", "stats/dcs-b2", "task/dcs-b1", "drs/drs-b1", "drs/drs-b2", "drs/drs-b1", "stats/dcs-b2" }, ids);
            AssertNoCrossing(h);
        }
    }
}
