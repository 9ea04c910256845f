using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Tests.Engine;
using Xunit;

namespace HuaweiMigration.Tests.Help
{
    /// <summary>
    /// The help as a user gets it: docs/*.md (platyPS 2.0.0) and the committed MAML must say the same thing,
    /// and Get-Help in the real engine must find that MAML for every exported cmdlet.
    /// Regenerate the MAML from docs/ with build.ps1 (platyPS v1 New-ExternalHelp) after editing the markdown.
    /// </summary>
    public class HelpTests
    {
        static readonly string[] RequiredSections =
            { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

        static readonly string[] YamlKeys =
        {
            "Type", "Parameter Sets", "Aliases", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters",
        };

        static readonly IReadOnlyList<MarkdownCommand> Docs = MarkdownCommand.LoadAll();

        static string Regenerate => "Regenerate src/HuaweiMigration/en-US from docs/ (./build.ps1 with platyPS v1 installed).";

        // ---------- (a) docs/*.md and the committed MAML ----------

        [Fact]
        public void DocsHaveAPageForEveryCmdletOfTheManifest()
        {
            var manifest = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "HuaweiMigration.psd1"));
            var exported = System.Text.RegularExpressions.Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\(([^)]*)\)").Groups[1].Value
                .Split('\'', '"', '\n', '\r', ',', ' ').Where(s => s.Contains('-')).OrderBy(s => s).ToArray();
            Assert.NotEmpty(exported);
            Assert.Equal(exported, Docs.Select(d => d.Name).OrderBy(s => s).ToArray());
            foreach (var doc in Docs)
                Assert.Equal(doc.Name + ".md", Path.GetFileName(doc.Path));
        }

        [Fact]
        public void DocsArePlatyPsSchema200Pages()
        {
            var problems = new List<string>();
            foreach (var doc in Docs)
            {
                string Where(string what) => $"{Path.GetFileName(doc.Path)}: {what}";
                if (doc.FrontMatter.GetValueOrDefault("external help file") != "HuaweiMigration.dll-Help.xml") problems.Add(Where("external help file is not HuaweiMigration.dll-Help.xml"));
                if (doc.FrontMatter.GetValueOrDefault("Module Name") != "HuaweiMigration") problems.Add(Where("Module Name is not HuaweiMigration"));
                if (doc.FrontMatter.GetValueOrDefault("schema") != "2.0.0") problems.Add(Where("schema is not 2.0.0"));
                if (!doc.FrontMatter.ContainsKey("online version")) problems.Add(Where("no 'online version:'"));
                foreach (var s in RequiredSections)
                    if (!doc.Sections.ContainsKey(s)) problems.Add(Where("no ## " + s));
                if (string.IsNullOrEmpty(doc.Synopsis)) problems.Add(Where("empty SYNOPSIS"));
                if (doc.ExampleCount < 2) problems.Add(Where($"{doc.ExampleCount} examples; at least 2"));
                if (doc.SyntaxSets.Count == 0 && !(doc.Sections.GetValueOrDefault("SYNTAX") ?? new List<string>()).Any(l => l.StartsWith(doc.Name)))
                    problems.Add(Where("no syntax"));
                if (!(doc.Sections.GetValueOrDefault("PARAMETERS") ?? new List<string>()).Any(l => l.Trim() == "### CommonParameters"))
                    problems.Add(Where("no ### CommonParameters"));
                if (!string.Join("\n", doc.Sections.GetValueOrDefault("EXAMPLES") ?? new List<string>()).Contains('|'))
                    problems.Add(Where("no example pipes into another command"));
                foreach (var p in doc.Parameters)
                {
                    if (string.IsNullOrWhiteSpace(p.Description)) problems.Add(Where($"-{p.Name} has no description"));
                    if (p.YamlBlocks.Count == 0) problems.Add(Where($"-{p.Name} has no yaml block"));
                    foreach (var block in p.YamlBlocks)
                        foreach (var key in YamlKeys)
                            if (!block.ContainsKey(key)) problems.Add(Where($"-{p.Name}: yaml has no '{key}'"));
                }
                if (doc.Parameters.Any(p => p.Name == "ProgressAction")) problems.Add(Where("documents -ProgressAction, a common parameter"));
            }
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        [Fact]
        public void MamlHasTheSameCmdletsAsTheDocs()
        {
            var maml = MamlCommand.Load().Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            var docs = Docs.Select(d => d.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.True(docs.SequenceEqual(maml),
                $"Only in docs: {string.Join(", ", docs.Except(maml))}; only in the MAML: {string.Join(", ", maml.Except(docs))}. {Regenerate}");
        }

        [Fact]
        public void MamlHasTheSameSynopsesAsTheDocs()
        {
            var maml = MamlCommand.Load().ToDictionary(c => c.Name);
            var problems = new List<string>();
            foreach (var doc in Docs)
            {
                if (!maml.TryGetValue(doc.Name, out var m)) continue;
                if (doc.Synopsis != m.Synopsis) problems.Add($"{doc.Name}: docs say '{doc.Synopsis}', the MAML says '{m.Synopsis}'");
            }
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems) + Environment.NewLine + Regenerate);
        }

        [Fact]
        public void MamlHasTheSameParametersAndDescriptionsAsTheDocs()
        {
            var maml = MamlCommand.Load().ToDictionary(c => c.Name);
            var problems = new List<string>();
            foreach (var doc in Docs)
            {
                if (!maml.TryGetValue(doc.Name, out var m)) continue;
                var docNames = doc.Parameters.Select(p => p.Name).ToList();
                foreach (var missing in docNames.Except(m.Parameters.Keys)) problems.Add($"{doc.Name}: -{missing} is in the docs, not in the MAML");
                foreach (var extra in m.Parameters.Keys.Except(docNames)) problems.Add($"{doc.Name}: -{extra} is in the MAML, not in the docs");
                foreach (var p in doc.Parameters)
                    if (m.Parameters.TryGetValue(p.Name, out var text) && MarkdownCommand.Normalize(StripMarkdown(p.Description)) != text)
                        problems.Add($"{doc.Name}: -{p.Name} is described differently ('{text}')");
                if (m.ExampleCount != doc.ExampleCount) problems.Add($"{doc.Name}: {doc.ExampleCount} examples in the docs, {m.ExampleCount} in the MAML");
                if (m.SyntaxItemCount != Math.Max(1, doc.SyntaxSets.Count)) problems.Add($"{doc.Name}: {doc.SyntaxSets.Count} syntax sets in the docs, {m.SyntaxItemCount} in the MAML");
            }
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems) + Environment.NewLine + Regenerate);
        }

        [Fact]
        public void TheBuiltModuleShipsTheCommittedHelp()
        {
            foreach (var file in new[] { "HuaweiMigration.dll-Help.xml", "about_HuaweiMigration.help.txt" })
            {
                var committed = Path.Combine(TestPaths.RepoRoot, "src", "HuaweiMigration", "en-US", file);
                var shipped = Path.Combine(TestPaths.ModuleDir, "en-US", file);
                Assert.True(File.Exists(committed), committed + " is missing. " + Regenerate);
                Assert.True(File.Exists(shipped), shipped + " is missing: the build did not copy en-US into out/HuaweiMigration.");
                Assert.Equal(File.ReadAllBytes(committed), File.ReadAllBytes(shipped));
            }
        }

        static string StripMarkdown(string text) => text.Replace("**", string.Empty).Replace("\\", string.Empty);

        // ---------- (b) Get-Help in the hosted engine ----------

        /// <summary>
        /// A host with the module imported. The engine looks for help under the current UI culture, its parents, then en-US;
        /// scripts that read help set the pipeline thread's UI culture to en-US themselves, because the runspace's thread
        /// does not take the culture of the thread that created it.
        /// </summary>
        internal static PowerShellHost NewEnUsHost() => new PowerShellHost();

        static string[] ExportedCmdlets(PowerShellHost host) =>
            host.Run("(Get-Module HuaweiMigration).ExportedCmdlets.Keys").Output.Select(o => o.ToString()).OrderBy(n => n, StringComparer.Ordinal).ToArray();

        // The runspace's pipeline thread does not take the creating thread's culture, so the script sets it.
        const string HelpScript = @"
if ($enUs) { [System.Globalization.CultureInfo]::CurrentUICulture = 'en-US' }
$h = Get-Help -Name $cmdName -Full
$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
$described = @{}
foreach ($p in @($h.parameters.parameter)) { if ($p) { $described[[string]$p.name] = ((@($p.description) | ForEach-Object { $_.Text }) -join ' ').Trim() } }
[pscustomobject]@{
    Synopsis    = ([string]$h.Synopsis).Trim()
    Description = ((@($h.description) | ForEach-Object { $_.Text }) -join ' ').Trim()
    Examples    = @($h.examples.example | Where-Object { $_ }).Count
    Parameters  = @((Get-Command -Name $cmdName).Parameters.Keys | Where-Object { $common -notcontains $_ })
    Described   = $described
    Culture     = [System.Globalization.CultureInfo]::CurrentUICulture.Name
}";

        sealed class HelpView
        {
            public string Synopsis, Description, Culture;
            public int Examples;
            public string[] Parameters;
            public Dictionary<string, string> Described = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }

        static HelpView GetHelp(PowerShellHost host, string name, bool enUs = true)
        {
            var r = host.Run(HelpScript, new Dictionary<string, object> { ["cmdName"] = name, ["enUs"] = enUs });
            Assert.Null(r.Terminating);
            Assert.True(r.Errors.Count == 0, string.Join("; ", r.Errors));
            var o = Assert.Single(r.Output);
            var view = new HelpView
            {
                Synopsis = (string)o.Properties["Synopsis"].Value,
                Description = (string)o.Properties["Description"].Value,
                Culture = (string)o.Properties["Culture"].Value,
                Examples = (int)o.Properties["Examples"].Value,
                Parameters = ((object[])o.Properties["Parameters"].Value).Select(x => x.ToString()).ToArray(),
            };
            var described = (System.Collections.Hashtable)PSObject.AsPSObject(o.Properties["Described"].Value).BaseObject;
            foreach (System.Collections.DictionaryEntry e in described) view.Described[(string)e.Key] = (string)e.Value;
            return view;
        }

        [Fact]
        public void GetHelpShowsTheMamlForEveryExportedCmdlet()
        {
            using var host = NewEnUsHost();
            var exported = ExportedCmdlets(host);
            Assert.NotEmpty(exported);
            var docs = Docs.ToDictionary(d => d.Name);
            var problems = new List<string>();
            foreach (var name in exported)
            {
                var help = GetHelp(host, name);
                Assert.Equal("en-US", help.Culture);
                // Without the MAML, Get-Help makes up a synopsis from the syntax and has no description or examples.
                if (string.IsNullOrWhiteSpace(help.Synopsis) || help.Synopsis.StartsWith(name + " ") || help.Synopsis.Contains("[<CommonParameters>]"))
                    problems.Add($"{name}: the synopsis is the bare syntax ('{help.Synopsis}'): Get-Help did not find en-US/HuaweiMigration.dll-Help.xml");
                else if (docs.TryGetValue(name, out var doc) && MarkdownCommand.Normalize(help.Synopsis) != doc.Synopsis)
                    problems.Add($"{name}: Get-Help's synopsis '{help.Synopsis}' is not the one in docs/{name}.md");
                if (string.IsNullOrWhiteSpace(help.Description)) problems.Add($"{name}: no description");
                if (help.Examples < 1) problems.Add($"{name}: no example");
                foreach (var p in help.Parameters)
                    if (!help.Described.TryGetValue(p, out var text) || string.IsNullOrWhiteSpace(text))
                        problems.Add($"{name}: -{p} has no description in Get-Help");
            }
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        [Fact]
        public void GetHelpFindsNothingWithoutTheMaml()
        {
            // Proves the test above can fail: a copy of the module without en-US gives the made-up help.
            var copy = Path.Combine(Path.GetTempPath(), "HuaweiMigration-nohelp-" + Guid.NewGuid().ToString("N"), "HuaweiMigration");
            Directory.CreateDirectory(copy);
            try
            {
                foreach (var f in Directory.GetFiles(TestPaths.ModuleDir)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
                using var host = NewEnUsHost();
                var r = host.Run(@"Remove-Module HuaweiMigration; Import-Module -Name $modulePath -ErrorAction Stop
                    [System.Globalization.CultureInfo]::CurrentUICulture = 'en-US'
                    $h = Get-Help -Name Get-DcsMigrationStats -Full
                    ([string]$h.Synopsis).Trim()",
                    new Dictionary<string, object> { ["modulePath"] = Path.Combine(copy, "HuaweiMigration.psd1") });
                Assert.Null(r.Terminating);
                var synopsis = Assert.Single(r.Output).ToString();
                Assert.NotEqual(Docs.Single(d => d.Name == "Get-DcsMigrationStats").Synopsis, synopsis);
                Assert.Contains("Get-DcsMigrationStats", synopsis);
            }
            finally
            {
                Directory.Delete(Path.GetDirectoryName(copy), true);
            }
        }

        [Fact]
        public void GetHelpFallsBackToEnUsUnderTheInvariantCulture()
        {
            // Linux and containers often run with LANG=C: the help must still be found.
            using var host = NewEnUsHost();
            var r = host.Run("[System.Globalization.CultureInfo]::CurrentUICulture = [System.Globalization.CultureInfo]::InvariantCulture; ([string](Get-Help -Name Get-DcsMigrationStats).Synopsis).Trim()");
            Assert.Null(r.Terminating);
            Assert.Equal(Docs.Single(d => d.Name == "Get-DcsMigrationStats").Synopsis, MarkdownCommand.Normalize(Assert.Single(r.Output).ToString()));
        }

        /// <summary>Fails until every documented cmdlet is built and exported (Get-DrsJobProgress and Watch-Migration land later).</summary>
        [Fact]
        public void EveryDocumentedCmdletIsExported()
        {
            using var host = NewEnUsHost();
            var exported = ExportedCmdlets(host);
            var missing = Docs.Select(d => d.Name).Except(exported).ToArray();
            Assert.True(missing.Length == 0, "Documented in docs/ but not exported by the built module: " + string.Join(", ", missing));
        }

        /// <summary>Every parameter of an exported cmdlet is documented, and every documented parameter exists.</summary>
        [Fact]
        public void DocumentedParametersMatchTheExportedCmdlets()
        {
            using var host = NewEnUsHost();
            var docs = Docs.ToDictionary(d => d.Name);
            var problems = new List<string>();
            foreach (var name in ExportedCmdlets(host))
            {
                if (!docs.TryGetValue(name, out var doc)) { problems.Add($"{name}: no docs/{name}.md"); continue; }
                var r = host.Run(@"$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
                    (Get-Command -Name $cmdName).Parameters.Keys | Where-Object { $common -notcontains $_ }",
                    new Dictionary<string, object> { ["cmdName"] = name });
                var actual = r.Output.Select(o => o.ToString()).ToArray();
                var documented = doc.Parameters.Select(p => p.Name).ToArray();
                foreach (var p in actual.Except(documented, StringComparer.OrdinalIgnoreCase)) problems.Add($"{name}: -{p} is not documented");
                foreach (var p in documented.Except(actual, StringComparer.OrdinalIgnoreCase)) problems.Add($"{name}: -{p} is documented but the cmdlet has no such parameter");
            }
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }
    }
}
