using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace HuaweiMigration.Benchmarks
{
    /// <summary>
    /// Import time in fresh precompiled pwsh processes (the same pwsh as the cold-start target): each imports a throw-away
    /// manifest first, which pays the engine's first module load, then times Import-Module alone. The baseline imports the
    /// module's manifest with no RootModule, so the difference is what the module itself costs.
    /// </summary>
    internal static class ImportTime
    {
        /// <summary>
        /// Median import time of the module and of the baseline, alternating, <paramref name="runs"/> each. The baseline is
        /// the module's own manifest without RootModule and FormatsToProcess, so the engine's work on the manifest itself
        /// (its version checks, export lists and private data) is in both, and the difference is what the dll, its
        /// cmdlets, its initializer and its views cost.
        /// </summary>
        public static (double Module, double Baseline) Measure(string manifest, int runs, string dotnet, string pwshDll)
        {
            string empty = WriteBaselineManifest(manifest);
            string warmUp = WriteEmptyManifest("WarmUpModule");
            string script = Path.Combine(AppContext.BaseDirectory, "import-time.ps1");
            File.WriteAllText(script,
                "param($WarmUp, $Module)\n" +
                "Import-Module $WarmUp -ErrorAction Stop\n" +
                "$sw = [System.Diagnostics.Stopwatch]::StartNew()\n" +
                "Import-Module $Module -ErrorAction Stop\n" +
                "$ms = $sw.Elapsed.TotalMilliseconds\n" +
                "if (-not (Get-Module -Name ([System.IO.Path]::GetFileNameWithoutExtension($Module)))) { exit 9 }\n" +
                "[Console]::Out.WriteLine($ms.ToString([cultureinfo]::InvariantCulture))\n");
            double Once(string path) =>
                double.Parse(ColdStart.RunScript(dotnet, pwshDll, script, null, warmUp, path).Output.Last(), CultureInfo.InvariantCulture);
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

        static string WriteBaselineManifest(string manifest)
        {
            string name = Path.GetFileNameWithoutExtension(manifest);
            string dir = Path.Combine(AppContext.BaseDirectory, "NoRootModule", name);
            Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, name + ".psd1");
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
