using System;
using System.Collections.Generic;
using System.Linq;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>
    /// -Debug on a compiled cmdlet makes every WriteVerbose ask "Continue with this operation?", which fails under
    /// pwsh -NonInteractive. These run every cmdlet with -Debug on a host that refuses prompts as that host does.
    /// </summary>
    public class DebugSwitchTests
    {
        /// <summary>One or more command lines per cmdlet; the test fails when the module exports a cmdlet missing here.</summary>
        static Dictionary<string, string[]> Lines(SimHost h)
        {
            string dcs = h.Scenario.DcsTasks[0].TaskId, drs = h.Scenario.DrsJobs[0].JobId, objects = h.Scenario.DrsJobs[3].JobId;
            return new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
            {
                ["Connect-HuaweiCloud"] = new[] { h.ConnectCommand() + " -Debug", h.ConnectCommand(withProjectId: false) + " -Debug" },
                ["Get-HuaweiCloudSession"] = new[] { "Get-HuaweiCloudSession -Debug", "Get-HuaweiCloudSession -ListAvailable -Debug" },
                ["Set-HuaweiCloudSession"] = new[] { "Get-HuaweiCloudSession | Set-HuaweiCloudSession -Debug", $"Set-HuaweiCloudSession -Region {h.Scenario.Region} -PassThru -Debug" },
                ["Get-DcsMigrationTask"] = new[] { "Get-DcsMigrationTask -Debug", $"Get-DcsMigrationTask -TaskId {dcs} -Debug", "Get-DcsMigrationTask -Detailed -First 2 -Debug" },
                ["Get-DcsMigrationStats"] = new[] { $"Get-DcsMigrationStats -TaskId {dcs} -Debug" },
                ["Get-DrsJobProgress"] = new[] { $"Get-DrsJobProgress -JobId {drs} -Debug", $"Get-DrsJobProgress -JobId {objects} -ObjectType table -First 3 -Debug" },
                ["Watch-Migration"] = new[] { $"Watch-Migration -DcsTaskId {dcs} -DrsJobId {drs} -Interval 1 -Timeout 2 -Debug -ErrorAction SilentlyContinue" },
                ["Get-DrsJob"] = new[] { "Get-DrsJob -Debug", "Get-DrsJob -Name mysql-orders-full -Debug | Get-DrsJobProgress -Debug" },
                ["Switch-DcsMigrationIp"] = new[] { $"Switch-DcsMigrationIp -TaskId {h.Scenario.DcsTasks[1].TaskId} -Force -Wait -PassThru -Debug" },
                ["Set-DrsJobAlarm"] = new[] { $"Set-DrsJobAlarm -JobId {h.Scenario.DrsJobs[1].JobId} -DelayThreshold 60 -Email ops@example.com -Debug" },
                ["Stop-DrsJob"] = new[] { $"Stop-DrsJob -JobId {drs} -Force -Wait -PassThru -Debug", $"Stop-DrsJob -JobId {h.Scenario.DrsJobs[1].JobId} -Confirm:$false -Debug" },
                ["Stop-DcsMigrationTask"] = new[]
                {
                    $"Stop-DcsMigrationTask -TaskId {h.Scenario.DcsTasks[1].TaskId} -Force -Wait -PassThru -Debug",
                    $"Stop-DcsMigrationTask -TaskId {h.Scenario.DcsTasks[3].TaskId} -Confirm:$false -Debug",
                },
                ["Test-MigrationReadiness"] = new[] { $"Test-MigrationReadiness -DcsTaskId {dcs} -DrsJobId {drs} -Debug", $"Test-MigrationReadiness -DrsJobId {drs} -Quiet -Debug" },
                ["Start-DrsComparison"] = new[] { $"Start-DrsComparison -JobId {drs} -Confirm:$false -Debug -ErrorAction SilentlyContinue", $"Start-DrsComparison -JobId {drs} -WhatIf -Debug -ErrorAction SilentlyContinue" },
                ["Get-DrsComparison"] = new[] { $"Get-DrsComparison -JobId {drs} -Debug", $"Get-DrsComparison -JobId {drs} -All -Detail -Debug" },
                ["Stop-DrsComparison"] = new[] { $"Stop-DrsComparison -JobId {drs} -Confirm:$false -Debug -ErrorAction SilentlyContinue" },
                ["Export-MigrationReport"] = new[] { $"(Watch-Migration -DcsTaskId {dcs} -Interval 1 -Timeout 2 -Stream -ErrorAction SilentlyContinue | Export-MigrationReport -Path '{System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"debug-{Guid.NewGuid():N}.html")}' -PassThru -Debug).Delete()" },
                ["Disconnect-HuaweiCloud"] = new[] { "Disconnect-HuaweiCloud -Debug", "Disconnect-HuaweiCloud -Debug" },
            };
        }

        [Theory]
        [InlineData("")]
        [InlineData("$VerbosePreference = 'Continue'; ")]
        public void NoCmdletPromptsUnderDebug(string preamble)
        {
            var host = new ScriptedHost();
            var scenario = SimHost.FrozenDemo();
            // Stops and switches end at once, so -Wait ends on the frozen clock.
            scenario.StopSeconds = scenario.ReleaseSeconds = scenario.SwitchSeconds = 0;
            using var h = SimHost.Start(scenario, psHost: host);
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(120)); // redis-sessions-incr in incremental migration, for the IP switch
            var lines = Lines(h);
            var exported = h.Run("(Get-Command -Module HuaweiMigration -CommandType Cmdlet).Name").Output.Select(o => o.ToString()).ToList();
            Assert.Empty(exported.Except(lines.Keys, StringComparer.OrdinalIgnoreCase));

            var debug = new List<string>();
            foreach (var line in lines.Values.SelectMany(l => l))
            {
                var r = h.Run(preamble + line);
                Assert.True(host.Prompts.Count == 0, $"{line} prompted: {string.Join(" | ", host.Prompts)}");
                Assert.True(r.Terminating == null, $"{line}: {r.Terminating?.Message}");
                Assert.True(r.Errors.Count == 0, $"{line}: {string.Join("; ", r.Errors)}");
                debug.AddRange(r.Debug);
            }
            // -Debug still shows the request headers, redacted.
            Assert.Contains(debug, d => d.Contains("Authorization: <redacted>"));
        }

        [Fact]
        public void VerboseWithDebugShowsBothStreams()
        {
            var host = new ScriptedHost();
            using var h = SimHost.Start(psHost: host);
            var r = h.Run($"Get-DcsMigrationStats -TaskId {h.Scenario.DcsTasks[0].TaskId} -Verbose -Debug");
            Assert.Empty(host.Prompts);
            Assert.Contains(r.Verbose, v => v.Contains("/stats"));
            Assert.Contains(r.Debug, d => d.Contains("/stats"));
        }
    }
}
