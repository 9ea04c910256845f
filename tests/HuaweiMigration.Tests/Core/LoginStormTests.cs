using System;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Iam;
using HuaweiMigration.Simulator;
using HuaweiMigration.Tests.Engine;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>A local clock far from IAM's never turns each request into a login: the token's lifetime is IAM's, with a floor between logins.</summary>
    public sealed class LoginStormTests
    {
        [Theory]
        [InlineData(3 * 24)]
        [InlineData(-3 * 24)]
        public async Task TwentyRequestsWithASkewedClockCostOneLogin(int skewHours)
        {
            await using var sim = await SimulatorServer.StartAsync(SimHost.FrozenDemo());
            var user = sim.Scenario.Users[0];
            var local = sim.Clock.Now.AddHours(skewHours);
            var credential = new PasswordCredential(user.Domain, user.Name, user.Password, sim.Scenario.Region, sim.BaseUrl, TimeSpan.FromSeconds(10),
                new RetryPolicy { MaxRetries = 0 }) { Clock = () => local };
            var log = new ListLog();
            for (int i = 0; i < 20; i++) await credential.GetTokenAsync(log, CancellationToken.None);
            Assert.Equal(1, sim.Requests.Count(Routes.IamToken));
            Assert.Contains(log.Warnings, w => w.Contains("IAM's clock"));

            // The token is renewed on the local clock, a lifetime (less the margin) after it was obtained.
            local += TimeSpan.FromSeconds(sim.Scenario.TokenLifetimeSeconds);
            await credential.GetTokenAsync(log, CancellationToken.None);
            Assert.Equal(2, sim.Requests.Count(Routes.IamToken));
        }

        [Fact]
        public async Task ATokenAlreadyExpiredOnIamsOwnClockIsReusedForTheFloor()
        {
            await using var sim = await SimulatorServer.StartAsync(SimHost.FrozenDemo());
            var expired = Fault.Malformed("{\"token\": {\"issued_at\": \"2026-01-01T10:00:00Z\", \"expires_at\": \"2026-01-01T09:00:00Z\"}}").On(Routes.IamToken).Forever();
            expired.Headers = new System.Collections.Generic.Dictionary<string, string> { ["X-Subject-Token"] = "MIIexpired" };
            sim.Faults.Add(expired);
            var user = sim.Scenario.Users[0];
            var local = new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);
            var credential = new PasswordCredential(user.Domain, user.Name, user.Password, sim.Scenario.Region, sim.BaseUrl, TimeSpan.FromSeconds(10),
                new RetryPolicy { MaxRetries = 0 }) { Clock = () => local };
            for (int i = 0; i < 20; i++) Assert.Equal("MIIexpired", await credential.GetTokenAsync(NullRequestLog.Instance, CancellationToken.None));
            Assert.Equal(1, sim.Requests.Count(Routes.IamToken));
            local += PasswordCredential.MinTokenReuse;
            await credential.GetTokenAsync(NullRequestLog.Instance, CancellationToken.None);
            Assert.Equal(2, sim.Requests.Count(Routes.IamToken));
        }
    }
}
