using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>Get-HuaweiCloudSession -ListAvailable and Set-HuaweiCloudSession: the sessions a runspace holds, and which is the default.</summary>
    public class HeldSessionTests
    {
        static string Id(ErrorRecord e) => e.FullyQualifiedErrorId.Split(',')[0];

        static string TokenConnect(SimHost h) =>
            $"Connect-HuaweiCloud -Region {h.Scenario.Region} -ProjectId {h.Scenario.ProjectId} -Token $tok -Endpoint $endpoint";

        static SimHost TwoKept(out HuaweiCloudSession keys, out HuaweiCloudSession token)
        {
            var h = SimHost.Start(connect: false);
            h.Ps.SetVariable("tok", SimHost.Secure(h.Scenario.Tokens[0]));
            keys = h.Run(h.ConnectCommand() + " -PassThru").Objects<HuaweiCloudSession>().Single();
            token = h.Run(TokenConnect(h) + " -PassThru").Objects<HuaweiCloudSession>().Single();
            h.Sim.Requests.Clear();
            return h;
        }

        [Fact]
        public void ListAvailableGivesEveryOpenSessionInConnectOrderWithTheDefaultMarked()
        {
            using var h = TwoKept(out var keys, out var token);
            Assert.Empty(h.Run(h.ConnectCommand()).AllErrors);
            var listed = h.Run("Get-HuaweiCloudSession -ListAvailable").Objects<HuaweiCloudSession>();
            Assert.Equal(3, listed.Length);
            Assert.Same(keys, listed[0]);
            Assert.Same(token, listed[1]);
            var plain = listed[2];
            Assert.Equal(new[] { false, false, true }, h.Run("Get-HuaweiCloudSession -ListAvailable | ForEach-Object IsDefault").Objects<bool>());

            // A default Connect replaces without -PassThru is closed and leaves the list; the kept ones stay.
            Assert.Empty(h.Run(h.ConnectCommand()).AllErrors);
            listed = h.Run("Get-HuaweiCloudSession -ListAvailable").Objects<HuaweiCloudSession>();
            Assert.False(plain.IsConnected);
            Assert.Equal(3, listed.Length);
            Assert.DoesNotContain(plain, listed);
            foreach (var session in listed)
                foreach (var value in ObjectWalker.Values(session))
                {
                    Assert.DoesNotContain(h.Scenario.Credentials[0].SecretKey, value);
                    Assert.DoesNotContain(h.Scenario.Tokens[0], value);
                }
            Assert.DoesNotContain(h.Sim.Requests.All, q => !q.Route.StartsWith("iam"));
        }

        [Fact]
        public void SetMakesAKeptSessionTheDefaultAgainAndKeepsTheOneItReplacesOpen()
        {
            using var h = TwoKept(out var keys, out var token);
            var vars = new Dictionary<string, object> { ["keys"] = keys };
            var r = h.Run("Set-HuaweiCloudSession -Session $keys; (Get-HuaweiCloudSession).CredentialKind; $null = Get-DcsMigrationTask", vars);
            Assert.Empty(r.AllErrors);
            Assert.Equal("AccessKey", r.Output.Single().BaseObject);
            Assert.True(token.IsConnected);
            Assert.True(h.Sim.Requests.All.Single(q => q.Route == "dcs.list").Headers.ContainsKey("Authorization"));

            // Back again through the pipeline, as a user picks it from the list.
            h.Sim.Requests.Clear();
            r = h.Run("Get-HuaweiCloudSession -ListAvailable | Where-Object CredentialKind -eq Token | Set-HuaweiCloudSession -PassThru; $null = Get-DcsMigrationTask");
            Assert.Empty(r.AllErrors);
            Assert.Same(token, r.Output.Single().BaseObject);
            // IsDefault is read in the runspace it speaks of.
            Assert.Equal(new[] { true, false }, h.Run("$token.IsDefault; $keys.IsDefault", new Dictionary<string, object> { ["token"] = token }).Objects<bool>());
            Assert.True(keys.IsConnected);
            Assert.True(h.Sim.Requests.All.Single(q => q.Route == "dcs.list").Headers.ContainsKey("X-Auth-Token"));
            Assert.Equal(2, h.Run("Get-HuaweiCloudSession -ListAvailable").Output.Count);
        }

        [Fact]
        public void SetByIdentityNeedsExactlyOneMatch()
        {
            using var h = TwoKept(out var keys, out var token);
            var r = h.Run($"Set-HuaweiCloudSession -ProjectId {h.Scenario.ProjectId}");
            Assert.Equal("AmbiguousSession", Id(r.SingleError));
            Assert.Equal(ErrorCategory.InvalidArgument, r.SingleError.CategoryInfo.Category);
            Assert.Equal("-ProjectId " + h.Scenario.ProjectId, r.SingleError.TargetObject);
            Assert.Same(token, h.Run("Get-HuaweiCloudSession").Output.Single().BaseObject);

            r = h.Run("Set-HuaweiCloudSession -Region eu-west-101");
            Assert.Equal("SessionNotFound", Id(r.SingleError));
            Assert.Equal(ErrorCategory.ObjectNotFound, r.SingleError.CategoryInfo.Category);
            Assert.Equal("-Region eu-west-101", r.SingleError.TargetObject);
            Assert.Same(token, h.Run("Get-HuaweiCloudSession").Output.Single().BaseObject);

            // One held: a bare Set-HuaweiCloudSession picks it; -WhatIf changes nothing.
            Assert.Empty(h.Run("Disconnect-HuaweiCloud -Session $token", new Dictionary<string, object> { ["token"] = token }).AllErrors);
            Assert.Empty(h.Run("Get-HuaweiCloudSession").Output);
            Assert.Empty(h.Run("Set-HuaweiCloudSession -WhatIf").AllErrors);
            Assert.Empty(h.Run("Get-HuaweiCloudSession").Output);
            Assert.Empty(h.Run("Set-HuaweiCloudSession").AllErrors);
            Assert.Same(keys, h.Run("Get-HuaweiCloudSession").Output.Single().BaseObject);
        }

        [Fact]
        public void DisconnectRemovesASessionFromTheListAndSetRefusesIt()
        {
            using var h = TwoKept(out var keys, out _);
            var vars = new Dictionary<string, object> { ["keys"] = keys };
            Assert.Empty(h.Run("Disconnect-HuaweiCloud -Session $keys", vars).AllErrors);
            var listed = h.Run("Get-HuaweiCloudSession -ListAvailable").Objects<HuaweiCloudSession>();
            Assert.Equal("Token", Assert.Single(listed).CredentialKind);
            var r = h.Run("Set-HuaweiCloudSession -Session $keys", vars);
            Assert.Equal("NotConnected", Id(r.SingleError));
            Assert.Same(keys, r.SingleError.TargetObject);
            Assert.Equal("Token", ((HuaweiCloudSession)h.Run("Get-HuaweiCloudSession").Output.Single().BaseObject).CredentialKind);
        }

        [Fact]
        public void AReusedRunspaceAndAnotherRunspaceSeeNoneOfTheSessions()
        {
            using var h = TwoKept(out var keys, out var token);
            using (var other = new PowerShellHost())
                Assert.Empty(other.Run("Get-HuaweiCloudSession -ListAvailable").Output);
            Assert.Empty(h.Run(h.ConnectCommand()).AllErrors);
            var plain = (HuaweiCloudSession)h.Run("Get-HuaweiCloudSession").Output.Single().BaseObject;
            var vars = new Dictionary<string, object> { ["keys"] = keys };
            Assert.Empty(h.Run("Set-HuaweiCloudSession -Session $keys", vars).AllErrors);

            h.Ps.Runspace.ResetRunspaceState();
            Assert.Empty(h.Run("Get-HuaweiCloudSession -ListAvailable").Output);
            Assert.Equal("SessionNotFound", Id(h.Run("Set-HuaweiCloudSession").SingleError));
            // Sessions handed out with -PassThru belong to their caller and stay open; the one nobody was given is closed.
            Assert.True(keys.IsConnected);
            Assert.True(token.IsConnected);
            Assert.False(plain.IsConnected);
        }

        [Theory]
        [InlineData(null, null, null, true)]
        [InlineData("CN-NORTH-4", null, null, true)]
        [InlineData("cn-north-4", "p1", "Prod", true)]
        [InlineData("cn-north-9", null, null, false)]
        [InlineData(null, "P1", null, false)]
        [InlineData(null, null, "test", false)]
        public void SessionFilterMatchesRegionAndProfileWithoutCaseAndProjectIdExactly(string region, string project, string profile, bool matches)
        {
            var filter = new SessionFilter { Region = region, ProjectId = project, ProfileName = profile };
            Assert.Equal(matches, filter.Matches("cn-north-4", "p1", "Profile:prod"));
            Assert.False(new SessionFilter { ProfileName = "prod" }.Matches("cn-north-4", "p1", "Environment"));
        }
    }
}
