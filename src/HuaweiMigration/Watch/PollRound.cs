using System.Collections.Generic;
using System.Linq;

namespace HuaweiMigration.Watch
{
    /// <summary>What the watch does after a poll.</summary>
    public enum AfterPoll
    {
        /// <summary>Wait -Interval, then poll again.</summary>
        Wait,
        /// <summary>Every migration left the watch.</summary>
        Done,
        /// <summary>-Timeout or -MaxDuration ran out: the unfinished migrations' statuses, then WatchTimeout or WatchSuspended.</summary>
        OutOfTime,
        /// <summary>The session was closed under the watch: NotConnected, and nothing is saved.</summary>
        Disconnected,
    }

    /// <summary>One poll's results, sorted for the report: those lost with the session, those to report, the failed reads among them.</summary>
    public sealed class PollRound
    {
        public PollRound(IReadOnlyList<PollResult> results)
        {
            Lost = results.Where(r => r.Error?.ErrorCode == "NotConnected").ToList();
            Reported = Lost.Count == 0 ? results : results.Except(Lost).ToList();
            Failing = Reported.Where(r => r.Outcome == PollOutcome.TransientError).ToList();
        }

        /// <summary>Whether the state file takes this poll: not when the session was lost, as nothing new was learnt.</summary>
        public bool Saves => Lost.Count == 0;

        /// <summary>What comes after this poll, given whether any migration is still watched and whether the deadline passed.</summary>
        public AfterPoll Next(bool anyActive, bool deadlinePassed) =>
            Lost.Count > 0 ? AfterPoll.Disconnected : !anyActive ? AfterPoll.Done : deadlinePassed ? AfterPoll.OutOfTime : AfterPoll.Wait;

        /// <summary>Results whose read found the session closed: the watch ends.</summary>
        public IReadOnlyList<PollResult> Lost { get; }
        public IReadOnlyList<PollResult> Reported { get; }
        /// <summary>Reads that failed and are tried again next poll.</summary>
        public IReadOnlyList<PollResult> Failing { get; }

        /// <summary>
        /// Whether the failed reads make a warning rather than a verbose line: a watch with a state file may run for
        /// days under a capped stream, so it warns only as an outage begins, unless it streams samples.
        /// </summary>
        public bool FailuresWarn(bool checkpointed, bool stream) =>
            Failing.Count > 0 && (!checkpointed || stream || Failing.Any(f => f.Item.ConsecutiveFailures == 1));

        /// <summary>The migrations the session was lost under: the active ones and those whose read found it closed.</summary>
        public IReadOnlyList<WatchedMigration> Unfinished(MigrationWatcher watcher)
        {
            var lost = new HashSet<WatchedMigration>(Lost.Select(r => r.Item));
            return watcher.Items.Where(i => i.IsActive || lost.Contains(i)).ToList();
        }

        /// <summary>The last status of each item, or an unread one for an item never read.</summary>
        public static MigrationStatus[] LastStatuses(IReadOnlyList<WatchedMigration> items, WatchCondition until) =>
            items.Select(i => i.LastStatus ?? MigrationStatus.Unread(i.Service, i.Id, i.Name, until)).ToArray();
    }
}
