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
        public TimeSpan? NextDelay(int retry, HuaweiApiException error, TimeSpan? retryAfter, TimeSpan elapsed) =>
            NextDelay(retry, error, retryAfter, elapsed, idempotent: true);

        /// <summary>
        /// As above; a request that is not idempotent (it changes state) is retried only when the service certainly did
        /// not act on it: a 429 throttle. After a timeout, a reset, a 5xx or an unreadable answer it may have acted, so the
        /// caller reads the resource instead and sends again only when the first attempt did not take effect.
        /// </summary>
        public TimeSpan? NextDelay(int retry, HuaweiApiException error, TimeSpan? retryAfter, TimeSpan elapsed, bool idempotent)
        {
            if (retry > MaxRetries || !error.IsTransient) return null;
            if (!idempotent && !IsRefusedUnprocessed(error)) return null;
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

        /// <summary>A throttle answer: the gateway refused the request before any service saw it.</summary>
        public static bool IsRefusedUnprocessed(HuaweiApiException error) =>
            error.Category == ApiErrorCategory.LimitsExceeded && error.StatusCode == 429;

        /// <summary>
        /// A failure after which a state-changing request may or may not have taken effect: no answer, a 5xx or an
        /// answer that could not be read.
        /// </summary>
        public static bool IsAmbiguous(HuaweiApiException error) =>
            !IsRefusedUnprocessed(error) && (error.IsTransient || error.Category == ApiErrorCategory.InvalidResponse && error.ErrorCode != "UnexpectedRedirect");
    }
}
