using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Reports;
using HuaweiMigration.Tests.Core;
using Xunit;

namespace HuaweiMigration.Tests.Browser
{
    /// <summary>The HTML report in a real browser: headless Chromium over the DevTools protocol. The screenshot stays in TestResults/.</summary>
    public class ReportInBrowserTests
    {
        static string ResultsDir
        {
            get
            {
                var dir = Path.Combine(TestPaths.RepoRoot, "TestResults");
                Directory.CreateDirectory(dir);
                return dir;
            }
        }

        const string Measure = @"JSON.stringify({
            charts: [...document.querySelectorAll('svg.chart')].map(s => {
                const r = s.getBoundingClientRect();
                const drawn = [...s.querySelectorAll('path')].filter(p => p.getTotalLength() > 0);
                return { w: r.width, h: r.height, drawn: drawn.length, series: s.querySelectorAll('path.series').length };
            }),
            rows: document.querySelectorAll('#summary tbody tr').length,
            title: document.title,
            pwned: document.body.getAttribute('data-pwned'),
            scripts: document.scripts.length,
            images: document.images.length,
            hostileShown: document.querySelector('#summary tbody tr a').textContent,
            rowColour: getComputedStyle(document.querySelector('#summary tbody tr')).backgroundColor
        })";

        static async Task<JsonNode> Load(HeadlessChromium browser, string path, CancellationToken ct)
        {
            await browser.LoadAsync(path, 1280, 800, ct);
            return JsonNode.Parse((string)await browser.EvaluateAsync(Measure, ct));
        }

        [ChromiumFact]
        public async Task TheReportRendersInChromiumWithoutErrorsAndRunsNoHostileScript()
        {
            var report = ReportFixtures.Report(6, 400, ReportFixtures.Hostile);
            string path = Path.Combine(ResultsDir, "migration-report.html");
            using (var w = new StreamWriter(path)) HtmlReportWriter.Write(report, w);

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            using var browser = await HeadlessChromium.StartAsync(ResultsDir, cts.Token);
            var page = await Load(browser, path, cts.Token);

            Assert.True(browser.Problems.Count == 0, string.Join(Environment.NewLine, browser.Problems));
            Assert.Equal(6, (int)page["rows"]);
            var charts = page["charts"]!.AsArray();
            Assert.Equal(12, charts.Count);
            foreach (var c in charts)
            {
                Assert.True((double)c["w"] > 0 && (double)c["h"] > 0, c.ToJsonString());
                Assert.True((int)c["drawn"] > 0, c.ToJsonString());
            }
            Assert.True(charts.Count(c => (int)c["series"] > 0) >= 6);

            // The hostile name is text: no element came of it, and nothing it holds ran.
            Assert.Equal("Cutover of the orders database", (string)page["title"]);
            Assert.Null((string)page["pwned"]);
            Assert.Equal(0, (int)page["scripts"]);
            Assert.Equal(0, (int)page["images"]);
            Assert.Equal(ReportFixtures.Hostile, (string)page["hostileShown"]);
            Assert.Equal("rgb(254, 243, 199)", (string)page["rowColour"]);   // blocked (by its findings): amber, from bgcolor

            byte[] png = await browser.ScreenshotAsync(cts.Token);
            File.WriteAllBytes(Path.Combine(ResultsDir, "migration-report-1280x800.png"), png);
            Assert.Equal(1280, BigEndian(png, 16));
            Assert.Equal(800, BigEndian(png, 20));
        }

        [ChromiumFact]
        public async Task UnderJenkinsPolicyWithNoInlineStyleTheChartsAndColoursStillShow()
        {
            string html;
            using (var w = new StringWriter()) { HtmlReportWriter.Write(ReportFixtures.Report(3, 200), w); html = w.ToString(); }
            // Jenkins' default Content-Security-Policy for archived files: no script, no inline style.
            html = html.Replace("<meta charset=\"utf-8\">",
                "<meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"sandbox; default-src 'none'; img-src 'self'; style-src 'self';\">");
            string path = Path.Combine(ResultsDir, "migration-report-strict-csp.html");
            File.WriteAllText(path, html);

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            using var browser = await HeadlessChromium.StartAsync(ResultsDir, cts.Token);
            var page = await Load(browser, path, cts.Token);
            Assert.Contains(browser.Problems, p => p.Contains("Content Security Policy") || p.Contains("Content-Security-Policy"));   // the style element was refused
            foreach (var c in page["charts"]!.AsArray())
                Assert.True((double)c["w"] > 0 && (double)c["h"] > 0 && (int)c["series"] > 0, c.ToJsonString());
            Assert.NotEqual("rgba(0, 0, 0, 0)", (string)page["rowColour"]);   // bgcolor still colours the summary
        }

        static int BigEndian(byte[] b, int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
    }
}
