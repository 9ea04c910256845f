using System;
using System.Globalization;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
using HuaweiMigration.Watch;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// The records of Watch-Migration's outcome rule: no error for a migration that met the condition, exactly one
    /// for every other. MigrationFailed, MigrationStopped and MigrationStalled carry the last MigrationStatus; a
    /// failed read carries the id (written by the cmdlet with the service's code); WatchTimeout carries the last
    /// statuses of all that are left.
    /// </summary>
    internal static class WatchOutcome
    {
        /// <summary>The error for a migration that left the watch short of the condition, or null when it met it.</summary>
        public static ErrorRecord ErrorFor(PollResult r, WatchCondition until, int stallTimeout)
        {
            var s = r.Status;
            switch (r.Outcome)
            {
                case PollOutcome.MigrationFailed:
                    return HuaweiCloudCmdlet.NewError("MigrationFailed", $"{WatchReport.Named(s)} failed with status {s.Status}.", ErrorCategory.OperationStopped, s);
                case PollOutcome.MigrationStopped:
                    return HuaweiCloudCmdlet.NewError("MigrationStopped", $"{WatchReport.Named(s)} stopped with status {s.Status} before the condition {until} was met.", ErrorCategory.OperationStopped, s);
                case PollOutcome.MigrationStalled:
                    return HuaweiCloudCmdlet.NewError("MigrationStalled", $"{WatchReport.Named(s)} has shown no progress for {stallTimeout} s ({s.Status}{WatchReport.Figures(s)}).", ErrorCategory.OperationTimeout, s);
                case PollOutcome.NeverCompletes:
                    return HuaweiCloudCmdlet.NewError("IncrementalNeverCompletes", $"{WatchReport.Named(s)} is an incremental migration: it replicates until it is stopped and never reads completed. Watch it with -Until CaughtUp (or FullSyncComplete).", ErrorCategory.InvalidArgument, s);
                case PollOutcome.UnknownStatus:
                    return HuaweiCloudCmdlet.NewError("UnknownMigrationStatus", $"{WatchReport.Named(s)} reads the status {WatchReport.Quote(s.Status)}, which the module does not know; it never counts as done. Check the migration in the console.", ErrorCategory.InvalidResult, s);
                case PollOutcome.MigrationInconsistent:
                    var inconsistent = s.Readiness?.Blockers.FirstOrDefault(b => b.Code == "Inconsistent");
                    return HuaweiCloudCmdlet.NewError("MigrationInconsistent",
                        $"{WatchReport.Named(s)} is not safe to cut over: {inconsistent?.Message ?? "a comparison found differences."}", ErrorCategory.InvalidData, s.Readiness);
                default:
                    return null;
            }
        }

        public static ErrorRecord TimeoutError(MigrationStatus[] unfinished, int timeout, WatchCondition until) =>
            new ErrorRecord(
                new HuaweiApiException("WatchTimeout", $"Timed out after {timeout} s with {unfinished.Length} migration(s) short of {until}: " +
                    string.Join(", ", unfinished.Select(s => ErrorAdvice.Subject(s.Service, s.Id))), ApiErrorCategory.OperationTimeout),
                "WatchTimeout", ErrorCategory.OperationTimeout, unfinished);

        /// <summary>-MaxDuration ran out: not a failure, a watch to run again.</summary>
        public static ErrorRecord SuspendedError(MigrationStatus[] unfinished, int maxDuration, WatchCondition until, string statePath) =>
            new ErrorRecord(
                new HuaweiApiException("WatchSuspended", $"Watch-Migration suspended after {maxDuration} s (-MaxDuration) with {unfinished.Length} migration(s) short of {until}: " +
                    string.Join(", ", unfinished.Select(s => $"{s.Service} {s.Id}")) + ". Run the same command again to go on" +
                    (statePath == null ? "; with -StatePath it resumes where it stopped." : $" from {statePath}."), ApiErrorCategory.OperationTimeout),
                "WatchSuspended", ErrorCategory.OperationStopped, unfinished);

        /// <summary>
        /// The error of an item that stopped being polled: after an outage it says how long the module kept trying
        /// ("gave up after 5 failed polls over 2.5 minutes"), then the last failure.
        /// </summary>
        public static ErrorRecord GaveUpError(PollResult r, DateTimeOffset now)
        {
            var item = r.Item;
            var record = HuaweiCloudCmdlet.ToErrorRecord(r.Error, item.Service, item.Id);
            if (item.ConsecutiveFailures > 1 && item.FailingSince.HasValue)
            {
                double minutes = Math.Max(0, (now - item.FailingSince.Value).TotalMinutes);
                record.ErrorDetails = new ErrorDetails(string.Format(CultureInfo.InvariantCulture,
                    "{0}: gave up after {1} failed polls over {2:0.#} minutes; the last failure: {3}",
                    ErrorAdvice.Subject(item.Service, item.Id), item.ConsecutiveFailures, minutes, r.Error.Message))
                { RecommendedAction = record.ErrorDetails?.RecommendedAction };
            }
            return record;
        }
    }
}
