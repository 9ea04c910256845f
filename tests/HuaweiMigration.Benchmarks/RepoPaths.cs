using System;
using System.IO;

namespace HuaweiMigration.Benchmarks
{
    /// <summary>The repository root (the folder holding HuaweiMigration.psd1) and the built module under it.</summary>
    internal static class RepoPaths
    {
        public static readonly string Root = FindRoot();
        public static string ModuleManifest => Path.Combine(Root, "out", "HuaweiMigration", "HuaweiMigration.psd1");

        static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "HuaweiMigration.psd1")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
                    return dir.FullName;
            throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
        }
    }
}
