using System.Collections.Generic;
using System.Linq;

namespace HuaweiMigration.Watch
{
    /// <summary>One poll's results, sorted for the report: those lost with the session, those to report, the failed reads among them.</summary>
    public sealed class PollRound
    {
        public PollRound(IReadOnlyList<PollResult> results)
        {
            Lost = results.Where(r => r.Error?.ErrorCode == "NotConnected").ToList();
            Reported = Lost.Count == 0 ? results : results.Except(Lost).ToList();
            Failing = Reported.Where(r => r.Outcome == PollOutcome.TransientError).ToList();
        }

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
