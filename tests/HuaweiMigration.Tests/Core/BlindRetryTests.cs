using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>CloudHttpClient resends blindly only what says it is a read: a GET, or a POST sent as a read.</summary>
    public class BlindRetryTests
    {
        sealed class BadGateway : HttpMessageHandler
        {
            public int Calls;
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
            {
                Interlocked.Increment(ref Calls);
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>502 Bad Gateway</html>") });
            }
        }

        static readonly Uri Url = new Uri("https://drs.cn-north-4.myhuaweicloud.com/v3/p/jobs/j/compare/c");

        static async Task<int> Sends(Func<CloudHttpClient, Task> send)
        {
            var handler = new BadGateway();
            using (var http = new CloudHttpClient(new TokenCredential("unit-test-token"), TimeSpan.FromSeconds(10),
                new RetryPolicy { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(1) }, handler))
            {
                var ex = await Assert.ThrowsAsync<HuaweiApiException>(() => send(http));
                Assert.Equal(502, ex.StatusCode);
            }
            return handler.Calls;
        }

        [Fact]
        public async Task ADeleteOrPutThroughThePlainSendIsSentOnceAfterA502()
        {
            Assert.Equal(1, await Sends(h => h.SendAsync(HttpMethod.Delete, Url, null, "p", null, CancellationToken.None)));
            Assert.Equal(1, await Sends(h => h.SendAsync(HttpMethod.Put, Url, new byte[] { (byte)'{', (byte)'}' }, "p", null, CancellationToken.None)));
            Assert.Equal(1, await Sends(h => h.SendAsync(HttpMethod.Post, Url, new byte[] { (byte)'{', (byte)'}' }, "p", null, CancellationToken.None)));
            Assert.Equal(1, await Sends(h => h.PostJsonAsync(Url, new byte[] { (byte)'{', (byte)'}' }, "p", null, CancellationToken.None)));
        }

        [Fact]
        public async Task AGetAndAPostSentAsAReadAreRetried()
        {
            Assert.Equal(4, await Sends(h => h.SendAsync(HttpMethod.Get, Url, null, "p", null, CancellationToken.None)));
            Assert.Equal(4, await Sends(h => h.GetAsync(Url, "p", null, CancellationToken.None)));
            Assert.Equal(4, await Sends(h => h.PostReadAsync(Url, new byte[] { (byte)'{', (byte)'}' }, "p", null, CancellationToken.None)));
        }
    }
}
