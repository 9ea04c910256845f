using System;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>Connect-HuaweiCloud -Credential -DomainName: an IAM token from a password, scoped to the region, renewed before expiry.</summary>
    public class PasswordCredentialTests
    {
        static string Connect(SimHost h, string password, string extra = "")
        {
            var user = h.Scenario.Users[0];
            h.Ps.SetVariable("cred", new PSCredential(user.Name, SimHost.Secure(password)));
            return $"Connect-HuaweiCloud -Region {h.Scenario.Region} -Credential $cred -DomainName {user.Domain} -Endpoint $endpoint {extra}";
        }

        [Fact]
        public void TheRightPasswordGivesATokenSessionWithTheProjectFromTheToken()
        {
            using var h = SimHost.Start(connect: false);
            var r = h.Run(Connect(h, h.Scenario.Users[0].Password, "-PassThru") + "; Get-DcsMigrationTask; Get-DrsJobProgress -JobId " + h.Scenario.DrsJobs[0].JobId);
            Assert.Empty(r.AllErrors);
            var session = r.Objects<object>().OfType<HuaweiCloudSession>().Single();
            Assert.Equal("Password", session.CredentialKind);
            Assert.Equal(h.Scenario.Users[0].Domain + "\\" + h.Scenario.Users[0].Name, session.AccessKey);
            Assert.Equal(h.Scenario.ProjectId, session.ProjectId);
            // The project id comes from the token; the one projects request is Connect proving the token with the gateway.
            var check = h.Sim.Requests.All.Single(q => q.Route == "iam.projects");
            Assert.True(check.Headers.ContainsKey("X-Auth-Token"));
            Assert.Equal(1, h.Sim.Requests.Count("iam.token"));
            Assert.Equal(h.Scenario.DcsTasks.Count, r.Objects<object>().OfType<DcsMigrationTask>().Count());
            Assert.Single(r.Objects<object>().OfType<DrsJobProgress>());

            var tokenRequest = h.Sim.Requests.All.Single(q => q.Route == "iam.token");
            Assert.Contains("\"password\"", tokenRequest.Body);
            Assert.Contains("\"name\":\"" + h.Scenario.Region + "\"", tokenRequest.Body);
            var data = h.Sim.Requests.All.Where(q => q.Route.StartsWith("dcs.") || q.Route.StartsWith("drs.")).ToList();
            Assert.Equal(2, data.Count);
            Assert.All(data, q =>
            {
                Assert.True(q.Headers.ContainsKey("X-Auth-Token"), q.Route + " has no X-Auth-Token");
                Assert.False(q.Headers.ContainsKey("Authorization"), q.Route + " is signed");
                Assert.Equal(h.Scenario.ProjectId, q.Headers["X-Project-Id"]);
            });
        }

        [Fact]
        public void AWrongPasswordIsATerminatingAuthenticationErrorAndNoDataRequestFollows()
        {
            using var h = SimHost.Start(connect: false);
            string wrong = "Not-The-Passw0rd!";
            var r = h.Run("try { " + Connect(h, wrong) + "; 'connected' } catch { 'caught'; throw }");
            Assert.Equal(new[] { "caught" }, r.Output.Select(o => o.ToString()));
            var e = r.SingleError;
            Assert.Equal("AuthenticationFailed", e.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.AuthenticationError, e.CategoryInfo.Category);
            Assert.Contains(h.Scenario.Users[0].Name, e.Exception.Message);
            Assert.Contains("wrong", e.Exception.Message);
            Assert.Matches("request id [0-9a-f]{32}", e.Exception.Message);
            SecretAudit.AssertNoLeak(r, new[] { wrong, h.Scenario.Users[0].Password });

            var after = h.Run("Get-DcsMigrationTask");
            Assert.Equal("NotConnected", after.SingleError.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(new[] { "iam.token" }, h.Sim.Requests.All.Select(q => q.Route));
        }

        [Fact]
        public void AWrongPasswordIsNeverRetried()
        {
            using var h = SimHost.Start(connect: false);
            var r = h.Run(Connect(h, "wrong-password", "-MaxRetryCount 5"));
            Assert.Equal("AuthenticationFailed", r.SingleError.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(1, h.Sim.Requests.Count("iam.token"));
        }

        [Fact]
        public void TheTokenIsRenewedBeforeItExpiresDuringALongWatch()
        {
            var s = WatchScenarios.Build(1, x =>
            {
                x.TokenLifetimeSeconds = 3;
                x.DrsJobs.Add(WatchScenarios.Drs("drs-long", new MigrationBehavior { Kind = MigrationBehaviorKind.Stall, FullSyncSeconds = 100 }));
                x.DcsTasks.Add(WatchScenarios.Dcs("dcs-long", new MigrationBehavior { Kind = MigrationBehaviorKind.Stall, FullSyncSeconds = 100 }));
            });
            using var h = SimHost.Start(s, connect: false);
            Assert.Empty(h.Run(Connect(h, h.Scenario.Users[0].Password)).AllErrors);
            var r = h.Run("Watch-Migration -DrsJobId drs-long -DcsTaskId dcs-long -Interval 1 -Timeout 5 -Stream");
            Assert.Empty(r.Warnings);
            Assert.Equal("WatchTimeout", r.SingleError.FullyQualifiedErrorId.Split(',')[0]);
            Assert.True(r.Objects<MigrationStatus>().Count(x => x.Id == "drs-long") >= 4, "every poll gave a sample");
            Assert.True(h.Sim.Requests.Count("iam.token") >= 2, $"{h.Sim.Requests.Count("iam.token")} token request(s) over 5 s with a 3 s lifetime");
            var tokens = h.Sim.Requests.All.Where(q => q.Route != "iam.token").Select(q => q.Headers["X-Auth-Token"]).Distinct().Count();
            Assert.True(tokens >= 2, "the data requests all carried one token");
        }

        [Fact]
        public void TheTokenRequestLeavesOutNullMembersWhichIamRefuses()
        {
            using var h = SimHost.Start(connect: false);
            var r = h.Run(Connect(h, h.Scenario.Users[0].Password));
            Assert.Empty(r.AllErrors);
            var body = h.Sim.Requests.All.Single(q => q.Route == "iam.token").Body;
            Assert.DoesNotContain("null", body);
            Assert.DoesNotContain("\"id\"", body);
        }

        [Theory]
        [InlineData(400, "IamRequestRejected", ErrorCategory.InvalidArgument, "Invalid input for field 'auth.scope'")]
        [InlineData(401, "AuthenticationFailed", ErrorCategory.AuthenticationError, "The request you have made requires authentication.")]
        public void A400FromIamIsKeptApartFromAWrongPassword(int status, string errorId, ErrorCategory category, string message)
        {
            using var h = SimHost.Start(connect: false);
            h.Sim.Faults.Add(Fault.Status(status, "{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"title\":\"x\"}}").On("iam.token").Forever());
            var r = h.Run(Connect(h, h.Scenario.Users[0].Password, "-MaxRetryCount 3"));
            var e = r.SingleError;
            Assert.Equal(errorId, e.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(category, e.CategoryInfo.Category);
            Assert.Contains(message, e.Exception.Message);
            Assert.StartsWith(status == 400 ? "IAM rejected the token request" : "IAM refused the password", e.Exception.Message);
            Assert.Equal(1, h.Sim.Requests.Count("iam.token"));
            Assert.Empty(h.Run("Get-HuaweiCloudSession").Output);
            SecretAudit.AssertNoLeak(r, new[] { h.Scenario.Users[0].Password });
        }
    }
}
