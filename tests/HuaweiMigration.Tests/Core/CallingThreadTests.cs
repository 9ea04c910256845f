using System;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;
using HuaweiMigration.Simulator;
using HuaweiMigration.Tests.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>
    /// CloudHttpClient inside <see cref="CallingThread.Run{T}"/>: the request runs on the calling thread
    /// (HttpClient.Send), with the same results, errors, timeouts and cancellation as the asynchronous path.
    /// </summary>
    public sealed class CallingThreadTests : IAsyncLifetime
    {
        SimulatorServer _sim;

        public async Task InitializeAsync() => _sim = await SimulatorTestKit.StartAsync();

        public async Task DisposeAsync() => await _sim.DisposeAsync();

        CloudHttpClient NewClient(TimeSpan? timeout = null, HttpMessageHandler handler = null) =>
            new CloudHttpClient(new HuaweiMigration.Core.AccessKeyCredential(SimulatorTestKit.AccessKey, SimulatorTestKit.SecretKey),
                timeout ?? TimeSpan.FromSeconds(10), new RetryPolicy { MaxRetries = 0 }, handler);

        DcsClient Dcs(CloudHttpClient http) => new DcsClient(http, _sim.BaseUrl, SimulatorTestKit.ProjectId);

        [Fact]
        public async Task InsideRunTheRequestIsDoneWhenRunReturns()
        {
            _sim.AddedLatency = TimeSpan.FromMilliseconds(200);
            using var http = NewClient();
            var inside = CallingThread.Run(() => Dcs(http).GetStatsAsync("dcs-complete", null, CancellationToken.None));
            Assert.True(inside.IsCompleted);
            var outside = Dcs(http).GetStatsAsync("dcs-complete", null, CancellationToken.None);
            Assert.False(outside.IsCompleted);

            var a = await inside;
            var b = await outside;
            Assert.Equal("dcs-complete", a.TaskId);
            Assert.Equal(b.SourceDbSize, a.SourceDbSize);
            Assert.Equal(b.FullMigrationProgress, a.FullMigrationProgress);
            Assert.Equal(2, _sim.Requests.Count("dcs.stats"));
        }

        [Fact]
        public void AServiceErrorIsTheSameHuaweiApiException()
        {
            using var http = NewClient();
            var task = CallingThread.Run(() => Dcs(http).GetStatsAsync("no-such-task", null, CancellationToken.None));
            Assert.True(task.IsCompleted);
            var inside = Assert.Throws<HuaweiApiException>(() => task.GetAwaiter().GetResult());
            var outside = Assert.Throws<HuaweiApiException>(() => Dcs(http).GetStatsAsync("no-such-task", null, CancellationToken.None).GetAwaiter().GetResult());
            Assert.Equal(outside.ErrorCode, inside.ErrorCode);
            Assert.Equal(outside.Category, inside.Category);
        }

        [Theory]
        [InlineData("dcs.stats")]
        [InlineData("drs.batch")]
        public void AStalledBodyTimesOutPerAttempt(string route)
        {
            _sim.Faults.Add(Fault.StallBody(5000).On(route));
            using var http = NewClient(TimeSpan.FromMilliseconds(500));
            var watch = Stopwatch.StartNew();
            Task task = route == "dcs.stats"
                ? CallingThread.Run(() => Dcs(http).GetStatsAsync("dcs-complete", null, CancellationToken.None))
                : CallingThread.Run(() => new DrsClient(http, _sim.BaseUrl, SimulatorTestKit.ProjectId)
                    .GetJobProgressAsync(new[] { "drs-full" }, null, CancellationToken.None));
            var ex = Assert.Throws<HuaweiApiException>(() => task.GetAwaiter().GetResult());
            Assert.Equal("Timeout", ex.ErrorCode);
            Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(2500));
        }

        [Fact]
        public void CancellingFromAnotherThreadEndsABlockedRequest()
        {
            _sim.Faults.Add(Fault.StallBeforeHeaders(10_000).On("dcs.stats"));
            using var http = NewClient(TimeSpan.FromSeconds(30));
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var watch = Stopwatch.StartNew();
            var task = CallingThread.Run(() => Dcs(http).GetStatsAsync("dcs-complete", null, cts.Token));
            Assert.ThrowsAny<OperationCanceledException>(() => task.GetAwaiter().GetResult());
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        }

        [Fact]
        public async Task AHandlerOfOurOwnStaysAsynchronous()
        {
            using var http = NewClient(handler: new SlowHandler());
            var task = CallingThread.Run(() => Dcs(http).GetStatsAsync("dcs-complete", null, CancellationToken.None));
            Assert.False(task.IsCompleted);
            Assert.Equal("dcs-complete", (await task).TaskId);
        }

        /// <summary>Implements only SendAsync, as test and proxy handlers usually do.</summary>
        sealed class SlowHandler : DelegatingHandler
        {
            public SlowHandler() : base(new HttpClientHandler()) { }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                await Task.Delay(100, cancellationToken);
                return await base.SendAsync(request, cancellationToken);
            }
        }
    }
}
