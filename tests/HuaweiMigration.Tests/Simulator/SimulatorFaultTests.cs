using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Simulator;
using Xunit;
using static HuaweiMigration.Tests.Simulator.SimulatorTestKit;

namespace HuaweiMigration.Tests.Simulator
{
    public class SimulatorFaultTests
    {
        static string Stats(string id = "dcs-complete") => P($"migration-task/{id}/stats");

        static async Task<HttpResponseMessage> Send(SimulatorServer server, string path, TimeSpan? timeout = null,
            HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, CancellationToken cancel = default)
        {
            var http = NewHttpClient(server, timeout);
            return await http.SendAsync(Signed(server, HttpMethod.Get, path), completion, cancel);
        }

        [Fact]
        public async Task Throttle429CarriesRetryAfterOnlyWhenGiven()
        {
            await using var server = await StartAsync();
            server.Faults.Add(Fault.Throttle429(3).On(Routes.DcsStats));
            server.Faults.Add(Fault.Apig0308().On(Routes.DcsStats));
            using var first = await Send(server, Stats());
            Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), first.Headers.RetryAfter.Delta);
            var error = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("APIG.0308", error.Code());
            Assert.Equal("The request is throttled.", error.GetProperty("error_msg").GetString());
            using var second = await Send(server, Stats());
            Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
            Assert.Null(second.Headers.RetryAfter);
            Assert.True(second.Headers.Contains("X-Request-Id"));
            using var third = await Send(server, Stats());
            Assert.Equal(HttpStatusCode.OK, third.StatusCode);
            Assert.Equal(3, server.Requests.Count(Routes.DcsStats));
        }

        [Theory]
        [InlineData(502)]
        [InlineData(503)]
        public async Task HtmlErrorPage(int code)
        {
            await using var server = await StartAsync();
            server.Faults.Add(Fault.HtmlError(code));
            using var response = await Send(server, Stats());
            Assert.Equal(code, (int)response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType.MediaType);
            Assert.Contains("<center>nginx</center>", await response.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task UnauthorizedAndServiceErrorFaults()
        {
            await using var server = await StartAsync();
            server.Faults.Add(Fault.Unauthorized());
            server.Faults.Add(Fault.ServiceError(500, "DCS.5000", "Internal error."));
            var (status, json) = await GetAsync(server, Stats());
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("APIG.0301", json.Code());
            (status, json) = await GetAsync(server, Stats());
            Assert.Equal(HttpStatusCode.InternalServerError, status);
            Assert.Equal("DCS.5000", json.Code());
        }

        [Fact]
        public async Task StatusFaultWithCustomHeadersAndBody()
        {
            await using var server = await StartAsync();
            server.Faults.Add(Fault.Status(418, "teapot", "text/plain", new System.Collections.Generic.Dictionary<string, string> { ["X-Extra"] = "1" }));
            using var response = await Send(server, Stats());
            Assert.Equal(418, (int)response.StatusCode);
            Assert.Equal("1", response.Headers.GetValues("X-Extra").Single());
            Assert.Equal("teapot", await response.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task FaultsMatchRouteAndIdAndCountDown()
        {
            await using var server = await StartAsync();
            server.Faults.Add(Fault.ServiceError(500, "X.1", "x").On(Routes.DcsStats, "dcs-fail").Repeat(2));
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, Stats("dcs-complete"))).Status);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, P("migration-task/dcs-fail"))).Status);
            Assert.Equal(HttpStatusCode.InternalServerError, (await GetAsync(server, Stats("dcs-fail"))).Status);
            Assert.Equal(HttpStatusCode.InternalServerError, (await GetAsync(server, Stats("dcs-fail"))).Status);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, Stats("dcs-fail"))).Status);
            Assert.Equal(0, server.Faults.Count);

            server.Faults.Add(Fault.ServiceError(503, "X.2", "x").Forever());
            for (int i = 0; i < 3; i++)
                Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(server, Stats())).Status);
            server.Faults.Clear();
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, Stats())).Status);
        }

        [Fact]
        public async Task AFaultWithSkipLetsThatManyMatchingRequestsThroughFirst()
        {
            await using var server = await StartAsync();
            server.Faults.Add(Fault.FromJson("{\"route\":\"dcs.stats\",\"id\":\"dcs-fail\",\"kind\":\"serviceError\",\"statusCode\":500,\"skip\":2}"));
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, Stats("dcs-complete"))).Status);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, Stats("dcs-fail"))).Status);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, Stats("dcs-fail"))).Status);
            Assert.Equal(HttpStatusCode.InternalServerError, (await GetAsync(server, Stats("dcs-fail"))).Status);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, Stats("dcs-fail"))).Status);
            Assert.Equal(0, server.Faults.Count);
        }

        [Fact]
        public async Task DelayThenAnswersNormally()
        {
            await using var server = await StartAsync();
            server.Faults.Add(Fault.Delay(300));
            var watch = Stopwatch.StartNew();
            var (status, _) = await GetAsync(server, Stats());
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(watch.ElapsedMilliseconds >= 280, $"took {watch.ElapsedMilliseconds} ms");
        }

        [Fact]
        public async Task ResetDropsTheConnection()
        {
            await using var server = await StartAsync();
            server.Faults.Add(Fault.Reset());
            await Assert.ThrowsAsync<HttpRequestException>(() => Send(server, Stats()));
            Assert.Equal(1, server.Requests.Count(Routes.DcsStats));
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, Stats())).Status);
        }

        [Fact]
        public async Task StallBeforeHeadersTimesOutTheClient()
        {
            await using var server = await StartAsync();
            server.Faults.Add(Fault.StallBeforeHeaders());
            var watch = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<TaskCanceledException>(() => Send(server, Stats(), TimeSpan.FromMilliseconds(300)));
            Assert.InRange(watch.ElapsedMilliseconds, 250, 5000);
            // The server honoured the abort: a new request is served at once.
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, Stats())).Status);
        }

        [Fact]
        public async Task StallBodySendsHeadersAndHalfTheBody()
        {
            await using var server = await StartAsync();
            server.Faults.Add(Fault.StallBody());
            using var response = await Send(server, Stats(), TimeSpan.FromSeconds(10), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            long length = response.Content.Headers.ContentLength!.Value;
            var stream = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[length];
            int read = await stream.ReadAsync(buffer);
            Assert.InRange(read, 1, length / 2);
            using var cts = new CancellationTokenSource(300);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                while (true)
                {
                    int n = await stream.ReadAsync(buffer.AsMemory(read), cts.Token);
                    if (n == 0) break;
                    read += n;
                }
            });
            Assert.Equal(length / 2, read);
        }

        [Fact]
        public async Task StallBodyAbortsAfterItsDelay()
        {
            await using var server = await StartAsync();
            server.Faults.Add(Fault.StallBody(200));
            await Assert.ThrowsAsync<HttpRequestException>(() => Send(server, Stats()));
        }

        [Fact]
        public async Task TruncateSendsHalfTheJsonWithMatchingLength()
        {
            await using var server = await StartAsync();
            var (_, whole) = await GetAsync(server, Stats());
            string full = whole.GetRawText();
            server.Faults.Add(Fault.Truncate());
            using var response = await Send(server, Stats());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            string text = await response.Content.ReadAsStringAsync();
            Assert.Equal(response.Content.Headers.ContentLength, Encoding.UTF8.GetByteCount(text));
            Assert.Equal(full.Length / 2, text.Length);
            Assert.StartsWith(text, full);
            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
        }

        [Theory]
        [InlineData("not json")]
        [InlineData("{\"full_migration_progress\": {\"x\":1}}")]
        public async Task MalformedAnswersTheGivenBody(string body)
        {
            await using var server = await StartAsync();
            server.Faults.Add(Fault.Malformed(body).On(Routes.DcsStats));
            using var response = await Send(server, Stats());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(body, await response.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task RequestLogRecordsRoutesIdsAndBatchBodies()
        {
            await using var server = await StartAsync();
            server.Faults.Add(Fault.Reset().On(Routes.DcsTask));
            await GetAsync(server, Stats("dcs-fail"));
            await Assert.ThrowsAsync<HttpRequestException>(() => Send(server, P("migration-task/dcs-stall")));
            await BatchAsync(server, "drs-full", "drs-incr");
            await GetAsync(server, "v0/nowhere?x=1");

            var all = server.Requests.All;
            Assert.Equal(new[] { Routes.DcsStats, Routes.DcsTask, Routes.DrsBatch, Routes.Unknown }, all.Select(r => r.Route));
            Assert.Equal(new[] { "dcs-fail", "dcs-stall", null, null }, all.Select(r => r.Id));
            Assert.Contains("drs-incr", all[2].Body);
            Assert.Equal("POST", all[2].Method);
            Assert.Equal("?x=1", all[3].Query);
            Assert.Contains("SDK-HMAC-SHA256", all[0].Headers["Authorization"]);
            Assert.Equal(1, server.Requests.Count(Routes.DcsTask));
            server.Requests.Clear();
            Assert.Empty(server.Requests.All);
        }

        [Fact]
        public async Task AddedLatencyDelaysEveryAnswerWithoutSerialising()
        {
            await using var server = await StartAsync();
            server.AddedLatency = TimeSpan.FromMilliseconds(400);
            var watch = Stopwatch.StartNew();
            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => GetAsync(server, Stats())));
            watch.Stop();
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
            Assert.InRange(watch.ElapsedMilliseconds, 380, 2500);
            Assert.Equal(8, server.Requests.PeakConcurrency);
            server.Requests.Clear();
            Assert.Equal(0, server.Requests.PeakConcurrency);
            server.AddedLatency = TimeSpan.Zero;
            await GetAsync(server, Stats());
            Assert.Equal(1, server.Requests.PeakConcurrency);
        }

        /// <summary>
        /// A 204 used to be written with an empty body, which Kestrel refuses after the headers are sent: it then tore the
        /// connection down, and the next request on it failed at random ("the response ended prematurely").
        /// </summary>
        [Fact]
        public async Task ANoContentAnswerKeepsTheConnectionForTheNextRequest()
        {
            await using var server = await StartAsync();
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync(server.BaseUrl.Host, server.BaseUrl.Port);
            var stream = tcp.GetStream();
            string host = server.BaseUrl.Authority;
            var requests = Encoding.ASCII.GetBytes($"DELETE /_sim/requests HTTP/1.1\r\nHost: {host}\r\n\r\nGET /_sim/clock HTTP/1.1\r\nHost: {host}\r\n\r\n");
            await stream.WriteAsync(requests);
            var received = new StringBuilder();
            var buffer = new byte[4096];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (!received.ToString().Contains("elapsedSeconds"))
            {
                int n = await stream.ReadAsync(buffer, timeout.Token);
                if (n == 0) break;
                received.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
            string text = received.ToString();
            Assert.StartsWith("HTTP/1.1 204", text);
            Assert.Contains("HTTP/1.1 200", text);
            Assert.Contains("elapsedSeconds", text);
        }

        [Fact]
        public async Task ControlRoutesDriveFaultsClockAndLog()
        {
            await using var server = await StartAsync();
            using var http = NewHttpClient(server);
            using (var added = await http.PostAsync("_sim/faults", new StringContent(
                       """{"route":"dcs.stats","kind":"throttle429","retryAfterSeconds":2,"times":2}""", Encoding.UTF8, "application/json")))
                Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(server, Stats())).Status);

            using (var cleared = await http.DeleteAsync("_sim/faults"))
                Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, Stats())).Status);

            using (var advanced = await http.PostAsync("_sim/clock/advance?seconds=60", null))
            {
                var clock = JsonDocument.Parse(await advanced.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal(60, clock.GetProperty("elapsedSeconds").GetDouble());
            }
            Assert.Equal(50, (await GetAsync(server, Stats())).Json.Long("full_migration_progress"));

            var log = JsonDocument.Parse(await http.GetStringAsync("_sim/requests")).RootElement;
            Assert.Equal(3, log.GetProperty("count").GetInt32());
            Assert.Equal(3, log.GetProperty("counts").GetProperty("dcs.stats").GetInt32());
            Assert.Equal("dcs-complete", log.GetProperty("requests")[0].GetProperty("id").GetString());
            using (var cleared = await http.DeleteAsync("_sim/requests"))
                Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
            Assert.Empty(server.Requests.All);

            using var bad = await http.PostAsync("_sim/faults", new StringContent("""{"kind":"explode"}"""));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        [Theory]
        [InlineData(302)]
        [InlineData(307)]
        [InlineData(308)]
        public async Task ARedirectFaultPostedToTheFaultApiNamesTheOtherOriginWithTheSamePath(int status)
        {
            await using var server = await StartAsync();
            using var http = NewHttpClient(server);
            using (var added = await http.PostAsync("_sim/faults", new StringContent(
                       $$"""{"route":"dcs.stats","kind":"redirect","statusCode":{{status}},"location":"http://127.0.0.1:9/"}""", Encoding.UTF8, "application/json")))
                Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            var handler = new HttpClientHandler { AllowAutoRedirect = false };
            using var raw = new HttpClient(handler) { BaseAddress = server.BaseUrl };
            using var response = await raw.SendAsync(Signed(server, HttpMethod.Get, Stats() + "?a=1"));
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal(new Uri("http://127.0.0.1:9/" + Stats() + "?a=1"), response.Headers.Location);
            Assert.Equal(1, server.Requests.Count(Routes.DcsStats));
            Assert.Throws<ArgumentOutOfRangeException>(() => Fault.Redirect(200, "http://127.0.0.1:9"));
        }

        [Fact]
        public async Task HostileBodyFaultsPostedToTheFaultApi()
        {
            await using var server = await StartAsync();
            using var http = NewHttpClient(server);
            foreach (var fault in new[]
            {
                """{"route":"dcs.stats","kind":"endlessBody"}""",
                """{"route":"dcs.stats","kind":"hugeContentLength","length":8589934592}""",
                """{"route":"dcs.stats","kind":"gzipBomb","length":33554432}""",
            })
                using (var added = await http.PostAsync("_sim/faults", new StringContent(fault, Encoding.UTF8, "application/json")))
                    Assert.Equal(HttpStatusCode.Created, added.StatusCode);

            using var raw = new HttpClient { BaseAddress = server.BaseUrl };
            async Task<(HttpResponseMessage Response, long Read)> ReadUpTo(long limit)
            {
                var response = await raw.SendAsync(Signed(server, HttpMethod.Get, Stats()), HttpCompletionOption.ResponseHeadersRead);
                using var stream = await response.Content.ReadAsStreamAsync();
                var buffer = new byte[65536];
                long total = 0;
                int n;
                while (total < limit && (n = await stream.ReadAsync(buffer)) > 0) total += n;
                return (response, total);
            }

            var (endless, endlessRead) = await ReadUpTo(20 << 20);
            Assert.Null(endless.Content.Headers.ContentLength);
            Assert.True(endlessRead >= 20 << 20);
            endless.Dispose();

            var (huge, _) = await ReadUpTo(1 << 20);
            Assert.Equal(8589934592L, huge.Content.Headers.ContentLength);
            huge.Dispose();

            var (bomb, bombRead) = await ReadUpTo(long.MaxValue);
            Assert.Contains("gzip", bomb.Content.Headers.ContentEncoding);
            Assert.True(bomb.Content.Headers.ContentLength < 1 << 20, "the bomb is small on the wire");
            Assert.True(bombRead < 1 << 20);
            using (var inflated = new System.IO.Compression.GZipStream(new System.IO.MemoryStream(await RawBody(server)), System.IO.Compression.CompressionMode.Decompress))
            {
                long total = 0; int n; var buffer = new byte[1 << 20];
                while ((n = inflated.Read(buffer, 0, buffer.Length)) > 0) total += n;
                Assert.Equal(33554432L, total);
            }
            bomb.Dispose();
        }

        static async Task<byte[]> RawBody(SimulatorServer server)
        {
            server.Faults.Add(Fault.GzipBomb(33554432).On(Routes.DcsStats));
            using var raw = new HttpClient { BaseAddress = server.BaseUrl };
            using var response = await raw.SendAsync(Signed(server, HttpMethod.Get, Stats()));
            return await response.Content.ReadAsByteArrayAsync();
        }
    }
}
