using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace HuaweiMigration.Reports
{
    /// <summary>
    /// The summary table, the blockers and findings, and a text sparkline per migration, under a byte limit (1 MiB by
    /// default, GitHub's cap on a step summary): detail goes first, and the text says what was left out.
    /// </summary>
    public static class MarkdownReportWriter
    {
        public const int DefaultLimitBytes = 1024 * 1024;
        const int SparkWidth = 40;
        const string Levels = "▁▂▃▄▅▆▇█";

        public static string Render(MigrationReport report, int limitBytes = DefaultLimitBytes)
        {
            string M(string s) => ReportText.Markdown(s);
            var zoneAt = report.Migrations.SelectMany(m => m.Samples).Select(s => s.TimeUtc).DefaultIfEmpty(report.GeneratedAtUtc).Max();
            var assessed = report.Migrations.Select(m => (m, a: ReportAssessment.Of(m))).ToList();
            var counts = assessed.GroupBy(p => p.a.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count()} {HtmlReportWriter.Word(g.Key)}");

            var head = new StringBuilder();
            head.Append("# ").Append(M(report.Title)).Append("\n\n");
            head.Append($"Generated {ReportText.Time(report.GeneratedAtUtc, report.TimeZone)}; times are local ({M(ReportText.Zone(report.TimeZone, zoneAt))}). ");
            head.Append($"{report.Migrations.Count} migration(s): {string.Join(", ", counts)}.\n\n");
            head.Append("| Service | Name | Phase | Status | Met | Time taken | Blockers |\n|---|---|---|---|---|---|---|\n");

            var rows = assessed.Select(p =>
                $"| {p.m.Service} | {M(p.m.DisplayName)} | {p.m.Last?.Phase} | {M(p.m.Last?.Status)} | {p.a.MetText} | {ReportText.Duration(p.m.Duration)} | {M(string.Join("; ", p.a.Blockers))} |\n").ToList();
            var details = assessed.Select(p => Detail(report, p.m, p.a)).ToList();

            // Room for the note that says what was cut.
            const int NoteReserve = 400;
            int budget = limitBytes - Bytes(head.ToString()) - NoteReserve;
            var sb = new StringBuilder(head.ToString());
            int rowsKept = 0;
            foreach (var r in rows)
            {
                int b = Bytes(r);
                if (b > budget) break;
                sb.Append(r); budget -= b; rowsKept++;
            }
            sb.Append('\n');
            int detailsKept = 0;
            if (rowsKept == rows.Count)
                foreach (var d in details)
                {
                    int b = Bytes(d);
                    if (b > budget) break;
                    sb.Append(d); budget -= b; detailsKept++;
                }
            if (rowsKept < rows.Count)
                sb.Append($"> **Cut to stay under {limitBytes / 1024} KiB:** the summary lists {rowsKept} of {rows.Count} migrations and no detail. The HTML report has everything.\n");
            else if (detailsKept < details.Count)
                sb.Append($"> **Cut to stay under {limitBytes / 1024} KiB:** the detail of {details.Count - detailsKept} of {details.Count} migrations was left out. The HTML report has everything.\n");
            return sb.ToString();
        }

        static string Detail(MigrationReport report, ReportMigration m, ReportAssessment a)
        {
            string M(string s) => ReportText.Markdown(s);
            var sb = new StringBuilder();
            sb.Append($"## {m.Service} {M(m.DisplayName)}\n\n");
            sb.Append($"Id {M(m.Id)}, {HtmlReportWriter.Word(a.Outcome)}, {m.Samples.Count} sample(s).");
            if (!string.IsNullOrEmpty(m.EndedReason)) sb.Append(" The watch ended it: ").Append(M(m.EndedReason)).Append('.');
            sb.Append("\n\n");
            if (m.Samples.Count > 0)
            {
                var first = m.Samples[0]; var last = m.Last;
                sb.Append($"- Progress: `{Spark(m.Samples, s => s.Percent, 100)}` {ReportText.Number(first.Percent)} to {ReportText.Number(last.Percent)} %\n");
                if (m.Service == MigrationService.Drs)
                    sb.Append($"- Delay: `{Spark(m.Samples, s => s.DelaySeconds, null)}` {ReportText.Number(first.DelaySeconds)} to {ReportText.Number(last.DelaySeconds)} s (max {ReportText.Number(report.MaxDelaySeconds)} s)\n");
                else
                    sb.Append($"- Keys left: `{Spark(m.Samples, s => s.KeysRemaining, null)}` {ReportText.Count(first.KeysRemaining)} to {ReportText.Count(last.KeysRemaining)}\n");
                sb.Append($"- From {ReportText.Time(first.TimeUtc, report.TimeZone)} to {ReportText.Time(last.TimeUtc, report.TimeZone)}\n");
            }
            foreach (var e in m.Events)
                sb.Append($"- {ReportText.Time(e.TimeUtc, report.TimeZone)} {HtmlReportWriter.EventWord(e.Kind)}: {M(e.Text)}\n");
            foreach (var b in a.Blockers) sb.Append("- **Blocker:** ").Append(M(b)).Append('\n');
            if (m.Comparisons.Count > 0)
            {
                sb.Append("\n| Type | Database or object type | Source | Target | Differences | Result |\n|---|---|---|---|---|---|\n");
                foreach (var c in m.Comparisons)
                    sb.Append($"| {M(c.Type)} | {M(c.Scope)} | {ReportText.Count(c.SourceCount)} | {ReportText.Count(c.TargetCount)} | {ReportText.Count(c.Differences)} | " +
                        $"{ReportAssessment.Describe(c.Verdict)}{(string.IsNullOrEmpty(c.ResultText) ? "" : " (" + M(c.ResultText) + ")")} |\n");
            }
            if (m.Findings.Count > 0)
            {
                sb.Append('\n');
                foreach (var f in m.Findings)
                    sb.Append($"- {f.Level} {M(f.Code)}{(string.IsNullOrEmpty(f.Message) ? "" : ": " + M(f.Message))}\n");
            }
            sb.Append('\n');
            return sb.ToString();
        }

        /// <summary>A sparkline of up to 40 characters: each the last value of its slice of the samples; a space where none.</summary>
        public static string Spark(IReadOnlyList<ReportSample> samples, Func<ReportSample, double?> value, double? fixedMax)
        {
            var values = samples.Select(value).ToList();
            double max = fixedMax ?? values.Where(v => v.HasValue).Select(v => v.Value).DefaultIfEmpty(0).Max();
            int width = Math.Min(SparkWidth, values.Count);
            var sb = new StringBuilder(width);
            for (int i = 0; i < width; i++)
            {
                int start = (int)((long)values.Count * i / width), end = (int)((long)values.Count * (i + 1) / width);
                double? v = null;
                for (int j = end - 1; j >= start && !v.HasValue; j--) v = values[j];
                if (!v.HasValue) { sb.Append(' '); continue; }
                int level = max > 0 ? (int)Math.Round(Math.Min(Math.Max(v.Value, 0), max) / max * (Levels.Length - 1)) : 0;
                sb.Append(Levels[level]);
            }
            return sb.ToString();
        }

        static int Bytes(string s) => Encoding.UTF8.GetByteCount(s);
    }
}
