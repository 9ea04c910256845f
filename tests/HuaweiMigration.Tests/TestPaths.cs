using System;
using System.IO;

namespace HuaweiMigration.Tests
{
    /// <summary>Finds the repository root (the folder holding HuaweiMigration.psd1) and the files the tests read, all inside it.</summary>
    public static class TestPaths
    {
        public static readonly string RepoRoot = FindRoot();
        public static string ModuleDir => Path.Combine(RepoRoot, "out", "HuaweiMigration");
        public static string ModuleManifest => Path.Combine(ModuleDir, "HuaweiMigration.psd1");
        /// <summary>Output of Huawei's official SDK signer, kept in the repository (tests/testdata/README.md says where it came from).</summary>
        public static string SigningVectors => Path.Combine(RepoRoot, "tests", "testdata", "signing-vectors.json");
        public static string DocsDir => Path.Combine(RepoRoot, "docs");

        static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "HuaweiMigration.psd1")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
                    return dir.FullName;
            throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
        }
    }
}
