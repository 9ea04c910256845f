using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace HuaweiMigration.Simulator
{
    /// <summary>One request as the simulator received it (faulted ones included).</summary>
    public sealed class RecordedRequest
    {
        public string Method { get; init; }
        public string Path { get; init; }
        /// <summary>The query string as received, with its leading '?', or empty.</summary>
        public string Query { get; init; }
        /// <summary>Route name such as "dcs.stats", or "unknown".</summary>
        public string Route { get; init; }
        /// <summary>The task or job id in the path; null for list and batch routes (a batch's ids are in <see cref="Body"/>).</summary>
        public string Id { get; init; }
        public string Body { get; init; }
        public IReadOnlyDictionary<string, string> Headers { get; init; }
        /// <summary>Real (wall-clock) time of arrival.</summary>
        public DateTimeOffset At { get; init; }
        /// <summary>The status answered, set just before the answer's headers go out; 0 while none has (or for a dropped connection).</summary>
        public int StatusCode { get; internal set; }
    }

    /// <summary>Thread-safe log of the simulated API's requests, with a count of how many were in flight at once.</summary>
    public sealed class RequestLog
    {
        readonly object _gate = new();
        readonly List<RecordedRequest> _requests = new();
        int _inFlight;
        int _peak;

        public IReadOnlyList<RecordedRequest> All
        {
            get { lock (_gate) return _requests.ToArray(); }
        }

        public int Count() { lock (_gate) return _requests.Count; }

        public int Count(string route) { lock (_gate) return _requests.Count(r => r.Route == route); }

        public int Count(string route, string id) { lock (_gate) return _requests.Count(r => r.Route == route && r.Id == id); }

        /// <summary>Requests answered 401: rejected signatures and tokens, by the verifier or by a fault.</summary>
        public int Unauthorized() { lock (_gate) return _requests.Count(r => r.StatusCode == 401); }

        public IReadOnlyDictionary<string, int> CountsByRoute()
        {
            lock (_gate) return _requests.GroupBy(r => r.Route).ToDictionary(g => g.Key, g => g.Count());
        }

        /// <summary>Most requests in flight at once since the last <see cref="Clear"/>.</summary>
        public int PeakConcurrency => Volatile.Read(ref _peak);

        public int InFlight => Volatile.Read(ref _inFlight);

        /// <summary>Forgets the requests and restarts the peak from those in flight now.</summary>
        public void Clear()
        {
            lock (_gate)
            {
                _requests.Clear();
                _peak = Volatile.Read(ref _inFlight);
            }
        }

        internal void Add(RecordedRequest request)
        {
            lock (_gate) _requests.Add(request);
        }

        internal IDisposable Enter()
        {
            int now = Interlocked.Increment(ref _inFlight);
            lock (_gate)
                if (now > _peak) _peak = now;
            return new Exit(this);
        }

        sealed class Exit : IDisposable
        {
            RequestLog _log;
            public Exit(RequestLog log) => _log = log;
            public void Dispose()
            {
                if (Interlocked.Exchange(ref _log, null) is { } log) Interlocked.Decrement(ref log._inFlight);
            }
        }
    }
}
