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
                    return HuaweiCloudCmdlet.NewError("MigrationFailed", $"{Describe(s)} failed with status {s.Status}.", ErrorCategory.OperationStopped, s);
                case PollOutcome.MigrationStopped:
                    return HuaweiCloudCmdlet.NewError("MigrationStopped", $"{Describe(s)} stopped with status {s.Status} before the condition {until} was met.", ErrorCategory.OperationStopped, s);
                case PollOutcome.MigrationStalled:
                    return HuaweiCloudCmdlet.NewError("MigrationStalled", $"{Describe(s)} has shown no progress for {stallTimeout} s ({s.Status}{WatchProgress.Describe(s)}).", ErrorCategory.OperationTimeout, s);
                default:
                    return null;
            }
        }

        public static ErrorRecord TimeoutError(MigrationStatus[] unfinished, int timeout, WatchCondition until) =>
            new ErrorRecord(
                new HuaweiApiException("WatchTimeout", $"Watch-Migration timed out after {timeout} s with {unfinished.Length} migration(s) short of {until}: " +
                    string.Join(", ", unfinished.Select(s => $"{s.Service} {s.Id}")), ApiErrorCategory.OperationTimeout),
                "WatchTimeout", ErrorCategory.OperationTimeout, unfinished);

        /// <summary>-MaxDuration ran out: not a failure, a watch to run again.</summary>
        public static ErrorRecord SuspendedError(MigrationStatus[] unfinished, int maxDuration, WatchCondition until, string statePath) =>
            new ErrorRecord(
                new HuaweiApiException("WatchSuspended", $"Watch-Migration suspended after {maxDuration} s (-MaxDuration) with {unfinished.Length} migration(s) short of {until}: " +
                    string.Join(", ", unfinished.Select(s => $"{s.Service} {s.Id}")) + ". Run the same command again to go on" +
                    (statePath == null ? "; with -StatePath it resumes where it stopped." : $" from {statePath}."), ApiErrorCategory.OperationTimeout),
                "WatchSuspended", ErrorCategory.OperationStopped, unfinished);

        public static string StallWarning(MigrationStatus s, int stallTimeout) =>
            $"{Describe(s)} has shown no progress for {stallTimeout} s ({s.Status}{WatchProgress.Describe(s)}); still watching it. With -StallAction Error a stall ends its watch.";

        public static string FailedPollWarning(IReadOnlyList<PollResult> failing) =>
            $"This poll failed for {failing.Count} migration(s), retrying next poll: " + string.Join("; ", failing.Select(f =>
                $"{f.Item.Service} {f.Item.Id} (failure {f.Item.ConsecutiveFailures}: {f.Error.Message})"));

        static string Describe(MigrationStatus s) => $"{s.Service} migration {s.Id}{(s.Name == null ? "" : " (" + s.Name + ")")}";
    }
}
