using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace HuaweiMigration.Reports
{
    /// <summary>
    /// One self-contained HTML file: no script, no external stylesheet, font or image. Charts are inline SVG coloured with
    /// presentation attributes, and the summary rows with bgcolor, so a viewer whose policy forbids inline style (Jenkins)
    /// still shows the colours; the style element only refines spacing and print.
    /// </summary>
    public static class HtmlReportWriter
    {
        /// <summary>Points drawn per curve, at most twice this plus the phase changes and events.</summary>
        public const int Buckets = 75;

        const int Width = 720, Height = 210, Left = 64, Right = 14, Top = 14, Bottom = 40;
        const int PlotWidth = Width - Left - Right, PlotHeight = Height - Top - Bottom;

        static readonly Dictionary<ReportOutcome, string> RowColours = new Dictionary<ReportOutcome, string>
        {
            [ReportOutcome.Ready] = "#dcfce7",
            [ReportOutcome.InProgress] = "#e0f2fe",
            [ReportOutcome.Blocked] = "#fef3c7",
            [ReportOutcome.Failed] = "#fee2e2",
            [ReportOutcome.Unknown] = "#e5e7eb",
        };

        public static void Write(MigrationReport report, TextWriter w)
        {
            string H(string s) => ReportText.Html(s);
            var zoneAt = report.Migrations.SelectMany(m => m.Samples).Select(s => s.TimeUtc).DefaultIfEmpty(report.GeneratedAtUtc).Max();
            string zone = ReportText.Zone(report.TimeZone, zoneAt);
            var assessed = report.Migrations.Select(m => (m, a: ReportAssessment.Of(m))).ToList();

            w.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
            // Defence in depth: even a name that escaped escaping could load or run nothing.
            w.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
            w.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            w.Write($"<title>{H(report.Title)}</title>\n");
            w.Write("<style>body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#111827}" +
                "table{border-collapse:collapse;margin:8px 0;max-width:100%}th,td{padding:3px 8px;text-align:left;vertical-align:top;border:1px solid #d1d5db}" +
                "td{overflow-wrap:anywhere}td.n{text-align:right}svg{max-width:100%;height:auto;display:block}section{margin-top:28px}" +
                "@media print{body{margin:0}section{break-inside:avoid}}</style>\n</head><body>\n");
            w.Write($"<h1>{H(report.Title)}</h1>\n");
            var counts = assessed.GroupBy(p => p.a.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Word(g.Key)}");
            w.Write($"<p>Generated {ReportText.Time(report.GeneratedAtUtc, report.TimeZone)}. Times are local: {H(zone)}. " +
                $"{report.Migrations.Count} migration(s): {string.Join(", ", counts)}.</p>\n");

            w.Write("<h2>Summary</h2>\n<table id=\"summary\" border=\"1\" cellpadding=\"4\" cellspacing=\"0\">\n" +
                "<thead><tr bgcolor=\"#f3f4f6\"><th>Service</th><th>Name</th><th>Phase</th><th>Status</th><th>Met</th><th>Time taken</th><th>Blockers</th></tr></thead>\n<tbody>\n");
            int n = 0;
            foreach (var (m, a) in assessed)
            {
                n++;
                var last = m.Last;
                w.Write($"<tr bgcolor=\"{RowColours[a.Outcome]}\" data-outcome=\"{a.Outcome}\"><td>{m.Service}</td>" +
                    $"<td><a href=\"#m{n}\">{H(m.DisplayName)}</a></td><td>{(last == null ? "" : last.Phase.ToString())}</td>" +
                    $"<td>{H(last?.Status)}</td><td>{a.MetText}</td><td class=\"n\">{ReportText.Duration(m.Duration)}</td>" +
                    $"<td>{H(string.Join("; ", a.Blockers))}</td></tr>\n");
            }
            w.Write("</tbody></table>\n");

            n = 0;
            foreach (var (m, a) in assessed)
            {
                n++;
                w.Write($"<section id=\"m{n}\"><h2>{m.Service} {H(m.DisplayName)}</h2>\n");
                w.Write($"<p>Id {H(m.Id)}. {Word(a.Outcome)}{(a.Blockers.Count == 0 ? "" : ": " + H(string.Join("; ", a.Blockers)))}." +
                    $"{(string.IsNullOrEmpty(m.EndedReason) ? "" : " The watch ended it: " + H(m.EndedReason) + ".")} {m.Samples.Count} sample(s).</p>\n");
                if (m.Samples.Count > 0)
                {
                    w.Write("<h3>Progress (%)</h3>\n");
                    Chart(w, report, m, s => s.Percent, 100, null, "progress", zone);
                    if (m.Service == MigrationService.Drs)
                    {
                        w.Write("<h3>Incremental delay (s)</h3>\n");
                        Chart(w, report, m, s => s.DelaySeconds, null, report.MaxDelaySeconds, "delay", zone);
                    }
                    else
                    {
                        w.Write("<h3>Keys left</h3>\n");
                        Chart(w, report, m, s => s.KeysRemaining, null, null, "keys", zone);
                    }
                    w.Write("<p><small>Dashed lines: <font color=\"#4b5563\">phase change</font>, <font color=\"#b45309\">stall</font>, " +
                        "<font color=\"#dc2626\">failure or stop</font>.</small></p>\n");
                }
                if (m.Events.Count > 0)
                {
                    w.Write("<h3>Events</h3>\n<table border=\"1\" cellpadding=\"3\" cellspacing=\"0\"><tr bgcolor=\"#f3f4f6\"><th>Time</th><th>Event</th><th>Detail</th></tr>\n");
                    foreach (var e in m.Events)
                        w.Write($"<tr><td>{ReportText.Time(e.TimeUtc, report.TimeZone)}</td><td>{EventWord(e.Kind)}</td><td>{H(e.Text)}</td></tr>\n");
                    w.Write("</table>\n");
                }
                if (m.Comparisons.Count > 0)
                {
                    w.Write("<h3>Comparisons</h3>\n<table border=\"1\" cellpadding=\"3\" cellspacing=\"0\"><tr bgcolor=\"#f3f4f6\"><th>Type</th><th>Database or object type</th>" +
                        "<th>Source</th><th>Target</th><th>Differences</th><th>Result</th></tr>\n");
                    foreach (var c in m.Comparisons)
                        w.Write($"<tr bgcolor=\"{(c.Verdict == ComparisonVerdict.Consistent ? "#dcfce7" : "#fee2e2")}\"><td>{H(c.Type)}</td><td>{H(c.Scope)}</td>" +
                            $"<td class=\"n\">{ReportText.Count(c.SourceCount)}</td><td class=\"n\">{ReportText.Count(c.TargetCount)}</td><td class=\"n\">{ReportText.Count(c.Differences)}</td>" +
                            $"<td>{ReportAssessment.Describe(c.Verdict)}{(string.IsNullOrEmpty(c.ResultText) ? "" : " (" + H(c.ResultText) + ")")}</td></tr>\n");
                    w.Write("</table>\n");
                }
                if (m.Findings.Count > 0 || m.ReadinessVerdict.HasValue)
                {
                    w.Write($"<h3>Readiness findings</h3>\n<p>Verdict: {(m.ReadinessVerdict == true ? "ready" : m.ReadinessVerdict == false ? "not ready" : "none given")}.</p>\n<ul>\n");
                    foreach (var f in m.Findings)
                        w.Write($"<li><font color=\"{FindingColour(f.Level)}\">{f.Level}</font> {H(f.Code)}{(string.IsNullOrEmpty(f.Message) ? "" : ": " + H(f.Message))}</li>\n");
                    w.Write("</ul>\n");
                }
                w.Write("</section>\n");
            }
            w.Write("</body></html>\n");
        }

        static void Chart(TextWriter w, MigrationReport report, ReportMigration m, Func<ReportSample, double?> value, double? fixedMax,
            double? threshold, string kind, string zone)
        {
            var samples = m.Samples;
            DateTime t0 = samples[0].TimeUtc, t1 = samples[samples.Count - 1].TimeUtc;
            double span = Math.Max(1, (t1 - t0).TotalSeconds);
            var values = samples.Select(value).Where(v => v.HasValue).Select(v => v.Value).ToList();
            double max = fixedMax ?? ReportSeries.NiceMax(Math.Max(values.DefaultIfEmpty(0).Max(), (threshold ?? 0) * 1.2));
            int PixelX(DateTime t) => (int)Math.Round(Left + (t - t0).TotalSeconds / span * PlotWidth);
            int PixelY(double v) => (int)Math.Round(Top + PlotHeight - Math.Min(Math.Max(v, 0), max) / max * PlotHeight);
            string X(DateTime t) => PixelX(t).ToString(CultureInfo.InvariantCulture);
            string Y(double v) => PixelY(v).ToString(CultureInfo.InvariantCulture);

            string label = $"{(kind == "progress" ? "Progress" : kind == "delay" ? "Incremental delay" : "Keys left")} of {m.DisplayName}";
            w.Write($"<svg class=\"chart\" data-kind=\"{kind}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\">" +
                $"<title>{ReportText.Html(label)}</title>");
            w.Write($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\"/>");
            // Grid and axes.
            var grid = new System.Text.StringBuilder();
            for (int i = 1; i <= 4; i++) grid.Append($"M{Left},{Y(max * i / 4)}h{PlotWidth}");
            w.Write($"<path d=\"{grid}\" stroke=\"#e5e7eb\" fill=\"none\"/>");
            w.Write($"<path class=\"axis\" d=\"M{Left},{Top}V{Top + PlotHeight}H{Left + PlotWidth}\" stroke=\"#6b7280\" fill=\"none\"/>");
            w.Write("<g font-size=\"11\" fill=\"#374151\" text-anchor=\"end\">");
            for (int i = 0; i <= 4; i++)
                w.Write($"<text x=\"{Left - 6}\" y=\"{Y(max * i / 4)}\" dy=\"4\">{Short(max * i / 4)}</text>");
            w.Write("</g><g font-size=\"11\" fill=\"#374151\" text-anchor=\"middle\">");
            string timeFormat = span >= 86400 ? "MM-dd HH:mm" : span < 120 ? "HH:mm:ss" : "HH:mm";
            // A span of a few seconds (one sample) gets its two ends only, so no label repeats.
            int ticks = span < 8 ? 1 : 4;
            for (int i = 0; i <= ticks; i++)
            {
                var t = t0.AddSeconds(span * i / ticks);
                string anchor = i == 0 ? " text-anchor=\"start\"" : i == ticks ? " text-anchor=\"end\"" : "";
                w.Write($"<text x=\"{X(t)}\" y=\"{Top + PlotHeight + 15}\"{anchor}>" +
                    $"{ReportText.ToZone(t, report.TimeZone).ToString(timeFormat, CultureInfo.InvariantCulture)}</text>");
            }
            w.Write($"<text x=\"{Left + PlotWidth / 2}\" y=\"{Height - 6}\" fill=\"#6b7280\">time ({ReportText.Html(zone)})</text></g>");

            foreach (var e in m.Events)
                w.Write($"<g><title>{ReportText.Html(ReportText.Time(e.TimeUtc, report.TimeZone) + " " + EventWord(e.Kind) + ": " + e.Text)}</title>" +
                    $"<path d=\"M{X(e.TimeUtc)},{Top}v{PlotHeight}\" stroke=\"{EventColour(e.Kind)}\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\" fill=\"none\"/></g>");
            if (threshold.HasValue)
                w.Write($"<g><title>-MaxDelay {ReportText.Number(threshold.Value)} s</title><path d=\"M{Left},{Y(threshold.Value)}h{PlotWidth}\" stroke=\"#d97706\" stroke-dasharray=\"8 4\" fill=\"none\"/>" +
                    $"<text x=\"{Left + PlotWidth - 4}\" y=\"{Y(threshold.Value)}\" dy=\"-4\" text-anchor=\"end\" font-size=\"11\" fill=\"#b45309\">max delay {ReportText.Number(threshold.Value)} s</text></g>");

            // Runs of values between gaps, in relative steps between whole pixels (shorter than absolute points); a run of
            // one point is drawn as a 1 px dot.
            var d = new System.Text.StringBuilder();
            var run = new List<(int x, int y)>();
            void EndRun()
            {
                if (run.Count > 0) d.Append('M').Append(run[0].x).Append(',').Append(run[0].y);
                if (run.Count == 1) d.Append("h1");
                for (int k = 1; k < run.Count; k++)
                    d.Append(k == 1 ? "l" : " ").Append(run[k].x - run[k - 1].x).Append(',').Append(run[k].y - run[k - 1].y);
                run.Clear();
            }
            foreach (int i in ReportSeries.Downsample(samples, value, Buckets, m.Events))
            {
                var v = value(samples[i]);
                if (v.HasValue) run.Add((PixelX(samples[i].TimeUtc), PixelY(v.Value)));
                else EndRun();
            }
            EndRun();
            if (d.Length > 0)
                w.Write($"<path class=\"series\" d=\"{d}\" stroke=\"#2563eb\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\" fill=\"none\"/>");
            else w.Write($"<text x=\"{Left + PlotWidth / 2}\" y=\"{Top + PlotHeight / 2}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#6b7280\">no values in the samples</text>");
            w.Write("</svg>\n");
        }

        static string Short(double v)
        {
            if (v >= 1e9) return ReportText.Number(v / 1e9) + "G";
            if (v >= 1e6) return ReportText.Number(v / 1e6) + "M";
            if (v >= 1e4) return ReportText.Number(v / 1e3) + "K";
            return ReportText.Number(v);
        }

        internal static string Word(ReportOutcome o)
        {
            switch (o)
            {
                case ReportOutcome.Ready: return "ready";
                case ReportOutcome.InProgress: return "in progress";
                case ReportOutcome.Blocked: return "blocked";
                case ReportOutcome.Failed: return "failed";
                default: return "unknown";
            }
        }

        internal static string EventWord(ReportEventKind k) =>
            k == ReportEventKind.PhaseChange ? "phase change" : k == ReportEventKind.Stall ? "stall" : "failure or stop";

        static string EventColour(ReportEventKind k) =>
            k == ReportEventKind.PhaseChange ? "#4b5563" : k == ReportEventKind.Stall ? "#b45309" : "#dc2626";

        static string FindingColour(ReportFindingLevel l) =>
            l == ReportFindingLevel.Passed ? "#15803d" : l == ReportFindingLevel.Warning ? "#b45309" : "#dc2626";
    }
}
