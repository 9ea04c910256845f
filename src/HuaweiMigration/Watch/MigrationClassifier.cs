using System;
using System.Collections.Generic;

namespace HuaweiMigration.Watch
{
    /// <summary>Maps each service's status vocabulary onto one phase model and evaluates the watch conditions.</summary>
    public static class MigrationClassifier
    {
        static readonly HashSet<string> DcsTerminal = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            { "SUCCESS", "FAILED", "MIGRATION_FAILED", "TERMINATED", "RELEASED" };

        /// <summary>
        /// The phase of a DCS status. A missing or unlisted status is Unknown, whatever the stats say: the stats of a
        /// paused or broken task can read 100 % with no key left.
        /// </summary>
        public static MigrationPhase DcsPhase(string status, double? percent)
        {
            switch ((status ?? string.Empty).ToUpperInvariant())
            {
                case "SUCCESS": return MigrationPhase.Completed;
                case "FAILED":
                case "MIGRATION_FAILED": return MigrationPhase.Failed;
                case "TERMINATED":
                case "TERMINATING":
                case "RELEASED": return MigrationPhase.Stopped;
                case "RUNNING": return MigrationPhase.Pending;
                case "FULLMIGRATING": return MigrationPhase.FullSync;
                case "INCRMIGEATING":
                case "INCRMIGRATING": return MigrationPhase.Incremental;
                case "MIGRATING":
                    return percent >= 100 ? MigrationPhase.Incremental : MigrationPhase.FullSync;
                default: return MigrationPhase.Unknown;
            }
        }

        public static bool DcsIsTerminalStatus(string status) => status != null && DcsTerminal.Contains(status);

        public static MigrationPhase DrsPhase(string transferStatus, string taskMode)
        {
            string s = (transferStatus ?? string.Empty).ToUpperInvariant();
            if (s.EndsWith("_FAILED")) return MigrationPhase.Failed;
            switch (s)
            {
                case "CREATING":
                case "CONFIGURATION":
                case "WAITING_FOR_START":
                case "STARTJOBING": return MigrationPhase.Pending;
                case "FULL_TRANSFER_STARTED": return MigrationPhase.FullSync;
                case "FULL_TRANSFER_COMPLETE":
                    return IsFullOnly(taskMode) ? MigrationPhase.Completed : MigrationPhase.Incremental;
                case "INCRE_TRANSFER_STARTED": return MigrationPhase.Incremental;
                case "PAUSING":
                case "DELETED": return MigrationPhase.Stopped;
                default:
                    if (s.StartsWith("RELEASE_RESOURCE")) return MigrationPhase.Stopped;
                    if (s.StartsWith("INCRE_")) return MigrationPhase.Incremental;
                    return MigrationPhase.Unknown;
            }
        }

        /// <summary>DRS terminal states: a finished full-only job, any failure, released resources, deletion.</summary>
        public static bool DrsIsTerminalStatus(string transferStatus, string taskMode)
        {
            string s = (transferStatus ?? string.Empty).ToUpperInvariant();
            return s.EndsWith("_FAILED") || s == "RELEASE_RESOURCE_COMPLETE" || s == "DELETED" ||
                (s == "FULL_TRANSFER_COMPLETE" && IsFullOnly(taskMode));
        }

        /// <summary>A DRS job that replicates until stopped: FULL_INCR_TRANS or INCR_TRANS.</summary>
        public static bool DrsIsIncrementalMode(string taskMode) =>
            string.Equals(taskMode, "FULL_INCR_TRANS", StringComparison.OrdinalIgnoreCase) || string.Equals(taskMode, "INCR_TRANS", StringComparison.OrdinalIgnoreCase);

        static bool IsFullOnly(string taskMode) => string.Equals(taskMode, "FULL_TRANS", StringComparison.OrdinalIgnoreCase);

        /// <summary>Whether the phase is one of a running or finished sync, the only phases that can meet a condition.</summary>
        public static bool IsSyncPhase(MigrationPhase phase) =>
            phase == MigrationPhase.FullSync || phase == MigrationPhase.Incremental || phase == MigrationPhase.Completed;

        /// <summary>
        /// Whether a sample meets the condition. Only a sync phase can: a pending, unknown, failed or stopped migration
        /// meets none, whatever its numbers say. A full-only DRS job that finished has nothing left to catch up.
        /// </summary>
        public static bool IsMet(WatchCondition until, MigrationStatus s, bool terminalStatus, TimeSpan maxDelay)
        {
            // Completed means completed well: a failed or stopped migration ends the watch with an error instead.
            if (until == WatchCondition.Completed) return terminalStatus && s.Phase == MigrationPhase.Completed;
            if (!IsSyncPhase(s.Phase)) return false;

            bool fullSyncDone = s.Phase != MigrationPhase.FullSync || s.Percent >= 100;
            if (until == WatchCondition.FullSyncComplete || !fullSyncDone) return fullSyncDone;

            // A DCS task still reading FULLMIGRATING has not started replicating, whatever its key counts say.
            if (s.Service == MigrationService.Dcs)
                return s.Phase != MigrationPhase.FullSync && s.KeysRemaining == 0;
            if (s.Phase == MigrationPhase.Completed) return true;
            return s.IncrementalDelay.HasValue && s.IncrementalDelay.Value <= maxDelay;
        }
    }
}
