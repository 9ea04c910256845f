using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HuaweiMigration.Simulator
{
    /// <summary>
    /// Huawei Cloud IAM, DCS and DRS, simulated on one loopback endpoint, for tests (in process) and demos (as a process).
    /// </summary>
    public sealed class SimulatorServer : IAsyncDisposable
    {
        readonly WebApplication _app;
        readonly SimulatedCloud _cloud;
        readonly ControlApi _control;

        internal SimulatedCloud Cloud => _cloud;

        /// <summary>The delay alarm batch-set-smn recorded for a job (its alarm_notify_info and the job status sent), or null.</summary>
        public System.Text.Json.Nodes.JsonObject DrsAlarm(string jobId) => _cloud.DrsAlarm(jobId);
        long _latencyTicks;

        SimulatorServer(Scenario scenario, int port)
        {
            Scenario = scenario;
            Clock = new SimulatedClock(DateTimeOffset.UtcNow, scenario.TimeScale);
            _cloud = new SimulatedCloud(scenario, Clock, new AuthVerifier(scenario, Clock));
            _control = new ControlApi(this);

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            // A failed start (a port in use) reaches the caller as an exception, which Program prints as one line on stderr;
            // the host's own log of it is a 3 KB stack trace. Other warnings go to stderr too, never among stdout's lines.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            // The program handles Ctrl+C itself; a server inside a test run must not react to the host's signals.
            builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
            _app = builder.Build();
            _app.Run(HandleAsync);
        }

        /// <summary>Starts a simulator on 127.0.0.1; port 0 picks a free one, a null scenario means <see cref="Scenario.Demo"/>.</summary>
        public static async Task<SimulatorServer> StartAsync(Scenario scenario = null, int port = 0)
        {
            scenario ??= Scenario.Demo();
            scenario.Validate();
            var server = new SimulatorServer(scenario, port);
            await server._app.StartAsync().ConfigureAwait(false);
            string address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First();
            server.BaseUrl = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority) + "/");
            return server;
        }

        /// <summary>The one endpoint for every service, e.g. http://127.0.0.1:41234/.</summary>
        public Uri BaseUrl { get; private set; }
        public Scenario Scenario { get; }
        public SimulatedClock Clock { get; }
        public FaultInjector Faults { get; } = new();
        public RequestLog Requests { get; } = new();

        /// <summary>Added to every answer of the simulated API (not the /_sim control routes).</summary>
        public TimeSpan AddedLatency
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
            set => Interlocked.Exchange(ref _latencyTicks, Math.Max(0, value.Ticks));
        }

        public async ValueTask DisposeAsync()
        {
            // Connections still stalled by a fault are cut after a short grace period rather than Kestrel's default.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _app.StopAsync(grace.Token).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        async Task HandleAsync(HttpContext context)
        {
            context.Response.Headers["X-Request-Id"] = NewRequestId();
            string path = context.Request.Path.Value ?? "/";
            if (path.StartsWith(ControlApi.Prefix, StringComparison.Ordinal))
            {
                await _control.HandleAsync(context).ConfigureAwait(false);
                return;
            }

            using var inFlight = Requests.Enter();
            var aborted = context.RequestAborted;
            try
            {
                var request = await ReadAsync(context, path).ConfigureAwait(false);
                var record = new RecordedRequest
                {
                    Method = request.Method,
                    Path = path,
                    Query = context.Request.QueryString.Value ?? "",
                    Route = request.Route.Name,
                    Id = request.Route.Id,
                    Body = System.Text.Encoding.UTF8.GetString(request.Body),
                    Headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                    At = DateTimeOffset.UtcNow,
                };
                context.Response.OnStarting(() =>
                {
                    record.StatusCode = context.Response.StatusCode;
                    return Task.CompletedTask;
                });
                Requests.Add(record);

                var latency = AddedLatency;
                if (latency > TimeSpan.Zero) await Task.Delay(latency, aborted).ConfigureAwait(false);

                var fault = Faults.Take(request.Route.Name, request.Route.Id);
                if (fault == null)
                    await WriteAsync(context, _cloud.Handle(request)).ConfigureAwait(false);
                else
                    await ApplyFaultAsync(context, fault, request).ConfigureAwait(false);
            }
            catch (Exception e) when (aborted.IsCancellationRequested && e is OperationCanceledException or IOException)
            {
                // The client gave up; nothing left to answer.
            }
        }

        async Task ApplyFaultAsync(HttpContext context, Fault fault, SimRequest request)
        {
            var aborted = context.RequestAborted;
            if (fault.Act && fault.Kind is not (FaultKind.Delay or FaultKind.StallBody or FaultKind.Truncate)) _cloud.Handle(request);
            switch (fault.Kind)
            {
                case FaultKind.Delay:
                    await Task.Delay(fault.DelayMs, aborted).ConfigureAwait(false);
                    await WriteAsync(context, _cloud.Handle(request)).ConfigureAwait(false);
                    break;
                case FaultKind.Status:
                case FaultKind.Malformed:
                    var canned = SimResponse.Text(fault.StatusCode, fault.Body, fault.ContentType ?? "application/json");
                    if (fault.Headers != null)
                        foreach (var h in fault.Headers) canned.Headers[h.Key] = h.Value;
                    await WriteAsync(context, canned).ConfigureAwait(false);
                    break;
                case FaultKind.Redirect:
                {
                    var redirect = SimResponse.Text(fault.StatusCode, "", "text/plain");
                    redirect.Headers["Location"] = fault.Location.TrimEnd('/') + request.RawTarget;
                    await WriteAsync(context, redirect).ConfigureAwait(false);
                    break;
                }
                case FaultKind.EndlessBody:
                    await WriteFillerAsync(context, fault.StatusCode, null, long.MaxValue, 0).ConfigureAwait(false);
                    break;
                case FaultKind.HugeContentLength:
                    // Slowly, so that a client that reads it all shows its growth, and a test that fails does not spin.
                    await WriteFillerAsync(context, fault.StatusCode, fault.Length, fault.Length, 1).ConfigureAwait(false);
                    break;
                case FaultKind.GzipBomb:
                {
                    byte[] bomb = GzipBombs.Of(fault.Length);
                    context.Response.StatusCode = fault.StatusCode;
                    context.Response.ContentType = "application/json";
                    context.Response.Headers.ContentEncoding = "gzip";
                    context.Response.ContentLength = bomb.Length;
                    await context.Response.Body.WriteAsync(bomb, aborted).ConfigureAwait(false);
                    break;
                }
                case FaultKind.Reset:
                    context.Abort();
                    break;
                case FaultKind.StallBeforeHeaders:
                    await Task.Delay(fault.DelayMs, aborted).ConfigureAwait(false);
                    context.Abort();
                    break;
                case FaultKind.StallBody:
                {
                    var real = _cloud.Handle(request);
                    WriteHead(context, real, real.Body.Length);
                    await context.Response.Body.WriteAsync(real.Body.AsMemory(0, real.Body.Length / 2), aborted).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
                    await Task.Delay(fault.DelayMs, aborted).ConfigureAwait(false);
                    context.Abort();
                    break;
                }
                case FaultKind.Truncate:
                {
                    var real = _cloud.Handle(request);
                    int half = real.Body.Length / 2;
                    WriteHead(context, real, half);
                    await context.Response.Body.WriteAsync(real.Body.AsMemory(0, half), aborted).ConfigureAwait(false);
                    break;
                }
            }
        }

        /// <summary>Writes JSON whitespace in 64 KB chunks until <paramref name="total"/> bytes are out or the client goes away.</summary>
        static async Task WriteFillerAsync(HttpContext context, int status, long? contentLength, long total, int pauseMs)
        {
            var aborted = context.RequestAborted;
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = contentLength;
            var chunk = new byte[64 * 1024];
            chunk.AsSpan().Fill((byte)' ');
            for (long sent = 0; sent < total && !aborted.IsCancellationRequested; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, total - sent)), aborted).ConfigureAwait(false);
                if (pauseMs > 0) await Task.Delay(pauseMs, aborted).ConfigureAwait(false);
            }
        }

        static async Task<SimRequest> ReadAsync(HttpContext context, string path)
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            return new SimRequest
            {
                Method = context.Request.Method,
                RawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? path + context.Request.QueryString,
                Query = context.Request.Query,
                Headers = context.Request.Headers,
                Body = buffer.ToArray(),
                Route = RouteMatch.Match(context.Request.Method, path),
            };
        }

        static void WriteHead(HttpContext context, SimResponse response, long contentLength)
        {
            context.Response.StatusCode = response.StatusCode;
            if (response.StatusCode != StatusCodes.Status204NoContent)
            {
                context.Response.ContentType = response.ContentType;
                context.Response.ContentLength = contentLength;
            }
            foreach (var h in response.Headers) context.Response.Headers[h.Key] = h.Value;
        }

        internal static Task WriteAsync(HttpContext context, SimResponse response)
        {
            WriteHead(context, response, response.Body.Length);
            // Kestrel refuses any body write on a 204, even an empty one, and then drops the connection under the next request.
            if (response.Body.Length == 0) return Task.CompletedTask;
            return context.Response.Body.WriteAsync(response.Body, 0, response.Body.Length, context.RequestAborted);
        }

        static string NewRequestId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

        /// <summary>Gzip bodies that inflate to a given size of JSON whitespace, built once per size.</summary>
        static class GzipBombs
        {
            static readonly System.Collections.Concurrent.ConcurrentDictionary<long, Lazy<byte[]>> Built = new();

            public static byte[] Of(long inflated) => Built.GetOrAdd(inflated, n => new Lazy<byte[]>(() => Build(n))).Value;

            static byte[] Build(long inflated)
            {
                using var output = new MemoryStream();
                using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
                {
                    var chunk = new byte[1024 * 1024];
                    chunk.AsSpan().Fill((byte)' ');
                    for (long left = inflated; left > 0; left -= chunk.Length) gzip.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
                }
                return output.ToArray();
            }
        }

        sealed class NoSignalLifetime : IHostLifetime
        {
            public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
    }
}
