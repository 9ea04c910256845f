using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>
    /// A 3xx is never followed: no credential header, signature or password body reaches the other origin, and the
    /// answer is one non-retried UnexpectedRedirect naming the status and the target host (no path, query or user info).
    /// </summary>
    public class RedirectTests
    {
        static void NothingReached(RecordingOrigin origin, params string[] secrets)
        {
            foreach (var q in origin.Requests)
            {
                foreach (var name in RecordingOrigin.CredentialHeaders)
                    Assert.False(q.Headers.ContainsKey(name), $"{q.RequestLine} reached the other origin with {name}");
                foreach (var secret in secrets) Assert.DoesNotContain(secret, q.Body);
            }
            Assert.Empty(origin.Requests);
        }

        static ErrorRecord OneRedirectError(ScriptResult r, int status, RecordingOrigin origin, object target)
        {
            var e = r.SingleError;
            Assert.Equal("UnexpectedRedirect", e.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(target, e.TargetObject);
            Assert.Contains("HTTP " + status, e.Exception.Message);
            Assert.Contains("127.0.0.1:" + origin.Port, e.Exception.Message);
            Assert.DoesNotContain("hunter2", e.Exception.Message);
            Assert.DoesNotContain("evil", e.Exception.Message);
            Assert.DoesNotContain("?", e.Exception.Message.Substring(e.Exception.Message.IndexOf("127.0.0.1:" + origin.Port)));
            Assert.DoesNotContain("forged", string.Join("\n", r.Output.Select(o => o.ToString())));
            return e;
        }

        static string Location(RecordingOrigin origin) => $"http://evil:hunter2@127.0.0.1:{origin.Port}";

        [Theory]
        [InlineData("AccessKey", 301)]
        [InlineData("AccessKey", 302)]
        [InlineData("TemporaryAccessKey", 307)]
        [InlineData("Token", 308)]
        [InlineData("Password", 303)]
        public void ADataRequestRedirectedElsewhereSendsNothingThereAndIsOneError(string kind, int status)
        {
            using var origin = new RecordingOrigin();
            using var h = SimHost.Start(CredentialKinds.AuditScenario(), connect: false);
            Assert.Empty(h.Run(CredentialKinds.Connect(h, kind)).AllErrors);
            string id = h.Scenario.DcsTasks[0].TaskId;
            h.Sim.Faults.Add(Fault.Redirect(status, Location(origin)).On("dcs.task").Forever());
            h.Sim.Faults.Add(Fault.Redirect(status, Location(origin)).On("dcs.list").Forever());

            var one = h.Run($"Get-DcsMigrationTask -TaskId {id}");
            var e = OneRedirectError(one, status, origin, id);
            Assert.Equal(ErrorCategory.InvalidResult, e.CategoryInfo.Category);
            Assert.Equal(1, h.Sim.Requests.Count("dcs.task"));

            var list = h.Run("Get-DcsMigrationTask -Name 'redis*'");
            OneRedirectError(list, status, origin, h.Scenario.ProjectId);
            Assert.Equal(1, h.Sim.Requests.Count("dcs.list"));
            NothingReached(origin, h.ScenarioSecrets().ToArray());
        }

        [Fact]
        public void ABatchPostRedirectedWith307IsNotPostedAgainElsewhere()
        {
            using var origin = new RecordingOrigin();
            using var h = SimHost.Start(CredentialKinds.AuditScenario(), connect: false);
            Assert.Empty(h.Run(CredentialKinds.Connect(h, "TemporaryAccessKey")).AllErrors);
            string job = h.Scenario.DrsJobs[0].JobId;
            h.Sim.Faults.Add(Fault.Redirect(307, Location(origin)).On("drs.batch").Forever());
            var r = h.Run($"Get-DrsJobProgress -JobId {job}");
            OneRedirectError(r, 307, origin, job);
            Assert.Equal(1, h.Sim.Requests.Count("drs.batch"));
            NothingReached(origin, job);
        }

        [Theory]
        [InlineData(307)]
        [InlineData(308)]
        [InlineData(302)]
        public void APasswordLoginRedirectedElsewhereNeverRepostsThePassword(int status)
        {
            using var origin = new RecordingOrigin();
            using var h = SimHost.Start(CredentialKinds.AuditScenario(), connect: false);
            h.Sim.Faults.Add(Fault.Redirect(status, Location(origin)).On("iam.token").Forever());
            var r = h.Run(CredentialKinds.Connect(h, "Password"));
            OneRedirectError(r, status, origin, h.Scenario.Region);
            Assert.Equal(1, h.Sim.Requests.Count("iam.token"));
            Assert.Empty(h.Run("Get-HuaweiCloudSession").Output);
            NothingReached(origin, h.Scenario.Users[0].Password);
        }

        [Fact]
        public void AProjectLookupRedirectedElsewhereLeavesNoSession()
        {
            using var origin = new RecordingOrigin();
            using var h = SimHost.Start(CredentialKinds.AuditScenario(), connect: false);
            h.Sim.Faults.Add(Fault.Redirect(302, Location(origin)).On("iam.projects").Forever());
            var r = h.Run(CredentialKinds.Connect(h, "AccessKey"));
            OneRedirectError(r, 302, origin, h.Scenario.Region);
            Assert.Empty(h.Run("Get-HuaweiCloudSession").Output);
            NothingReached(origin);
        }

        [Fact]
        public void TheRecordingOriginSeesWhatIsSentToIt()
        {
            // The check above is only worth something if the origin records credential headers and bodies.
            using var origin = new RecordingOrigin();
            using var http = new System.Net.Http.HttpClient();
            var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Post, origin.BaseUrl + "/v3/auth/tokens?x=1")
            {
                Content = new System.Net.Http.StringContent("{\"password\":\"p4ss\"}"),
            };
            request.Headers.TryAddWithoutValidation("X-Auth-Token", "tok");
            using var response = http.Send(request);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            var q = Assert.Single(origin.Requests);
            Assert.Equal("tok", q.Headers["X-Auth-Token"]);
            Assert.Contains("p4ss", q.Body);
            Assert.StartsWith("POST /v3/auth/tokens?x=1", q.RequestLine);
        }
    }
}
