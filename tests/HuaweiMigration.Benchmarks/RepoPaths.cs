using System;
using System.IO;

namespace HuaweiMigration.Benchmarks
{
    /// <summary>The repository root (the folder holding HuaweiMigration.psd1) and the built module under it.</summary>
    internal static class RepoPaths
    {
        public static readonly string Root = FindRoot();
        /// <summary>out/HuaweiMigration's manifest, or HUAWEIMIGRATION_BENCHMARK_MODULE's, to compare another build.</summary>
        public static string ModuleManifest => Environment.GetEnvironmentVariable("HUAWEIMIGRATION_BENCHMARK_MODULE") is string other && other.Length > 0
            ? Path.GetFullPath(other)
            : Path.Combine(Root, "out", "HuaweiMigration", "HuaweiMigration.psd1");

        static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "HuaweiMigration.psd1")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
                    return dir.FullName;
            throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
        }
    }
}
