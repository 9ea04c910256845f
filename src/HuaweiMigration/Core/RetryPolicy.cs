using System;

namespace HuaweiMigration.Core
{
    /// <summary>Exponential backoff with jitter that honours Retry-After, bounded in attempts and in total time.</summary>
    public sealed class RetryPolicy
    {
        [ThreadStatic] static Random _random;

        public int MaxRetries { get; set; } = 3;
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);
        /// <summary>The longest backoff between attempts when the service names no wait.</summary>
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);
        /// <summary>The longest Retry-After that is honoured; a longer one is cut to this.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);
        /// <summary>No retry starts once this much time has gone by since the first attempt.</summary>
        public TimeSpan MaxElapsed { get; set; } = TimeSpan.FromSeconds(90);

        public static RetryPolicy Default => new RetryPolicy();

        /// <summary>
        /// The wait before retry number <paramref name="retry"/> (1-based), or null when no retry should follow.
        /// </summary>
        public TimeSpan? NextDelay(int retry, HuaweiApiException error, TimeSpan? retryAfter, TimeSpan elapsed)
        {
            if (retry > MaxRetries || !error.IsTransient) return null;
            TimeSpan delay;
            if (retryAfter.HasValue && retryAfter.Value >= TimeSpan.Zero)
                delay = retryAfter.Value > MaxRetryAfter ? MaxRetryAfter : retryAfter.Value;
            else
            {
                double exp = BaseDelay.TotalMilliseconds * Math.Pow(2, retry - 1);
                var random = _random ?? (_random = new Random(Guid.NewGuid().GetHashCode()));
                delay = TimeSpan.FromMilliseconds(exp * (0.5 + random.NextDouble() * 0.5));
                if (delay > MaxDelay) delay = MaxDelay;
            }
            return elapsed + delay > MaxElapsed ? (TimeSpan?)null : delay;
        }
    }
}
