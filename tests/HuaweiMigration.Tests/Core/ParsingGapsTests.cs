using System;
using System.Net.Http;
using System.Text;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>The small parsing gaps of the second review.</summary>
    public sealed class ParsingGapsTests
    {
        static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

        [Theory]
        [InlineData("\"100\"", 100L)]
        [InlineData("\"100.0\"", 100L)]
        [InlineData("1.5e2", 150L)]
        [InlineData("\"2.4\"", 2L)]
        [InlineData("\"-1\"", null)]
        [InlineData("\"lots\"", null)]
        public void BandwidthLimitTakesFractionsAndExponents(string json, long? expected) =>
            Assert.Equal(expected, DcsClient.ParseTask(B("{\"task_id\": \"t\", \"bandwidth_limit_mb\": " + json + "}")).BandwidthLimitMb);

        [Fact]
        public void ABodyStartingWithAByteOrderMarkIsRead()
        {
            var body = new byte[] { 0xEF, 0xBB, 0xBF };
            var stats = DcsClient.ParseStats("t", Combine(body, B("{\"full_migration_progress\": 40}")), DateTimeOffset.Now);
            Assert.Equal(40.0, stats.FullMigrationProgress);
        }

        static byte[] Combine(byte[] a, byte[] b)
        {
            var all = new byte[a.Length + b.Length];
            a.CopyTo(all, 0);
            b.CopyTo(all, a.Length);
            return all;
        }

        [Fact]
        public void AnErrorWithACodeAndNoMessageIsDescribedByItsCode()
        {
            var e = ApiErrorParser.Parse(400, B("{\"error_code\": \"DCS.4133\"}"), null);
            Assert.Equal("DCS.4133", e.ErrorCode);
            Assert.Contains("DCS.4133", e.Message);
            Assert.DoesNotContain("not a JSON error", e.Message);
        }

        [Fact]
        public void ARetryAfterTooLargeToParseIsCappedNotIgnored()
        {
            using var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
            response.Headers.TryAddWithoutValidation("Retry-After", "99999999999");
            var wait = CloudHttpClient.RetryAfterOf(response);
            Assert.NotNull(wait);
            var throttled = ApiErrorParser.Parse(429, B("{\"error_code\":\"APIG.0308\"}"), null);
            Assert.Equal(TimeSpan.FromSeconds(60), new RetryPolicy().NextDelay(1, throttled, wait, TimeSpan.Zero));
        }

        [Theory]
        [InlineData("http://localhost:0")]
        [InlineData("https://gateway.example.com:0/")]
        public void PortZeroIsNotAnEndpoint(string endpoint) =>
            Assert.Contains("port 0", Assert.Throws<ArgumentException>(() => ServiceEndpoints.Validate(endpoint)).Message);
    }
}
