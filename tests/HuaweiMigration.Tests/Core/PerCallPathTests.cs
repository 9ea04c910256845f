using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>
    /// What any cheaper one-id hot path must keep (issue 24's per-call work tried several): each id fills only its own
    /// path segment and a refused project id is refused on every call, the request id comes from the answer, and the
    /// sample time is UTC with a local twin.
    /// </summary>
    public class PerCallPathTests
    {
        sealed class StatsHandler : HttpMessageHandler
        {
            public readonly List<Uri> Asked = new List<Uri>();
            public string RequestId = "req-1";
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
            {
                lock (Asked) Asked.Add(request.RequestUri);
                var response = new HttpResponseMessage(HttpStatusCode.OK)
                {
                    RequestMessage = request,
                    Content = new ByteArrayContent(Encoding.UTF8.GetBytes(
                        "{\"full_migration_progress\":\"40\",\"source_dbsize\":10,\"target_dbsize\":4,\"is_migrating\":true}")),
                };
                if (RequestId != null) response.Headers.TryAddWithoutValidation("X-Request-Id", RequestId);
                return Task.FromResult(response);
            }
        }

        static DcsClient Client(StatsHandler handler, string projectId) =>
            new DcsClient(new CloudHttpClient(new TokenCredential("unit-test-token"), TimeSpan.FromSeconds(10), handler: handler),
                new Uri("https://dcs.cn-north-4.myhuaweicloud.com/"), projectId);

        [Theory]
        [InlineData("..")]
        [InlineData("")]
        [InlineData("a\nb")]
        public async Task ARefusedProjectIdIsRefusedOnEveryCallAndNothingIsSent(string projectId)
        {
            var handler = new StatsHandler();
            var dcs = Client(handler, projectId);
            for (int i = 0; i < 2; i++)
            {
                var ex = await Assert.ThrowsAsync<HuaweiApiException>(() => dcs.GetStatsAsync("task-1", null, CancellationToken.None));
                Assert.Equal("InvalidId", ex.ErrorCode);
            }
            Assert.Empty(handler.Asked);
        }

        [Fact]
        public async Task EachTaskIdFillsOnlyItsOwnSegmentOnceTheProjectPartIsKept()
        {
            var handler = new StatsHandler();
            var dcs = Client(handler, "proj/1");
            await dcs.GetStatsAsync("task-1", null, CancellationToken.None);
            await dcs.GetStatsAsync("../../x?y", null, CancellationToken.None);
            await dcs.GetTaskAsync("task-1", null, CancellationToken.None).ContinueWith(_ => { });
            Assert.Equal("/v2/proj%2F1/migration-task/task-1/stats", handler.Asked[0].AbsolutePath);
            Assert.Equal("/v2/proj%2F1/migration-task/..%2F..%2Fx%3Fy/stats", handler.Asked[1].AbsolutePath);
            Assert.Equal("", handler.Asked[1].Query);
            Assert.Equal("/v2/proj%2F1/migration-task/task-1", handler.Asked[2].AbsolutePath);
        }

        [Fact]
        public async Task AStatsSampleIsTakenInUtcAndShownInLocalTime()
        {
            var handler = new StatsHandler();
            var before = DateTime.UtcNow;
            var stats = await Client(handler, "p").GetStatsAsync("task-1", null, CancellationToken.None);
            Assert.Equal(DateTimeKind.Utc, stats.SampledAtUtc.Kind);
            Assert.InRange(stats.SampledAtUtc, before, DateTime.UtcNow);
            Assert.Equal(DateTimeKind.Local, stats.SampledAt.Kind);
            Assert.Equal(stats.SampledAtUtc, stats.SampledAt.ToUniversalTime());
            Assert.Equal(6, stats.KeysRemaining);
        }

        [Theory]
        [InlineData("req-1", "req-1")]
        [InlineData(null, null)]
        public async Task TheRequestIdIsTheAnswersHeaderOrNull(string header, string expected)
        {
            var handler = new StatsHandler { RequestId = header };
            var http = new CloudHttpClient(new TokenCredential("unit-test-token"), TimeSpan.FromSeconds(10), handler: handler);
            var response = await http.GetAsync(new Uri("https://dcs.cn-north-4.myhuaweicloud.com/v2/p/migration-task/t/stats"), "p", null, CancellationToken.None);
            Assert.Equal(expected, response.RequestId);
        }
    }
}
