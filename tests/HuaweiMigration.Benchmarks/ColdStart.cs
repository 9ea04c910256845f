using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace HuaweiMigration.Benchmarks
{
    /// <summary>
    /// Cold start of a runbook: fresh <c>pwsh -NoProfile -NonInteractive -File</c> processes, alternating an empty script,
    /// one Invoke-RestMethod and the module's script (import, Connect with its credential check, one Get-DcsMigrationTask).
    /// The pwsh is the repository's own (the tool manifest's PowerShell), started as <c>dotnet pwsh.dll</c>.
    /// </summary>
    internal sealed class ColdStart
    {
        public sealed class Sample
        {
            public double EmptyMs, RestMethodMs, ModuleMs, ImportMs, ConnectMs, FirstCallMs;
            /// <summary>The empty and the module's script again with POWERSHELL_TELEMETRY_OPTOUT=1.</summary>
            public double EmptyOptOutMs, ModuleOptOutMs;
        }

        const string TelemetryOptOut = "POWERSHELL_TELEMETRY_OPTOUT";

        readonly string _dotnet;
        readonly string _pwshDll;
        readonly string _dir;

        ColdStart(string dotnet, string pwshDll, string dir) { _dotnet = dotnet; _pwshDll = pwshDll; _dir = dir; }

        /// <summary>Finds the tool manifest's pwsh (dotnet tool restore must have run) and writes the three scripts.</summary>
        public static ColdStart Prepare()
        {
            string dotnet = Environment.ProcessPath;
            if (!Path.GetFileNameWithoutExtension(dotnet).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) dotnet = "dotnet";
            var psi = new ProcessStartInfo(dotnet) { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", "$PSHOME" }) psi.ArgumentList.Add(a);
            string home;
            using (var p = Process.Start(psi))
            {
                home = p.StandardOutput.ReadToEnd().Trim();
                p.WaitForExit();
                if (p.ExitCode != 0 || !File.Exists(Path.Combine(home, "pwsh.dll")))
                    throw new InvalidOperationException("cold-start needs the tool manifest's PowerShell: run 'dotnet tool restore' at the repository root. " + p.StandardError.ReadToEnd());
            }
            string dir = Path.Combine(AppContext.BaseDirectory, "ColdStart");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "empty.ps1"), "# nothing\n");
            File.WriteAllText(Path.Combine(dir, "irm.ps1"),
                "param($Url)\n$null = Invoke-RestMethod -Uri $Url -SkipHttpErrorCheck\n");
            // Credentials come from HUAWEICLOUD_SDK_AK/_SK, as a runbook's would. Nothing goes down the pipeline, as in the
            // other two scripts: the first object written to the host would start PowerShell's formatting, which is no
            // part of the module's cost; the split goes straight to standard output.
            File.WriteAllText(Path.Combine(dir, "module.ps1"),
                "param($Module, $Region, $ProjectId, $Endpoint, $TaskId)\n" +
                "$sw = [System.Diagnostics.Stopwatch]::StartNew()\n" +
                "Import-Module $Module -ErrorAction Stop\n" +
                "$a = $sw.Elapsed.TotalMilliseconds\n" +
                "Connect-HuaweiCloud -Region $Region -ProjectId $ProjectId -Endpoint $Endpoint -ErrorAction Stop\n" +
                "$b = $sw.Elapsed.TotalMilliseconds\n" +
                "$task = Get-DcsMigrationTask -TaskId $TaskId -ErrorAction Stop\n" +
                "$c = $sw.Elapsed.TotalMilliseconds\n" +
                "if ($task.TaskId -ne $TaskId) { exit 9 }\n" +
                "$split = 'SPLIT {0} {1} {2}' -f $a.ToString([cultureinfo]::InvariantCulture), ($b - $a).ToString([cultureinfo]::InvariantCulture), ($c - $b).ToString([cultureinfo]::InvariantCulture)\n" +
                "[Console]::Out.WriteLine($split)\n");
            return new ColdStart(dotnet, Path.Combine(home, "pwsh.dll"), dir);
        }

        /// <summary>
        /// One unmeasured round, then <paramref name="rounds"/> rounds, the order rotating each round: the empty script, the
        /// Invoke-RestMethod one and the module's, then the empty and the module's again with PowerShell's telemetry off.
        /// </summary>
        public List<Sample> Measure(int rounds, Uri endpoint, string region, string projectId, string accessKey, string secretKey, string taskId)
        {
            string restUrl = new Uri(endpoint, $"v2/{projectId}/migration-task/{taskId}/stats").AbsoluteUri;
            var env = new Dictionary<string, string> { ["HUAWEICLOUD_SDK_AK"] = accessKey, ["HUAWEICLOUD_SDK_SK"] = secretKey };
            var optOut = new Dictionary<string, string>(env) { [TelemetryOptOut] = "1" };
            var samples = new List<Sample>();
            for (int round = -1; round < rounds; round++)
            {
                var s = new Sample();
                for (int k = 0; k < 5; k++)
                {
                    switch ((k + Math.Max(0, round)) % 5)
                    {
                        case 0: s.EmptyMs = Run("empty.ps1", null).Ms; break;
                        case 1: s.RestMethodMs = Run("irm.ps1", null, restUrl).Ms; break;
                        case 2: s.EmptyOptOutMs = Run("empty.ps1", optOut).Ms; break;
                        case 3: s.ModuleOptOutMs = Run("module.ps1", optOut, RepoPaths.ModuleManifest, region, projectId, endpoint.AbsoluteUri, taskId).Ms; break;
                        default:
                            var (ms, output) = Run("module.ps1", env, RepoPaths.ModuleManifest, region, projectId, endpoint.AbsoluteUri, taskId);
                            var split = output.LastOrDefault(l => l.StartsWith("SPLIT ", StringComparison.Ordinal))?.Split(' ')
                                ?? throw new InvalidOperationException("module.ps1 printed no split: " + string.Join(" | ", output));
                            s.ModuleMs = ms;
                            s.ImportMs = double.Parse(split[1], CultureInfo.InvariantCulture);
                            s.ConnectMs = double.Parse(split[2], CultureInfo.InvariantCulture);
                            s.FirstCallMs = double.Parse(split[3], CultureInfo.InvariantCulture);
                            break;
                    }
                }
                if (round >= 0) samples.Add(s);
            }
            return samples;
        }

        (double Ms, List<string> Output) Run(string script, IDictionary<string, string> env, params string[] args)
        {
            var psi = new ProcessStartInfo(_dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir };
            foreach (var a in new[] { _pwshDll, "-NoProfile", "-NonInteractive", "-File", Path.Combine(_dir, script) }) psi.ArgumentList.Add(a);
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment.Remove("HUAWEICLOUD_SDK_AK");
            psi.Environment.Remove("HUAWEICLOUD_SDK_SK");
            psi.Environment.Remove(TelemetryOptOut);
            if (env != null) foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
            var watch = Stopwatch.StartNew();
            using (var p = Process.Start(psi))
            {
                var stderr = p.StandardError.ReadToEndAsync();
                var lines = new List<string>();
                string line;
                while ((line = p.StandardOutput.ReadLine()) != null) lines.Add(line);
                p.WaitForExit();
                watch.Stop();
                if (p.ExitCode != 0 || stderr.Result.Length > 0)
                    throw new InvalidOperationException($"{script} exited {p.ExitCode}: {stderr.Result} {string.Join(" | ", lines)}");
                return (watch.Elapsed.TotalMilliseconds, lines);
            }
        }
    }
}
