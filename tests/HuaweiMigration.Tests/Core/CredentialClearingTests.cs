using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Iam;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>Disconnect clears the STS token and the IAM password as it clears the secret key, and nothing is sent with them afterwards.</summary>
    public sealed class CredentialClearingTests
    {
        [Fact]
        public async Task DisposeClearsTheSecurityTokenAndLaterRequestsFailUnsent()
        {
            var credential = new HuaweiMigration.Core.AccessKeyCredential("HPUATEMPAK", "temporary-secret", "sts-token-0123456789");
            Assert.Contains("sts-token-0123456789", credential.SecretsForAudit());
            credential.Dispose();
            Assert.False(credential.HoldsKeyMaterial);
            Assert.Empty(credential.SecretsForAudit());
            Assert.Equal("TemporaryAccessKey", credential.Kind);
            var e = await Assert.ThrowsAsync<HuaweiApiException>(() =>
                credential.ApplyAsync(new HttpRequestMessage(HttpMethod.Get, "https://dcs.example.com/v2/p/x"), null, "p", CancellationToken.None));
            Assert.Equal("NotConnected", e.ErrorCode);
        }

        [Fact]
        public async Task DisposeClearsThePasswordAndNoLoginFollows()
        {
            var credential = new PasswordCredential("domain", "user", "P@ssw0rd-to-clear", "cn-north-4", new Uri("http://127.0.0.1:9/"),
                TimeSpan.FromSeconds(1), new RetryPolicy { MaxRetries = 0 });
            Assert.Contains("P@ssw0rd-to-clear", credential.SecretsForAudit());
            credential.Dispose();
            Assert.Empty(credential.SecretsForAudit());
            var e = await Assert.ThrowsAsync<HuaweiApiException>(() => credential.GetTokenAsync(NullRequestLog.Instance, CancellationToken.None));
            Assert.Equal("NotConnected", e.ErrorCode);
        }
    }
}
