using System;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Threading.Tasks;

namespace HuaweiMigration.Simulator
{
    /// <summary>
    /// `demo`: starts the simulator with the demo scenario, imports the built module into a hosted PowerShell
    /// engine and runs the everyday commands, printing each command and what it returns through the module's views.
    /// </summary>
    internal static class Demo
    {
        /// <summary>
        /// The commands, each run as typed at a prompt (its own pipeline, ending in Out-Default), so the output is what a
        /// console shows: the module's default views at the terminal's width, errors and warnings as pwsh writes them.
        /// A note, when there is one, is printed before the command.
        /// </summary>
        static readonly (string Note, string Command)[] Steps =
        {
            (null, "Connect-HuaweiCloud -Region $region -AccessKey $ak -SecretKey $sk -Endpoint $endpoint -PassThru"),
            (null, "Get-DcsMigrationTask"),
            (null, "Get-DcsMigrationTask | Get-DcsMigrationStats | Where-Object FullMigrationProgress -lt 100"),
            (null, "Get-DrsJob"),
            (null, "Get-DrsJob | Get-DrsJobProgress"),
            (null, "Get-DrsJobProgress -JobId $objectsJob -ObjectType table -First 3"),
            ("Simulated time runs fast. A DCS task and a DRS job fail and a DCS task stalls, on purpose: each gets an error.\n" +
             "-Stream keeps every sample, for the report.",
             "$watched = Get-DrsJob | Watch-Migration -DcsTaskId (Get-DcsMigrationTask).TaskId -Until CaughtUp -Interval 2 -Timeout 25 -Stream -ErrorVariable watchErrors"),
            ("The last sample of each migration:",
             "$last = [ordered]@{}; $watched | ForEach-Object { $last[$_.Id] = $_ }; $last.Values"),
            (null, "@($watched) + @($watchErrors) | Export-MigrationReport -Path $reportPath -Title 'Demo cutover' -Force -PassThru | ForEach-Object FullName"),
            ("Object-level and row comparisons, as Huawei asks before a job is stopped:",
             "Get-DrsJob -Name mysql-billing-sync, mysql-ledger-dr | Start-DrsComparison -Wait -Interval 1 -Timeout 60 -Confirm:$false -PassThru"),
            (null, "Get-DrsJob -Name mysql-billing-sync, mysql-ledger-dr | Test-MigrationReadiness"),
            (null, "(Test-MigrationReadiness -DrsJobId (Get-DrsJob -Name mysql-ledger-dr).Id).Blockers"),
            (null, "Get-DrsJob -Name mysql-ledger-dr | Get-DrsComparison -Type Rows -Detail | Where-Object Result -ne Consistent"),
            ("The application has switched to the target: end the replication.",
             "Get-DcsMigrationTask -Name redis-sessions-incr | Stop-DcsMigrationTask -Force -Wait -PassThru"),
        };

        public static async Task<int> RunAsync(string[] args)
        {
            double timeScale = 30;
            if (args.Length == 2 && args[0] == "--time-scale" && double.TryParse(args[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0)
                timeScale = s;
            else if (args.Length != 0)
                throw new FormatException("Usage: demo [--time-scale 30]");

            string manifest = FindModule();
            var scenario = Scenario.Demo();
            scenario.TimeScale = timeScale;
            await using var server = await SimulatorServer.StartAsync(scenario).ConfigureAwait(false);
            Console.WriteLine($"Simulator on {server.BaseUrl} (demo scenario, time x{timeScale.ToString(CultureInfo.InvariantCulture)}); module {manifest}");

            bool terminal = !Console.IsOutputRedirected;
            var host = new DemoHost(Console.Out, terminal, terminal && Console.WindowWidth > 0 ? Console.WindowWidth : 120);
            using var runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
            runspace.Open();
            var vars = runspace.SessionStateProxy;
            vars.SetVariable("region", scenario.Region);
            vars.SetVariable("ak", scenario.Credentials[0].AccessKey);
            vars.SetVariable("sk", Secure(scenario.Credentials[0].SecretKey));
            vars.SetVariable("endpoint", server.BaseUrl.AbsoluteUri);
            vars.SetVariable("reportPath", Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(manifest)), "demo-report.html"));
            vars.SetVariable("objectsJob", scenario.DrsJobs.Find(j => j.Objects.Count > 0)?.JobId ?? scenario.DrsJobs[0].JobId);

            using (var import = PowerShell.Create())
            {
                import.Runspace = runspace;
                import.AddCommand("Import-Module").AddParameter("Name", manifest).AddParameter("ErrorAction", "Stop").Invoke();
            }
            Console.WriteLine($"$region = '{scenario.Region}', $endpoint = '{server.BaseUrl.AbsoluteUri}', $objectsJob = '{vars.GetVariable("objectsJob")}', " +
                $"$reportPath = '{vars.GetVariable("reportPath")}'; $ak and $sk hold the demo scenario's access key.");
            foreach (var (note, command) in Steps)
            {
                Console.WriteLine();
                if (note != null) Console.WriteLine(note);
                Console.WriteLine("PS> " + command);
                using var ps = PowerShell.Create();
                ps.Runspace = runspace;
                ps.AddScript(command);
                ps.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
                ps.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Warning, PipelineResultTypes.Output);
                ps.AddCommand("Out-Default");
                try
                {
                    await Task.Factory.FromAsync(ps.BeginInvoke(), ps.EndInvoke).ConfigureAwait(false);
                }
                catch (RuntimeException ex)
                {
                    host.EndProgress();
                    Console.WriteLine("The demo stopped: " + ex.Message);
                    return 1;
                }
                host.EndProgress();
            }
            Console.WriteLine();
            Console.WriteLine($"Done: {server.Requests.Count()} requests served. Run `dotnet tool restore && dotnet pwsh -File build.ps1 -Test` for the test suites.");
            return 0;
        }

        /// <summary>out/HuaweiMigration/HuaweiMigration.psd1 under the repository root above this program.</summary>
        static string FindModule()
        {
            foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    string candidate = Path.Combine(dir.FullName, "out", "HuaweiMigration", "HuaweiMigration.psd1");
                    if (File.Exists(candidate)) return candidate;
                }
            throw new IOException("The built module was not found at out/HuaweiMigration. Run `dotnet build` at the repository root first.");
        }

        static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (char c in text) s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }
    }
}
