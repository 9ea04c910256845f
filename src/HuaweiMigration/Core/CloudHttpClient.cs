using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BlockingSendMethod = System.Func<System.Net.Http.HttpClient, System.Net.Http.HttpRequestMessage,
    System.Net.Http.HttpCompletionOption, System.Threading.CancellationToken, System.Net.Http.HttpResponseMessage>;

namespace HuaweiMigration.Core
{
    /// <summary>A successful answer: status, body and the request id to quote to support.</summary>
    public sealed class ApiResponse
    {
        public int StatusCode { get; internal set; }
        public byte[] Body { get; internal set; }
        public string RequestId { get; internal set; }
        public HttpResponseHeaders Headers { get; internal set; }
    }

    /// <summary>
    /// Sends authenticated requests for one session: one reused HttpClient, a timeout per attempt,
    /// retries under <see cref="RetryPolicy"/>, error mapping and one log line per request.
    /// </summary>
    public sealed class CloudHttpClient : IDisposable
    {
        static readonly MediaTypeHeaderValue JsonContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        readonly HttpClient _http;
        // Only the runtime's own handler is known to implement the synchronous Send.
        readonly bool _canSendOnCallingThread;

        public CloudHttpClient(CloudCredential credential, TimeSpan timeout, RetryPolicy retryPolicy = null, HttpMessageHandler handler = null)
        {
            Credential = credential ?? throw new ArgumentNullException(nameof(credential));
            Timeout = timeout <= TimeSpan.Zero ? TimeSpan.FromSeconds(30) : timeout;
            RetryPolicy = retryPolicy ?? RetryPolicy.Default;
            _canSendOnCallingThread = handler == null && BlockingSend != null;
            _http = new HttpClient(handler ?? NewHandler())
            {
                // Each attempt has its own timeout below; the client-wide one would hide which attempt stalled.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            _http.DefaultRequestHeaders.UserAgent.ParseAdd("HuaweiMigration/" + typeof(CloudHttpClient).Assembly.GetName().Version.ToString(3));
        }

        /// <summary>
        /// Redirects are never followed: the runtime would re-send X-Auth-Token, X-Security-Token, X-Project-Id and a
        /// posted body (the IAM password) to whatever host the answer names, and take that host's answer as real.
        /// </summary>
        internal static HttpClientHandler NewHandler() => new HttpClientHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        };

        public CloudCredential Credential { get; }
        public TimeSpan Timeout { get; }
        public RetryPolicy RetryPolicy { get; }

        // The gateway locks an access key after 5 rejected signatures in a row. A request goes out with others in flight
        // only while the credential is freshly proven: accepted (2xx or 403) within the last QuietSpell, and not since
        // asked to prove itself again. Otherwise the next request goes alone and the rest wait for its answer; after a
        // 401 none is sent again. So a key that is wrong from the start, or goes bad mid-session (an expired STS token,
        // a disabled key, a clock step), costs one rejected signature, at the price of one lone round trip per quiet spell.
        readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        volatile bool _proven;
        volatile HuaweiApiException _rejected;
        long _acceptedAt = long.MinValue;

        /// <summary>How long an accepted answer vouches for the credential; after that the next request goes alone.</summary>
        public static readonly TimeSpan QuietSpell = TimeSpan.FromSeconds(10);

        /// <summary>A monotonic clock for the quiet spell; tests move it by hand.</summary>
        internal Func<TimeSpan> Monotonic { get; set; } = () => TimeSpan.FromTicks(Stopwatch.GetTimestamp() * (TimeSpan.TicksPerSecond / Stopwatch.Frequency));

        /// <summary>True once the service has accepted this credential (a 2xx, or a 403 that only denies permission).</summary>
        public bool IsCredentialProven => _proven;

        /// <summary>The 401 that stopped this client, or null; every later request fails with it without being sent.</summary>
        public HuaweiApiException Rejection => _rejected;

        /// <summary>Whether requests may go out together now: the credential was accepted within the quiet spell.</summary>
        internal bool IsFreshlyProven
        {
            get
            {
                long at = Interlocked.Read(ref _acceptedAt);
                return at != long.MinValue && Monotonic() - TimeSpan.FromTicks(at) <= QuietSpell;
            }
        }

        /// <summary>Makes the next request go alone, the others waiting for its answer: called before each fan-out of a watch poll.</summary>
        public void ProveBeforeNextFanOut() => Interlocked.Exchange(ref _acceptedAt, long.MinValue);

        void Accepted()
        {
            _proven = true;
            Interlocked.Exchange(ref _acceptedAt, Monotonic().Ticks);
        }

        public Task<ApiResponse> GetAsync(Uri url, string projectId, IRequestLog log, CancellationToken ct) =>
            SendAsync(HttpMethod.Get, url, null, projectId, log, ct);

        public Task<ApiResponse> PostJsonAsync(Uri url, byte[] json, string projectId, IRequestLog log, CancellationToken ct) =>
            SendAsync(HttpMethod.Post, url, json, projectId, log, ct);

        /// <summary>
        /// Sends a request that changes state (a stop, a switch, a batch delete). It is never retried blindly: only a 429
        /// throttle is retried; after any other failure the caller reads the resource to learn whether it took effect.
        /// </summary>
        public Task<ApiResponse> SendStateChangeAsync(HttpMethod method, Uri url, byte[] body, string projectId, IRequestLog log, CancellationToken ct) =>
            SendAsync(method, url, body, projectId, log, ct, idempotent: false);

        /// <summary>Sends a request, retrying transient failures; throws <see cref="HuaweiApiException"/> on failure.</summary>
        public Task<ApiResponse> SendAsync(HttpMethod method, Uri url, byte[] body, string projectId, IRequestLog log, CancellationToken ct, bool idempotent = true)
        {
            var rejected = RepeatRejection();
            if (rejected != null) return Task.FromException<ApiResponse>(rejected);
            return IsFreshlyProven ? SendCoreAsync(method, url, body, projectId, log, ct, idempotent) : SendGatedAsync(method, url, body, projectId, log, ct, idempotent);
        }

        async Task<ApiResponse> SendGatedAsync(HttpMethod method, Uri url, byte[] body, string projectId, IRequestLog log, CancellationToken ct, bool idempotent)
        {
            await _gate.WaitAsync(ct).ConfigureAwait(false);
            bool alone = true;
            try
            {
                var rejected = RepeatRejection();
                if (rejected != null) throw rejected;
                if (IsFreshlyProven)
                {
                    // Accepted while this one waited: the rest of the queue need not go one by one.
                    _gate.Release();
                    alone = false;
                }
                return await SendCoreAsync(method, url, body, projectId, log, ct, idempotent).ConfigureAwait(false);
            }
            finally
            {
                if (alone) _gate.Release();
            }
        }

        HuaweiApiException RepeatRejection()
        {
            var rejected = _rejected;
            return rejected == null ? null : new HuaweiApiException(rejected.ErrorCode,
                    "Not sent: this session's credential was rejected earlier, and it is not tried again so that the key is not locked. " +
                    "Run Connect-HuaweiCloud again. The rejection: " + rejected.ServiceMessage,
                    rejected.Category, rejected.StatusCode, rejected.RequestId) { NotSent = true };
        }

        async Task<ApiResponse> SendCoreAsync(HttpMethod method, Uri url, byte[] body, string projectId, IRequestLog log, CancellationToken ct, bool idempotent)
        {
            log = log ?? NullRequestLog.Instance;
            // Read before the first await: only the first attempt may run on the calling thread; a retry waits
            // asynchronously, so that the cmdlet can write its log lines during the delay.
            bool onCallingThread = _canSendOnCallingThread && CallingThread.WillBlock;
            var started = Stopwatch.StartNew();
            for (int retry = 0; ; retry++)
            {
                ct.ThrowIfCancellationRequested();
                if (IsDisposed) throw Disconnected();
                HuaweiApiException error;
                TimeSpan? retryAfter = null;
                var attempt = Stopwatch.StartNew();
                using (var request = new HttpRequestMessage(method, url))
                {
                    if (body != null)
                    {
                        request.Content = new ByteArrayContent(body);
                        request.Content.Headers.ContentType = JsonContentType;
                    }
                    await Credential.ApplyAsync(request, body, projectId, ct).ConfigureAwait(false);
                    if (log.IsDebugEnabled) LogHeaders(log, request);

                    using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        attemptCts.CancelAfter(Timeout);
                        try
                        {
                            using (var response = onCallingThread
                                ? BlockingSend(_http, request, HttpCompletionOption.ResponseHeadersRead, attemptCts.Token)
                                : await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptCts.Token).ConfigureAwait(false))
                            {
                                int status = (int)response.StatusCode;
                                string requestId = RequestIdOf(response);
                                if (status >= 300 && status < 400)
                                {
                                    log.Verbose($"{method.Method} {url.AbsoluteUri} -> {status} (redirect not followed)");
                                    throw UnexpectedRedirect(url, status, response.Headers.Location, requestId);
                                }
                                byte[] bytes = await ReadBodyAsync(response, url, requestId, attemptCts.Token).ConfigureAwait(false);
                                if (log.IsVerboseEnabled)
                                    log.Verbose($"{method.Method} {url.AbsoluteUri} -> {status} ({attempt.ElapsedMilliseconds} ms{(requestId == null ? "" : ", request id " + requestId)})");
                                if (status >= 200 && status < 300)
                                {
                                    Accepted();
                                    return new ApiResponse { StatusCode = status, Body = bytes, RequestId = requestId, Headers = response.Headers };
                                }
                                error = ApiErrorParser.Parse(status, bytes, requestId);
                                if (status == 401) _rejected = error;
                                else if (status == 403) Accepted();
                                retryAfter = RetryAfterOf(response);
                            }
                        }
                        catch (Exception) when (IsDisposed && !ct.IsCancellationRequested)
                        {
                            // Disconnect-HuaweiCloud closed the session (perhaps from another runspace) mid-request.
                            throw Disconnected();
                        }
                        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                        {
                            error = new HuaweiApiException("Timeout",
                                $"No complete answer from {url.Host} within {Timeout.TotalSeconds:0.#} s.", ApiErrorCategory.OperationTimeout);
                            log.Verbose($"{method.Method} {url.AbsoluteUri} -> timed out after {attempt.ElapsedMilliseconds} ms");
                        }
                        catch (Exception ex) when ((ex is HttpRequestException || ex is IOException) && IsHostNotFound(ex))
                        {
                            error = new HuaweiApiException("HostNotFound",
                                $"DNS does not know the host {url.Host} ({Innermost(ex).Message}). Check -Region and -Endpoint; this is not retried.",
                                ApiErrorCategory.ConnectionError) { NeverRetried = true };
                            log.Verbose($"{method.Method} {url.AbsoluteUri} -> host not found after {attempt.ElapsedMilliseconds} ms");
                        }
                        catch (Exception ex) when (ex is HttpRequestException || ex is IOException)
                        {
                            error = new HuaweiApiException("ConnectionFailed",
                                $"The connection to {url.Host} failed: {Innermost(ex).Message}", ApiErrorCategory.ConnectionError);
                            log.Verbose($"{method.Method} {url.AbsoluteUri} -> connection failed after {attempt.ElapsedMilliseconds} ms");
                        }
                    }
                }

                var delay = RetryPolicy.NextDelay(retry + 1, error, retryAfter, started.Elapsed, idempotent);
                if (delay == null) throw retry > 0 && error.ErrorCode == "Timeout" ? AcrossTries(error, url, retry + 1, started.Elapsed) : error;
                onCallingThread = false;
                if (delay.Value > LongWait)
                    log.Warning($"{url.Host} answered {error.ErrorCode}{(retryAfter.HasValue ? " with Retry-After" : "")}: waiting " +
                        $"{delay.Value.TotalSeconds:0} s before retry {retry + 1} of {RetryPolicy.MaxRetries}" +
                        (retryAfter > RetryPolicy.MaxRetryAfter ? $" (it asked for {retryAfter.Value.TotalSeconds:0} s; the wait is capped at {RetryPolicy.MaxRetryAfter.TotalSeconds:0} s)." : "."));
                log.Verbose($"Retrying in {delay.Value.TotalMilliseconds:0} ms ({error.ErrorCode}, retry {retry + 1} of {RetryPolicy.MaxRetries}).");
                await Task.Delay(delay.Value, ct).ConfigureAwait(false);
            }
        }

        /// <summary>The last timeout of several tries, with the time they took together, not one try's.</summary>
        HuaweiApiException AcrossTries(HuaweiApiException last, Uri url, int tries, TimeSpan elapsed) =>
            new HuaweiApiException(last.ErrorCode,
                $"No complete answer from {url.Host} in {tries} tries over {elapsed.TotalSeconds:0.#} s (each try may take {Timeout.TotalSeconds:0.#} s).",
                last.Category, last.StatusCode, last.RequestId, last);

        /// <summary>
        /// The most any answer may hold, after decompression. A page of 1,000 rows is well under 1 MB; without a cap an
        /// endless body, a huge Content-Length or a gzip bomb takes the process's memory.
        /// </summary>
        public const int MaxResponseBytes = 16 * 1024 * 1024;

        /// <summary>
        /// The most all answers being read at once may hold together. Each answer's buffer grows only as bytes arrive,
        /// never from what Content-Length declares, and counts against this budget while it is read: 64 requests in
        /// flight cannot each hold 16 MB.
        /// </summary>
        public const long MaxBytesInFlight = 32 * 1024 * 1024;

        const int InitialBufferBytes = 16 * 1024;
        long _bytesInFlight;

        /// <summary>The bytes the answers being read hold now; tests watch it.</summary>
        internal long BytesInFlight => Interlocked.Read(ref _bytesInFlight);

        async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, Uri url, string requestId, CancellationToken ct)
        {
            if (response.Content == null) return Array.Empty<byte>();
            long? declared = response.Content.Headers.ContentLength;
            int status = (int)response.StatusCode;
            if (declared > MaxResponseBytes) throw TooLarge(url, status, requestId, "declares " + declared.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes");
            // With a declared length the buffer grows up to exactly that, so the answer needs no copy at the end.
            int cap = declared.HasValue ? (int)declared.Value : MaxResponseBytes;
            byte[] buffer = Array.Empty<byte>();
            int length = 0;
            try
            {
                using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                using (ct.Register(() => stream.Dispose()))
                {
                    try
                    {
                        // The stream is already decompressed, so counting what it gives bounds the inflated size too.
                        while (true)
                        {
                            if (length == buffer.Length)
                            {
                                if (length >= cap)
                                {
                                    // Full at the cap: one more byte means the answer is too large (or longer than it declared).
                                    var probe = new byte[1];
                                    if (await stream.ReadAsync(probe, 0, 1, ct).ConfigureAwait(false) == 0) break;
                                    throw TooLarge(url, status, requestId, declared.HasValue ? "goes on past its declared length" : "went on past that");
                                }
                                int size = (int)Math.Min(cap, Math.Max(InitialBufferBytes, (long)buffer.Length * 2));
                                Reserve(size - buffer.Length, url, status, requestId);
                                var grown = new byte[size];
                                Buffer.BlockCopy(buffer, 0, grown, 0, length);
                                buffer = grown;
                            }
                            int read = await stream.ReadAsync(buffer, length, buffer.Length - length, ct).ConfigureAwait(false);
                            if (read == 0) break;
                            length += read;
                        }
                    }
                    catch (ObjectDisposedException) when (ct.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(ct);
                    }
                }
                if (length == buffer.Length) return buffer;
                var exact = new byte[length];
                Buffer.BlockCopy(buffer, 0, exact, 0, length);
                return exact;
            }
            finally
            {
                Interlocked.Add(ref _bytesInFlight, -buffer.Length);
            }
        }

        void Reserve(int bytes, Uri url, int status, string requestId)
        {
            if (Interlocked.Add(ref _bytesInFlight, bytes) <= MaxBytesInFlight) return;
            Interlocked.Add(ref _bytesInFlight, -bytes);
            throw new HuaweiApiException("ResponseTooLarge",
                $"The answers from {url.Host} being read at once would hold more than {MaxBytesInFlight / (1024 * 1024)} MB together, " +
                "far more than any real pages. This one was not read further and is not retried.",
                ApiErrorCategory.InvalidResponse, status, requestId);
        }

        static HuaweiApiException TooLarge(Uri url, int status, string requestId, string what) =>
            new HuaweiApiException("ResponseTooLarge",
                $"The answer from {url.Host} {what}; answers are limited to {MaxResponseBytes / (1024 * 1024)} MB, far more than any real page. " +
                "It was not read further and is not retried.",
                ApiErrorCategory.InvalidResponse, status, requestId);

        /// <summary>HttpClient.Send(request, option, token) where the runtime has it (.NET 5+); null on .NET Framework.</summary>
        static readonly BlockingSendMethod BlockingSend = BindBlockingSend();

        static BlockingSendMethod BindBlockingSend()
        {
            var method = typeof(HttpClient).GetMethod("Send",
                new[] { typeof(HttpRequestMessage), typeof(HttpCompletionOption), typeof(CancellationToken) });
            return method == null || method.ReturnType != typeof(HttpResponseMessage) ? null
                : (BlockingSendMethod)Delegate.CreateDelegate(typeof(BlockingSendMethod), method);
        }

        /// <summary>Names the status and the target's scheme, host and port; never its path, query or user info.</summary>
        static HuaweiApiException UnexpectedRedirect(Uri url, int status, Uri location, string requestId)
        {
            string target = "no Location header";
            if (location != null)
            {
                var absolute = location.IsAbsoluteUri ? location : new Uri(url, location);
                target = absolute.GetComponents(UriComponents.SchemeAndServer, UriFormat.SafeUnescaped);
            }
            return new HuaweiApiException("UnexpectedRedirect",
                $"{url.Host} answered HTTP {status}, a redirect to {target}. Redirects are not followed, so that no credential " +
                "is sent to another host; check -Endpoint and any proxy in between.",
                ApiErrorCategory.InvalidResponse, status, requestId);
        }

        static string RequestIdOf(HttpResponseMessage response) =>
            response.Headers.TryGetValues("X-Request-Id", out var values) ? values.FirstOrDefault() : null;

        internal static TimeSpan? RetryAfterOf(HttpResponseMessage response)
        {
            var ra = response.Headers.RetryAfter;
            if (ra == null)
            {
                // More seconds than the header parser takes (int overflow) is still a wait: the longest, which the policy caps.
                return response.Headers.TryGetValues("Retry-After", out var raw) && raw.FirstOrDefault()?.Trim() is string text &&
                    text.Length > 0 && text.All(c => c >= '0' && c <= '9') ? TimeSpan.MaxValue : (TimeSpan?)null;
            }
            if (ra.Delta.HasValue) return ra.Delta;
            if (ra.Date.HasValue) return ra.Date.Value - DateTimeOffset.UtcNow;
            return null;
        }

        /// <summary>A wait longer than this is announced as a warning, so that an interactive user sees why the prompt is quiet.</summary>
        static readonly TimeSpan LongWait = TimeSpan.FromSeconds(5);

        /// <summary>DNS answered that the name does not exist ("name not known"), as opposed to a lookup that failed for now.</summary>
        static bool IsHostNotFound(Exception ex)
        {
            for (var e = ex; e != null; e = e.InnerException)
            {
                if (e is SocketException socket && (socket.SocketErrorCode == SocketError.HostNotFound || socket.SocketErrorCode == SocketError.NoData))
                    return true;
                if (e is WebException web && web.Status == WebExceptionStatus.NameResolutionFailure) return true;
            }
            return false;
        }

        static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null) ex = ex.InnerException;
            return ex;
        }

        static readonly string[] Redacted = { "Authorization", "X-Auth-Token", "X-Security-Token" };

        static void LogHeaders(IRequestLog log, HttpRequestMessage request)
        {
            var sb = new StringBuilder();
            sb.Append(request.Method.Method).Append(' ').Append(request.RequestUri.AbsoluteUri);
            foreach (var h in request.Headers)
            {
                bool secret = Redacted.Any(r => string.Equals(r, h.Key, StringComparison.OrdinalIgnoreCase));
                sb.Append("\n  ").Append(h.Key).Append(": ").Append(secret ? "<redacted>" : string.Join(", ", h.Value));
            }
            if (request.Content != null)
                sb.Append("\n  Content-Type: ").Append(request.Content.Headers.ContentType);
            log.Debug(sb.ToString());
        }

        int _disposed;

        /// <summary>True once the session that owns this client was closed.</summary>
        public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

        /// <summary>The error every request of a closed session fails with.</summary>
        public static HuaweiApiException Disconnected() => new HuaweiApiException("NotConnected",
            "The session was closed by Disconnect-HuaweiCloud (or replaced by a new Connect-HuaweiCloud). Run Connect-HuaweiCloud again.",
            ApiErrorCategory.InvalidOperation);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) _http.Dispose();
        }
    }
}
