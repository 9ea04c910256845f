using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace HuaweiMigration.Tests.Help
{
    /// <summary>One parameter's yaml block in a platyPS 2.0.0 cmdlet page.</summary>
    public sealed class MarkdownParameter
    {
        public string Name { get; set; }
        public string Description { get; set; }
        public List<Dictionary<string, string>> YamlBlocks { get; } = new List<Dictionary<string, string>>();
    }

    /// <summary>A docs/Verb-Noun.md page in platyPS schema 2.0.0, read just far enough to compare it with the MAML.</summary>
    public sealed class MarkdownCommand
    {
        public string Path { get; set; }
        public string Name { get; set; }
        public Dictionary<string, string> FrontMatter { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public Dictionary<string, List<string>> Sections { get; } = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        public string Synopsis { get; set; }
        public List<string> SyntaxSets { get; } = new List<string>();
        public int ExampleCount { get; set; }
        public List<MarkdownParameter> Parameters { get; } = new List<MarkdownParameter>();

        public static IReadOnlyList<MarkdownCommand> LoadAll() =>
            Directory.GetFiles(TestPaths.DocsDir, "*-*.md")
                // Cmdlet pages are named Verb-Noun.md; lower-case pages such as performance.md are not help.
                .Where(p => System.Text.RegularExpressions.Regex.IsMatch(System.IO.Path.GetFileName(p), @"^[A-Z][a-z]+-[A-Z][A-Za-z]+\.md$"))
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(Parse)
                .ToList();

        public static MarkdownCommand Parse(string path)
        {
            var lines = File.ReadAllLines(path).Select(l => l.TrimEnd()).ToArray();
            var cmd = new MarkdownCommand { Path = path };
            int i = 0;
            if (lines.Length > 0 && lines[0].TrimStart('\uFEFF') == "---")
            {
                for (i = 1; i < lines.Length && lines[i] != "---"; i++)
                {
                    int colon = lines[i].IndexOf(':');
                    if (colon > 0) cmd.FrontMatter[lines[i].Substring(0, colon).Trim()] = lines[i].Substring(colon + 1).Trim();
                }
                i++;
            }

            string section = null;
            MarkdownParameter parameter = null;
            bool inFence = false;
            Dictionary<string, string> yaml = null;
            for (; i < lines.Length; i++)
            {
                string line = lines[i];
                if (line.StartsWith("```"))
                {
                    if (!inFence && section == "PARAMETERS" && parameter != null && line.Trim() == "```yaml")
                        yaml = new Dictionary<string, string>(StringComparer.Ordinal);
                    else if (inFence && yaml != null)
                    {
                        parameter.YamlBlocks.Add(yaml);
                        yaml = null;
                    }
                    inFence = !inFence;
                    if (section != null) cmd.Sections[section].Add(line);
                    continue;
                }
                if (inFence)
                {
                    if (yaml != null)
                    {
                        int colon = line.IndexOf(':');
                        if (colon > 0) yaml[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
                    }
                    if (section != null) cmd.Sections[section].Add(line);
                    continue;
                }
                if (line.StartsWith("# ") && cmd.Name == null)
                {
                    cmd.Name = line.Substring(2).Trim();
                    continue;
                }
                if (line.StartsWith("## "))
                {
                    section = line.Substring(3).Trim();
                    cmd.Sections[section] = new List<string>();
                    parameter = null;
                    continue;
                }
                if (section == null) continue;
                cmd.Sections[section].Add(line);
                if (line.StartsWith("### "))
                {
                    string heading = line.Substring(4).Trim();
                    if (section == "SYNTAX") cmd.SyntaxSets.Add(heading);
                    if (section == "EXAMPLES") cmd.ExampleCount++;
                    if (section == "PARAMETERS")
                    {
                        parameter = null;
                        if (heading.StartsWith("-"))
                        {
                            parameter = new MarkdownParameter { Name = heading.Substring(1), Description = string.Empty };
                            cmd.Parameters.Add(parameter);
                        }
                    }
                    continue;
                }
                if (section == "PARAMETERS" && parameter != null && parameter.YamlBlocks.Count == 0 && line.Length > 0)
                    parameter.Description = (parameter.Description + " " + line).Trim();
            }

            if (cmd.Sections.TryGetValue("SYNOPSIS", out var synopsis))
                cmd.Synopsis = Normalize(string.Join(" ", synopsis));
            return cmd;
        }

        public static string Normalize(string text) => Regex.Replace(text ?? string.Empty, @"\s+", " ").Trim();
    }

    /// <summary>The committed MAML (src/HuaweiMigration/en-US/HuaweiMigration.dll-Help.xml), one entry per command.</summary>
    public sealed class MamlCommand
    {
        public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        public static string SourcePath => System.IO.Path.Combine(TestPaths.RepoRoot, "src", "HuaweiMigration", "en-US", "HuaweiMigration.dll-Help.xml");

        public string Name { get; set; }
        public string Synopsis { get; set; }
        public string Description { get; set; }
        public int ExampleCount { get; set; }
        public int SyntaxItemCount { get; set; }
        public Dictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public static IReadOnlyList<MamlCommand> Load(string path = null)
        {
            var doc = XDocument.Load(path ?? SourcePath);
            return doc.Root.Elements(Command + "command").Select(c => new MamlCommand
            {
                Name = (string)c.Element(Command + "details")?.Element(Command + "name"),
                Synopsis = Paras(c.Element(Command + "details")?.Element(Maml + "description")),
                Description = Paras(c.Element(Maml + "description")),
                ExampleCount = c.Element(Command + "examples")?.Elements(Command + "example").Count() ?? 0,
                SyntaxItemCount = c.Element(Command + "syntax")?.Elements(Command + "syntaxItem").Count() ?? 0,
            }.WithParameters(c)).ToList();
        }

        MamlCommand WithParameters(XElement command)
        {
            var parameters = command.Element(Command + "parameters");
            if (parameters != null)
                foreach (var p in parameters.Elements(Command + "parameter"))
                    Parameters[(string)p.Element(Maml + "name")] = Paras(p.Element(Maml + "description"));
            return this;
        }

        static string Paras(XElement description) =>
            description == null ? string.Empty : MarkdownCommand.Normalize(string.Join(" ", description.Elements(Maml + "para").Select(p => p.Value)));
    }
}
