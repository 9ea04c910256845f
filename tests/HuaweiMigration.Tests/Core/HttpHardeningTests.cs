using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>CloudHttpClient alone, against a handler that answers whatever the test wants.</summary>
    public class HttpHardeningTests
    {
        sealed class CannedHandler : HttpMessageHandler
        {
            readonly Func<HttpRequestMessage, HttpResponseMessage> _answer;
            public int Calls;
            public CannedHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) => _answer = answer;
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
            {
                Interlocked.Increment(ref Calls);
                return Task.FromResult(_answer(request));
            }
        }

        /// <summary>A stream of <paramref name="length"/> spaces that fails the test if read past <paramref name="readLimit"/>.</summary>
        sealed class SpaceStream : Stream
        {
            readonly long _length, _readLimit;
            long _position;
            public SpaceStream(long length, long readLimit = long.MaxValue) { _length = length; _readLimit = readLimit; }
            public override int Read(byte[] buffer, int offset, int count)
            {
                int n = (int)Math.Min(count, _length - _position);
                if (_position + n > _readLimit) throw new InvalidOperationException("read past " + _readLimit);
                for (int i = 0; i < n; i++) buffer[offset + i] = (byte)' ';
                _position += n;
                return n;
            }
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => _position; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        static CloudHttpClient Client(HttpMessageHandler handler, int retries = 3) =>
            new CloudHttpClient(new TokenCredential("unit-test-token"), TimeSpan.FromSeconds(10),
                new RetryPolicy { MaxRetries = retries, BaseDelay = TimeSpan.FromMilliseconds(1) }, handler);

        static readonly Uri Url = new Uri("https://dcs.cn-north-4.myhuaweicloud.com/v2/p/migration-tasks");

        static HttpResponseMessage Body(long length, bool declare, long readLimit = long.MaxValue)
        {
            var content = new StreamContent(new SpaceStream(length, readLimit));
            if (declare) content.Headers.ContentLength = length;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task AnAnswerOfExactlyTheCapIsRead(bool declare)
        {
            using var http = Client(new CannedHandler(_ => Body(CloudHttpClient.MaxResponseBytes, declare)));
            var response = await http.GetAsync(Url, null, null, CancellationToken.None);
            Assert.Equal(CloudHttpClient.MaxResponseBytes, response.Body.Length);
        }

        [Fact]
        public async Task OneByteOverTheCapIsOneResponseTooLargeErrorWithoutARetry()
        {
            var handler = new CannedHandler(_ => Body(CloudHttpClient.MaxResponseBytes + 1L, declare: false));
            using var http = Client(handler);
            var e = await Assert.ThrowsAsync<HuaweiApiException>(() => http.GetAsync(Url, null, null, CancellationToken.None));
            Assert.Equal("ResponseTooLarge", e.ErrorCode);
            Assert.False(e.IsTransient);
            Assert.Equal(1, handler.Calls);
        }

        [Fact]
        public async Task AHugeContentLengthIsRefusedBeforeAnyOfTheBodyIsRead()
        {
            var handler = new CannedHandler(_ => Body(8L << 30, declare: true, readLimit: 0));
            using var http = Client(handler);
            var e = await Assert.ThrowsAsync<HuaweiApiException>(() => http.GetAsync(Url, null, null, CancellationToken.None));
            Assert.Equal("ResponseTooLarge", e.ErrorCode);
            Assert.Contains("8,589,934,592 bytes", e.Message);
            Assert.Equal(1, handler.Calls);
        }

        [Theory]
        [InlineData(SocketError.HostNotFound)]
        [InlineData(SocketError.NoData)]
        public async Task AHostDnsDoesNotKnowFailsAtOnceWithHostNotFound(SocketError dns)
        {
            var handler = new CannedHandler(_ => throw new HttpRequestException("Name or service not known (dcs.xx-nowhere-1.myhuaweicloud.com:443)", new SocketException((int)dns)));
            using var http = Client(handler);
            var e = await Assert.ThrowsAsync<HuaweiApiException>(() => http.GetAsync(Url, null, null, CancellationToken.None));
            Assert.Equal("HostNotFound", e.ErrorCode);
            Assert.Equal(ApiErrorCategory.ConnectionError, e.Category);
            Assert.False(e.IsTransient);
            Assert.Contains(Url.Host, e.Message);
            Assert.Equal(1, handler.Calls);
        }

        [Fact]
        public async Task ALookupThatFailedForNowIsStillRetried()
        {
            var handler = new CannedHandler(_ => throw new HttpRequestException("Temporary failure in name resolution", new SocketException((int)SocketError.TryAgain)));
            using var http = Client(handler, retries: 2);
            var e = await Assert.ThrowsAsync<HuaweiApiException>(() => http.GetAsync(Url, null, null, CancellationToken.None));
            Assert.Equal("ConnectionFailed", e.ErrorCode);
            Assert.Equal(3, handler.Calls);
        }

        [Theory]
        [InlineData(6, 6)]
        [InlineData(45, 45)]
        [InlineData(60, 60)]
        [InlineData(600, 60)]
        public void RetryAfterIsHonouredUpToAMinute(int retryAfter, int expected)
        {
            var throttled = ApiErrorParser.Parse(429, System.Text.Encoding.UTF8.GetBytes("{\"error_code\":\"APIG.0308\"}"), null);
            Assert.Equal(TimeSpan.FromSeconds(expected), new RetryPolicy().NextDelay(1, throttled, TimeSpan.FromSeconds(retryAfter), TimeSpan.Zero));
        }

        [Fact]
        public async Task AShortWaitIsNotAnnounced()
        {
            int calls = 0;
            var handler = new CannedHandler(_ =>
            {
                if (Interlocked.Increment(ref calls) > 1) return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") };
                var r = new HttpResponseMessage((HttpStatusCode)429) { Content = new StringContent("{\"error_code\":\"APIG.0308\"}") };
                r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
                return r;
            });
            using var http = Client(handler);
            var log = new ListLog();
            await http.GetAsync(Url, null, log, CancellationToken.None);
            Assert.Equal(2, calls);
            Assert.Empty(log.Warnings);
        }

        [Fact]
        public async Task ACappedRetryAfterSaysItWasCapped()
        {
            int calls = 0;
            var handler = new CannedHandler(_ =>
            {
                if (Interlocked.Increment(ref calls) > 1) return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") };
                var r = new HttpResponseMessage((HttpStatusCode)429) { Content = new StringContent("{\"error_code\":\"APIG.0308\"}") };
                r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(3600));
                return r;
            });
            // A cap just over the 5 s that earns a warning keeps the test short.
            using var http = new CloudHttpClient(new TokenCredential("unit-test-token"), TimeSpan.FromSeconds(10),
                new RetryPolicy { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxRetryAfter = TimeSpan.FromSeconds(6) }, handler);
            var log = new ListLog();
            await http.GetAsync(Url, null, log, CancellationToken.None);
            var warning = Assert.Single(log.Warnings);
            Assert.Contains("waiting 6 s", warning);
            Assert.Contains("asked for 3600 s", warning);
            Assert.Contains("capped at 6 s", warning);
        }

        [Fact]
        public async Task AnUnprovenClientSendsOneRequestAtATimeUntilItsFirstSuccessThenAllAtOnce()
        {
            var first = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var allSeven = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            int calls = 0, inFlight = 0, peak = 0;
            var handler = new AsyncHandler(async () =>
            {
                int n = Interlocked.Increment(ref calls);
                int now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref peak, now);
                try
                {
                    if (n == 1) await first.Task;
                    else if (now == 7) allSeven.TrySetResult(true);
                    else await Task.WhenAny(allSeven.Task, Task.Delay(TimeSpan.FromSeconds(10)));
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") };
                }
                finally { Interlocked.Decrement(ref inFlight); }
            });
            using var http = Client(handler);
            var requests = Enumerable.Range(0, 8).Select(_ => Task.Run(() => http.GetAsync(Url, null, null, CancellationToken.None))).ToArray();
            while (Volatile.Read(ref calls) == 0) await Task.Delay(5);
            await Task.Delay(200);
            Assert.Equal(1, Volatile.Read(ref calls));
            Assert.False(http.IsCredentialProven);
            first.SetResult(true);
            await Task.WhenAll(requests);
            Assert.True(http.IsCredentialProven);
            Assert.Equal(8, calls);
            Assert.True(allSeven.Task.IsCompleted, $"after the first success the queued requests went one by one (peak {peak})");
        }

        static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
        }

        sealed class AsyncHandler : HttpMessageHandler
        {
            readonly Func<Task<HttpResponseMessage>> _answer;
            public AsyncHandler(Func<Task<HttpResponseMessage>> answer) => _answer = answer;
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) => _answer();
        }

        [Fact]
        public async Task AfterA401NothingIsSentAgainAndEveryCallerGetsTheSameError()
        {
            var handler = new CannedHandler(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized)
            {
                Content = new StringContent("{\"error_code\":\"APIG.0301\",\"error_msg\":\"Incorrect IAM authentication information: verify aksk signature fail.\"}"),
            });
            using var http = Client(handler);
            var requests = Enumerable.Range(0, 20).Select(_ => Task.Run(() => http.GetAsync(Url, null, null, CancellationToken.None))).ToArray();
            foreach (var r in requests)
            {
                var e = await Assert.ThrowsAsync<HuaweiApiException>(() => r);
                Assert.Equal("APIG.0301", e.ErrorCode);
                Assert.Equal(401, e.StatusCode);
            }
            Assert.Equal(1, handler.Calls);
            Assert.NotNull(http.Rejection);
        }
    }
}
