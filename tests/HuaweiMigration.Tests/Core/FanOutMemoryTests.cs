using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Simulator;
using HuaweiMigration.Tests.Engine;
using Xunit;
using Xunit.Abstractions;

namespace HuaweiMigration.Tests.Core
{
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class MemoryMeasureCollection
    {
        /// <summary>Measures the process's managed memory, so it runs alone.</summary>
        public const string Name = "Memory measurement (runs alone)";
    }

    /// <summary>64 large answers read at once share one byte budget; no buffer is sized from Content-Length.</summary>
    [Collection(MemoryMeasureCollection.Name)]
    public sealed class FanOutMemoryTests
    {
        readonly ITestOutputHelper _output;
        public FanOutMemoryTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task SixtyFourLargeAnswersAtOnceStayWithinTheSharedBudget()
        {
            // A server of the test's own: one prebuilt answer, so the server side allocates nothing per request.
            // Each declares and sends 6 MB: under the 16 MB cap, but 64 of them hold 384 MB.
            var body = System.Text.Encoding.ASCII.GetBytes("{\"task_id\":\"x\"" + new string(' ', 6 * 1024 * 1024) + "}");
            var head = System.Text.Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
            var (listener, port) = Serve(head, body, stallMs: 0);
            using var http = new CloudHttpClient(new HuaweiMigration.Core.TokenCredential("token"), TimeSpan.FromSeconds(60), new RetryPolicy { MaxRetries = 0 });
            var url = new Uri($"http://127.0.0.1:{port}/v2/p/migration-task/x");
            await http.GetAsync(url, "p", null, CancellationToken.None);

            long baseline = GC.GetTotalMemory(true), peak = baseline, peakInFlight = 0;
            bool done = false;
            var sampler = new Thread(() =>
            {
                while (!Volatile.Read(ref done))
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(false));
                    peakInFlight = Math.Max(peakInFlight, http.BytesInFlight);
                    Thread.Sleep(2);
                }
            }) { IsBackground = true };
            sampler.Start();
            int ok = 0, tooLarge = 0;
            try
            {
                await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
                {
                    try
                    {
                        await http.GetAsync(url, "p", null, CancellationToken.None);
                        Interlocked.Increment(ref ok);
                    }
                    catch (HuaweiApiException e) when (e.ErrorCode == "ResponseTooLarge") { Interlocked.Increment(ref tooLarge); }
                }));
            }
            finally
            {
                Volatile.Write(ref done, true);
                sampler.Join();
                listener.Stop();
            }
            long growthMb = (peak - baseline) / (1024 * 1024);
            _output.WriteLine($"64 answers of 6 MB: {ok} read, {tooLarge} ResponseTooLarge; peak managed growth {growthMb} MB; peak bytes in flight {peakInFlight / (1024 * 1024)} MB");
            Assert.Equal(64, ok + tooLarge);
            Assert.True(ok >= 1, "not even one answer within the budget was read");
            Assert.InRange(peakInFlight, 0, CloudHttpClient.MaxBytesInFlight);
            Assert.Equal(0, http.BytesInFlight);
            // Measured: 514 MB before the budget, 100 to 280 MB after (the rest is answers already read, not yet collected).
            Assert.True(growthMb < 400, $"managed memory grew by {growthMb} MB");
        }

        /// <summary>An answer that sends 100 bytes at a time, stalling between them, on a server of the test's own; one prebuilt answer, so the server allocates nothing per request.</summary>
        static (System.Net.Sockets.TcpListener, int) Serve(byte[] head, byte[] body, int stallMs)
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            _ = Task.Run(async () =>
            {
                while (true)
                {
                    System.Net.Sockets.TcpClient client;
                    try { client = await listener.AcceptTcpClientAsync(); } catch (Exception) { return; }
                    _ = Task.Run(async () =>
                    {
                        using (client)
                        {
                            try
                            {
                                var stream = client.GetStream();
                                var buffer = new byte[8192];
                                var request = new System.Text.StringBuilder();
                                while (!request.ToString().Contains("\r\n\r\n"))
                                {
                                    int n = await stream.ReadAsync(buffer, 0, buffer.Length);
                                    if (n == 0) return;
                                    request.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, n));
                                }
                                await stream.WriteAsync(head, 0, head.Length);
                                if (stallMs == 0) { await stream.WriteAsync(body, 0, body.Length); return; }
                                await stream.WriteAsync(body, 0, 100);
                                await Task.Delay(stallMs);
                            }
                            catch (Exception ex) when (ex is System.IO.IOException || ex is ObjectDisposedException) { }
                        }
                    });
                }
            });
            return (listener, ((System.Net.IPEndPoint)listener.LocalEndpoint).Port);
        }

        [Fact]
        public async Task NoBufferIsSizedFromContentLength()
        {
            var head = System.Text.Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15000000\r\nConnection: close\r\n\r\n");
            var (listener, port) = Serve(head, new byte[100], stallMs: 30_000);
            try
            {
                using var http = new CloudHttpClient(new HuaweiMigration.Core.TokenCredential("token"), TimeSpan.FromSeconds(60), new RetryPolicy { MaxRetries = 0 });
                using var cts = new CancellationTokenSource();
                var get = http.GetAsync(new Uri($"http://127.0.0.1:{port}/x"), "p", null, cts.Token);
                var deadline = DateTime.UtcNow.AddSeconds(20);
                while (http.BytesInFlight == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
                // 100 bytes arrived of 15 MB declared: the buffer holds the first step, not the declared length.
                Assert.InRange(http.BytesInFlight, 1, 64 * 1024);
                cts.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => get);
                Assert.Equal(0, http.BytesInFlight);
            }
            finally { listener.Stop(); }
        }
    }
}
