using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using HuaweiMigration.Commands;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>Ids and names from the server are data: completing them never puts code on the user's command line.</summary>
    public sealed class CompletionInjectionTests
    {
        const string Prefix = "Get-DcsMigrationStats -TaskId ";

        /// <summary>The completed line parses as one statement: one command with -TaskId and exactly one argument, the value itself.</summary>
        static void AssertOneArgument(string completionText, string value)
        {
            var ast = Parser.ParseInput(Prefix + completionText, out _, out var errors);
            Assert.Empty(errors);
            var statement = Assert.Single(ast.EndBlock.Statements);
            var command = Assert.IsType<CommandAst>(Assert.Single(Assert.IsType<PipelineAst>(statement).PipelineElements));
            Assert.Equal(3, command.CommandElements.Count);
            var argument = command.CommandElements[2];
            Assert.True(argument is StringConstantExpressionAst, $"'{completionText}' completes to a {argument.GetType().Name}");
            Assert.Equal(value, ((StringConstantExpressionAst)argument).Value);
        }

        [Theory]
        [InlineData("x;Set-Content pwned.txt 1;#")]
        [InlineData("two words")]
        [InlineData("it's")]
        [InlineData("$(Get-Date)")]
        [InlineData("a`b\"c")]
        [InlineData("new\nline")]
        [InlineData("@splat")]
        [InlineData("-Force")]
        [InlineData("1kb")]
        [InlineData("0x10")]
        [InlineData("it’s")]
        [InlineData("a276c1f5-0000-4000-8000-000000000301")]
        public void EveryCompletionIsOneArgumentWhateverTheValue(string value)
        {
            var ids = Completions.Matching(new[] { new System.Collections.Generic.KeyValuePair<string, string>(value, "name; rm -r /") }, "").Single();
            AssertOneArgument(ids.CompletionText, value);
            AssertOneArgument(Completions.Matching(new[] { value }, "").Single().CompletionText, value);
        }

        [Fact]
        public void IdsThatAreNotIdShapedAreNeverOffered()
        {
            using var h = SimHost.Start();
            const string good = "a276c1f5-0000-4000-8000-000000000999";
            h.Sim.Faults.Add(Fault.Malformed("{\"count\": 4, \"migration_tasks\": [" +
                "{\"task_id\": \"a276;Set-Content pwned.txt 1;#\", \"task_name\": \"evil\", \"status\": \"SUCCESS\"}," +
                "{\"task_id\": \"a276 two\", \"task_name\": \"spaced\", \"status\": \"SUCCESS\"}," +
                "{\"task_id\": \"a276'q\", \"task_name\": \"quoted\", \"status\": \"SUCCESS\"}," +
                "{\"task_id\": \"" + good + "\", \"task_name\": \"fine\", \"status\": \"SUCCESS\"}]}").On("dcs.list").Forever());
            h.Run("$null = Get-DcsMigrationTask");
            var line = Prefix + "a276";
            h.Ps.SetVariable("line", line);
            var r = h.Run("[System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null).CompletionMatches");
            var matches = r.Objects<CompletionResult>();
            Assert.Equal(new[] { good }, matches.Select(m => m.CompletionText));
            foreach (var m in matches) AssertOneArgument(m.CompletionText, good);
        }
    }
}
