using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using HuaweiMigration.Core;
using HuaweiMigration.Reports;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    public class ReportTests
    {
        static string Html(MigrationReport r)
        {
            var w = new StringWriter();
            HtmlReportWriter.Write(r, w);
            return w.ToString();
        }

        [Fact]
        public void HostileNamesAreTextInHtmlAndSvg()
        {
            string html = Html(ReportFixtures.Report(2, 50, ReportFixtures.Hostile));
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("onerror=\"", html, StringComparison.OrdinalIgnoreCase);
            string escaped = "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;";
            Assert.Contains("<a href=\"#m1\">" + escaped, html);                     // summary
            Assert.Contains("<title>Progress of " + escaped, html);                  // SVG text
            Assert.Contains("<td>Rows</td><td>" + escaped, html);                     // comparison rows
        }

        [Fact]
        public void HtmlIsSelfContained()
        {
            string html = Html(ReportFixtures.Report(3, 200));
            foreach (var banned in new[] { "<script", "<link", "src=", "url(", "@import", "http://", "https://", " style=" })
                Assert.DoesNotContain(banned, html.Replace("http://www.w3.org/2000/svg", ""), StringComparison.OrdinalIgnoreCase);
            Assert.Equal(3 * 2, Regex.Matches(html, "<svg class=\"chart\"").Count);
            Assert.Equal(3, Regex.Matches(html, "<tr bgcolor=\"#[0-9a-f]{6}\" data-outcome=").Count);
        }

        [Fact]
        public void FiftyMigrationsOfTwoThousandSamplesStayUnder300KB()
        {
            string html = Html(ReportFixtures.Report(50, 2000));
            int bytes = Encoding.UTF8.GetByteCount(html);
            Assert.True(bytes < 300 * 1024, $"{bytes} bytes");
            Assert.Equal(50, Regex.Matches(html, "data-outcome=").Count);
        }

        [Fact]
        public void DownsamplingKeepsEveryPhaseChangeAndFailure()
        {
            var m = ReportFixtures.Report(5, 2000).Migrations[4];   // fails at 80 %
            var kept = ReportSeries.Downsample(m.Samples, s => s.Percent, HtmlReportWriter.Buckets, m.Events);
            Assert.True(kept.Count <= 2 * HtmlReportWriter.Buckets + 8, kept.Count.ToString());
            for (int i = 1; i < m.Samples.Count; i++)
                if (m.Samples[i].Phase != m.Samples[i - 1].Phase) { Assert.Contains(i, kept); Assert.Contains(i - 1, kept); }
            Assert.Contains(m.Events, e => e.Kind == ReportEventKind.Failure);
            Assert.Contains(m.Events, e => e.Kind == ReportEventKind.PhaseChange);
            // Every event time is on the drawn curve too.
            foreach (var e in m.Events) Assert.Contains(kept, i => m.Samples[i].TimeUtc == e.TimeUtc);
        }

        [Fact]
        public void TimesAreLocalWithTheZoneNamedAndNumbersInvariant()
        {
            var culture = CultureInfo.CurrentCulture;
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            try
            {
                var r = ReportFixtures.Report(1, 3);
                r.Migrations[0].Samples[0].Percent = 12.5;
                string html = Html(r), md = MarkdownReportWriter.Render(r);
                Assert.Contains("Test/Plus8, UTC+08:00", html);
                Assert.Contains("Test/Plus8, UTC+08:00", md);
                Assert.Contains(">10:00:00</text>", html);            // 02:00 UTC on the axis, in UTC+8
                Assert.Contains("2026-12-03 10:00:00", md);
                Assert.Contains("12.5 to 100 %", md);
                Assert.DoesNotContain("12,5", md);
            }
            finally { CultureInfo.CurrentCulture = culture; }
        }

        [Fact]
        public void MarkdownEscapesCellsAndKeepsTheTableShape()
        {
            string name = "a|b [x](http://e.example) `c` <script>alert(1)</script>\nnext";
            var md = MarkdownReportWriter.Render(ReportFixtures.Report(2, 10, name));
            var row = md.Split('\n').First(l => l.StartsWith("| Drs |"));
            Assert.Equal(8, Regex.Matches(row, @"(?<!\\)\|").Count);   // 7 cells
            Assert.Contains(@"a\|b \[x\]\(http://e.example\) \`c\` &lt;script&gt;alert\(1\)&lt;/script&gt; next", row);
            Assert.DoesNotContain("<script", md);
        }

        [Fact]
        public void MarkdownIsCutToOneMebibyteDetailFirst()
        {
            var b = ReportFixtures.Builder(1500, 40);
            foreach (var m in b.Build().Migrations.Where(m => m.Service == MigrationService.Drs))
                for (int i = 0; i < 40; i++)
                    m.Comparisons.Add(new ReportComparison { Type = "Rows", Scope = "database_with_a_long_name_" + i, SourceCount = i, TargetCount = i, Verdict = ComparisonVerdict.Consistent });
            var report = b.Build("Big");
            string md = MarkdownReportWriter.Render(report);
            int bytes = Encoding.UTF8.GetByteCount(md);
            Assert.True(bytes <= MarkdownReportWriter.DefaultLimitBytes, bytes.ToString());
            Assert.True(bytes > MarkdownReportWriter.DefaultLimitBytes * 0.9, bytes.ToString());
            Assert.Equal(1500, md.Split('\n').Count(l => l.StartsWith("| Dcs |") || l.StartsWith("| Drs |")));
            Assert.Matches(@"the detail of \d+ of 1500 migrations was left out", md);

            // A limit the summary itself exceeds: fewer rows, and it says so.
            string small = MarkdownReportWriter.Render(report, 20000);
            Assert.True(Encoding.UTF8.GetByteCount(small) <= 20000);
            Assert.Matches(@"the summary lists \d+ of 1500 migrations", small);
        }

        [Fact]
        public void UnknownNeverReadsAsReady()
        {
            var b = new MigrationReportBuilder();
            var unknownStatus = b.Migration(MigrationService.Dcs, "t1", "unknown-status");
            unknownStatus.Samples.Add(new ReportSample { TimeUtc = ReportFixtures.Start, Status = "SOMETHING_NEW", Phase = MigrationPhase.Unknown, ConditionMet = true });
            var unknownComparison = b.Migration(MigrationService.Drs, "j1", "unknown-comparison");
            unknownComparison.Samples.Add(new ReportSample { TimeUtc = ReportFixtures.Start, Status = "INCRE_TRANSFER_STARTED", Phase = MigrationPhase.Incremental, ConditionMet = true });
            b.AddComparison("j1", null, new ReportComparison { Type = "Rows", Scope = "db1", ResultText = "24" });
            var unknownFinding = b.Migration(MigrationService.Drs, "j2", "unknown-finding");
            unknownFinding.Samples.Add(new ReportSample { TimeUtc = ReportFixtures.Start, Status = "INCRE_TRANSFER_STARTED", Phase = MigrationPhase.Incremental, ConditionMet = true });
            b.AddFinding(MigrationService.Drs, "j2", null, new ReportFinding { Level = ReportFindingLevel.Unknown, Code = "HealthUnknown", Message = "monitor-data answered 500" });
            var ok = b.Migration(MigrationService.Drs, "j3", "ok");
            ok.Samples.Add(new ReportSample { TimeUtc = ReportFixtures.Start, Status = "INCRE_TRANSFER_STARTED", Phase = MigrationPhase.Incremental, ConditionMet = true });
            var empty = b.Migration(MigrationService.Dcs, "t2", "nothing");
            var r = b.Build();

            var a = r.Migrations.Select(ReportAssessment.Of).ToList();
            Assert.Equal(ReportOutcome.Unknown, a[0].Outcome);
            Assert.Null(a[0].Met);
            Assert.Contains("SOMETHING_NEW", a[0].Blockers.Single());
            Assert.Equal(ReportOutcome.Blocked, a[1].Outcome);
            Assert.Equal(false, a[1].Met);
            Assert.Contains("unknown result (24)", a[1].Blockers.Single());
            Assert.Equal(ReportOutcome.Blocked, a[2].Outcome);
            Assert.Contains("HealthUnknown", a[2].Blockers.Single());
            Assert.Equal(ReportOutcome.Ready, a[3].Outcome);
            Assert.Equal(ReportOutcome.Unknown, a[4].Outcome);
            Assert.Contains("no sample", a[4].Blockers.Single());
        }

        [Fact]
        public void AStallIsMarkedOnce()
        {
            var b = new MigrationReportBuilder { StallTimeout = TimeSpan.FromMinutes(10) };
            var m = b.Migration(MigrationService.Dcs, "t1");
            for (int i = 0; i < 30; i++)
                m.Samples.Add(new ReportSample { TimeUtc = ReportFixtures.Start.AddMinutes(i), Status = "FULLMIGRATING", Phase = MigrationPhase.FullSync, Percent = i < 5 ? i : 5 });
            var events = b.Build().Migrations[0].Events;
            var stall = Assert.Single(events, e => e.Kind == ReportEventKind.Stall);
            Assert.Equal(ReportFixtures.Start.AddMinutes(15), stall.TimeUtc);   // last change at minute 5
        }

        [Fact]
        public void PipelineObjectsBecomeSamplesInTimeOrder()
        {
            var b = new MigrationReportBuilder { UtcNow = () => ReportFixtures.Start };
            var t0 = new DateTimeOffset(ReportFixtures.Start);
            b.Add(new MigrationStatus { Service = MigrationService.Drs, Id = "j1", Name = "mysql", Status = "INCRE_TRANSFER_STARTED", Phase = MigrationPhase.Incremental, Percent = 100, IncrementalDelay = TimeSpan.FromSeconds(3), SampledAtUtc = t0.AddMinutes(2).UtcDateTime, ConditionMet = true });
            b.Add(new DrsJobProgress { JobId = "j1", TransferStatus = "FULL_TRANSFER_STARTED", Progress = 40, SampledAtUtc = t0.AddMinutes(1).UtcDateTime });
            b.Add(new DcsMigrationTask { TaskId = "t1", TaskName = "redis", Status = "FULLMIGRATING" });
            b.Add(new DcsMigrationStats { TaskId = "t1", FullMigrationProgress = 70, SourceDbSize = 100, TargetDbSize = 70, SampledAtUtc = t0.AddMinutes(1).UtcDateTime });
            var r = b.Build();
            var drs = r.Migrations[0];
            Assert.Equal("mysql", drs.Name);
            Assert.Equal(new[] { 40.0, 100.0 }, drs.Samples.Select(s => s.Percent.Value));
            Assert.Equal(ReportEventKind.PhaseChange, Assert.Single(drs.Events).Kind);
            var dcs = r.Migrations[1];
            Assert.Equal(30, dcs.Last.KeysRemaining);
            Assert.Equal(MigrationPhase.FullSync, dcs.Last.Phase);   // the stats inherit the task's status
        }

        const string State = @"{""format"":""HuaweiMigration.WatchState"",""version"":1,""region"":""cn-north-4"",""projectId"":""p"",""future"":{""x"":1},
  ""items"":[{""service"":""Drs"",""id"":""j1"",""name"":""mysql"",""ended"":{""errorId"":""MigrationStalled"",""message"":""no change""},""extra"":true,
    ""history"":[{""t"":""2026-12-03T02:00:00Z"",""status"":""INCRE_TRANSFER_STARTED"",""phase"":""Incremental"",""percent"":100,""delaySeconds"":9,""keysRemaining"":null},
                 {""t"":""2026-12-03T02:00:30Z"",""status"":""INCRE_TRANSFER_STARTED"",""phase"":null,""percent"":null,""delaySeconds"":null,""keysRemaining"":null,""new"":1}]},
    {""service"":""dcs"",""id"":""t1"",""name"":null,""ended"":null,""history"":[]}]}";

        [Fact]
        public void StateFileHistoryIsRead()
        {
            var h = WatchStateHistory.Parse(State, "s.json");
            Assert.Equal(2, h.Items.Count);
            var b = new MigrationReportBuilder();
            b.Add(h);
            var r = b.Build();
            var j = r.Migrations[0];
            Assert.Equal("MigrationStalled: no change", j.EndedReason);
            Assert.Equal(2, j.Samples.Count);
            Assert.Equal(DateTimeKind.Utc, j.Samples[1].TimeUtc.Kind);
            Assert.Equal(MigrationPhase.Incremental, j.Samples[1].Phase);   // classified from the status when the phase is null
            Assert.Equal(9, j.Samples[0].DelaySeconds);
            Assert.Equal(MigrationService.Dcs, r.Migrations[1].Service);
        }

        [Theory]
        [InlineData(@"{""format"":""HuaweiMigration.WatchState"",""version"":2,""items"":[]}", "newer")]
        [InlineData(@"{""format"":""Something.Else"",""version"":1,""items"":[]}", "not a HuaweiMigration.WatchState")]
        [InlineData(@"{""format"":""HuaweiMigration.WatchState"",""version"":1,""items"":[{""service"":""Rds"",""id"":""x""}]}", "service")]
        [InlineData(@"{""format"":""HuaweiMigration.WatchState"",""vers", "not JSON")]
        public void AForeignOrNewerStateFileIsRefused(string json, string why)
        {
            var ex = Assert.Throws<HuaweiApiException>(() => WatchStateHistory.Parse(json, "s.json"));
            Assert.Equal("StateFileUnreadable", ex.ErrorCode);
            Assert.Contains(why, ex.Message);
        }
    

        static object Get(object o, string name) => o is System.Collections.Generic.IDictionary<string, object> d && d.TryGetValue(name, out var v) ? v : null;

        [Fact]
        public void ReadinessAndComparisonObjectsAreReadByPropertyNameAndUnknownResultsBlock()
        {
            var b = new MigrationReportBuilder();
            var ready = new System.Collections.Generic.Dictionary<string, object>
            {
                ["Service"] = "Drs", ["Id"] = "j1", ["Name"] = "mysql", ["IsReady"] = false,
                ["Blockers"] = new object[] { new System.Collections.Generic.Dictionary<string, object> { ["Code"] = "DelayTooHigh", ["Message"] = "delay 9 s" } },
                ["Warnings"] = new object[] { new System.Collections.Generic.Dictionary<string, object> { ["Code"] = "HealthNotServed", ["Message"] = "v5 not served" } },
            };
            ReportInputAdapters.AddReadiness(b, ready, Get);
            foreach (var result in new object[] { "Consistent", "SomethingNew", 7, null })
                ReportInputAdapters.AddComparison(b, new System.Collections.Generic.Dictionary<string, object>
                    { ["JobId"] = "j2", ["Type"] = "Rows", ["Result"] = result, ["StatusText"] = "SUCCESSFUL", ["Compared"] = 10L, ["Inconsistent"] = 0 }, Get);
            var r = b.Build();
            var j1 = r.Migrations[0];
            Assert.Equal(false, j1.ReadinessVerdict);
            Assert.Equal(new[] { ReportFindingLevel.Blocker, ReportFindingLevel.Warning }, j1.Findings.Select(f => f.Level));
            var j2 = r.Migrations[1];
            Assert.Equal(new[] { ComparisonVerdict.Consistent, ComparisonVerdict.Unknown, ComparisonVerdict.Unknown, ComparisonVerdict.Unknown }, j2.Comparisons.Select(c => c.Verdict));
            Assert.Equal(3, ReportAssessment.Of(j2).Blockers.Count(x => x.StartsWith("Rows comparison of all: unknown result")));
            Assert.Throws<ArgumentException>(() => ReportInputAdapters.AddComparison(b, new System.Collections.Generic.Dictionary<string, object>(), Get));
        }
    }
}
