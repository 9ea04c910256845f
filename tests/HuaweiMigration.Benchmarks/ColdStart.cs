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
    /// The target is measured on a precompiled copy of the tool manifest's pwsh (<see cref="PrecompiledPwsh"/>), as
    /// installed PowerShell is; the tool manifest's own IL-only pwsh gives an info row. Both start as <c>dotnet pwsh.dll</c>.
    /// </summary>
    internal sealed class ColdStart
    {
        public sealed class Sample
        {
            /// <summary>On the precompiled pwsh.</summary>
            public double EmptyMs, RestMethodMs, ModuleMs;
            /// <summary>The same script with tests/FloorModule's two cmdlets: what the engine and the runtime cost any binary module.</summary>
            public double FloorMs;
            /// <summary>The split printed by the instrumented copy of the module's script (its own process).</summary>
            public double SplitMs, ImportMs, ConnectMs, FirstCallMs;
            /// <summary>The empty and the module's script again with POWERSHELL_TELEMETRY_OPTOUT=1.</summary>
            public double EmptyOptOutMs, ModuleOptOutMs;
            /// <summary>The empty and the module's script on the tool manifest's IL-only pwsh.</summary>
            public double EmptyIlMs, ModuleIlMs;
        }

        const string TelemetryOptOut = "POWERSHELL_TELEMETRY_OPTOUT";

        readonly string _dotnet;
        readonly string _dir;

        readonly string _floorModule;

        ColdStart(string dotnet, string ilPwsh, string precompiledPwsh, string floorModule, string dir)
        {
            _dotnet = dotnet; IlPwsh = ilPwsh; PrecompiledPwsh = precompiledPwsh; _floorModule = floorModule; _dir = dir;
        }

        /// <summary>tests/FloorModule's manifest, built.</summary>
        public string FloorModule => _floorModule;

        /// <summary>The dotnet host that starts pwsh.dll.</summary>
        public string Dotnet => _dotnet;

        /// <summary>The tool manifest's pwsh.dll, IL only.</summary>
        public string IlPwsh { get; }

        /// <summary>Its precompiled copy, or HUAWEIMIGRATION_BENCHMARK_PWSH's pwsh.dll.</summary>
        public string PrecompiledPwsh { get; }

        /// <summary>
        /// Finds the tool manifest's pwsh (dotnet tool restore must have run), precompiles a copy of it, and writes the scripts.
        /// </summary>
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
            // What a runbook writes, and nothing else: timing it inside would add PowerShell's own first use of the
            // Stopwatch type, string formatting and [Console] (tens of ms) to the module's share.
            File.WriteAllText(Path.Combine(dir, "module.ps1"),
                "param($Module, $Region, $ProjectId, $Endpoint, $TaskId)\n" +
                "Import-Module $Module -ErrorAction Stop\n" +
                "Connect-HuaweiCloud -Region $Region -ProjectId $ProjectId -Endpoint $Endpoint -ErrorAction Stop\n" +
                "$task = Get-DcsMigrationTask -TaskId $TaskId -ErrorAction Stop\n" +
                "if ($task.TaskId -ne $TaskId) { exit 9 }\n");
            // Credentials come from HUAWEICLOUD_SDK_AK/_SK, as a runbook's would. Nothing goes down the pipeline, as in the
            // other two scripts: the first object written to the host would start PowerShell's formatting, which is no
            // part of the module's cost; the split goes straight to standard output.
            File.WriteAllText(Path.Combine(dir, "split.ps1"),
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
            string precompiled = Environment.GetEnvironmentVariable("HUAWEIMIGRATION_BENCHMARK_PWSH") is string other && other.Length > 0
                ? Path.GetFullPath(other) : Benchmarks.PrecompiledPwsh.For(home);
            File.WriteAllText(Path.Combine(dir, "floor.ps1"),
                "param($Module, $Endpoint, $ProjectId, $TaskId)\n" +
                "Import-Module $Module -ErrorAction Stop\n" +
                "Connect-Floor -Endpoint $Endpoint\n" +
                "$task = Get-FloorTask -ProjectId $ProjectId -TaskId $TaskId\n" +
                "if ($task.TaskId -ne $TaskId) { exit 9 }\n");
            return new ColdStart(dotnet, Path.Combine(home, "pwsh.dll"), precompiled, BuildFloorModule(dotnet), dir);
        }

        /// <summary>Builds tests/FloorModule into the benchmark's output folder; returns its manifest.</summary>
        static string BuildFloorModule(string dotnet)
        {
            string output = Path.Combine(AppContext.BaseDirectory, "FloorModule", "FloorModule");
            var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "build", Path.Combine(RepoPaths.Root, "tests", "FloorModule", "FloorModule.csproj"), "-c", "Release", "-o", output, "-nologo" })
                psi.ArgumentList.Add(a);
            using (var p = Process.Start(psi))
            {
                var stderr = p.StandardError.ReadToEndAsync();
                string stdout = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode != 0) throw new InvalidOperationException("building tests/FloorModule failed: " + stdout + stderr.Result);
            }
            return Path.Combine(output, "FloorModule.psd1");
        }

        /// <summary>
        /// One unmeasured round, then <paramref name="rounds"/> rounds, the order rotating each round. On the precompiled
        /// pwsh: the empty script, the Invoke-RestMethod one, the module's, its instrumented copy, then the empty and the
        /// module's again with PowerShell's telemetry off, and the floor module's; on the IL-only pwsh: the empty script and
        /// the module's.
        /// </summary>
        public List<Sample> Measure(int rounds, Uri endpoint, string region, string projectId, string accessKey, string secretKey, string taskId)
        {
            string restUrl = new Uri(endpoint, $"v2/{projectId}/migration-task/{taskId}/stats").AbsoluteUri;
            var env = new Dictionary<string, string> { ["HUAWEICLOUD_SDK_AK"] = accessKey, ["HUAWEICLOUD_SDK_SK"] = secretKey };
            var optOut = new Dictionary<string, string>(env) { [TelemetryOptOut] = "1" };
            string[] moduleArgs = { RepoPaths.ModuleManifest, region, projectId, endpoint.AbsoluteUri, taskId };
            var samples = new List<Sample>();
            const int kinds = 9;
            for (int round = -1; round < rounds; round++)
            {
                var s = new Sample();
                for (int k = 0; k < kinds; k++)
                {
                    switch ((k + Math.Max(0, round)) % kinds)
                    {
                        case 0: s.EmptyMs = Run(PrecompiledPwsh, "empty.ps1", null).Ms; break;
                        case 1: s.RestMethodMs = Run(PrecompiledPwsh, "irm.ps1", null, restUrl).Ms; break;
                        case 2: s.ModuleMs = Run(PrecompiledPwsh, "module.ps1", env, moduleArgs).Ms; break;
                        case 3: s.EmptyOptOutMs = Run(PrecompiledPwsh, "empty.ps1", optOut).Ms; break;
                        case 4: s.ModuleOptOutMs = Run(PrecompiledPwsh, "module.ps1", optOut, moduleArgs).Ms; break;
                        case 5: s.EmptyIlMs = Run(IlPwsh, "empty.ps1", null).Ms; break;
                        case 6: s.ModuleIlMs = Run(IlPwsh, "module.ps1", env, moduleArgs).Ms; break;
                        case 7: s.FloorMs = Run(PrecompiledPwsh, "floor.ps1", null, _floorModule, endpoint.AbsoluteUri, projectId, taskId).Ms; break;
                        default:
                            var (ms, output) = Run(PrecompiledPwsh, "split.ps1", env, moduleArgs);
                            var split = output.LastOrDefault(l => l.StartsWith("SPLIT ", StringComparison.Ordinal))?.Split(' ')
                                ?? throw new InvalidOperationException("split.ps1 printed no split: " + string.Join(" | ", output));
                            s.SplitMs = ms;
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

        (double Ms, List<string> Output) Run(string pwshDll, string script, IDictionary<string, string> env, params string[] args) =>
            RunScript(_dotnet, pwshDll, Path.Combine(_dir, script), env, args);

        /// <summary>
        /// Runs <paramref name="script"/> in a fresh <c>pwsh -NoProfile -NonInteractive -File</c>, without the benchmark's
        /// own credential or telemetry variables unless <paramref name="env"/> sets them; wall-clock time and output lines.
        /// </summary>
        public static (double Ms, List<string> Output) RunScript(string dotnet, string pwshDll, string script, IDictionary<string, string> env, params string[] args)
        {
            var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(script) };
            foreach (var a in new[] { pwshDll, "-NoProfile", "-NonInteractive", "-File", script }) psi.ArgumentList.Add(a);
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
                    throw new InvalidOperationException($"{Path.GetFileName(script)} exited {p.ExitCode}: {stderr.Result} {string.Join(" | ", lines)}");
                return (watch.Elapsed.TotalMilliseconds, lines);
            }
        }
    }
}
