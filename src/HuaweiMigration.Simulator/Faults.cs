using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HuaweiMigration.Simulator
{
    public enum FaultKind
    {
        /// <summary>Answer <see cref="Fault.StatusCode"/> with <see cref="Fault.Body"/> instead of the real answer.</summary>
        Status,
        /// <summary>Wait <see cref="Fault.DelayMs"/>, then answer normally.</summary>
        Delay,
        /// <summary>Drop the connection without an answer.</summary>
        Reset,
        /// <summary>Send nothing for <see cref="Fault.DelayMs"/> (default 10 minutes), then drop the connection.</summary>
        StallBeforeHeaders,
        /// <summary>Send the headers and half the real body, stall for <see cref="Fault.DelayMs"/>, then drop the connection.</summary>
        StallBody,
        /// <summary>Send the first half of the real body, with a Content-Length that matches the half.</summary>
        Truncate,
        /// <summary>Answer 200 with <see cref="Fault.Body"/> as is.</summary>
        Malformed,
        /// <summary>
        /// Answer <see cref="Fault.StatusCode"/> (a 3xx) with a Location of <see cref="Fault.Location"/> followed by the
        /// request's own path and query, as a hostile or misconfigured proxy would.
        /// </summary>
        Redirect,
        /// <summary>Answer 200 with a chunked body that never ends (JSON whitespace), until the client goes away.</summary>
        EndlessBody,
        /// <summary>Answer 200 declaring a Content-Length of <see cref="Fault.Length"/> (default 8 GiB), then send it slowly.</summary>
        HugeContentLength,
        /// <summary>Answer 200 with a small gzip body (Content-Encoding: gzip) that inflates to <see cref="Fault.Length"/> bytes (default 1 GiB).</summary>
        GzipBomb,
    }

    /// <summary>
    /// A misbehaviour to apply to matching requests. Build one with a factory, then narrow it with
    /// <see cref="On"/> and <see cref="Repeat"/>: <c>Fault.Throttle429(2).On("dcs.stats", taskId).Repeat(3)</c>.
    /// </summary>
    public sealed class Fault
    {
        public const int DefaultStallMs = 10 * 60 * 1000;

        /// <summary>Route name (e.g. "drs.batch") or "*" for every route.</summary>
        public string Route { get; set; } = "*";
        /// <summary>Task or job id to match; null matches any.</summary>
        public string Id { get; set; }
        /// <summary>How many requests the fault applies to before it is removed; 0 = forever.</summary>
        public int Times { get; set; } = 1;
        /// <summary>How many matching requests pass untouched before the fault applies: a fault on the third read of a task.</summary>
        public int Skip { get; set; }
        public FaultKind Kind { get; set; }
        public int StatusCode { get; set; } = 500;
        public string Body { get; set; }
        public string ContentType { get; set; }
        public Dictionary<string, string> Headers { get; set; }
        public int DelayMs { get; set; }
        /// <summary>For <see cref="FaultKind.Redirect"/>: the other origin, e.g. http://127.0.0.1:5081.</summary>
        public string Location { get; set; }
        /// <summary>For <see cref="FaultKind.HugeContentLength"/> and <see cref="FaultKind.GzipBomb"/>: the declared or inflated size.</summary>
        public long Length { get; set; }
        /// <summary>The service acts on the request before the fault replaces its answer: a lost response after a stop that took effect.</summary>
        public bool Act { get; set; }

        /// <summary>Lets the simulated service act on the request first; the fault then replaces the answer.</summary>
        public Fault AfterActing()
        {
            Act = true;
            return this;
        }

        public Fault On(string route, string id = null)
        {
            Route = route ?? "*";
            Id = id;
            return this;
        }

        public Fault Repeat(int times)
        {
            if (times < 0) throw new ArgumentOutOfRangeException(nameof(times));
            Times = times;
            return this;
        }

        public Fault Forever() => Repeat(0);

        /// <summary>Lets the first <paramref name="requests"/> matching requests through, then applies.</summary>
        public Fault After(int requests)
        {
            if (requests < 0) throw new ArgumentOutOfRangeException(nameof(requests));
            Skip = requests;
            return this;
        }

        public static Fault Status(int statusCode, string body = null, string contentType = "application/json",
            IDictionary<string, string> headers = null) => new()
        {
            Kind = FaultKind.Status,
            StatusCode = statusCode,
            Body = body,
            ContentType = contentType,
            Headers = headers == null ? null : new Dictionary<string, string>(headers),
        };

        public static Fault ServiceError(int statusCode, string errorCode, string errorMessage) =>
            Status(statusCode, SimResponse.ToWire(SimResponse.ErrorBody(errorCode, errorMessage)));

        /// <summary>The gateway's throttle answer (429, APIG.0308); Retry-After only when given.</summary>
        public static Fault Throttle429(int? retryAfterSeconds = null)
        {
            var fault = ServiceError(429, "APIG.0308", "The request is throttled.");
            if (retryAfterSeconds is int seconds)
                fault.Headers = new Dictionary<string, string> { ["Retry-After"] = seconds.ToString() };
            return fault;
        }

        public static Fault Apig0308() => Throttle429();

        public static Fault Unauthorized() =>
            ServiceError(401, "APIG.0301", "Incorrect IAM authentication information: the token is invalid.");

        /// <summary>An HTML error page such as a proxy in front of the gateway returns.</summary>
        public static Fault HtmlError(int statusCode = 502)
        {
            string reason = statusCode switch { 502 => "Bad Gateway", 503 => "Service Temporarily Unavailable", 504 => "Gateway Time-out", _ => "Error" };
            string html = $"<html>\r\n<head><title>{statusCode} {reason}</title></head>\r\n<body>\r\n<center><h1>{statusCode} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
            return Status(statusCode, html, "text/html");
        }

        public static Fault Delay(int delayMs) => new() { Kind = FaultKind.Delay, DelayMs = delayMs };
        public static Fault Reset() => new() { Kind = FaultKind.Reset };
        public static Fault StallBeforeHeaders(int delayMs = DefaultStallMs) => new() { Kind = FaultKind.StallBeforeHeaders, DelayMs = delayMs };
        public static Fault StallBody(int delayMs = DefaultStallMs) => new() { Kind = FaultKind.StallBody, DelayMs = delayMs };
        public static Fault Truncate() => new() { Kind = FaultKind.Truncate };
        public static Fault Malformed(string body) => new() { Kind = FaultKind.Malformed, Body = body, StatusCode = 200, ContentType = "application/json" };

        /// <summary>A redirect (301, 302, 303, 307 or 308) to the same path and query on <paramref name="location"/>.</summary>
        public static Fault Redirect(int statusCode, string location)
        {
            if (statusCode < 300 || statusCode > 399) throw new ArgumentOutOfRangeException(nameof(statusCode), "A redirect is a 3xx status.");
            if (!Uri.TryCreate(location, UriKind.Absolute, out _)) throw new ArgumentException("The location must be an absolute URL.", nameof(location));
            return new() { Kind = FaultKind.Redirect, StatusCode = statusCode, Location = location };
        }

        public static Fault EndlessBody() => new() { Kind = FaultKind.EndlessBody, StatusCode = 200 };

        public static Fault HugeContentLength(long length = 8L << 30) =>
            new() { Kind = FaultKind.HugeContentLength, StatusCode = 200, Length = length };

        public static Fault GzipBomb(long inflatedLength = 1L << 30) =>
            new() { Kind = FaultKind.GzipBomb, StatusCode = 200, Length = inflatedLength };

        internal bool Matches(string route, string id) =>
            (Route == "*" || string.Equals(Route, route, StringComparison.Ordinal)) && (Id == null || Id == id);

        /// <summary>
        /// Reads a fault posted to /_sim/faults: the properties above in camelCase, where kind may also name a factory
        /// (throttle429, apig0308, htmlError, unauthorized, serviceError with errorCode/errorMsg, redirect with statusCode/location, endlessBody, hugeContentLength and gzipBomb with length) and retryAfterSeconds goes with throttle429;
        /// skip lets that many matching requests through first.
        /// </summary>
        public static Fault FromJson(string json)
        {
            var o = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("A fault must be a JSON object.");
            string S(string name) => o.TryGetPropertyValue(name, out var v) && v != null
                ? (v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()) : null;
            int? I(string name) => S(name) is { } s ? int.Parse(s) : null;
            long? L(string name) => S(name) is { } s ? long.Parse(s) : null;

            string kind = (S("kind") ?? "status").ToLowerInvariant();
            Fault fault = kind switch
            {
                "status" => Status(I("statusCode") ?? 500, S("body"), S("contentType") ?? "application/json"),
                "serviceerror" => ServiceError(I("statusCode") ?? 500, S("errorCode") ?? "SIM.0500", S("errorMsg") ?? "Simulated service error."),
                "throttle429" => Throttle429(I("retryAfterSeconds")),
                "apig0308" => Apig0308(),
                "unauthorized" => Unauthorized(),
                "htmlerror" => HtmlError(I("statusCode") ?? 502),
                "delay" => Delay(I("delayMs") ?? 1000),
                "reset" => Reset(),
                "stallbeforeheaders" => StallBeforeHeaders(I("delayMs") ?? DefaultStallMs),
                "stallbody" => StallBody(I("delayMs") ?? DefaultStallMs),
                "truncate" => Truncate(),
                "malformed" => Malformed(S("body") ?? "not json"),
                "redirect" => Redirect(I("statusCode") ?? 302, S("location")),
                "endlessbody" => EndlessBody(),
                "hugecontentlength" => HugeContentLength(L("length") ?? 8L << 30),
                "gzipbomb" => GzipBomb(L("length") ?? 1L << 30),
                _ => throw new FormatException($"Unknown fault kind '{kind}'."),
            };
            if (o["headers"] is JsonObject headers)
            {
                fault.Headers ??= new Dictionary<string, string>();
                foreach (var h in headers) fault.Headers[h.Key] = h.Value?.ToString();
            }
            fault.On(S("route") ?? "*", S("id"));
            fault.Repeat(I("times") ?? 1);
            fault.After(I("skip") ?? 0);
            fault.Act = S("act") == "true";
            return fault;
        }

        public JsonObject ToJson()
        {
            var o = new JsonObject { ["route"] = Route, ["id"] = Id, ["times"] = Times, ["kind"] = Kind.ToString(), ["statusCode"] = StatusCode, ["delayMs"] = DelayMs };
            if (Body != null) o["body"] = Body;
            if (Location != null) o["location"] = Location;
            if (Length != 0) o["length"] = Length;
            if (Act) o["act"] = true;
            if (Skip != 0) o["skip"] = Skip;
            if (ContentType != null) o["contentType"] = ContentType;
            if (Headers != null) o["headers"] = JsonSerializer.SerializeToNode(Headers);
            return o;
        }
    }

    /// <summary>The faults waiting for requests, checked in the order they were added; the first match wins.</summary>
    public sealed class FaultInjector
    {
        readonly object _gate = new();
        readonly List<Entry> _faults = new();

        sealed class Entry
        {
            public Fault Fault;
            public int Remaining;
            public int Skip;
        }

        public void Add(Fault fault)
        {
            ArgumentNullException.ThrowIfNull(fault);
            lock (_gate) _faults.Add(new Entry { Fault = fault, Remaining = fault.Times, Skip = fault.Skip });
        }

        public void Clear()
        {
            lock (_gate) _faults.Clear();
        }

        public int Count
        {
            get { lock (_gate) return _faults.Count; }
        }

        /// <summary>Takes one use of the first fault matching the request, or returns null.</summary>
        internal Fault Take(string route, string id)
        {
            lock (_gate)
            {
                for (int i = 0; i < _faults.Count; i++)
                {
                    var entry = _faults[i];
                    if (!entry.Fault.Matches(route, id)) continue;
                    // A fault still letting requests through answers for them: the first match wins.
                    if (entry.Skip > 0) { entry.Skip--; return null; }
                    if (entry.Remaining > 0 && --entry.Remaining == 0) _faults.RemoveAt(i);
                    return entry.Fault;
                }
                return null;
            }
        }
    }
}
