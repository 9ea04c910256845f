using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using HuaweiMigration.Simulator;
using Xunit;
using static HuaweiMigration.Tests.Simulator.SimulatorTestKit;

namespace HuaweiMigration.Tests.Simulator
{
    public class SimulatorAuthTests
    {
        static string Stats => P("migration-task/dcs-complete/stats");

        static async Task AssertRejected(SimulatorServer server, HttpRequestMessage request, string reason)
        {
            using var http = NewHttpClient(server);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues("X-Request-Id").Single());
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("APIG.0301", error.Code());
            Assert.StartsWith("Incorrect IAM authentication information: ", error.GetProperty("error_msg").GetString());
            Assert.True(error.GetProperty("error_msg").GetString().Contains(reason, StringComparison.Ordinal), error.GetProperty("error_msg").GetString());
        }

        [Fact]
        public async Task AcceptsCorrectSignature()
        {
            await using var server = await StartAsync();
            var (status, json) = await GetAsync(server, Stats);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(100000, json.Long("source_dbsize"));
        }

        [Fact]
        public async Task AcceptsSignedQueryStringAndBody()
        {
            await using var server = await StartAsync();
            var (list, _) = await GetAsync(server, P("migration-tasks?name=or%20d&limit=5&offset=0"));
            Assert.Equal(HttpStatusCode.OK, list);
            var (batch, _) = await BatchAsync(server, "drs-full");
            Assert.Equal(HttpStatusCode.Accepted, batch);
        }

        [Fact]
        public async Task RejectsTamperedSignature()
        {
            await using var server = await StartAsync();
            var request = Signed(server, HttpMethod.Get, Stats);
            string auth = request.Headers.GetValues("Authorization").Single();
            char last = auth[^1];
            request.Headers.Remove("Authorization");
            request.Headers.TryAddWithoutValidation("Authorization", auth[..^1] + (last == '0' ? '1' : '0'));
            await AssertRejected(server, request, "signature");
        }

        [Fact]
        public async Task RejectsTamperedBody()
        {
            await using var server = await StartAsync();
            var request = Signed(server, HttpMethod.Post, $"v3/{ProjectId}/jobs/batch-progress", "{\"jobs\":[\"drs-full\"]}");
            request.Content = new StringContent("{\"jobs\":[\"drs-fail\"]}", Encoding.UTF8, "application/json");
            await AssertRejected(server, request, "signature");
        }

        [Fact]
        public async Task RejectsWrongSecretKey()
        {
            await using var server = await StartAsync();
            await AssertRejected(server, Signed(server, HttpMethod.Get, Stats, secretKey: "not-the-secret"), "signature");
        }

        [Fact]
        public async Task RejectsUnknownAccessKey()
        {
            await using var server = await StartAsync();
            await AssertRejected(server, Signed(server, HttpMethod.Get, Stats, accessKey: "NOSUCHAK"), "NOSUCHAK");
        }

        [Theory]
        [InlineData(-16)]
        [InlineData(16)]
        public async Task RejectsStaleSdkDate(int minutes)
        {
            await using var server = await StartAsync();
            await AssertRejected(server, Signed(server, HttpMethod.Get, Stats, signedAt: DateTime.UtcNow.AddMinutes(minutes)), "15 minutes");
        }

        [Fact]
        public async Task AcceptsSdkDateWithinSkew()
        {
            await using var server = await StartAsync();
            var (status, _) = await SendAsync(server, Signed(server, HttpMethod.Get, Stats, signedAt: DateTime.UtcNow.AddMinutes(-14)));
            Assert.Equal(HttpStatusCode.OK, status);
        }

        [Fact]
        public async Task TemporaryCredentialNeedsSignedSecurityToken()
        {
            await using var server = await StartAsync();
            await AssertRejected(server, Signed(server, HttpMethod.Get, Stats, accessKey: TempAccessKey, secretKey: TempSecretKey), "security token");
            await AssertRejected(server, Signed(server, HttpMethod.Get, Stats, accessKey: TempAccessKey, secretKey: TempSecretKey, securityToken: "other"), "security token");
            await AssertRejected(server, Signed(server, HttpMethod.Get, Stats, accessKey: TempAccessKey, secretKey: TempSecretKey, securityToken: SecurityToken, signSecurityToken: false),
                "x-security-token is not signed");
            var (status, _) = await SendAsync(server, Signed(server, HttpMethod.Get, Stats, accessKey: TempAccessKey, secretKey: TempSecretKey, securityToken: SecurityToken));
            Assert.Equal(HttpStatusCode.OK, status);
        }

        [Fact]
        public async Task RejectsRequestWithoutCredentials()
        {
            await using var server = await StartAsync();
            await AssertRejected(server, Unsigned(server, HttpMethod.Get, Stats), "no X-Auth-Token");
            await AssertRejected(server, WithToken(server, HttpMethod.Get, Stats, "made-up"), "invalid");
        }

        [Fact]
        public async Task StaticTokenIsAccepted()
        {
            await using var server = await StartAsync();
            var (status, _) = await SendAsync(server, WithToken(server, HttpMethod.Get, Stats));
            Assert.Equal(HttpStatusCode.OK, status);
        }

        static string PasswordBody(string password, string region = "cn-north-4") => JsonSerializer.Serialize(new
        {
            auth = new
            {
                identity = new { methods = new[] { "password" }, password = new { user = new { domain = new { name = "demo-domain" }, name = "admin", password } } },
                scope = new { project = new { name = region } },
            },
        });

        [Fact]
        public async Task PasswordTokenWorksUntilItExpires()
        {
            await using var server = await StartAsync();
            using var http = NewHttpClient(server);
            using var response = await http.SendAsync(Unsigned(server, HttpMethod.Post, "v3/auth/tokens", PasswordBody("s3cret!")));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            string token = response.Headers.GetValues("X-Subject-Token").Single();
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("token");
            Assert.Equal(ProjectId, body.GetProperty("project").GetProperty("id").GetString());
            Assert.Equal("cn-north-4", body.GetProperty("project").GetProperty("name").GetString());
            Assert.DoesNotContain("s3cret", body.GetRawText());
            var expires = DateTimeOffset.Parse(body.GetProperty("expires_at").GetString());
            Assert.Equal(3600, (expires - DateTimeOffset.Parse(body.GetProperty("issued_at").GetString())).TotalSeconds, 3);
            Assert.EndsWith("Z", body.GetProperty("expires_at").GetString());

            var (ok, _) = await SendAsync(server, WithToken(server, HttpMethod.Get, Stats, token));
            Assert.Equal(HttpStatusCode.OK, ok);

            server.Advance(3601);
            await AssertRejected(server, WithToken(server, HttpMethod.Get, Stats, token), "expired");
        }

        [Fact]
        public async Task WrongPasswordGetsIamError()
        {
            await using var server = await StartAsync();
            var (status, json) = await SendAsync(server, Unsigned(server, HttpMethod.Post, "v3/auth/tokens", PasswordBody("wrong")));
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            var error = json.GetProperty("error");
            Assert.Equal(401, error.GetProperty("code").GetInt32());
            Assert.Equal("The username or password is wrong.", error.GetProperty("message").GetString());
            Assert.Equal("Unauthorized", error.GetProperty("title").GetString());
        }

        [Fact]
        public async Task ProjectsByRegionNeedAuthAndFilterByName()
        {
            await using var server = await StartAsync();
            var (status, json) = await GetAsync(server, "v3/projects?name=cn-north-4");
            Assert.Equal(HttpStatusCode.OK, status);
            var project = Assert.Single(json.GetProperty("projects").EnumerateArray());
            Assert.Equal(ProjectId, project.GetProperty("id").GetString());
            var (_, none) = await GetAsync(server, "v3/projects?name=ap-southeast-1");
            Assert.Empty(none.GetProperty("projects").EnumerateArray());
            await AssertRejected(server, Unsigned(server, HttpMethod.Get, "v3/projects?name=cn-north-4"), "no X-Auth-Token");
        }

        [Fact]
        public async Task EveryAnswerCarriesRequestId()
        {
            await using var server = await StartAsync();
            using var http = NewHttpClient(server);
            foreach (var path in new[] { Stats, "nope", "_sim/requests" })
            {
                using var response = await http.GetAsync(path);
                Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues("X-Request-Id").Single());
            }
        }

        [Fact]
        public async Task ATokenRequestWithANullMemberIsRefusedAsIamsSchemaWould()
        {
            await using var server = await StartAsync();
            string body = PasswordBody("s3cret!").Replace("\"project\":{", "\"project\":{\"id\":null,");
            Assert.Contains("\"id\":null", body);
            var (status, json) = await SendAsync(server, Unsigned(server, HttpMethod.Post, "v3/auth/tokens", body));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("'auth.scope.project.id'", json.GetProperty("error").GetProperty("message").GetString());
        }
    }
}
