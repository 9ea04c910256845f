using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    public class SessionTests
    {
        [Fact]
        public void ConnectSetsTheDefaultSessionWithAMaskedKey()
        {
            using var h = SimHost.Start(connect: false);
            var r = h.Run(h.ConnectCommand() + " -PassThru");
            var session = Assert.Single(r.Objects<HuaweiCloudSession>());
            Assert.Equal(h.Scenario.Region, session.Region);
            Assert.Equal(h.Scenario.ProjectId, session.ProjectId);
            Assert.Equal("AccessKey", session.CredentialKind);
            string ak = h.Scenario.Credentials[0].AccessKey;
            Assert.NotEqual(ak, session.AccessKey);
            Assert.StartsWith(ak.Substring(0, 4), session.AccessKey);
            Assert.Contains("*", session.AccessKey);
            Assert.Equal(h.Sim.BaseUrl, session.DcsEndpoint);
            Assert.Same(session, h.Run("Get-HuaweiCloudSession").Output.Single().BaseObject);
            foreach (var value in ObjectWalker.Values(session))
                Assert.DoesNotContain(h.Scenario.Credentials[0].SecretKey, value);
        }

        [Fact]
        public void DisconnectForgetsTheSession()
        {
            using var h = SimHost.Start();
            var r = h.Run("Disconnect-HuaweiCloud; Get-HuaweiCloudSession; Get-DcsMigrationTask");
            Assert.Empty(r.Output);
            Assert.Equal("NotConnected", r.SingleError.FullyQualifiedErrorId.Split(',')[0]);
        }

        [Fact]
        public void ResettingTheRunspaceDropsAndClosesTheDefaultSession()
        {
            using var h = SimHost.Start();
            var before = (HuaweiCloudSession)h.Run("Get-HuaweiCloudSession").Output.Single().BaseObject;
            h.Ps.Runspace.ResetRunspaceState();
            var r = h.Run("Get-HuaweiCloudSession; Get-DcsMigrationTask");
            Assert.Empty(r.Output);
            Assert.Equal("NotConnected", r.SingleError.FullyQualifiedErrorId.Split(',')[0]);
            Assert.False(before.IsConnected);
            Assert.Equal(0, h.Sim.Requests.Count("dcs.list"));
        }

        [Fact]
        public void ResettingTheRunspaceLeavesAPassThruSessionOpen()
        {
            using var h = SimHost.Start(connect: false);
            var s = h.Run(h.ConnectCommand() + " -PassThru").Objects<HuaweiCloudSession>().Single();
            h.Ps.Runspace.ResetRunspaceState();
            Assert.Empty(h.Run("Get-HuaweiCloudSession").Output);
            Assert.True(s.IsConnected);
            var r = h.Run("Get-DcsMigrationTask -Session $args[0]".Replace("$args[0]", "$s"), new System.Collections.Generic.Dictionary<string, object> { ["s"] = s });
            Assert.Empty(r.AllErrors);
            Assert.Equal(h.Scenario.DcsTasks.Count, r.Output.Count);
        }

        [Fact]
        public async System.Threading.Tasks.Task DisconnectFromAnotherRunspaceEndsAWatchWithNotConnectedAndTheLastStatuses()
        {
            using var h = SimHost.Start();
            var dcs = h.Scenario.DcsTasks[0].TaskId;
            var drs = h.Scenario.DrsJobs[0].JobId;
            var session = (HuaweiCloudSession)h.Run("Get-HuaweiCloudSession").Output.Single().BaseObject;
            using var other = new PowerShellHost();
            var watch = h.Ps.RunAsync($"Watch-Migration -DcsTaskId {dcs} -DrsJobId {drs} -Interval 1", null, null);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            // The second poll has begun, so the first one gave each migration a status.
            while (h.Sim.Requests.Count("dcs.stats") < 2 && DateTime.UtcNow < deadline) System.Threading.Thread.Sleep(10);
            var d = other.Run("Disconnect-HuaweiCloud -Session $s", new System.Collections.Generic.Dictionary<string, object> { ["s"] = session });
            Assert.Empty(d.AllErrors);
            Assert.True(await System.Threading.Tasks.Task.WhenAny(watch, System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(10))) == watch, "The watch did not end after Disconnect-HuaweiCloud.");
            var r = await watch;
            Assert.Equal("NotConnected", r.SingleError.FullyQualifiedErrorId.Split(',')[0]);
            Assert.DoesNotContain(r.AllText(), t => t != null && t.Contains("ObjectDisposed"));
            var last = r.Objects<MigrationStatus>();
            Assert.Equal(new[] { dcs, drs }, last.Select(x => x.Id).ToArray());
        }

        [Fact]
        public void ADefaultReplacedByANewConnectIsClosedUnlessPassThruHandedItOut()
        {
            using var h = SimHost.Start(connect: false);
            var kept = h.Run(h.ConnectCommand() + " -PassThru").Objects<HuaweiCloudSession>().Single();
            Assert.Empty(h.Run(h.ConnectCommand()).AllErrors);
            var replaced = (HuaweiCloudSession)h.Run("Get-HuaweiCloudSession").Output.Single().BaseObject;
            for (int i = 0; i < 3; i++) Assert.Empty(h.Run(h.ConnectCommand() + "; $null = Get-DcsMigrationTask").AllErrors);
            Assert.True(kept.IsConnected);
            Assert.False(replaced.IsConnected);
            Assert.True(replaced.Http.IsDisposed);
            var r = h.Run("Get-DcsMigrationTask -Session $old", new System.Collections.Generic.Dictionary<string, object> { ["old"] = replaced });
            Assert.Equal("NotConnected", r.SingleError.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Empty(h.Run("Get-DcsMigrationTask -Session $kept", new System.Collections.Generic.Dictionary<string, object> { ["kept"] = kept }).AllErrors);
        }

        [Fact]
        public void DisconnectClearsTheSecretKey()
        {
            using var h = SimHost.Start();
            var session = (HuaweiCloudSession)h.Run("Get-HuaweiCloudSession").Output.Single().BaseObject;
            Assert.Empty(h.Run("$null = Get-DcsMigrationTask").AllErrors);
            var credential = Assert.IsType<HuaweiMigration.Core.AccessKeyCredential>(session.Http.Credential);
            Assert.True(credential.HoldsKeyMaterial);
            Assert.Empty(h.Run("Disconnect-HuaweiCloud").AllErrors);
            Assert.False(credential.HoldsKeyMaterial);

            h.Ps.SetVariable("tok", SimHost.Secure(h.Scenario.Tokens[0]));
            var token = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -ProjectId {h.Scenario.ProjectId} -Token $tok -Endpoint $endpoint -PassThru").Objects<HuaweiCloudSession>().Single();
            Assert.Contains(h.Scenario.Tokens[0], token.SecretsForAudit());
            Assert.Empty(h.Run("Disconnect-HuaweiCloud").AllErrors);
            Assert.Empty(token.SecretsForAudit());
        }

        [Fact]
        public void ReconnectingLeavesNoConnectionOfTheReplacedSessionsOpen()
        {
            if (!File.Exists("/proc/net/tcp")) return; // counts sockets the Linux way
            using var h = SimHost.Start();
            int port = h.Sim.BaseUrl.Port;
            // Client sockets to the simulator in state ESTABLISHED (01): remote port = the simulator's.
            // .NET's dual-mode sockets list IPv4 peers in tcp6 as ::ffff:127.0.0.1.
            int Open() => new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists).SelectMany(f => File.ReadAllLines(f).Skip(1))
                .Select(l => l.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
                .Count(f => f[3] == "01" && Convert.ToInt32(f[2].Split(':')[1], 16) == port);
            for (int i = 0; i < 20; i++)
                Assert.Empty(h.Run(h.ConnectCommand() + "; $null = Get-DcsMigrationTask").AllErrors);
            Assert.InRange(Open(), 0, 3);
        }

        [Fact]
        public void ExplicitSessionsWorkSideBySide()
        {
            using var h = SimHost.Start(connect: false);
            h.Ps.SetVariable("tok", SimHost.Secure(h.Scenario.Tokens[0]));
            var r = h.Run("$a = " + h.ConnectCommand() + " -PassThru; " +
                $"$b = Connect-HuaweiCloud -Region {h.Scenario.Region} -ProjectId {h.Scenario.ProjectId} -Token $tok -Endpoint $endpoint -PassThru; " +
                "(Get-HuaweiCloudSession).CredentialKind; Disconnect-HuaweiCloud -Session $a; (Get-DcsMigrationTask -Session $b).Count; (Get-DcsMigrationTask).Count; $a -eq $b");
            Assert.Empty(r.AllErrors);
            int tasks = h.Scenario.DcsTasks.Count;
            Assert.Equal(new object[] { "Token", tasks, tasks, false }, r.Output.Select(o => o.BaseObject).ToArray());
            var closed = h.Run("Get-DcsMigrationTask -Session $a");
            Assert.Equal("NotConnected", closed.SingleError.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("Disconnect-HuaweiCloud", closed.SingleError.Exception.Message);
        }

        [Fact]
        public void TokenSessionsSendXAuthTokenAndNoSignature()
        {
            using var h = SimHost.Start(connect: false);
            h.Ps.SetVariable("tok", SimHost.Secure(h.Scenario.Tokens[0]));
            var r = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -ProjectId {h.Scenario.ProjectId} -Token $tok -Endpoint $endpoint -PassThru; Get-DcsMigrationTask");
            Assert.Empty(r.AllErrors);
            Assert.Equal("Token", ((HuaweiCloudSession)r.Output[0].BaseObject).CredentialKind);
            var request = h.Sim.Requests.All.Single(q => q.Route == "dcs.list");
            Assert.True(request.Headers.ContainsKey("X-Auth-Token"));
            Assert.False(request.Headers.ContainsKey("Authorization"));
            Assert.Equal(h.Scenario.ProjectId, request.Headers["X-Project-Id"]);
        }

        [Fact]
        public void ProjectIdIsLookedUpFromTheRegionWhenOmitted()
        {
            using var h = SimHost.Start(connect: false);
            var r = h.Run(h.ConnectCommand(withProjectId: false) + " -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Equal(h.Scenario.ProjectId, r.Objects<HuaweiCloudSession>().Single().ProjectId);
            Assert.Equal(1, h.Sim.Requests.Count("iam.projects"));
        }

        [Fact]
        public void AnUpperCaseRegionIsUsedInLowerCase()
        {
            using var h = SimHost.Start(connect: false);
            string upper = h.Scenario.Region.ToUpperInvariant();
            var r = h.Run($"Connect-HuaweiCloud -Region {upper} -AccessKey {h.Scenario.Credentials[0].AccessKey} -SecretKey $sk -Endpoint $endpoint -PassThru");
            Assert.Empty(r.AllErrors);
            var session = r.Objects<HuaweiCloudSession>().Single();
            Assert.Equal(h.Scenario.Region, session.Region);
            Assert.Equal(h.Scenario.ProjectId, session.ProjectId);

            // No request: -ProjectId is given and -SkipCredentialCheck skips the proof.
            var eu = h.Run("Connect-HuaweiCloud -Region EU-WEST-101 -ProjectId p1 -AccessKey AK -SecretKey $sk -SkipCredentialCheck -PassThru")
                .Objects<HuaweiCloudSession>().Single();
            Assert.Equal("eu-west-101", eu.Region);
            Assert.Equal("https://dcs.eu-west-101.myhuaweicloud.com/", eu.DcsEndpoint.AbsoluteUri);
            Assert.Equal("https://drs.eu-west-101.myhuaweicloud.eu/", eu.DrsEndpoint.AbsoluteUri);
            Assert.Equal("https://iam.eu-west-101.myhuaweicloud.eu/", eu.IamEndpoint.AbsoluteUri);
        }

        [Fact]
        public void PastedIdsAndNamesAreTrimmed()
        {
            using var h = SimHost.Start(connect: false);
            var id = h.Scenario.DcsTasks[0].TaskId;
            var r = h.Run($"Connect-HuaweiCloud -Region \" {h.Scenario.Region.ToUpperInvariant()}`n\" -ProjectId \"{h.Scenario.ProjectId} `r`n\" " +
                $"-AccessKey {h.Scenario.Credentials[0].AccessKey} -SecretKey $sk -Endpoint $endpoint -PassThru; " +
                $"Get-DcsMigrationStats -TaskId \"`t{id} \"; \" {id}`n\" | Get-DcsMigrationTask; Watch-Migration -DcsTaskId \" {id}\" -Until FullSyncComplete -Timeout 1 -Interval 1");
            Assert.DoesNotContain(r.AllErrors, e => !e.FullyQualifiedErrorId.StartsWith("WatchTimeout"));
            var session = r.Objects<object>().OfType<HuaweiCloudSession>().Single();
            Assert.Equal(h.Scenario.Region, session.Region);
            Assert.Equal(h.Scenario.ProjectId, session.ProjectId);
            Assert.Equal(id, r.Objects<object>().OfType<DcsMigrationStats>().Single().TaskId);
            Assert.Equal(id, r.Objects<object>().OfType<DcsMigrationTask>().Single().TaskId);
            Assert.All(h.Sim.Requests.All, q => Assert.DoesNotContain("%20", q.Path + q.Query));
        }

        [Theory]
        [InlineData(@"^[a-z]{2,}(-[a-z0-9]+)+\z", "Region")]
        [InlineData(@"^[A-Za-z0-9_-]{1,64}\z", "ProjectId")]
        public void ValidatePatternsEndAtTheEndOfTheText(string expected, string parameter)
        {
            var attribute = typeof(HuaweiMigration.Commands.ConnectHuaweiCloudCommand).GetProperty(parameter)
                .GetCustomAttributes(typeof(ValidatePatternAttribute), false).Cast<ValidatePatternAttribute>().Single();
            Assert.Equal(expected, attribute.RegexPattern);
            Assert.DoesNotMatch(new System.Text.RegularExpressions.Regex(attribute.RegexPattern), "cn-north-4\n");
        }

        [Theory]
        [InlineData("Get-DcsMigrationTask -Name 'redis[prod'")]
        [InlineData("Get-DcsMigrationTask -Name redis-*, 'redis[prod'")]
        [InlineData("Get-DrsJob -Name 'redis[prod'")]
        public void AnInvalidNameWildcardFailsBeforeAnyRequest(string command)
        {
            using var h = SimHost.Start();
            h.Sim.Requests.Clear();
            var r = h.Run(command);
            Assert.Equal("InvalidWildcard", r.SingleError.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.InvalidArgument, r.SingleError.CategoryInfo.Category);
            Assert.Equal("redis[prod", r.SingleError.TargetObject);
            Assert.Empty(h.Sim.Requests.All);
        }

        [Theory]
        [InlineData("http://10.1.2.3:5080")]
        [InlineData("ftp://127.0.0.1/")]
        public void EndpointsOtherThanHttpsOrLoopbackHttpAreRefused(string endpoint)
        {
            using var h = SimHost.Start(connect: false);
            h.Ps.SetVariable("endpoint", endpoint);
            var r = h.Run(h.ConnectCommand());
            Assert.Equal("InvalidEndpoint", r.SingleError.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.InvalidArgument, r.SingleError.CategoryInfo.Category);
            Assert.Empty(h.Run("Get-HuaweiCloudSession").Output);
        }

        [Fact]
        public void VerboseLogsOneLinePerRequestAndDebugRedactsAuthHeaders()
        {
            using var h = SimHost.Start();
            var id = h.Scenario.DcsTasks[0].TaskId;
            var r = h.Run($"Get-DcsMigrationStats -TaskId {id} -Verbose -Debug");
            var line = Assert.Single(r.Verbose, v => v.Contains("/stats"));
            Assert.Matches(@"^GET http://127\.0\.0\.1:\d+/v2/\w+/migration-task/\w+/stats -> 200 \(\d+ ms, request id [0-9a-f]+\)$", line);
            var debug = Assert.Single(r.Debug, d => d.Contains("/stats"));
            Assert.Contains("Authorization: <redacted>", debug);
            Assert.Contains("X-Sdk-Date:", debug);
            Assert.DoesNotContain("Signature=", debug);
        }
    }
}
