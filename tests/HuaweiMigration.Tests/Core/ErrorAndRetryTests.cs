using System;
using System.Text;
using HuaweiMigration.Core;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    public class ErrorAndRetryTests
    {
        static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

        [Theory]
        [InlineData(400, "{\"error_code\":\"DCS.4133\",\"error_msg\":\"Instance job is not found.\"}", "DCS.4133", ApiErrorCategory.ObjectNotFound, "Instance job is not found.")]
        [InlineData(401, "{\"error_code\":\"APIG.0301\",\"error_msg\":\"Incorrect IAM authentication information\"}", "APIG.0301", ApiErrorCategory.AuthenticationError, "Incorrect IAM")]
        [InlineData(403, "{\"code\":\"DRS.403\",\"message\":\"denied\"}", "DRS.403", ApiErrorCategory.PermissionDenied, "denied")]
        [InlineData(404, "{\"error\":{\"code\":\"APIG.0101\",\"message\":\"The API does not exist\"}}", "APIG.0101", ApiErrorCategory.ObjectNotFound, "does not exist")]
        [InlineData(401, "{\"error\":{\"code\":401,\"message\":\"The username or password is wrong.\",\"title\":\"Unauthorized\"}}", "Http401", ApiErrorCategory.AuthenticationError, "password is wrong")]
        [InlineData(429, "{\"error_code\":\"APIG.0308\",\"error_msg\":\"throttled\"}", "APIG.0308", ApiErrorCategory.LimitsExceeded, "throttled")]
        [InlineData(400, "{\"error_code\":\"APIG.0308\",\"error_msg\":\"throttled\"}", "APIG.0308", ApiErrorCategory.LimitsExceeded, "throttled")]
        [InlineData(502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "Http502", ApiErrorCategory.ResourceUnavailable, "502 Bad Gateway")]
        [InlineData(503, "", "Http503", ApiErrorCategory.ResourceUnavailable, "empty body")]
        [InlineData(500, "{\"error_code\": ", "Http500", ApiErrorCategory.ResourceUnavailable, "HTTP 500")]
        public void MapsEveryErrorShape(int status, string body, string code, ApiErrorCategory category, string messagePart)
        {
            var ex = ApiErrorParser.Parse(status, B(body), "req-123");
            Assert.Equal(code, ex.ErrorCode);
            Assert.Equal(category, ex.Category);
            Assert.Contains(messagePart, ex.Message);
            Assert.Contains("req-123", ex.Message);
            Assert.Equal("req-123", ex.RequestId);
            Assert.DoesNotContain("JsonException", ex.Message);
            Assert.DoesNotContain("'<' is an invalid", ex.Message);
        }

        [Fact]
        public void RequestIdInTheBodyWins()
        {
            var ex = ApiErrorParser.Parse(400, B("{\"error_code\":\"X.1\",\"error_msg\":\"m\",\"request_id\":\"body-id\"}"), "header-id");
            Assert.Equal("body-id", ex.RequestId);
        }

        static HuaweiApiException Err(int status, string code = null) => ApiErrorParser.Parse(status, B(code == null ? "" : "{\"error_code\":\"" + code + "\"}"), null);

        [Theory]
        [InlineData(429, true)]
        [InlineData(500, true)]
        [InlineData(502, true)]
        [InlineData(503, true)]
        [InlineData(400, false)]
        [InlineData(401, false)]
        [InlineData(403, false)]
        [InlineData(404, false)]
        public void RetriesOnlyTransientStatuses(int status, bool retried)
        {
            var policy = new RetryPolicy();
            Assert.Equal(retried, policy.NextDelay(1, Err(status), null, TimeSpan.Zero).HasValue);
        }

        [Fact]
        public void TimeoutsAndConnectionFailuresAreRetried()
        {
            var policy = new RetryPolicy();
            Assert.NotNull(policy.NextDelay(1, new HuaweiApiException("Timeout", "t", ApiErrorCategory.OperationTimeout), null, TimeSpan.Zero));
            Assert.NotNull(policy.NextDelay(1, new HuaweiApiException("ConnectionFailed", "c", ApiErrorCategory.ConnectionError), null, TimeSpan.Zero));
            Assert.Null(policy.NextDelay(1, new HuaweiApiException("InvalidResponse", "c", ApiErrorCategory.InvalidResponse), null, TimeSpan.Zero));
        }

        [Theory]
        [InlineData(429, true)]
        [InlineData(500, false)]
        [InlineData(502, false)]
        [InlineData(503, false)]
        [InlineData(504, false)]
        public void AStateChangingRequestIsRetriedOnlyWhenThrottled(int status, bool retried)
        {
            var policy = new RetryPolicy();
            Assert.Equal(retried, policy.NextDelay(1, Err(status), null, TimeSpan.Zero, idempotent: false).HasValue);
            Assert.Equal(!retried, RetryPolicy.IsAmbiguous(Err(status)));
        }

        [Fact]
        public void AStateChangingRequestIsNeverRetriedAfterATimeoutOrAReset()
        {
            var policy = new RetryPolicy();
            var timeout = new HuaweiApiException("Timeout", "t", ApiErrorCategory.OperationTimeout);
            var reset = new HuaweiApiException("ConnectionFailed", "c", ApiErrorCategory.ConnectionError);
            Assert.Null(policy.NextDelay(1, timeout, null, TimeSpan.Zero, idempotent: false));
            Assert.Null(policy.NextDelay(1, reset, null, TimeSpan.Zero, idempotent: false));
            Assert.True(RetryPolicy.IsAmbiguous(timeout) && RetryPolicy.IsAmbiguous(reset));
            Assert.True(RetryPolicy.IsAmbiguous(new HuaweiApiException("InvalidResponse", "c", ApiErrorCategory.InvalidResponse)));
            Assert.False(RetryPolicy.IsAmbiguous(Err(400)));
        }

        [Fact]
        public void BackoffGrowsWithJitterAndStopsAfterMaxRetries()
        {
            var policy = new RetryPolicy { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(10) };
            var e = Err(503);
            for (int i = 0; i < 50; i++)
            {
                var d1 = policy.NextDelay(1, e, null, TimeSpan.Zero).Value.TotalMilliseconds;
                var d3 = policy.NextDelay(3, e, null, TimeSpan.Zero).Value.TotalMilliseconds;
                Assert.InRange(d1, 50, 100);
                Assert.InRange(d3, 200, 400);
            }
            Assert.Null(policy.NextDelay(4, e, null, TimeSpan.Zero));
        }

        [Fact]
        public void RetryAfterIsHonouredButCappedAndTotalTimeIsBounded()
        {
            // Retry-After is capped by MaxRetryAfter (60 s by default), not by the backoff's MaxDelay.
            var policy = new RetryPolicy { MaxDelay = TimeSpan.FromSeconds(5), MaxRetryAfter = TimeSpan.FromSeconds(20), MaxElapsed = TimeSpan.FromSeconds(30) };
            Assert.Equal(TimeSpan.FromSeconds(7), policy.NextDelay(1, Err(429, "APIG.0308"), TimeSpan.FromSeconds(7), TimeSpan.Zero));
            Assert.Equal(TimeSpan.FromSeconds(20), policy.NextDelay(1, Err(429), TimeSpan.FromHours(1), TimeSpan.Zero));
            Assert.Null(policy.NextDelay(1, Err(429), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(25)));
        }

        [Theory]
        [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/")]
        [InlineData("http://localhost:5080/base", "http://localhost:5080/base/")]
        [InlineData("http://[::1]:80/", "http://[::1]/")]
        [InlineData("https://gw.example.com", "https://gw.example.com/")]
        public void EndpointsAcceptHttpsAndLoopbackHttp(string input, string expected) =>
            Assert.Equal(expected, ServiceEndpoints.Validate(input).AbsoluteUri);

        [Theory]
        [InlineData("http://10.0.0.1:5080")]
        [InlineData("http://dcs.cn-north-4.myhuaweicloud.com")]
        [InlineData("ftp://127.0.0.1/")]
        [InlineData("file:///etc/passwd")]
        [InlineData("not a url")]
        [InlineData("https://user:pw@gw.example.com")]
        public void EndpointsRefuseEverythingElse(string input) =>
            Assert.Throws<ArgumentException>(() => ServiceEndpoints.Validate(input));

        [Fact]
        public void RegionEndpointsFollowNotesAndOverrides()
        {
            var e = ServiceEndpoints.ForRegion("cn-north-4", _ => null);
            Assert.Equal("https://dcs.cn-north-4.myhuaweicloud.com/", e.Dcs.AbsoluteUri);
            Assert.Equal("https://drs.cn-north-4.myhuaweicloud.com/", e.Drs.AbsoluteUri);
            Assert.Equal("https://iam.cn-north-4.myhuaweicloud.com/", e.Iam.AbsoluteUri);
            Assert.Equal("https://drs.eu-west-101.myhuaweicloud.eu/", ServiceEndpoints.ForRegion("eu-west-101", _ => null).Drs.AbsoluteUri);
            var eu = ServiceEndpoints.ForRegion("EU-WEST-101", _ => null);
            Assert.Equal("https://dcs.eu-west-101.myhuaweicloud.com/", eu.Dcs.AbsoluteUri);
            Assert.Equal("https://drs.eu-west-101.myhuaweicloud.eu/", eu.Drs.AbsoluteUri);
            Assert.Equal("https://iam.eu-west-101.myhuaweicloud.eu/", eu.Iam.AbsoluteUri);
            Assert.Equal("https://dcs.cn-north-4.myhuaweicloud.com/", ServiceEndpoints.ForRegion(" CN-North-4 ", _ => null).Dcs.AbsoluteUri);
            var o = ServiceEndpoints.ForRegion("ap-southeast-1", n =>
                n == "HUAWEICLOUD_SDK_REGION_DCS_AP_SOUTHEAST_1" ? "https://dcs.internal.example" :
                n == "HUAWEICLOUD_SDK_IAM_ENDPOINT" ? "https://iam.myhuaweicloud.com" : null);
            Assert.Equal("https://dcs.internal.example/", o.Dcs.AbsoluteUri);
            Assert.Equal("https://iam.myhuaweicloud.com/", o.Iam.AbsoluteUri);
            // A bad override names its variable: the user must know which one to fix.
            var bad = Assert.Throws<ArgumentException>(() => ServiceEndpoints.ForRegion("ap-southeast-1", n =>
                n == "HUAWEICLOUD_SDK_REGION_DRS_AP_SOUTHEAST_1" ? "http://10.1.2.3/" : null));
            Assert.StartsWith("HUAWEICLOUD_SDK_REGION_DRS_AP_SOUTHEAST_1: ", bad.Message);
            bad = Assert.Throws<ArgumentException>(() => ServiceEndpoints.ForRegion("ap-southeast-1", n => n == "HUAWEICLOUD_SDK_IAM_ENDPOINT" ? "not a url" : null));
            Assert.StartsWith("HUAWEICLOUD_SDK_IAM_ENDPOINT: ", bad.Message);
        }

        [Theory]
        [InlineData("abc-123", "abc-123")]
        [InlineData("a/b", "a%2Fb")]
        [InlineData("x?y=1", "x%3Fy%3D1")]
        [InlineData("a b", "a%20b")]
        [InlineData("50%", "50%25")]
        [InlineData("任务", "%E4%BB%BB%E5%8A%A1")]
        [InlineData("../stats", "..%2Fstats")]
        public void IdsStayInOneSegment(string id, string expected) =>
            Assert.Equal(expected, ResourcePath.Segment(id));

        [Theory]
        [InlineData("..")]
        [InlineData(".")]
        [InlineData("")]
        [InlineData(" ")]
        [InlineData("a\nb")]
        public void DotAndEmptyIdsAreRefused(string id) =>
            Assert.Equal("InvalidId", Assert.Throws<HuaweiApiException>(() => ResourcePath.Segment(id)).ErrorCode);
    }
}
