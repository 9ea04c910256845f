using System;

namespace HuaweiMigration.Simulator
{
    /// <summary>Where a migration is at simulated time t, before any service-specific status names.</summary>
    public enum MigrationPhase { NotStarted, FullSync, Succeeded, Incremental, Failed, Stalled }

    /// <summary>A DCS task's numbers at one instant.</summary>
    public sealed class DcsTaskState
    {
        public string Status { get; init; }
        public MigrationPhase Phase { get; init; }
        /// <summary>Exact percent; the API reports its floor.</summary>
        public double Percent { get; init; }
        public long SourceDbSize { get; init; }
        public long TargetDbSize { get; init; }
        public long Offset { get; init; }
        public long TargetOps { get; init; }
        public long TargetInputKbps { get; init; }
        public bool IsMigrating { get; init; }
        /// <summary>t at which the task succeeded or failed, when it has.</summary>
        public double? FinishedAtSeconds { get; init; }
    }

    /// <summary>A DRS job's numbers at one instant.</summary>
    public sealed class DrsJobState
    {
        public string TransferStatus { get; init; }
        public MigrationPhase Phase { get; init; }
        public double Percent { get; init; }
        /// <summary>Seconds left at the linear rate; null when stalled, failed or not started.</summary>
        public double? RemainingSeconds { get; init; }
        public double DelaySeconds { get; init; }
        public double StructurePercent { get; init; }
        public double IndexPercent { get; init; }
    }

    /// <summary>
    /// The simulator's math. Every number is a pure function of t (simulated seconds since the scenario started):
    /// percent = clamp(100 * (t - startAfterSeconds) / fullSyncSeconds, 0, 100); after 100% an incremental migration's
    /// lag (DCS keys) or delay (DRS seconds) decays as final + (initial - final) * 0.5^(t' / halfLife), t' = time since 100%.
    /// </summary>
    public static class Timeline
    {
        /// <summary>Replication offset growth while a DCS task moves data.</summary>
        public const long OffsetBytesPerSecond = 4096;

        /// <summary>Average key size assumed for target_input_kbps.</summary>
        public const long KilobytesPerKey = 2;

        public static double LinearPercent(MigrationBehavior b, double t) =>
            Math.Clamp(100 * (t - b.StartAfterSeconds) / b.FullSyncSeconds, 0, 100);

        public static double Decay(double initial, double final, double halfLifeSeconds, double seconds) =>
            final + (initial - final) * Math.Pow(0.5, Math.Max(0, seconds) / halfLifeSeconds);

        /// <summary>The whole percent the APIs report (floor, tolerant of floating-point noise).</summary>
        public static long Reported(double percent) => (long)Math.Floor(percent + 1e-9);

        /// <summary>Phase, effective percent, seconds of data movement, and seconds since 100% (incremental only).</summary>
        public static (MigrationPhase Phase, double Percent, double ActiveSeconds, double IncrementalSeconds) Resolve(
            MigrationBehavior b, double t, bool incrementalAfterFull)
        {
            if (b.Kind == MigrationBehaviorKind.Pending || t < b.StartAfterSeconds)
                return (MigrationPhase.NotStarted, 0, 0, 0);
            double p = LinearPercent(b, t);
            if (b.Kind == MigrationBehaviorKind.Fail && p >= b.FailAtPercent)
                return (MigrationPhase.Failed, b.FailAtPercent, b.FailAtPercent / 100 * b.FullSyncSeconds, 0);
            if (b.Kind == MigrationBehaviorKind.Stall && p >= b.StallAtPercent)
                return (MigrationPhase.Stalled, b.StallAtPercent, b.StallAtPercent / 100 * b.FullSyncSeconds, 0);
            if (p < 100)
                return (MigrationPhase.FullSync, p, t - b.StartAfterSeconds, 0);
            double since = t - b.StartAfterSeconds - b.FullSyncSeconds;
            return incrementalAfterFull
                ? (MigrationPhase.Incremental, 100, b.FullSyncSeconds + since, since)
                : (MigrationPhase.Succeeded, 100, b.FullSyncSeconds, 0);
        }

        public static DcsTaskState Dcs(SimulatedDcsTask task, double t)
        {
            if (task.StoppedAtSeconds is double stoppedAt && t >= stoppedAt)
            {
                var at = Running(task, stoppedAt);
                bool ended = t >= (task.TerminatedAtSeconds ?? stoppedAt);
                return new DcsTaskState
                {
                    Status = ended ? "TERMINATED" : "TERMINATING", Phase = MigrationPhase.Failed, Percent = at.Percent,
                    SourceDbSize = at.SourceDbSize, TargetDbSize = at.TargetDbSize, Offset = at.Offset,
                    FinishedAtSeconds = ended ? task.TerminatedAtSeconds ?? stoppedAt : null,
                };
            }
            return Running(task, t);
        }

        /// <summary>Whether a stop request can still stop the task at second <paramref name="t"/>.</summary>
        public static bool CanStop(SimulatedDcsTask task, double t) =>
            task.StoppedAtSeconds == null && Dcs(task, t).Status is "RUNNING" or "FULLMIGRATING" or "INCRMIGEATING" or "MIGRATING";

        static DcsTaskState Running(SimulatedDcsTask task, double t)
        {
            var b = task.Behavior;
            long keys = task.Keys;
            double keysPerSecond = keys / b.FullSyncSeconds;
            long KeysAt(double percent) => (long)Math.Floor(keys * percent / 100 + 1e-9);

            if (b.Kind == MigrationBehaviorKind.Terminated)
                return new DcsTaskState
                {
                    Status = "TERMINATED", Phase = MigrationPhase.Failed, Percent = b.StallAtPercent, SourceDbSize = keys,
                    TargetDbSize = KeysAt(b.StallAtPercent), Offset = (long)(b.StallAtPercent / 100 * b.FullSyncSeconds * OffsetBytesPerSecond),
                };

            bool incremental = b.Kind == MigrationBehaviorKind.Incremental || task.MigrationMethod == DcsMigrationMethods.Incremental;
            var (phase, percent, active, since) = Resolve(b, t, incremental);
            long offset = (long)(active * OffsetBytesPerSecond);
            switch (phase)
            {
                case MigrationPhase.NotStarted:
                    return new DcsTaskState { Status = "RUNNING", Phase = phase, SourceDbSize = keys };
                case MigrationPhase.FullSync:
                    long ops = (long)Math.Round(keysPerSecond);
                    return new DcsTaskState
                    {
                        Status = "FULLMIGRATING", Phase = phase, Percent = percent, SourceDbSize = keys, TargetDbSize = KeysAt(percent),
                        Offset = offset, TargetOps = ops, TargetInputKbps = ops * KilobytesPerKey, IsMigrating = true,
                    };
                case MigrationPhase.Stalled:
                    return new DcsTaskState
                    {
                        Status = "FULLMIGRATING", Phase = phase, Percent = percent, SourceDbSize = keys, TargetDbSize = KeysAt(percent),
                        Offset = offset, IsMigrating = true,
                    };
                case MigrationPhase.Failed:
                    return new DcsTaskState
                    {
                        Status = "MIGRATION_FAILED", Phase = phase, Percent = percent, SourceDbSize = keys, TargetDbSize = KeysAt(percent),
                        Offset = offset, FinishedAtSeconds = b.StartAfterSeconds + active,
                    };
                case MigrationPhase.Succeeded:
                    return new DcsTaskState
                    {
                        Status = "SUCCESS", Phase = phase, Percent = 100, SourceDbSize = keys, TargetDbSize = keys, Offset = offset,
                        FinishedAtSeconds = b.StartAfterSeconds + b.FullSyncSeconds,
                    };
                default:
                    long lag = (long)Math.Round(Decay(b.InitialLagKeys, b.FinalLagKeys, b.LagHalfLifeSeconds, since), MidpointRounding.AwayFromZero);
                    long incOps = Math.Max(1, (long)Math.Round(keysPerSecond / 20));
                    return new DcsTaskState
                    {
                        Status = "INCRMIGEATING", Phase = phase, Percent = 100, SourceDbSize = keys, TargetDbSize = Math.Max(0, keys - lag),
                        Offset = offset, TargetOps = incOps, TargetInputKbps = incOps * KilobytesPerKey, IsMigrating = true,
                    };
            }
        }

        public static DrsJobState Drs(SimulatedDrsJob job, double t)
        {
            if (job.StoppedAtSeconds is double stoppedAt && t >= stoppedAt)
            {
                var at = Running(job, stoppedAt);
                string status = t < (job.ReleasedAtSeconds ?? stoppedAt) ? "RELEASE_RESOURCE_STARTED"
                    : job.ReleaseFails ? "RELEASE_RESOURCE_FAILED" : "RELEASE_RESOURCE_COMPLETE";
                return new DrsJobState
                {
                    TransferStatus = status, Phase = MigrationPhase.Failed, Percent = at.Percent,
                    StructurePercent = at.StructurePercent, IndexPercent = at.IndexPercent,
                };
            }
            return Running(job, t);
        }

        /// <summary>The DRS statuses the batch-jobs DELETE refuses to stop: a release is under way or done, or the job is gone.</summary>
        public static bool CanStop(SimulatedDrsJob job, double t) => !Drs(job, t).TransferStatus.StartsWith("RELEASE_") && Drs(job, t).TransferStatus != "DELETED";

        /// <summary>The DCS IP switch state (task_status) at t: null before any switch.</summary>
        public static string DcsSwitch(SimulatedDcsTask task, double t)
        {
            if (task.SwitchedAtSeconds is not double at || t < at) return null;
            if (task.SwitchNeverCompletes || t < (task.SwitchDoneAtSeconds ?? at)) return task.SwitchIsRollback ? "ROLLBACKING" : "EXCHANGING";
            return task.SwitchIsRollback ? "ROLLBACK_SUCCESS" : "EXCHANGE_SUCCESS";
        }

        static DrsJobState Running(SimulatedDrsJob job, double t)
        {
            var b = job.Behavior;
            if (b.Kind == MigrationBehaviorKind.Released)
                return new DrsJobState
                {
                    TransferStatus = "RELEASE_RESOURCE_COMPLETE", Phase = MigrationPhase.Succeeded, Percent = 100, StructurePercent = 100, IndexPercent = 100,
                };

            bool incremental = job.TaskMode != DrsTaskModes.Full || b.Kind == MigrationBehaviorKind.Incremental;
            var (phase, percent, _, since) = Resolve(b, t, incremental);
            string status = phase switch
            {
                MigrationPhase.NotStarted => "WAITING_FOR_START",
                MigrationPhase.FullSync or MigrationPhase.Stalled => "FULL_TRANSFER_STARTED",
                MigrationPhase.Failed => "FULL_TRANSFER_FAILED",
                MigrationPhase.Succeeded => "FULL_TRANSFER_COMPLETE",
                _ => "INCRE_TRANSFER_STARTED",
            };
            double? remaining = phase switch
            {
                MigrationPhase.FullSync => b.FullSyncSeconds * (100 - percent) / 100,
                MigrationPhase.Succeeded or MigrationPhase.Incremental => 0,
                _ => null,
            };
            return new DrsJobState
            {
                TransferStatus = status,
                Phase = phase,
                Percent = percent,
                RemainingSeconds = remaining,
                DelaySeconds = phase == MigrationPhase.Incremental
                    ? Decay(b.InitialDelaySeconds, b.FinalDelaySeconds, b.DelayHalfLifeSeconds, since) : 0,
                // Structure moves first (done at 10%), indexes last (from 80%).
                StructurePercent = Math.Min(100, percent * 10),
                IndexPercent = Math.Clamp((percent - 80) * 5, 0, 100),
            };
        }

        /// <summary>
        /// Progress of object <paramref name="index"/> of <paramref name="count"/> when the job is at <paramref name="jobPercent"/>:
        /// objects start in order, spread over the first 80% of the job, and each takes 20% of it.
        /// </summary>
        public static int ObjectProgress(double jobPercent, long index, long count)
        {
            double start = count <= 0 ? 0 : 0.8 * index / count;
            return (int)Math.Floor(Math.Clamp((jobPercent / 100 - start) / 0.2, 0, 1) * 100 + 1e-9);
        }
    }
}
