using System;
using System.Collections.Generic;

namespace HuaweiMigration.Watch
{
    /// <summary>One point of a migration's history: a sample, or a failed poll (Error set, no status).</summary>
    public sealed class HistoryPoint
    {
        public DateTimeOffset Time { get; set; }
        public string Status { get; set; }
        public MigrationPhase? Phase { get; set; }
        public double? Percent { get; set; }
        public double? DelaySeconds { get; set; }
        public long? KeysRemaining { get; set; }
        /// <summary>The error code of a failed poll, else null.</summary>
        public string Error { get; set; }

        internal static HistoryPoint Of(DateTimeOffset time, MigrationStatus s) => new HistoryPoint
        {
            Time = time, Status = s.Status, Phase = s.Phase, Percent = s.Percent,
            DelaySeconds = s.IncrementalDelay?.TotalSeconds, KeysRemaining = s.KeysRemaining,
        };

        /// <summary>What a phase change or a failure changes: points where it differs from the one before are always kept.</summary>
        internal string Key => Error != null ? "error" : Status + "|" + Phase;
    }

    /// <summary>
    /// A bounded history of samples over the whole span of a watch. Past <see cref="MaxPoints"/> it drops every
    /// second ordinary point and from then on keeps only every second new one, so the density stays even from the
    /// first sample to the last. A point whose status, phase or failure differs from the one before is never dropped.
    /// </summary>
    public sealed class SampleHistory
    {
        public const int DefaultMaxPoints = 2000;

        readonly List<HistoryPoint> _points = new List<HistoryPoint>();
        int _sinceKept;

        public SampleHistory(int maxPoints = DefaultMaxPoints) { MaxPoints = Math.Max(4, maxPoints); }

        public int MaxPoints { get; }
        /// <summary>Every how many ordinary samples one is kept; doubles at each thinning.</summary>
        public int Stride { get; private set; } = 1;
        public IReadOnlyList<HistoryPoint> Points => _points;

        /// <summary>Adds a point; <paramref name="keep"/> forces it in (the last sample of a migration that ended).</summary>
        public void Add(HistoryPoint point, bool keep = false)
        {
            bool change = _points.Count == 0 || _points[_points.Count - 1].Key != point.Key;
            if (!change && !keep && ++_sinceKept < Stride) return;
            _sinceKept = 0;
            _points.Add(point);
            if (_points.Count > MaxPoints) Thin();
        }

        /// <summary>Restores a saved history as it was.</summary>
        internal void Restore(IEnumerable<HistoryPoint> points, int stride)
        {
            _points.Clear();
            _points.AddRange(points);
            Stride = Math.Max(1, stride);
            _sinceKept = 0;
            while (_points.Count > MaxPoints && Thin()) { }
        }

        bool Thin()
        {
            int before = _points.Count;
            var kept = new List<HistoryPoint>(_points.Count);
            bool dropNext = false;
            for (int i = 0; i < _points.Count; i++)
            {
                bool protectedPoint = i == 0 || i == _points.Count - 1 || _points[i - 1].Key != _points[i].Key;
                if (protectedPoint) { kept.Add(_points[i]); continue; }
                if (!dropNext) kept.Add(_points[i]);
                dropNext = !dropNext;
            }
            if (kept.Count == before) return false;
            Stride *= 2;
            _points.Clear();
            _points.AddRange(kept);
            return true;
        }
    }
}
