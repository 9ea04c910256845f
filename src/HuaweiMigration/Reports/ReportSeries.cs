using System;
using System.Collections.Generic;
using System.Linq;

namespace HuaweiMigration.Reports
{
    /// <summary>Downsampling for drawing: the lowest and highest value of each bucket, and every sample at a phase change or event.</summary>
    public static class ReportSeries
    {
        /// <summary>Indices of the samples to draw, ascending. Never drops the first and last samples, the samples on both
        /// sides of a phase change (failures included), nor the sample of an event.</summary>
        public static IReadOnlyList<int> Downsample(IReadOnlyList<ReportSample> samples, Func<ReportSample, double?> value, int buckets,
            IEnumerable<ReportEvent> events = null)
        {
            int n = samples.Count;
            if (n <= buckets * 2) return Enumerable.Range(0, n).ToList();
            var keep = new SortedSet<int> { 0, n - 1 };
            for (int i = 1; i < n; i++)
                if (samples[i].Phase != samples[i - 1].Phase) { keep.Add(i - 1); keep.Add(i); }
            if (events != null)
            {
                var times = new HashSet<DateTime>(events.Select(e => e.TimeUtc));
                for (int i = 0; i < n; i++) if (times.Contains(samples[i].TimeUtc)) keep.Add(i);
            }
            for (int b = 0; b < buckets; b++)
            {
                int start = (int)((long)n * b / buckets), end = (int)((long)n * (b + 1) / buckets);
                int lo = -1, hi = -1;
                for (int i = start; i < end; i++)
                {
                    var v = value(samples[i]);
                    if (!v.HasValue) continue;
                    if (lo < 0 || v < value(samples[lo])) lo = i;
                    if (hi < 0 || v > value(samples[hi])) hi = i;
                }
                if (lo >= 0) { keep.Add(lo); keep.Add(hi); }
            }
            return keep.ToList();
        }

        /// <summary>A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least <paramref name="max"/>.</summary>
        public static double NiceMax(double max)
        {
            if (!(max > 0)) return 1;
            double magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
            foreach (double step in new[] { 1.0, 2.0, 5.0, 10.0 })
                if (step * magnitude >= max) return step * magnitude;
            return 10 * magnitude;
        }
    }
}
