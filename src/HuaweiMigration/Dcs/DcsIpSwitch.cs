using System;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;

namespace HuaweiMigration.Dcs
{
    /// <summary>
    /// The DCS IP switch (exchange-ip) and its rollback (rollback-ip), idempotent: a switch already done or under way is
    /// success, a task in the wrong phase is refused before anything is sent, and a lost answer is judged by task_status.
    /// </summary>
    public static class DcsIpSwitch
    {
        public const string Exchanging = "EXCHANGING";
        public const string Exchanged = "EXCHANGE_SUCCESS";
        public const string RollingBack = "ROLLBACKING";
        public const string RolledBack = "ROLLBACK_SUCCESS";

        /// <summary>The task_status that ends a switch (or a rollback) well.</summary>
        public static string Goal(bool rollback) => rollback ? RolledBack : Exchanged;

        static string Underway(bool rollback) => rollback ? RollingBack : Exchanging;

        /// <summary>Where a task's switch stands: done (the goal holds), under way, or neither.</summary>
        public static StopOutcome? AlreadyDone(DcsMigrationTask task, bool rollback)
        {
            if (Is(task.TaskStatus, Goal(rollback))) return StopOutcome.AlreadyEnded;
            if (Is(task.TaskStatus, Underway(rollback))) return StopOutcome.AlreadyStopping;
            return null;
        }

        /// <summary>
        /// Why the task cannot be switched now, or null. A switch needs incremental migration; a rollback needs switched IPs.
        /// </summary>
        public static string Refusal(DcsMigrationTask task, bool rollback)
        {
            if (rollback)
                return Is(task.TaskStatus, Exchanged) ? null
                    : $"its IP addresses are not switched (task_status {Show(task.TaskStatus)}), so there is nothing to roll back";
            if (Is(task.TaskStatus, Exchanging) || Is(task.TaskStatus, RollingBack))
                return $"a switch is under way (task_status {task.TaskStatus})";
            bool incremental = Is(task.Status, "INCRMIGEATING") || Is(task.Status, "INCRMIGRATING");
            return incremental ? null
                : $"it is not in incremental migration (status {Show(task.Status)}); the IP switch needs INCRMIGEATING";
        }

        /// <summary>
        /// Reads the task, refuses it or returns it as it is when the switch already holds, else sends the switch. Returns
        /// the task as read before, and how the switch ended.
        /// </summary>
        public static async Task<(DcsMigrationTask Task, StopOutcome Outcome)> SwitchAsync(DcsClient dcs, string taskId, bool rollback,
            bool includeDomainName, IRequestLog log, CancellationToken ct)
        {
            var before = await dcs.GetTaskAsync(taskId, log, ct).ConfigureAwait(false);
            var done = AlreadyDone(before, rollback);
            if (done.HasValue) return (before, done.Value);
            string refusal = Refusal(before, rollback);
            if (refusal != null)
                throw new HuaweiApiException(rollback ? "RollbackRefused" : "SwitchRefused",
                    $"DCS task {taskId} cannot be {(rollback ? "rolled back" : "switched")}: {refusal}. Nothing was sent.", ApiErrorCategory.InvalidOperation);
            var outcome = await StateChange.SendAsync<object>(
                async c => { await dcs.SwitchIpAsync(taskId, rollback, includeDomainName, log, c).ConfigureAwait(false); return (object)StopOutcome.Requested; },
                async (failure, c) =>
                {
                    var now = await dcs.GetTaskAsync(taskId, log, c).ConfigureAwait(false);
                    if (AlreadyDone(now, rollback).HasValue) return (object)StopOutcome.Requested;
                    if (Refusal(now, rollback) == null) return null; // still switchable: the request did not take effect
                    throw StateChange.CannotTell(failure, $"The task now reads status {Show(now.Status)}, task_status {Show(now.TaskStatus)}");
                }, ct).ConfigureAwait(false);
            return (before, (StopOutcome)outcome);
        }

        static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        static string Show(string s) => string.IsNullOrEmpty(s) ? "none" : s;
    }
}
