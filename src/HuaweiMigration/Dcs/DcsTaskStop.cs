using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Watch;

namespace HuaweiMigration.Dcs
{
    /// <summary>How a stop ended: this request stopped it, or the wanted end state already held.</summary>
    public enum StopOutcome
    {
        /// <summary>This command's request was accepted (its answer may have been lost; the task's status shows it).</summary>
        Requested,
        /// <summary>Already stopping before this request: TERMINATING, or a DRS job in RELEASE_RESOURCE_STARTED.</summary>
        AlreadyStopping,
        /// <summary>Already ended: TERMINATED, SUCCESS, MIGRATION_FAILED, RELEASED; or a released DRS job.</summary>
        AlreadyEnded,
    }

    /// <summary>A DCS task after a stop, and how the stop ended.</summary>
    public sealed class DcsStopResult
    {
        public DcsStopResult(DcsMigrationTask task, StopOutcome outcome)
        {
            Task = task; Outcome = outcome;
        }

        public DcsMigrationTask Task { get; }
        public StopOutcome Outcome { get; }
    }

    /// <summary>
    /// The idempotent stop of a DCS migration task: stopping a task that is stopping or has ended is success, and a stop
    /// whose answer was lost or refused is judged by the task's status, never by the answer alone.
    /// </summary>
    public static class DcsTaskStop
    {
        static readonly HashSet<string> Running = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            { "RUNNING", "FULLMIGRATING", "INCRMIGEATING", "INCRMIGRATING", "MIGRATING" };

        public static bool IsStopping(string status) => string.Equals(status, "TERMINATING", StringComparison.OrdinalIgnoreCase);

        /// <summary>TERMINATED, or any other status after which the task cannot run on (SUCCESS, FAILED, ...).</summary>
        public static bool IsEnded(string status) => MigrationClassifier.DcsIsTerminalStatus(status);

        public static Task<DcsStopResult> StopAsync(DcsClient dcs, string taskId, IRequestLog log, CancellationToken ct) =>
            StateChange.SendAsync(
                async c => new DcsStopResult(await dcs.StopTaskAsync(taskId, log, c).ConfigureAwait(false), StopOutcome.Requested),
                async (failure, c) => Judge(failure, await dcs.GetTaskAsync(taskId, log, c).ConfigureAwait(false)), ct);

        /// <summary>
        /// A task that reads stopping or ended, as a stop run again found it: its result, read without sending a stop. A task
        /// that reads otherwise now is refused with NotReady, since nothing was sent for it.
        /// </summary>
        public static async Task<DcsStopResult> ReadStoppedAsync(DcsClient dcs, string taskId, IRequestLog log, CancellationToken ct)
        {
            var task = await dcs.GetTaskAsync(taskId, log, ct).ConfigureAwait(false);
            if (IsStopping(task.Status)) return new DcsStopResult(task, StopOutcome.AlreadyStopping);
            if (IsEnded(task.Status)) return new DcsStopResult(task, StopOutcome.AlreadyEnded);
            throw new HuaweiApiException("NotReady", $"DCS task {taskId} now reads {(task.Status == null ? "no status" : "'" + task.Status + "'")}, " +
                "neither stopping nor ended, and its readiness was not confirmed. Nothing was sent.", ApiErrorCategory.InvalidOperation);
        }

        /// <summary>
        /// The stop failed with <paramref name="failure"/>, and the task now reads <paramref name="now"/>: the result when the
        /// task is stopping or ended, null when it still runs (the stop did not take effect).
        /// </summary>
        public static DcsStopResult Judge(HuaweiApiException failure, DcsMigrationTask now)
        {
            // After a lost answer, a task that is stopping was stopped by this request.
            bool mayBeOurs = RetryPolicy.IsAmbiguous(failure);
            if (IsStopping(now.Status)) return new DcsStopResult(now, mayBeOurs ? StopOutcome.Requested : StopOutcome.AlreadyStopping);
            if (string.Equals(now.Status, "TERMINATED", StringComparison.OrdinalIgnoreCase) && mayBeOurs)
                return new DcsStopResult(now, StopOutcome.Requested);
            if (IsEnded(now.Status)) return new DcsStopResult(now, StopOutcome.AlreadyEnded);
            if (now.Status != null && Running.Contains(now.Status)) return null;
            throw StateChange.CannotTell(failure, $"The task now reads {(now.Status == null ? "no status" : "'" + now.Status + "'")}, a status the module does not know");
        }
    }
}
