using System;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;
using HuaweiMigration.Readiness;

namespace HuaweiMigration.Watch
{
    /// <summary>The condition and limits of one watch, as Watch-Migration's parameters give them, and the watcher they make.</summary>
    public sealed class WatchSettings
    {
        public WatchCondition Until { get; set; } = WatchCondition.Completed;
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);
        public int ThrottleLimit { get; set; } = 8;
        public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(10);
        public StallAction StallAction { get; set; } = StallAction.Warning;
        /// <summary>For Ready: how long a migration must stay within bounds before the readiness check.</summary>
        public TimeSpan StableFor { get; set; } = TimeSpan.FromMinutes(1);
        /// <summary>For Ready: start the comparisons of each DRS job once it is caught up.</summary>
        public bool StartComparison { get; set; }
        public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

        /// <summary>A watcher with these settings, with a readiness gate when the condition is Ready.</summary>
        public MigrationWatcher NewWatcher(DcsClient dcs, DrsClient drs, DrsComparisonClient comparisons)
        {
            var watcher = new MigrationWatcher(dcs, drs)
            {
                Until = Until, MaxDelay = MaxDelay, ThrottleLimit = ThrottleLimit,
                StallTimeout = StallTimeout, StallAction = StallAction, Clock = Clock, LookUpDrsNames = true,
            };
            if (Until == WatchCondition.Ready)
                watcher.Readiness = new ReadinessGate(
                    new ReadinessChecker(dcs, drs, comparisons) { Options = { MaxDelay = MaxDelay }, ThrottleLimit = ThrottleLimit, Clock = Clock },
                    new ComparisonRunner(comparisons))
                { StableFor = StableFor, StartComparison = StartComparison };
            return watcher;
        }

        /// <summary>
        /// The run's deadline in seconds, the nearer of -Timeout and -MaxDuration (0 for none), or null without either;
        /// on a tie -Timeout, the failure, wins. <paramref name="suspends"/> when the deadline is -MaxDuration's.
        /// </summary>
        public static int? Deadline(int timeoutSeconds, int maxDurationSeconds, out bool suspends)
        {
            suspends = maxDurationSeconds > 0 && (timeoutSeconds == 0 || maxDurationSeconds < timeoutSeconds);
            if (suspends) return maxDurationSeconds;
            return timeoutSeconds > 0 ? timeoutSeconds : (int?)null;
        }
    }
}
