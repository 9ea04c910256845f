using System.IO;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Simulator;
using HuaweiMigration.Tests.Engine;
using Xunit;

namespace HuaweiMigration.Tests.Simulator
{
    /// <summary>The demo prints through the module's own views (Out-Default on its host), and draws progress only on a terminal.</summary>
    public class DemoHostTests
    {
        static ProgressRecord Record(int id, string activity, string status, int percent = -1, int parent = -1,
            ProgressRecordType type = ProgressRecordType.Processing) =>
            new ProgressRecord(id, activity, status) { PercentComplete = percent, ParentActivityId = parent, RecordType = type };

        [Fact]
        public void ProgressPaneNestsChildrenUnderTheirParentAndDropsCompletedOnes()
        {
            var pane = new ProgressPane();
            pane.Update(1, Record(1, "Watching 2 migrations", "0 done", 0));
            pane.Update(1, Record(3, "DRS mysql-orders", "Full sync", 40, parent: 1));
            pane.Update(1, Record(2, "DCS redis\u001b[2Jorders", "Full\r\nsync", 55, parent: 1));
            var lines = pane.Lines(80);
            Assert.Equal(3, lines.Count);
            Assert.StartsWith("Watching 2 migrations: 0 done [", lines[0]);
            Assert.StartsWith("  DRS mysql-orders: Full sync [########            ] 40%", lines[1]);
            // Names and statuses are the service's: no escape sequence or line break reaches the terminal.
            Assert.Equal("  DCS redis[2Jorders: Fullsync [###########         ] 55%", lines[2]);
            Assert.All(lines, l => Assert.True(l.Length < 80));
            Assert.All(pane.Lines(30), l => Assert.True(l.Length < 30, l));

            pane.Update(1, Record(3, "DRS mysql-orders", "Done", type: ProgressRecordType.Completed));
            Assert.Equal(2, pane.Lines(80).Count);
            Assert.Equal("\n", pane.Draw(80).Where(c => c == '\n').Select(c => c.ToString()).Distinct().Single());
            Assert.Equal("\u001b[2F\u001b[J", pane.Erase());
            Assert.Equal(string.Empty, pane.Erase());
            pane.Update(1, Record(1, "Watching 2 migrations", "Done", type: ProgressRecordType.Completed));
            Assert.Empty(pane.Lines(80));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void OutDefaultPrintsTheModuleViewsAndProgressOnlyOnATerminal(bool terminal)
        {
            var output = new StringWriter();
            var host = new DemoHost(output, terminal, 80);
            using var h = SimHost.Start(psHost: host);
            var dcs = h.Scenario.DcsTasks[0].TaskId;
            var r = h.Run("Get-HuaweiCloudSession | Out-Default; " +
                $"Watch-Migration -DcsTaskId {dcs} -Until CaughtUp -Interval 1 -Timeout 2 -ErrorAction SilentlyContinue | Out-Default");
            Assert.Null(r.Terminating);
            host.EndProgress();
            string text = output.ToString();
            var lines = text.Split('\n');
            // The module's session view (its star column and Endpoint) and watch view, not a formatting of the demo's own.
            Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\S*\*\S*\s+\S*Region\b.*Endpoint"));
            Assert.Contains(lines, l => l.StartsWith("* " + h.Scenario.Region));
            Assert.Contains(lines, l => l.Contains("Svc") && l.Contains("Phase") && l.Contains("Ready"));
            Assert.All(lines, l => Assert.True(System.Text.RegularExpressions.Regex.Replace(l, "\u001b\\[[0-9;]*[A-Za-z]", "").Length <= 80, l));
            if (terminal)
            {
                Assert.Contains("Watching", text);
                Assert.Contains("%", text);
                // Drawn, then erased: no bar is left under the output.
                int erased = text.LastIndexOf("\u001b[J", System.StringComparison.Ordinal);
                Assert.True(erased > 0);
                Assert.DoesNotContain("Watching", text.Substring(erased));
            }
            else
            {
                Assert.DoesNotContain("Watching", text);
                // Redirected output is plain text: no colour sequence from the views either.
                Assert.Equal(-1, text.IndexOf('\u001b'));
            }
        }
    }
}
