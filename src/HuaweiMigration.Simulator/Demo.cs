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
    /// engine and runs the everyday commands, printing each command and what it returns.
    /// </summary>
    internal static class Demo
    {
        const string Script = @"
function Show([string] $command, [scriptblock] $run) { ''; ""PS> $command""; & $run }

Show 'Connect-HuaweiCloud -Region cn-north-4 -AccessKey $ak -SecretKey $sk -Endpoint $endpoint -PassThru' {
    Connect-HuaweiCloud -Region $region -AccessKey $ak -SecretKey $sk -Endpoint $endpoint -PassThru |
        ForEach-Object { '  {0} project {1}, {2} {3}, endpoint {4}' -f $_.Region, $_.ProjectId, $_.CredentialKind, $_.AccessKey, $_.DcsEndpoint }
}

Show 'Get-DcsMigrationTask' {
    '  {0,-34} {1,-22} {2,-16} {3}' -f 'TaskId', 'TaskName', 'Status', 'CreatedAt (UTC)'
    Get-DcsMigrationTask | ForEach-Object { '  {0,-34} {1,-22} {2,-16} {3:u}' -f $_.TaskId, $_.TaskName, $_.Status, $_.CreatedAtUtc }
}

Show 'Get-DcsMigrationTask | Get-DcsMigrationStats | Where-Object FullMigrationProgress -lt 100' {
    '  {0,-34} {1,11} {2,10} {3,10}' -f 'TaskId', 'Progress(%)', 'Source', 'Keys left'
    Get-DcsMigrationTask | Get-DcsMigrationStats | Where-Object FullMigrationProgress -lt 100 |
        ForEach-Object { '  {0,-34} {1,11:0.0} {2,10:N0} {3,10:N0}' -f $_.TaskId, $_.FullMigrationProgress, $_.SourceDbSize, $_.KeysRemaining }
}

Show 'Get-DrsJob' {
    '  {0,-38} {1,-20} {2,-24} {3,-14} {4}' -f 'Id', 'Name', 'Status', 'JobType', 'TaskMode'
    Get-DrsJob | ForEach-Object { '  {0,-38} {1,-20} {2,-24} {3,-14} {4}' -f $_.Id, $_.Name, $_.Status, $_.JobType, $_.TaskMode }
}

Show 'Get-DrsJob | Get-DrsJobProgress' {
    '  {0,-20} {1,-24} {2,11} {3,10}' -f 'JobName', 'TransferStatus', 'Progress(%)', 'Remaining'
    Get-DrsJob | Get-DrsJobProgress |
        ForEach-Object { '  {0,-20} {1,-24} {2,11:0.0} {3,10}' -f $_.JobName, $_.TransferStatus, $_.Progress, $_.RemainingTime }
}

Show ""Get-DrsJobProgress -JobId $objectsJob -ObjectType table -First 3"" {
    Get-DrsJobProgress -JobId $objectsJob -ObjectType table -First 3 |
        ForEach-Object { '  {0}.{1} -> {2}.{3}: {4}%' -f $_.SourceDatabase, $_.SourceObject, $_.TargetDatabase, $_.TargetObject, $_.Progress }
}

Show 'Get-DrsJob | Watch-Migration -DcsTaskId (Get-DcsMigrationTask).TaskId -Until CaughtUp -Interval 2 -Timeout 25' {
    '  (simulated time runs fast; one migration of each kind fails and one stalls on purpose)'
    '  {0,-4} {1,-22} {2,-12} {3,-24} {4,8} {5}' -f 'Svc', 'Name', 'Phase', 'Status', 'Percent', 'Cut over?'
    # -Stream keeps every sample for the report below; the table shows each migration's last.
    $global:watched = @(Get-DrsJob | Watch-Migration -DcsTaskId (Get-DcsMigrationTask).TaskId -Until CaughtUp -Interval 2 -Timeout 25 -Stream -ErrorVariable watchErrors)
    $global:watchErrors = $watchErrors
    $last = [ordered]@{}
    foreach ($s in $watched) { $last[""$($s.Service)/$($s.Id)""] = $s }
    $last.Values | ForEach-Object { '  {0,-4} {1,-22} {2,-12} {3,-24} {4,8:0.0} {5}' -f $_.Service, $_.Name, $_.Phase, $_.Status, $_.Percent, $(if ($_.ConditionMet) { 'yes' } else { 'no' }) }
}

Show ""@(`$watched) + @(`$watchErrors) | Export-MigrationReport -Path $reportPath -Force -PassThru"" {
    @($watched) + @($watchErrors) | Export-MigrationReport -Path $reportPath -Title 'Demo cutover' -Force -PassThru |
        ForEach-Object { '  Report written: {0} ({1:N0} bytes); open it in a browser' -f $_.FullName, $_.Length }
}

Show ""Get-DrsJob -Name mysql-billing-sync, mysql-ledger-dr | Start-DrsComparison -Wait -Interval 1 -Timeout 60 -Confirm:`$false -PassThru"" {
    '  (object-level and row comparisons, as Huawei asks before a job is stopped)'
    '  {0,-20} {1,-7} {2,-10} {3,-13} {4}' -f 'Job', 'Type', 'Status', 'Result', 'Inconsistent'
    Get-DrsJob -Name mysql-billing-sync, mysql-ledger-dr | Start-DrsComparison -Wait -Interval 1 -Timeout 60 -Confirm:$false -PassThru |
        ForEach-Object { '  {0,-20} {1,-7} {2,-10} {3,-13} {4}' -f $_.JobName, $_.Type, $_.Status, $_.Result, $_.Inconsistent }
}

Show 'Get-DrsJob -Name mysql-billing-sync, mysql-ledger-dr | Test-MigrationReadiness' {
    '  {0,-20} {1,-6} {2}' -f 'Name', 'Ready', 'Why not'
    Get-DrsJob -Name mysql-billing-sync, mysql-ledger-dr | Test-MigrationReadiness |
        ForEach-Object { '  {0,-20} {1,-6} {2}' -f $_.Name, $_.IsReady, ((@($_.Blockers) + @($_.Warnings) | ForEach-Object { $_.Code + ': ' + $_.Message }) -join ' ') }
}

Show 'Get-DrsJob -Name mysql-ledger-dr | Get-DrsComparison -Type Rows -Detail | Where-Object Result -ne Consistent' {
    Get-DrsJob -Name mysql-ledger-dr | Get-DrsComparison -Type Rows -Detail | Where-Object Result -ne Consistent |
        ForEach-Object { '  {0}: source {1} rows, target {2}, {3} differ ({4}, code {5})' -f $_.Subject, $_.SourceCount, $_.TargetCount, $_.Difference, $_.Result, $_.ResultCode }
}

Show ""Get-DcsMigrationTask -Name redis-sessions-incr | Stop-DcsMigrationTask -Force -Wait -PassThru"" {
    '  (the application has switched to the target: end the replication)'
    Get-DcsMigrationTask -Name redis-sessions-incr | Stop-DcsMigrationTask -Force -Wait -PassThru |
        ForEach-Object { '  {0} {1}: {2}' -f $_.TaskId, $_.TaskName, $_.Status }
}
";

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

            using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            runspace.Open();
            var vars = runspace.SessionStateProxy;
            vars.SetVariable("region", scenario.Region);
            vars.SetVariable("ak", scenario.Credentials[0].AccessKey);
            vars.SetVariable("sk", Secure(scenario.Credentials[0].SecretKey));
            vars.SetVariable("endpoint", server.BaseUrl.AbsoluteUri);
            vars.SetVariable("reportPath", Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(manifest)), "demo-report.html"));
            vars.SetVariable("objectsJob", scenario.DrsJobs.Find(j => j.Objects.Count > 0)?.JobId ?? scenario.DrsJobs[0].JobId);

            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddCommand("Import-Module").AddParameter("Name", manifest).AddParameter("ErrorAction", "Stop").Invoke();
            ps.Commands.Clear();
            ps.AddScript(Script);
            ps.Streams.Error.DataAdded += (_, e) => Console.WriteLine("  ERROR " + ps.Streams.Error[e.Index].FullyQualifiedErrorId.Split(',')[0] + ": " + ps.Streams.Error[e.Index]);
            ps.Streams.Warning.DataAdded += (_, e) => Console.WriteLine("  WARNING: " + ps.Streams.Warning[e.Index].Message);
            var output = new PSDataCollection<PSObject>();
            output.DataAdded += (_, e) => Console.WriteLine(output[e.Index]);
            await Task.Factory.FromAsync(ps.BeginInvoke<PSObject, PSObject>(null, output), ps.EndInvoke).ConfigureAwait(false);
            Console.WriteLine();
            Console.WriteLine($"Done: {server.Requests.Count()} requests served. Run `dotnet tool restore && dotnet pwsh -File build.ps1 -Test` for the test suites.");
            return ps.HadErrors && output.Count == 0 ? 1 : 0;
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
