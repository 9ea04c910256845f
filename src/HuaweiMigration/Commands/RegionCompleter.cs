using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace HuaweiMigration.Commands
{
    /// <summary>Completes the public Huawei Cloud region ids.</summary>
    public sealed class RegionCompleter : IArgumentCompleter
    {
        internal static readonly string[] KnownRegions =
        {
            "af-north-1", "af-south-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
            "cn-east-2", "cn-east-3", "cn-east-4", "cn-east-5", "cn-north-1", "cn-north-2", "cn-north-4", "cn-north-9", "cn-north-11", "cn-north-12",
            "cn-south-1", "cn-south-2", "cn-south-4", "cn-southwest-2", "cn-southwest-3",
            "eu-west-0", "eu-west-101", "la-north-2", "la-south-2", "me-east-1", "my-kualalumpur-1", "na-mexico-1",
            "ru-moscow-1", "sa-brazil-1", "tr-west-1",
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completions.Matching(KnownRegions, wordToComplete);
    }

    /// <summary>
    /// Completion results. The text inserted is always one argument: a value that would not parse back as itself
    /// (a space, a quote, a semicolon, a leading dash, a number such as 1kb) goes in single quotes, embedded quotes doubled.
    /// Names only ever appear in the list text and tooltip, with control characters replaced.
    /// </summary>
    internal static class Completions
    {
        public static IEnumerable<CompletionResult> Matching(IEnumerable<string> values, string word)
        {
            word = (word ?? string.Empty).Trim('\'', '"');
            return values
                .Where(v => v.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .OrderBy(v => v, StringComparer.OrdinalIgnoreCase)
                .Select(v => new CompletionResult(ArgumentText(v), Printable(v), CompletionResultType.ParameterValue, Printable(v)));
        }

        /// <summary>Ids that start with the word, matched by id or by name; the tooltip shows the name beside the id.</summary>
        public static IEnumerable<CompletionResult> Matching(IEnumerable<KeyValuePair<string, string>> idsAndNames, string word)
        {
            word = (word ?? string.Empty).Trim('\'', '"');
            return idsAndNames
                .Where(e => e.Key.StartsWith(word, StringComparison.OrdinalIgnoreCase) ||
                    (!string.IsNullOrEmpty(e.Value) && e.Value.StartsWith(word, StringComparison.OrdinalIgnoreCase) && word.Length > 0))
                .OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase)
                .Select(e => new CompletionResult(ArgumentText(e.Key),
                    Printable(string.IsNullOrEmpty(e.Value) ? e.Key : $"{e.Key} ({e.Value})"),
                    CompletionResultType.ParameterValue, Printable(string.IsNullOrEmpty(e.Value) ? e.Key : $"{e.Key}  {e.Value}")));
        }

        /// <summary>The value as the text of exactly one command argument.</summary>
        internal static string ArgumentText(string value)
        {
            if (value.Length > 0 && value[0] != '-' && value.All(IsPlain) && ParsesAsItself(value)) return value;
            return "'" + CodeGeneration.EscapeSingleQuotedStringContent(value) + "'";
        }

        static bool IsPlain(char c) => c < 128 && (char.IsLetterOrDigit(c) || c == '_' || c == '.' || c == '-');

        // In argument mode 1kb, 0x10 or 1e3 are numbers, not the text typed.
        static bool ParsesAsItself(string value)
        {
            var ast = Parser.ParseInput("x " + value, out _, out var errors);
            return errors.Length == 0 && ast.Find(a => a is CommandAst, false) is CommandAst command &&
                command.CommandElements.Count == 2 && command.CommandElements[1] is StringConstantExpressionAst s &&
                s.StringConstantType == StringConstantType.BareWord && s.Value == value;
        }

        static string Printable(string text) => text.Any(char.IsControl) ? new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray()) : text;
    }
}
