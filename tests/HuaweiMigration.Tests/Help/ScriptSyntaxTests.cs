using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using Xunit;

namespace HuaweiMigration.Tests.Help
{
    /// <summary>build.ps1, the Pester files and the examples: at least the real parser reads them here.</summary>
    public class ScriptSyntaxTests
    {
        public static IEnumerable<object[]> Scripts() =>
            new[] { Path.Combine(TestPaths.RepoRoot, "build.ps1") }
                .Concat(Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "tests"), "*.ps1"))
                .Concat(Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "docs", "examples"), "*.ps1"))
                .Select(p => new object[] { Path.GetRelativePath(TestPaths.RepoRoot, p) });

        [Theory]
        [MemberData(nameof(Scripts))]
        public void ParsesWithoutErrors(string relativePath)
        {
            Parser.ParseFile(Path.Combine(TestPaths.RepoRoot, relativePath), out _, out var errors);
            Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}")));
        }

        [Theory]
        [InlineData("build.ps1")]
        [InlineData("docs/examples/Wait-Cutover.ps1")]
        public void RunsOnWindowsPowerShell51(string relativePath)
        {
            var ast = Parser.ParseFile(Path.Combine(TestPaths.RepoRoot, relativePath), out var tokens, out _);
            var ps7 = tokens.Where(t => t.Kind == TokenKind.QuestionQuestion || t.Kind == TokenKind.QuestionQuestionEquals || t.Kind == TokenKind.AndAnd
                                        || t.Kind == TokenKind.OrOr || t.Kind == TokenKind.QuestionDot || t.Kind == TokenKind.QuestionLBracket)
                .Select(t => $"{t.Extent.StartLineNumber}: {t.Text}")
                .Concat(ast.FindAll(a => a is TernaryExpressionAst || a is PipelineChainAst, true).Select(a => $"{a.Extent.StartLineNumber}: {a.Extent.Text}"))
                .ToList();
            Assert.True(ps7.Count == 0, $"PowerShell 7-only syntax in {relativePath}:\n" + string.Join("\n", ps7));
        }

        [Fact]
        public void WaitCutoverExitCodesAgreeInTheScriptReadmeAboutTopicAndTests()
        {
            string script = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "examples", "Wait-Cutover.ps1"));
            string list = script.Substring(script.IndexOf("Exit codes:"));
            list = list.Substring(0, list.IndexOf(".EXAMPLE"));
            var codes = System.Text.RegularExpressions.Regex.Matches(list, @"(?m)^\s+(\d+)\s{2,}\S").Select(m => m.Groups[1].Value).ToList();
            Assert.Contains("0", codes);
            Assert.Contains("130", codes);
            string readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
            string about = File.ReadAllText(Path.Combine(TestPaths.DocsDir, "about_HuaweiMigration.md"));
            string maml = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src", "HuaweiMigration", "en-US", "about_HuaweiMigration.help.txt"));
            string pester = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "Wait-Cutover.Tests.ps1"));
            var problems = new List<string>();
            foreach (var code in codes)
            {
                if (!readme.Contains("`" + code + "`")) problems.Add($"README.md does not name exit code {code}");
                foreach (var (name, text) in new[] { ("about_HuaweiMigration.md", about), ("about_HuaweiMigration.help.txt", maml) })
                    if (!System.Text.RegularExpressions.Regex.IsMatch(text, @"(exits|and|or|,)\s+" + code + @"\b")) problems.Add($"{name} does not name exit code {code}");
                if (!System.Text.RegularExpressions.Regex.IsMatch(pester, @"ExitCode \| Should -Be " + code + @"\b")) problems.Add($"no Pester case of Wait-Cutover.Tests.ps1 asserts exit code {code}");
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void BuildScriptHasTheHouseInterface()
        {
            var ast = Parser.ParseFile(Path.Combine(TestPaths.RepoRoot, "build.ps1"), out _, out _);
            Assert.Equal(new[] { "Configuration", "Clean", "Test", "Package" }, ast.ParamBlock.Parameters.Select(p => p.Name.VariablePath.UserPath).ToArray());
        }
    }
}
