using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace HuaweiMigration.Benchmarks
{
    /// <summary>
    /// Import time in fresh processes: the child opens a runspace, then times Import-Module alone.
    /// The baseline imports a manifest with no RootModule, so the difference is what the module itself costs.
    /// </summary>
    internal static class ImportTimeChild
    {
        public const string Command = "import-child";

        /// <summary>Child side: prints the milliseconds Import-Module took.</summary>
        public static int Run(string[] args)
        {
            using (var ps = new HostedPowerShell())
            {
                // The engine's own first pipeline and first module load are not the module's cost: a throw-away
                // manifest takes them, so both rows time only their own import.
                ps.Invoke("Import-Module -Name " + HostedPowerShell.Quote(WriteEmptyManifest("WarmUpModule")) + " -ErrorAction Stop");
                var watch = Stopwatch.StartNew();
                ps.Invoke("Import-Module -Name " + HostedPowerShell.Quote(args[1]) + " -ErrorAction Stop");
                watch.Stop();
                if (ps.Invoke("Get-Module -Name HuaweiMigration").Count != 1) throw new InvalidOperationException(args[1] + " was not imported.");
                Console.WriteLine(watch.Elapsed.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture));
            }
            return 0;
        }

        /// <summary>
        /// Parent side: median import time of the module and of the baseline, alternating, <paramref name="runs"/> each.
        /// The baseline is the module's own manifest without RootModule and FormatsToProcess, so the engine's work on the
        /// manifest itself (its version checks, export lists and private data) is in both, and the difference is what the
        /// dll, its cmdlets, its initializer and its views cost.
        /// </summary>
        public static (double Module, double Baseline) Measure(string manifest, int runs)
        {
            string empty = WriteBaselineManifest(manifest);
            // One unmeasured run of each warms the disk cache.
            Once(manifest); Once(empty);
            var module = new List<double>();
            var baseline = new List<double>();
            for (int i = 0; i < runs; i++)
            {
                module.Add(Once(manifest));
                baseline.Add(Once(empty));
            }
            return (ResultTable.Median(module), ResultTable.Median(baseline));
        }

        static double Once(string manifest) =>
            double.Parse(ChildProcess.Run(Command, manifest).Last(), CultureInfo.InvariantCulture);

        static string WriteBaselineManifest(string manifest)
        {
            string dir = Path.Combine(AppContext.BaseDirectory, "NoRootModule", "HuaweiMigration");
            Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, "HuaweiMigration.psd1");
            var lines = File.ReadAllLines(manifest).Where(l => !System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s*(RootModule|FormatsToProcess)\s*="));
            File.WriteAllLines(path, lines);
            return path;
        }

        static string WriteEmptyManifest(string name)
        {
            string dir = Path.Combine(AppContext.BaseDirectory, name);
            Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, name + ".psd1");
            File.WriteAllText(path,
                "@{\n    ModuleVersion = '1.0.0'\n    GUID = '3c1c3f55-5a43-4a0e-9b2e-000000000001'\n    FunctionsToExport = @()\n    CmdletsToExport = @()\n    AliasesToExport = @()\n    VariablesToExport = @()\n}\n");
            return path;
        }
    }
}
