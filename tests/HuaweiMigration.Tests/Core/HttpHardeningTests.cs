using System;
using System.Collections.Generic;
using System.IO;
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
    }
}
