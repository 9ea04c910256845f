using System;
using System.Collections.Generic;
using System.Linq;

namespace HuaweiMigration.Watch
{
    /// <summary>Percent-per-minute from recent samples by least squares, and the time left at that rate.</summary>
    public sealed class RateEstimator
    {
        readonly Queue<KeyValuePair<DateTimeOffset, double>> _samples = new Queue<KeyValuePair<DateTimeOffset, double>>();
        readonly int _capacity;
        readonly TimeSpan _window;

        public RateEstimator(int capacity = 12, TimeSpan? window = null)
        {
            _capacity = Math.Max(2, capacity);
            _window = window ?? TimeSpan.FromMinutes(15);
        }

        public void Add(DateTimeOffset at, double percent)
        {
            // Progress that moves backwards means the service restarted the phase: start the rate afresh.
            if (_samples.Count > 0 && percent < _samples.Last().Value) _samples.Clear();
            _samples.Enqueue(new KeyValuePair<DateTimeOffset, double>(at, percent));
            while (_samples.Count > _capacity || (_samples.Count > 2 && at - _samples.Peek().Key > _window)) _samples.Dequeue();
        }

        /// <summary>The samples the rate rests on, oldest first, for a watch's saved state.</summary>
        public IReadOnlyList<KeyValuePair<DateTimeOffset, double>> Samples => _samples.ToList();

        internal void Restore(IEnumerable<KeyValuePair<DateTimeOffset, double>> samples)
        {
            _samples.Clear();
            foreach (var s in samples) Add(s.Key, s.Value);
        }

        /// <summary>Percent per minute, or null until two samples some time apart exist.</summary>
        public double? Rate
        {
            get
            {
                if (_samples.Count < 2) return null;
                var t0 = _samples.Peek().Key;
                var xs = _samples.Select(s => (s.Key - t0).TotalMinutes).ToArray();
                var ys = _samples.Select(s => s.Value).ToArray();
                double mx = xs.Average(), my = ys.Average();
                double sxx = xs.Sum(x => (x - mx) * (x - mx));
                if (sxx <= 1e-12) return null;
                double sxy = xs.Zip(ys, (x, y) => (x - mx) * (y - my)).Sum();
                return sxy / sxx;
            }
        }

        /// <summary>Time to reach 100% at the observed rate; null when there is no positive rate.</summary>
        public TimeSpan? EstimateRemaining(double percent)
        {
            var rate = Rate;
            if (rate == null || rate <= 1e-9) return null;
            double minutes = Math.Max(0, 100 - percent) / rate.Value;
            return minutes > TimeSpan.MaxValue.TotalMinutes / 2 ? (TimeSpan?)null : TimeSpan.FromMinutes(minutes);
        }
    }
}
