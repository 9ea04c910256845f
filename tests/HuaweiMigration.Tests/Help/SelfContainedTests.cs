using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace HuaweiMigration.Tests.Help
{
    /// <summary>A clean clone tests on its own: nothing the tests, scripts or build read lies outside the repository.</summary>
    public class SelfContainedTests
    {
        [Fact]
        public void TheSigningVectorsShipInsideTheRepository()
        {
            string root = Path.GetFullPath(TestPaths.RepoRoot) + Path.DirectorySeparatorChar;
            Assert.StartsWith(root, Path.GetFullPath(TestPaths.SigningVectors));
            Assert.True(File.Exists(TestPaths.SigningVectors));
            Assert.Contains("official", File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "testdata", "README.md")));
        }

        [Fact]
        public void NoTestScriptOrBuildStepNamesAFolderBesideTheRepository()
        {
            // "../shared", "..\shared" or Path.Combine(root, "..", "shared"): any sibling of the repository root.
            var sibling = new Regex(@"(RepoRoot|PSScriptRoot|\$root)[^\n]{0,40}""\.\.""|\.\.[/\\]shared|""\.\."",\s*""shared""");
            string[] roots = { "tests", "build.ps1", ".ci", "docs/examples", "src" };
            var files = roots.Select(r => Path.Combine(TestPaths.RepoRoot, r))
                .SelectMany(p => File.Exists(p) ? new[] { p } : Directory.GetFiles(p, "*", SearchOption.AllDirectories))
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar) &&
                            !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) &&
                            !f.EndsWith(nameof(SelfContainedTests) + ".cs") &&
                            (f.EndsWith(".cs") || f.EndsWith(".ps1") || f.EndsWith(".csproj") || f.EndsWith(".props") || !Path.HasExtension(f)));
            var offenders = files.Where(f => sibling.IsMatch(File.ReadAllText(f))).Select(f => Path.GetRelativePath(TestPaths.RepoRoot, f)).ToList();
            Assert.Empty(offenders);
        }

        [Fact]
        public void NoHelpLinkPointsAtARepositoryThatDoesNotExist()
        {
            var help = new[] { Path.Combine(TestPaths.RepoRoot, "src", "HuaweiMigration", "en-US", "HuaweiMigration.dll-Help.xml") }
                .Concat(Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "docs"), "*.md"));
            Assert.Empty(help.Where(f => File.ReadAllText(f).Contains("github.com/huaweimigration")).Select(Path.GetFileName));
        }
    }
}
