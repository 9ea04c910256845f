using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    public class ManifestAndCompletionTests
    {
        [Fact]
        public void TheBuiltManifestPassesTestModuleManifestAndIsExplicit()
        {
            using var host = new PowerShellHost();
            host.SetVariable("manifest", TestPaths.ModuleManifest);
            var r = host.Run("$m = Test-ModuleManifest -Path $manifest; $m.Version.ToString(); $m.CompatiblePSEditions -join ','; $m.PowerShellVersion.ToString(); " +
                             "$m.ExportedCmdlets.Count; $m.ExportedFunctions.Count; $m.ExportedAliases.Count; $m.ExportedVariables.Count; " +
                             "$m.Author; $m.ProjectUri.AbsoluteUri; $m.LicenseUri.AbsoluteUri; $m.ReleaseNotes; $m.Tags -contains 'DCS'");
            Assert.Empty(r.AllErrors);
            var o = r.Output.Select(x => x?.ToString()).ToArray();
            Assert.Matches(@"^\d+\.\d+\.\d+$", o[0]);
            Assert.Equal("Desktop,Core", o[1]);
            Assert.Equal("5.1", o[2]);
            // As many as the source manifest lists by name, so each new cmdlet needs no edit here.
            var listed = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "HuaweiMigration.psd1")), @"CmdletsToExport\s*=\s*@\(([^)]*)\)")
                .Groups[1].Value.Split('\'', '"', '\n', '\r', ',', ' ').Count(x => x.Contains('-'));
            Assert.True(listed >= 10, listed.ToString());
            Assert.Equal(listed.ToString(), o[3]);
            Assert.Equal(new[] { "0", "0", "0" }, o.Skip(4).Take(3));
            Assert.False(string.IsNullOrWhiteSpace(o[7]));
            // No ProjectUri or LicenseUri until the project has a public address: they must not point at nothing.
            Assert.True(string.IsNullOrEmpty(o[8]) && string.IsNullOrEmpty(o[9]), $"ProjectUri '{o[8]}', LicenseUri '{o[9]}'");
            Assert.False(string.IsNullOrWhiteSpace(o[10]));
            // The release notes name every cmdlet added since 0.1.
            foreach (var added in new[] { "Get-DrsJob", "Stop-DcsMigrationTask", "Get-HuaweiCloudSession", "Disconnect-HuaweiCloud" })
                Assert.Contains(added, o[10]);
            Assert.Equal("True", o[11]);
            Assert.StartsWith("MIT License", File.ReadAllText(Path.Combine(TestPaths.ModuleDir, "LICENSE")));
            Assert.Contains("MIT License", File.ReadAllText(TestPaths.ModuleManifest));

            string text = File.ReadAllText(TestPaths.ModuleManifest);
            Assert.DoesNotContain("*", Regex.Match(text, @"CmdletsToExport\s*=\s*@\(([^)]*)\)").Groups[1].Value);
        }

        [Fact]
        public void TheAssemblyVersionComesFromTheManifest()
        {
            string text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "HuaweiMigration.psd1"));
            string version = Regex.Match(text, @"ModuleVersion\s*=\s*'([^']+)'").Groups[1].Value;
            Assert.Equal(version, typeof(DcsMigrationTask).Assembly.GetName().Version.ToString(3));
        }

        [Fact]
        public void TheModuleFolderShipsOnlyTheModuleAndItsDependencies()
        {
            var files = Directory.GetFiles(TestPaths.ModuleDir).Select(Path.GetFileName).ToArray();
            Assert.Contains("HuaweiMigration.dll", files);
            Assert.Contains("HuaweiMigration.psd1", files);
            Assert.Contains("HuaweiMigration.Format.ps1xml", files);
            Assert.Contains("System.Text.Json.dll", files);
            Assert.DoesNotContain("System.Management.Automation.dll", files);
            Assert.True(File.Exists(Path.Combine(TestPaths.ModuleDir, "en-US", "HuaweiMigration.dll-Help.xml")));
        }

        static string[] Complete(PowerShellHost host, string line)
        {
            host.SetVariable("line", line);
            var r = host.Run("[System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null).CompletionMatches | ForEach-Object { $_.CompletionText }");
            Assert.Empty(r.AllErrors);
            return r.Output.Select(x => x.ToString()).ToArray();
        }

        [Fact]
        public void RegionCompletesKnownRegions()
        {
            using var host = new PowerShellHost();
            var matches = Complete(host, "Connect-HuaweiCloud -Region cn-nor");
            Assert.Contains("cn-north-4", matches);
            Assert.All(matches, m => Assert.StartsWith("cn-nor", m));
        }

        [Fact]
        public void TaskAndJobIdsCompleteFromWhatTheSessionHasSeenWithoutACall()
        {
            using var h = SimHost.Start();
            Assert.Empty(Complete(h.Ps, "Get-DcsMigrationStats -TaskId a276"));
            h.Run("Get-DcsMigrationTask | Out-Null; Get-DrsJobProgress " + h.Scenario.DrsJobs[0].JobId + " | Out-Null");
            int requests = h.Sim.Requests.Count();
            var tasks = Complete(h.Ps, "Get-DcsMigrationStats -TaskId a276");
            Assert.Equal(h.Scenario.DcsTasks.Select(t => t.TaskId).OrderBy(x => x), tasks.OrderBy(x => x));
            Assert.Equal(h.Scenario.DcsTasks.Select(t => t.TaskId).OrderBy(x => x), Complete(h.Ps, "Watch-Migration -DcsTaskId a2").OrderBy(x => x));
            Assert.Equal(new[] { h.Scenario.DrsJobs[0].JobId }, Complete(h.Ps, "Get-DrsJobProgress -JobId 8d0e"));
            Assert.Equal(requests, h.Sim.Requests.Count());
        }
    }
}
