using System;
using System.Linq;
using System.Text.Json;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    public class DrsCmdletTests
    {
        /// <summary>A frozen scenario with <paramref name="jobs"/> DRS jobs, one of them with 2,500 tables.</summary>
        static Scenario ManyJobs(int jobs, bool numbersAsStrings = true)
        {
            var s = SimHost.FrozenDemo();
            s.DrsJobs.Clear();
            for (int i = 0; i < jobs; i++)
                s.DrsJobs.Add(new SimulatedDrsJob
                {
                    JobId = $"job-{i:D4}",
                    TaskMode = i % 2 == 0 ? DrsTaskModes.FullIncremental : DrsTaskModes.Full,
                    NumbersAsStrings = numbersAsStrings,
                    Behavior = new MigrationBehavior { Kind = MigrationBehaviorKind.Complete, FullSyncSeconds = 100 + i },
                    Objects = i == 0 ? new() { ["table"] = 2500, ["view"] = 3 } : new(),
                });
            return s;
        }

        static string[] BatchBodies(SimHost h) => h.Sim.Requests.All.Where(r => r.Route == "drs.batch").Select(r => r.Body).ToArray();

        static string[] JobsIn(string body) =>
            JsonDocument.Parse(body).RootElement.GetProperty("jobs").EnumerateArray().Select(e => e.GetString()).ToArray();

        [Fact]
        public void TwentyFiveIdsPipedOneByOneMakeThreeRequestsInOrder()
        {
            using var h = SimHost.Start(ManyJobs(25));
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(50));
            var ids = h.Scenario.DrsJobs.Select(j => j.JobId).Reverse().ToArray();
            h.Ps.SetVariable("ids", ids);
            var r = h.Run("$ids | ForEach-Object { $_ } | Get-DrsJobProgress");
            Assert.Empty(r.AllErrors);
            var progress = r.Objects<DrsJobProgress>();
            Assert.Equal(ids, progress.Select(p => p.JobId));
            var bodies = BatchBodies(h);
            Assert.Equal(3, bodies.Length);
            Assert.Equal(new[] { 10, 10, 5 }, bodies.Select(b => JobsIn(b).Length).OrderByDescending(n => n));
            Assert.Equal(ids.OrderBy(x => x), bodies.SelectMany(JobsIn).OrderBy(x => x));
        }

        [Fact]
        public void ProgressIsTyped()
        {
            using var h = SimHost.Start(ManyJobs(2));
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(50));
            var r = h.Run("Get-DrsJobProgress job-0000, job-0001 | Where-Object Progress -gt 9");
            var p = r.Objects<DrsJobProgress>();
            Assert.Equal(2, p.Length);
            Assert.Equal(50.0, p[0].Progress.Value, 1);
            Assert.Equal("FULL_TRANSFER_STARTED", p[0].TransferStatus);
            Assert.Equal("FULL_INCR_TRANS", p[0].TaskMode);
            Assert.Equal(TimeSpan.FromSeconds(50), p[0].RemainingTime.Value);
            Assert.NotNull(p[0].ProcessTime);
            Assert.NotEmpty(p[0].Parts);
            Assert.All(p[0].Parts, part => Assert.False(string.IsNullOrEmpty(part.Name)));
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void NumbersAsStringsOrNumbersReadTheSame(bool asStrings)
        {
            using var h = SimHost.Start(ManyJobs(1, asStrings));
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(150));
            var p = h.Run("Get-DrsJobProgress job-0000").Objects<DrsJobProgress>().Single();
            Assert.Equal(100.0, p.Progress);
            Assert.Equal("INCRE_TRANSFER_STARTED", p.TransferStatus);
            Assert.NotNull(p.IncrementalDelay);
        }

        [Fact]
        public void DelayFallsBackToSecondsWithoutMillis()
        {
            var s = ManyJobs(1);
            s.DrsJobs[0].IncludeDelayMillis = false;
            s.DrsJobs[0].Behavior = new MigrationBehavior { Kind = MigrationBehaviorKind.Incremental, FullSyncSeconds = 10, InitialDelaySeconds = 40, DelayHalfLifeSeconds = 1000 };
            using var h = SimHost.Start(s);
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(10));
            var p = h.Run("Get-DrsJobProgress job-0000").Objects<DrsJobProgress>().Single();
            Assert.InRange(p.IncrementalDelay.Value.TotalSeconds, 39, 40);
        }

        [Fact]
        public void UnknownJobsAreNonTerminatingErrorsAndTheBatchGoesOn()
        {
            using var h = SimHost.Start(ManyJobs(2));
            var r = h.Run("Get-DrsJobProgress job-0000, no-such-job, job-0001");
            var e = Assert.Single(r.Errors);
            Assert.Equal("DRS.M05003,HuaweiMigration.Commands.GetDrsJobProgressCommand", e.FullyQualifiedErrorId);
            Assert.Equal("no-such-job", e.TargetObject);
            Assert.Contains("Task information not found.", e.Exception.Message);
            Assert.Equal(new[] { "job-0000", "job-0001" }, r.Objects<DrsJobProgress>().Select(p => p.JobId));
            Assert.Single(BatchBodies(h));
        }

        [Fact]
        public void JobProgressBindsByPropertyNameFromObjects()
        {
            using var h = SimHost.Start(ManyJobs(3));
            var r = h.Run("'job-0002','job-0001' | ForEach-Object { [pscustomobject]@{ job_id = $_ } } | Get-DrsJobProgress");
            Assert.Equal(new[] { "job-0002", "job-0001" }, r.Objects<DrsJobProgress>().Select(p => p.JobId));
        }

        [Fact]
        public void ObjectProgressPagesThroughEveryRowAThousandAtATime()
        {
            using var h = SimHost.Start(ManyJobs(1));
            var r = h.Run("Get-DrsJobProgress -JobId job-0000 -ObjectType table");
            Assert.Empty(r.AllErrors);
            var rows = r.Objects<DrsObjectProgress>();
            Assert.Equal(2500, rows.Length);
            Assert.Equal(2500, rows.Select(x => x.SourceObject).Distinct().Count());
            Assert.All(rows, x => Assert.Equal("table", x.ObjectType));
            Assert.All(rows, x => Assert.NotNull(x.GeneratedAt));
            var pages = h.Sim.Requests.All.Where(q => q.Route == "drs.objects").ToArray();
            Assert.Equal(3, pages.Length);
            Assert.All(pages, q => Assert.Contains("limit=1000", q.Query));
            Assert.Equal(new[] { "offset=0", "offset=1000", "offset=2000" }, pages.Select(q => q.Query.Split('&', '?').First(p => p.StartsWith("offset="))));
        }

        [Fact]
        public void ObjectProgressCarriesTheJobNameWhenKnownWithoutAnotherRequest()
        {
            var scenario = ManyJobs(1);
            scenario.DrsJobs[0].Name = "mysql-orders-tables";
            using var h = SimHost.Start(scenario);
            var unknown = h.Run("Get-DrsJobProgress -JobId job-0000 -ObjectType view").Objects<DrsObjectProgress>();
            Assert.NotEmpty(unknown);
            Assert.All(unknown, x => Assert.Null(x.JobName));
            Assert.All(h.Sim.Requests.All, q => Assert.Equal("drs.objects", q.Route));

            var name = h.Run("(Get-DrsJob -JobId job-0000).Name").Output.Single().ToString();
            Assert.Equal("mysql-orders-tables", name);
            h.Sim.Requests.Clear();
            var piped = h.Run("Get-DrsJob -JobId job-0000 | Get-DrsJobProgress -ObjectType view");
            Assert.Empty(piped.AllErrors);
            Assert.All(piped.Objects<DrsObjectProgress>(), x => Assert.Equal(name, x.JobName));

            // Known from the reads above: a bare id gets the name, with no request but the page's.
            h.Sim.Requests.Clear();
            var remembered = h.Run("Get-DrsJobProgress -JobId job-0000 -ObjectType view").Objects<DrsObjectProgress>();
            Assert.All(remembered, x => Assert.Equal(name, x.JobName));
            Assert.All(h.Sim.Requests.All, q => Assert.Equal("drs.objects", q.Route));
        }

        [Fact]
        public void FirstFiveMakesOneSmallRequestAndSkipMovesTheOffset()
        {
            using var h = SimHost.Start(ManyJobs(1));
            var r = h.Run("Get-DrsJobProgress -JobId job-0000 -ObjectType table -First 5 -Skip 10");
            Assert.Equal(5, r.Output.Count);
            var q = Assert.Single(h.Sim.Requests.All, x => x.Route == "drs.objects");
            Assert.Contains("limit=5", q.Query);
            Assert.Contains("offset=10", q.Query);
            var all = h.Run("Get-DrsJobProgress -JobId job-0000 -ObjectType table").Objects<DrsObjectProgress>();
            Assert.Equal(all.Skip(10).Take(5).Select(x => x.SourceObject), r.Objects<DrsObjectProgress>().Select(x => x.SourceObject));
        }

        [Fact]
        public void IncludeTotalCountReportsTheServiceCount()
        {
            using var h = SimHost.Start(ManyJobs(1));
            var r = h.Run("$all = @(Get-DrsJobProgress -JobId job-0000 -ObjectType view -IncludeTotalCount); $all.Count; \"$($all[0])\"");
            Assert.Equal(4, (int)r.Output[0].BaseObject);
            Assert.Contains("3", r.Output[1].ToString());
        }

        [Fact]
        public void FilterMapsToSearchName()
        {
            using var h = SimHost.Start(ManyJobs(1));
            var r = h.Run("Get-DrsJobProgress -JobId job-0000 -ObjectType table -Filter 00012");
            Assert.NotEmpty(r.Output);
            Assert.All(r.Objects<DrsObjectProgress>(), x => Assert.Contains("00012", x.SourceObject));
            Assert.Contains("search_name=00012", h.Sim.Requests.All.Single(q => q.Route == "drs.objects").Query);
        }

        [Fact]
        public void ObjectTypeIsValidatedBeforeAnyRequest()
        {
            using var h = SimHost.Start(ManyJobs(1));
            var r = h.Run("Get-DrsJobProgress -JobId job-0000 -ObjectType tables");
            Assert.Equal("ParameterArgumentValidationError,HuaweiMigration.Commands.GetDrsJobProgressCommand", r.SingleError.FullyQualifiedErrorId);
            Assert.Equal(0, h.Sim.Requests.Count());
        }

        [Fact]
        public void ObjectTypeCompletesItsValues()
        {
            using var h = SimHost.Start(ManyJobs(1));
            const string line = "Get-DrsJobProgress -JobId x -ObjectType ta";
            var r = h.Run($"[System.Management.Automation.CommandCompletion]::CompleteInput('{line}', {line.Length}, $null).CompletionMatches | ForEach-Object {{ $_.CompletionText }}");
            Assert.Empty(r.AllErrors);
            Assert.Equal(new[] { "table", "table_indexs", "table_structure" }, r.Output.Select(o => o.ToString()).OrderBy(x => x));
        }
    }
}
