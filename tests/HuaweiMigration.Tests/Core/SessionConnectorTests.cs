using System;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Iam;
using HuaweiMigration.Simulator;
using AccessKeyCredential = HuaweiMigration.Core.AccessKeyCredential;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>Connect-HuaweiCloud's sequence after binding, alone: project id, credential proof, and closing what it opened on failure.</summary>
    public class SessionConnectorTests
    {
        static Task<SessionConnector.Result> Connect(SimulatorServer sim, AccessKeyCredential credential, string projectId, CancellationToken ct = default) =>
            SessionConnector.ConnectAsync(credential, ServiceEndpoints.Single(sim.BaseUrl.AbsoluteUri), sim.Scenario.Region, projectId,
                () => null, TimeSpan.FromSeconds(5), new RetryPolicy { MaxRetries = 0 }, checkCredential: true, NullRequestLog.Instance, ct);

        static AccessKeyCredential Key(SimulatorServer sim) =>
            CredentialChain.AccessKey(sim.Scenario.Credentials[0].AccessKey, sim.Scenario.Credentials[0].SecretKey, null, "test");

        [Fact]
        public async Task LooksUpTheProjectAndProvesTheKeyInOneRequest()
        {
            await using var sim = await SimulatorServer.StartAsync(Scenario.Demo());
            var result = await Connect(sim, Key(sim), projectId: null);
            Assert.Equal(sim.Scenario.ProjectId, result.ProjectId);
            Assert.Null(result.Unproven);
            Assert.True(result.Http.IsCredentialProven);
            Assert.Equal(1, sim.Requests.Count());
            result.Http.Dispose();
        }

        [Fact]
        public async Task ARejectedKeyClosesTheClientAndClearsTheKey()
        {
            await using var sim = await SimulatorServer.StartAsync(Scenario.Demo());
            sim.Faults.Add(Fault.Unauthorized().On("iam.projects"));
            var key = Key(sim);
            var ex = await Assert.ThrowsAsync<HuaweiApiException>(() => Connect(sim, key, sim.Scenario.ProjectId));
            Assert.Equal("APIG.0301", ex.ErrorCode);
            Assert.False(key.HoldsKeyMaterial);
        }
    }
}
