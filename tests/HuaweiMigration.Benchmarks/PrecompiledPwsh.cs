using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace HuaweiMigration.Benchmarks
{
    /// <summary>
    /// A copy of the tool manifest's pwsh with its IL-only assemblies compiled ahead of time by crossgen2, as an installed
    /// PowerShell's are. The tool package ships System.Management.Automation and the host as IL only, so every first use
    /// of the engine is compiled at run time and swamps what a module costs; the figures (an empty script in
    /// 323 to 346 ms) come from an installed, precompiled pwsh, and this copy gives the same on this machine.
    /// Built once per pwsh and runtime version under the benchmark's output folder.
    /// </summary>
    internal static class PrecompiledPwsh
    {
        /// <summary>The precompiled copy's pwsh.dll, built now unless already there.</summary>
        public static string For(string pwshHome)
        {
            string version = Environment.Version.ToString();
            string pwshVersion = FileVersionInfo.GetVersionInfo(Path.Combine(pwshHome, "System.Management.Automation.dll")).ProductVersion?.Split(' ', '+')[0];
            string target = Path.Combine(AppContext.BaseDirectory, "pwsh-r2r", pwshVersion + "-net" + version);
            string marker = Path.Combine(target, ".precompiled");
            if (File.Exists(marker)) return Path.Combine(target, "pwsh.dll");

            var watch = Stopwatch.StartNew();
            string crossgen = FindCrossgen(version) ?? RestoreCrossgen(version);
            if (Directory.Exists(target)) Directory.Delete(target, true);
            CopyDirectory(pwshHome, target);
            string framework = Path.GetDirectoryName(typeof(object).Assembly.Location);
            var ilOnly = Directory.GetFiles(pwshHome, "*.dll").Where(IsIlOnly).ToList();
            Console.WriteLine($"  precompiling {ilOnly.Count} IL-only assemblies of {pwshHome} with {crossgen} ...");
            var failures = new List<string>();
            Parallel.ForEach(ilOnly, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, dll =>
            {
                string output = Path.Combine(target, Path.GetFileName(dll));
                var psi = new ProcessStartInfo(crossgen) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var a in new[] { "-r", Path.Combine(framework, "*.dll"), "-r", Path.Combine(pwshHome, "*.dll"),
                    "--targetos:" + TargetOs(), "--targetarch:" + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(), "-O", dll, "-o", output })
                    psi.ArgumentList.Add(a);
                using (var p = Process.Start(psi))
                {
                    var stderr = p.StandardError.ReadToEndAsync();
                    p.StandardOutput.ReadToEnd();
                    p.WaitForExit();
                    // An assembly crossgen2 cannot compile stays IL, as in the package.
                    if (p.ExitCode != 0)
                    {
                        File.Copy(dll, output, true);
                        lock (failures) failures.Add(Path.GetFileName(dll) + ": " + stderr.Result.Split('\n').FirstOrDefault());
                    }
                }
            });
            foreach (var f in failures) Console.WriteLine("  left as IL: " + f);
            File.WriteAllText(marker, string.Join("\n", ilOnly.Select(Path.GetFileName).Except(failures.Select(f => f.Split(':')[0]))) + "\n");
            Console.WriteLine($"  precompiled in {watch.Elapsed.TotalSeconds:0} s");
            return Path.Combine(target, "pwsh.dll");
        }

        /// <summary>A managed assembly with no native code of its own (no ReadyToRun header).</summary>
        internal static bool IsIlOnly(string path)
        {
            try
            {
                using (var pe = new PEReader(File.OpenRead(path)))
                {
                    var cor = pe.PEHeaders.CorHeader;
                    return cor != null && cor.ManagedNativeHeaderDirectory.Size == 0;
                }
            }
            catch (BadImageFormatException) { return false; }
        }

        static string TargetOs() =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "windows" : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx" : "linux";

        static string Rid() => TargetOs().Replace("windows", "win") + "-" + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();

        static string PackagesFolder() => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is string p && p.Length > 0
            ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

        /// <summary>crossgen2 of the running runtime's version from the NuGet cache, or null.</summary>
        static string FindCrossgen(string version)
        {
            string exe = Path.Combine(PackagesFolder(), "microsoft.netcore.app.crossgen2." + Rid(), version, "tools",
                RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "crossgen2.exe" : "crossgen2");
            return File.Exists(exe) ? exe : null;
        }

        /// <summary>Restores a throw-away project that publishes ReadyToRun, so that the SDK fetches its crossgen2 pack.</summary>
        static string RestoreCrossgen(string version)
        {
            string dir = Path.Combine(AppContext.BaseDirectory, "crossgen-restore");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "CrossgenRestore.csproj"),
                "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType>" +
                $"<TargetFramework>net{Environment.Version.Major}.0</TargetFramework><RuntimeIdentifier>{Rid()}</RuntimeIdentifier>" +
                "<PublishReadyToRun>true</PublishReadyToRun><SelfContained>false</SelfContained></PropertyGroup></Project>\n");
            var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, UseShellExecute = false };
            foreach (var a in new[] { "restore", "CrossgenRestore.csproj" }) psi.ArgumentList.Add(a);
            using (var p = Process.Start(psi)) p.WaitForExit();
            return FindCrossgen(version) ?? throw new InvalidOperationException(
                $"cold-start needs crossgen2 {version} for {Rid()} to precompile pwsh; 'dotnet restore' of {dir} did not fetch it.");
        }

        static void CopyDirectory(string from, string to)
        {
            foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
                Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
                File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), true);
        }
    }
}
