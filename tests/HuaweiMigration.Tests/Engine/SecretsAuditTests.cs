using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>Finds secrets, and their URL-encoded, base64 and JSON-escaped forms, in every text a run produced.</summary>
    public static class SecretAudit
    {
        /// <summary>Every stream of the run, every public property of every output object and error target, and exception texts.</summary>
        public static List<string> Texts(ScriptResult r)
        {
            var texts = new List<string>();
            foreach (var o in r.Output) texts.AddRange(Values(o, 0));
            foreach (var e in r.AllErrors)
            {
                texts.Add(e.ToString());
                texts.Add(e.FullyQualifiedErrorId);
                texts.Add(e.ErrorDetails?.Message);
                texts.Add(e.ErrorDetails?.RecommendedAction);
                texts.Add(e.CategoryInfo.ToString());
                texts.AddRange(Values(e.TargetObject, 0));
                for (var ex = e.Exception; ex != null; ex = ex.InnerException) { texts.Add(ex.Message); texts.Add(ex.ToString()); }
            }
            if (r.Terminating != null) texts.Add(r.Terminating.ToString());
            texts.AddRange(r.Verbose);
            texts.AddRange(r.Debug);
            texts.AddRange(r.Warnings);
            texts.AddRange(r.Information);
            foreach (var p in r.Progress) { texts.Add(p.Activity); texts.Add(p.StatusDescription); texts.Add(p.CurrentOperation); }
            return texts.Where(t => t != null).ToList();
        }

        /// <summary>
        /// The text of a value: public CLR properties through ObjectWalker, and the note properties of [pscustomobject]s,
        /// which reflection cannot see. PSObject.ToString is avoided: a script ToString needs the runspace's thread.
        /// </summary>
        static IEnumerable<string> Values(object value, int depth)
        {
            if (value == null || depth > 8) yield break;
            if (value is PSObject pso)
            {
                if (pso.BaseObject is PSCustomObject)
                {
                    foreach (var property in pso.Properties.Where(p => p is PSNoteProperty).ToList())
                        foreach (var text in Values(property.Value, depth + 1)) yield return text;
                    yield break;
                }
                value = pso.BaseObject;
            }
            if (value is System.Collections.IEnumerable items && !(value is string))
            {
                foreach (var item in items)
                    foreach (var text in Values(item, depth + 1)) yield return text;
                yield break;
            }
            foreach (var text in ObjectWalker.Values(value)) yield return text;
        }

        static IEnumerable<string> Forms(string secret)
        {
            yield return secret;
            yield return Uri.EscapeDataString(secret);
            yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
            yield return System.Text.Json.JsonSerializer.Serialize(secret).Trim('"');
        }

        /// <summary>One line per secret found: which secret (masked) and where.</summary>
        public static List<string> Leaks(IEnumerable<string> texts, IEnumerable<string> secrets)
        {
            var found = new List<string>();
            var list = texts.ToList();
            foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)).Distinct())
            {
                Assert.True(secret.Length >= 6, $"the secret '{secret}' is too short to audit for");
                foreach (var form in Forms(secret).Distinct())
                    foreach (var text in list.Where(t => t.IndexOf(form, StringComparison.Ordinal) >= 0))
                        found.Add($"{secret.Substring(0, 3)}*** in: {(text.Length > 200 ? text.Substring(0, 200) + "..." : text)}");
            }
            return found;
        }

        public static void AssertNoLeak(ScriptResult r, IEnumerable<string> secrets)
        {
            var leaks = Leaks(Texts(r), secrets);
            Assert.True(leaks.Count == 0, "Secrets leaked:\n" + string.Join("\n", leaks.Take(10)));
        }
    }

    /// <summary>Scenarios and connect commands for every kind of credential.</summary>
    public static class CredentialKinds
    {
        public const string TempAccessKey = "HPUATEMPORARYSIMAK01";
        public const string TempSecretKey = "Temporary-Secret-Key-0123456789-abcdef";
        public const string SecurityToken = "gQpjbi1ub3J0aC00-security-token-ABCDEFGHIJKLMNOP";

        /// <summary>The frozen demo with a temporary credential and distinctive Redis passwords.</summary>
        public static Scenario AuditScenario()
        {
            var s = SimHost.FrozenDemo();
            s.Credentials.Add(new AccessKeyCredential { AccessKey = TempAccessKey, SecretKey = TempSecretKey, SecurityToken = SecurityToken });
            foreach (var t in s.DcsTasks)
            {
                t.SourceInstance.Password = "Redis-Source-Pw-" + t.TaskId.Substring(28);
                t.TargetInstance.Password = "Redis-Target-Pw-" + t.TaskId.Substring(28);
            }
            return s;
        }

        /// <summary>Sets the variables a connect line needs and returns it (without -ProjectId, so the project is looked up or read from the token).</summary>
        public static string Connect(SimHost h, string kind)
        {
            string region = h.Scenario.Region;
            var user = h.Scenario.Users[0];
            h.Ps.SetVariable("tsk", SimHost.Secure(TempSecretKey));
            h.Ps.SetVariable("stok", SimHost.Secure(SecurityToken));
            h.Ps.SetVariable("tok", SimHost.Secure(h.Scenario.Tokens[0]));
            h.Ps.SetVariable("cred", new PSCredential(user.Name, SimHost.Secure(user.Password)));
            string common = $"-Region {region} -Endpoint $endpoint";
            return kind switch
            {
                "AccessKey" => $"Connect-HuaweiCloud {common} -AccessKey {h.Scenario.Credentials[0].AccessKey} -SecretKey $sk",
                "TemporaryAccessKey" => $"Connect-HuaweiCloud {common} -AccessKey {TempAccessKey} -SecretKey $tsk -SecurityToken $stok",
                "Token" => $"Connect-HuaweiCloud {common} -Token $tok",
                "Password" => $"Connect-HuaweiCloud {common} -Credential $cred -DomainName {user.Domain}",
                "Profile" => $"Connect-HuaweiCloud {common} -ProfileName audit",
                "Environment" => $"Connect-HuaweiCloud {common}",
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            };
        }

        /// <summary>Every cmdlet with -Verbose -Debug, an unknown id and a 401 on the way.</summary>
        public static ScriptResult RunEveryCmdlet(SimHost h, string kind)
        {
            var dcs = h.Scenario.DcsTasks[0].TaskId;
            var drs = h.Scenario.DrsJobs[0].JobId;
            var drsObjects = h.Scenario.DrsJobs[3].JobId;
            var dcsToStop = h.Scenario.DcsTasks[1].TaskId;
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(30));
            h.Sim.Faults.Add(Fault.Unauthorized().On("dcs.list"));
            string vd = "-Verbose -Debug";
            var script = string.Join("\n",
                $"$s = {Connect(h, kind)} -PassThru {vd}",
                "$s",
                $"Get-HuaweiCloudSession {vd}",
                $"Get-DcsMigrationTask {vd}",   // 401 APIG.0301 (fault): the session stops
                $"Get-DcsMigrationTask {vd}",   // fails at once with the same error, nothing sent
                $"{Connect(h, kind)} {vd}",
                $"Get-DcsMigrationTask {vd}",
                $"Get-DcsMigrationTask -TaskId {dcs} {vd}",
                $"Get-DcsMigrationStats -TaskId {dcs} {vd}",
                $"Get-DcsMigrationStats -TaskId no-such-task {vd}",
                $"Get-DrsJobProgress -JobId {drs}, no-such-job {vd}",
                $"Get-DrsJobProgress -JobId {drsObjects} -ObjectType table -First 15 -IncludeTotalCount {vd}",
                $"Watch-Migration -DcsTaskId {dcs} -DrsJobId {drs} -Stream -Interval 1 -Timeout 1 {vd}",
                $"Get-DrsJob {vd}",
                $"Get-DrsJob -Name mysql-orders-full {vd} | Get-DrsJobProgress {vd}",
                $"Stop-DcsMigrationTask -TaskId {dcsToStop} -Force -PassThru {vd}", // the answer carries the Redis passwords
                $"Stop-DcsMigrationTask -TaskId {dcsToStop} -Force -Wait -Timeout 1 {vd}", // already stopping: a warning, then the wait
                $"Switch-DcsMigrationIp -TaskId {dcs} -Force -PassThru {vd}",
                $"Stop-DrsJob -JobId {drs} -Force -PassThru {vd}",
                $"Disconnect-HuaweiCloud {vd}");
            return h.Run(script);
        }

        public static void AssertRanEverything(ScriptResult r, string kind)
        {
            Assert.Null(r.Terminating);
            var session = r.Objects<object>().OfType<HuaweiCloudSession>().First();
            Assert.Equal(kind, session.CredentialKind);
            Assert.Contains(r.Output, o => o.BaseObject is DcsMigrationTask t && t.IsDetailed);
            Assert.Contains(r.Output, o => o.BaseObject is DcsMigrationStats);
            Assert.Contains(r.Output, o => o.BaseObject is DrsJobProgress);
            Assert.Contains(r.Output, o => o.BaseObject is DrsObjectProgress);
            Assert.Contains(r.Output, o => o.BaseObject is MigrationStatus);
            Assert.Contains(r.Output, o => o.BaseObject is DrsJob);
            Assert.Contains(r.Output, o => o.BaseObject is DcsMigrationTask t && t.Status == "TERMINATING");
            var ids = r.AllErrors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToList();
            Assert.Equal(2, ids.Count(i => i == "APIG.0301"));
            Assert.Contains(r.AllErrors, e => e.Exception.Message.StartsWith("Not sent: this session's credential was rejected"));
            Assert.Contains("DCS.4133", ids);
            Assert.Contains("WatchTimeout", ids);
            Assert.DoesNotContain("DCS.4127", ids); // stopping a stopping task is no error
            Assert.Contains(r.Output, o => o.BaseObject is DrsJobProgress p && p.TransferStatus == "RELEASE_RESOURCE_STARTED");
            Assert.Contains(r.AllErrors, e => Equals(e.TargetObject, "no-such-job"));
            Assert.NotEmpty(r.Verbose);
            Assert.Contains(r.Debug, d => d.Contains("<redacted>"));
            Assert.NotEmpty(r.Progress);
        }

        /// <summary>The scenario's secrets, the session's own (a password session's live token), and what was sent on the wire.</summary>
        public static List<string> Secrets(SimHost h, ScriptResult r)
        {
            var secrets = h.ScenarioSecrets().ToList();
            foreach (var session in r.Objects<object>().OfType<HuaweiCloudSession>()) secrets.AddRange(session.SecretsForAudit());
            foreach (var q in h.Sim.Requests.All)
            {
                if (q.Headers.TryGetValue("X-Auth-Token", out var token)) secrets.Add(token);
                if (q.Headers.TryGetValue("X-Security-Token", out var st)) secrets.Add(st);
                if (q.Headers.TryGetValue("Authorization", out var auth) && auth.Contains("Signature="))
                    secrets.Add(auth.Substring(auth.IndexOf("Signature=", StringComparison.Ordinal) + 10));
            }
            return secrets.Distinct().ToList();
        }
    }

    public class SecretsAuditTests
    {
        [Theory]
        [InlineData("AccessKey")]
        [InlineData("TemporaryAccessKey")]
        [InlineData("Token")]
        [InlineData("Password")]
        public void NoStreamOrObjectCarriesASecret(string kind)
        {
            using var h = SimHost.Start(CredentialKinds.AuditScenario(), connect: false);
            var r = CredentialKinds.RunEveryCmdlet(h, kind);
            CredentialKinds.AssertRanEverything(r, kind);
            var secrets = CredentialKinds.Secrets(h, r);
            if (kind == "Password") Assert.Contains(h.Scenario.Users[0].Password, secrets);
            if (kind == "TemporaryAccessKey") Assert.Contains(CredentialKinds.SecurityToken, secrets);
            SecretAudit.AssertNoLeak(r, secrets);
        }

        [Theory]
        [InlineData("http://admin:Endp0intPassw0rd@127.0.0.1:5080")]
        [InlineData("https://admin:Endp0intPassw0rd@gw.example.com/base")]
        [InlineData("ftp://admin:Endp0intPassw0rd@127.0.0.1/")]
        [InlineData("http://admin:Endp0intPassw0rd@10.1.2.3:5080")]
        [InlineData("https://admin:Endp0intPassw0rd@bad host/")]
        public void AnEndpointWithUserInfoIsRefusedWithoutEchoingIt(string endpoint)
        {
            using var h = SimHost.Start(connect: false);
            h.Ps.SetVariable("endpoint", endpoint);
            var r = h.Run(h.ConnectCommand());
            var e = r.SingleError;
            Assert.Equal("InvalidEndpoint", e.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("***@", e.TargetObject as string);
            SecretAudit.AssertNoLeak(r, new[] { "Endp0intPassw0rd", "admin:Endp0intPassw0rd" });
            Assert.Empty(h.Sim.Requests.All);
        }

        [Fact]
        public void AMistypedFieldBesideAPasswordIsReportedByPathAndTypeNotValue()
        {
            using var h = SimHost.Start();
            string id = h.Scenario.DcsTasks[0].TaskId;
            const string secret = "RedisPassw0rdInTheWrongField";
            foreach (var (field, expected) in new[] { ("port", "whole number"), ("proxy_multi_db", "true or false") })
            {
                h.Sim.Faults.Clear();
                string body = "{\"task_id\":\"" + id + "\",\"source_instance\":{\"password\":\"" + secret + "\",\"" + field + "\":\"" + secret + "\"}}";
                h.Sim.Faults.Add(Fault.Malformed(body).On("dcs.task").Forever());
                // An optional field that does not parse is left empty, with a warning that names its path and type.
                var r = h.Run($"Get-DcsMigrationTask -TaskId {id}");
                Assert.Empty(r.AllErrors);
                Assert.Single(r.Output);
                var warning = Assert.Single(r.Warnings);
                Assert.Contains("$.source_instance." + field, warning);
                Assert.Contains(expected, warning);
                SecretAudit.AssertNoLeak(r, new[] { secret });
            }
            h.Sim.Faults.Clear();
            string stats = "{\"source_dbsize\":\"" + secret + "\"}";
            h.Sim.Faults.Add(Fault.Malformed(stats).On("dcs.stats").Forever());
            var s = h.Run($"Get-DcsMigrationStats -TaskId {id}");
            Assert.Contains("$.source_dbsize", s.SingleError.Exception.Message);
            SecretAudit.AssertNoLeak(s, new[] { secret });
        }

        /// <summary>The hardening error paths: a redirect, oversized answers, a 401 that stops the session, and IAM's 400.</summary>
        [Theory]
        [InlineData("AccessKey")]
        [InlineData("TemporaryAccessKey")]
        [InlineData("Token")]
        [InlineData("Password")]
        public void TheHardeningErrorPathsCarryNoSecret(string kind)
        {
            using var origin = new RecordingOrigin();
            using var h = SimHost.Start(CredentialKinds.AuditScenario(), connect: false);
            var dcs = h.Scenario.DcsTasks[0].TaskId;
            var drs = h.Scenario.DrsJobs[0].JobId;
            const string RedirectPassword = "Redirect-UserInfo-Secret";
            h.Sim.Faults.Add(Fault.ServiceError(400, "IAM.0001", "Invalid input for field 'auth'.").On("iam.token"));
            h.Sim.Faults.Add(Fault.Redirect(307, $"http://admin:{RedirectPassword}@127.0.0.1:{origin.Port}").On("dcs.task"));
            h.Sim.Faults.Add(Fault.GzipBomb(64L << 20).On("dcs.stats"));
            h.Sim.Faults.Add(Fault.HugeContentLength().On("drs.batch"));
            string vd = "-Verbose -Debug";
            string connect = CredentialKinds.Connect(h, kind);
            var first = h.Run(string.Join("\n",
                kind == "Password" ? $"{connect} {vd}" : "",   // IamRequestRejected (fault)
                $"{connect} {vd}",
                $"Get-DcsMigrationTask -TaskId {dcs} {vd}",    // UnexpectedRedirect
                $"Get-DcsMigrationStats -TaskId {dcs} {vd}",   // ResponseTooLarge (gzip bomb)
                $"Get-DrsJobProgress -JobId {drs} {vd}"));     // ResponseTooLarge (Content-Length)
            h.Sim.Faults.Add(Fault.Unauthorized().On("dcs.list"));
            var second = h.Run(string.Join("\n",
                $"Get-DcsMigrationTask {vd}",                  // APIG.0301 (fault): the session stops
                $"Get-DrsJobProgress -JobId {drs} {vd}",       // fails at once, nothing sent
                $"Watch-Migration -DcsTaskId {dcs} -DrsJobId {drs} -Interval 1 -Timeout 2 {vd}"));
            var ids = first.AllErrors.Concat(second.AllErrors).Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToList();
            if (kind == "Password") Assert.Contains("IamRequestRejected", ids);
            Assert.Contains("UnexpectedRedirect", ids);
            Assert.Equal(2, ids.Count(i => i == "ResponseTooLarge"));
            // The 401 itself, then one RequestsNotSent for Get-DrsJobProgress and one per service for the watch's poll.
            Assert.True(ids.Count(i => i == "APIG.0301") == 1 && ids.Count(i => i == "RequestsNotSent") == 3, string.Join(", ", ids));
            Assert.Contains(second.AllErrors, e => e.Exception.InnerException?.Message.StartsWith("Not sent: this session's credential was rejected") == true);
            Assert.Empty(origin.Requests);
            Assert.NotEmpty(first.Debug);
            foreach (var r in new[] { first, second })
            {
                var secrets = CredentialKinds.Secrets(h, r);
                secrets.Add(RedirectPassword);
                SecretAudit.AssertNoLeak(r, secrets);
            }
        }

        [Fact]
        public void TheAuditFlagsALeakInAnyStreamOrNestedProperty()
        {
            using var h = SimHost.Start(CredentialKinds.AuditScenario(), connect: false);
            string secret = h.Scenario.DcsTasks[0].SourceInstance.Password;
            var secrets = h.ScenarioSecrets().ToList();
            Assert.Single(SecretAudit.Leaks(new[] { "before " + secret + " after" }, secrets));
            Assert.NotEmpty(SecretAudit.Leaks(new[] { "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)) }, secrets));

            h.Ps.SetVariable("leak", secret);
            // Only Core cmdlets exist in this engine, so the writes go through an advanced script block's $PSCmdlet.
            const string Cmdlet = "$VerbosePreference = $DebugPreference = $InformationPreference = 'Continue'; & { [CmdletBinding()] param() ";
            foreach (var script in new[]
            {
                Cmdlet + "$PSCmdlet.WriteVerbose(\"connecting with $leak\") }",
                Cmdlet + "$PSCmdlet.WriteDebug(\"x$leak\") }",
                Cmdlet + "$PSCmdlet.WriteWarning($leak) }",
                Cmdlet + "$PSCmdlet.WriteInformation($leak, [string[]]@()) }",
                Cmdlet + "$PSCmdlet.WriteProgress([System.Management.Automation.ProgressRecord]::new(1, 'a', \"status $leak\")) }",
                Cmdlet + "$PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new([Exception]::new(\"failed: $leak\"), 'Leak', 'NotSpecified', $null)) }",
                Cmdlet + "$PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new([Exception]::new('x'), 'Leak', 'NotSpecified', [pscustomobject]@{ Password = $leak })) }",
                Cmdlet + "$PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new([Exception]::new('outer', [Exception]::new($leak)), 'Leak', 'NotSpecified', $null)) }",
                "throw \"failed with $leak\"",
                "[pscustomobject]@{ Outer = [pscustomobject]@{ Inner = @('x', $leak) } }",
                "[System.Net.NetworkCredential]::new('u', $leak)",
            })
            {
                var r = h.Run(script);
                Assert.True(r.Errors.Count == 0 || r.Errors.All(e => e.FullyQualifiedErrorId.StartsWith("Leak")), script + ": " + string.Join("; ", r.Errors));
                Assert.True(SecretAudit.Leaks(SecretAudit.Texts(r), secrets).Count > 0, "the audit missed the leak in: " + script);
            }
            Assert.Throws<Xunit.Sdk.TrueException>(() => SecretAudit.AssertNoLeak(h.Run("$leak"), secrets));
        }
    }

    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class ProcessEnvironmentCollection
    {
        public const string Name = "Process environment (HOME and HUAWEICLOUD_SDK_*)";
    }

    /// <summary>
    /// A temporary HOME and clean HUAWEICLOUD_SDK_* variables for one test; everything is restored on Dispose.
    /// These are process-wide, so tests using it run in <see cref="ProcessEnvironmentCollection"/>.
    /// </summary>
    public sealed class ProcessEnvironment : IDisposable
    {
        static readonly string[] Names =
        {
            "HOME", "USERPROFILE", "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_SECURITY_TOKEN",
            "HUAWEICLOUD_SDK_PROJECT_ID", "HUAWEICLOUD_SDK_DOMAIN_ID", "HUAWEICLOUD_SDK_REGION",
        };

        readonly Dictionary<string, string> _saved = Names.ToDictionary(n => n, Environment.GetEnvironmentVariable);

        public ProcessEnvironment()
        {
            Home = Path.Combine(Path.GetTempPath(), "hm-home-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Home);
            foreach (var name in Names) Environment.SetEnvironmentVariable(name, null);
            Environment.SetEnvironmentVariable("HOME", Home);
            Environment.SetEnvironmentVariable("USERPROFILE", Home);
        }

        public string Home { get; }

        public void Set(string name, string value)
        {
            Assert.Contains(name, Names);
            Environment.SetEnvironmentVariable(name, value);
        }

        public void WriteSdkCredentials(string ini)
        {
            Directory.CreateDirectory(Path.Combine(Home, ".huaweicloud"));
            File.WriteAllText(Path.Combine(Home, ".huaweicloud", "credentials"), ini);
        }

        public void WriteKooCliConfig(string json)
        {
            Directory.CreateDirectory(Path.Combine(Home, ".hcloud"));
            File.WriteAllText(Path.Combine(Home, ".hcloud", "config.json"), json);
        }

        public void Dispose()
        {
            foreach (var kv in _saved) Environment.SetEnvironmentVariable(kv.Key, kv.Value);
            try { Directory.Delete(Home, recursive: true); } catch (IOException) { }
        }
    }

    [Collection(ProcessEnvironmentCollection.Name)]
    public class ProfileSecretsAuditTests
    {
        [Fact]
        public void AProfileSessionLeaksNoSecret()
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(CredentialKinds.AuditScenario(), connect: false);
            var c = h.Scenario.Credentials[1];
            env.WriteSdkCredentials($"[other]\nak = X\nsk = Y\n\n[audit]\nak = {c.AccessKey}\nsk = {c.SecretKey}\nsecurity_token = {c.SecurityToken}\n");
            var r = CredentialKinds.RunEveryCmdlet(h, "Profile");
            CredentialKinds.AssertRanEverything(r, "TemporaryAccessKey");
            Assert.Equal("Profile:audit", r.Objects<object>().OfType<HuaweiCloudSession>().First().CredentialSource);
            SecretAudit.AssertNoLeak(r, CredentialKinds.Secrets(h, r));
        }

        [Fact]
        public void AnEnvironmentSessionLeaksNoSecret()
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(CredentialKinds.AuditScenario(), connect: false);
            env.Set("HUAWEICLOUD_SDK_AK", h.Scenario.Credentials[0].AccessKey);
            env.Set("HUAWEICLOUD_SDK_SK", h.Scenario.Credentials[0].SecretKey);
            var r = CredentialKinds.RunEveryCmdlet(h, "Environment");
            CredentialKinds.AssertRanEverything(r, "AccessKey");
            Assert.Equal("Environment", r.Objects<object>().OfType<HuaweiCloudSession>().First().CredentialSource);
            SecretAudit.AssertNoLeak(r, CredentialKinds.Secrets(h, r));
        }
    }
}
