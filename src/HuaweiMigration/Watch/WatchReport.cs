using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HuaweiMigration.Core;

namespace HuaweiMigration.Watch
{
    /// <summary>Where Watch-Migration's report goes: the cmdlet carries out each call on the pipeline thread.</summary>
    internal interface IWatchReportSink
    {
        void Verbose(string line);
        void Warning(string text);
        /// <summary>A new sample of a migration still watched: its progress bar, and the sample itself when <paramref name="output"/>.</summary>
        void Sampled(WatchedMigration item, MigrationStatus status, bool output);
        /// <summary>A migration left the watch: its one error unless it met the condition, then its last status.</summary>
        void Ended(PollResult result);
        /// <summary>A migration whose read was not sent after a rejected credential: it left the watch, and its error is in <see cref="NotSent(NotSentIds)"/>.</summary>
        void NotSent(WatchedMigration item);
        /// <summary>The one RequestsNotSent error per service of the poll.</summary>
        void NotSent(NotSentIds ids);
    }

    /// <summary>
    /// The decisions of Watch-Migration's report, free of PowerShell: what each poll's results write and in which order,
    /// the texts of its warnings and verbose lines, and which statuses go out when the watch ends early.
    /// </summary>
    internal sealed class WatchReport
    {
        readonly WatchCondition _until;
        readonly int _stallTimeout;
        readonly bool _stream;
        readonly bool _checkpointed;
        readonly NotSentIds _notSent = new NotSentIds();

        /// <param name="until">The condition watched for.</param>
        /// <param name="stallTimeout">-StallTimeout in seconds, for the stall warning.</param>
        /// <param name="stream">-Stream: every sample goes out.</param>
        /// <param name="checkpointed">-StatePath: failed reads warn only as an outage begins.</param>
        public WatchReport(WatchCondition until, int stallTimeout, bool stream, bool checkpointed)
        {
            _until = until; _stallTimeout = stallTimeout; _stream = stream; _checkpointed = checkpointed;
        }

        /// <summary>Reports one poll: each result in order, then the ids not sent, then one line for the failed reads.</summary>
        public void Report(PollRound round, IWatchReportSink sink)
        {
            foreach (var r in round.Reported)
            {
                if (r.Outcome == PollOutcome.Cancelled || r.Outcome == PollOutcome.TransientError) continue;
                if (r.Outcome == PollOutcome.GaveUp)
                {
                    // Not sent after a rejected credential: one RequestsNotSent per service below, not an error each.
                    if (_notSent.TryAdd(r.Item.Service, r.Item.Id, r.Error)) sink.NotSent(r.Item);
                    else sink.Ended(r);
                    continue;
                }

                var s = r.Status;
                sink.Verbose(SampleLine(s, _until));
                if (r.Outcome == PollOutcome.Sampled)
                {
                    if (r.UnknownStatus) sink.Warning(UnknownStatusWarning(s));
                    if (r.StallStarted) sink.Warning(StallWarning(s, _stallTimeout));
                    sink.Sampled(r.Item, s, _stream);
                    continue;
                }
                sink.Ended(r);
            }
            if (_notSent.Count > 0) sink.NotSent(_notSent);
            // One line per poll however many items fail, so an outage does not flood the warning stream.
            if (round.Failing.Count == 0) return;
            if (round.FailuresWarn(_checkpointed, _stream)) sink.Warning(FailedPollWarning(round.Failing));
            else sink.Verbose(FailedPollWarning(round.Failing));
        }

        /// <summary>A resumed watch reports the migrations that had ended as they ended, without polling them.</summary>
        public static void ReportResumed(MigrationWatcher watcher, IWatchReportSink sink)
        {
            foreach (var item in watcher.Items.Where(i => i.Ended != null).ToList())
                sink.Ended(new PollResult { Item = item, Outcome = item.Ended.Outcome, Status = item.LastStatus, Error = item.Ended.Error });
        }

        /// <summary>
        /// The statuses that go out when the deadline ends the watch, before its error: all of them, or with -Stream only
        /// those of migrations never read (the others went out as samples).
        /// </summary>
        public IEnumerable<MigrationStatus> OutputAtDeadline(IReadOnlyList<WatchedMigration> unfinished, IReadOnlyList<MigrationStatus> statuses) =>
            statuses.Where((s, i) => !_stream || unfinished[i].LastStatus == null);

        /// <summary>The statuses that go out when the session is lost: each unfinished migration's last one, unless -Stream sent them already.</summary>
        public IEnumerable<MigrationStatus> OutputAtLoss(IReadOnlyList<WatchedMigration> unfinished) =>
            _stream ? Enumerable.Empty<MigrationStatus>() : unfinished.Where(i => i.LastStatus != null).Select(i => i.LastStatus);

        public static string SampleLine(MigrationStatus s, WatchCondition until) =>
            $"{Subject(s.Service, s.Id)}: {s.Phase} ({s.Status}){Figures(s)}, condition {until} {(s.ConditionMet ? "met" : "not met")}" +
            (s.Readiness == null || s.Readiness.IsReady ? "" : ": " + string.Join(" ", s.Readiness.Blockers.Select(b => b.Message)));

        public static string StallWarning(MigrationStatus s, int stallTimeout) =>
            $"{Named(s)} has shown no progress for {stallTimeout} s ({s.Status}{Figures(s)}); still watching it. With -StallAction Error a stall ends its watch.";

        public static string UnknownStatusWarning(MigrationStatus s) =>
            $"{Named(s)} reads the status {Quote(s.Status)}, which the module does not know: it meets no condition while it reads so. With -StallAction Error it ends its watch.";

        public static string FailedPollWarning(IReadOnlyList<PollResult> failing) =>
            $"This poll failed for {failing.Count} migration(s), retrying next poll: " + string.Join("; ", failing.Select(f =>
                $"{f.Item.Service} {f.Item.Id} (failure {f.Item.ConsecutiveFailures}: {f.Error.Message})"));

        public static string Quote(string status) => string.IsNullOrEmpty(status) ? "(none)" : "'" + status + "'";

        /// <summary>"DCS task &lt;id&gt; (&lt;name&gt;)", the subject of the watch's messages.</summary>
        public static string Named(MigrationStatus s) => Subject(s.Service, s.Id) + (s.Name == null ? "" : " (" + s.Name + ")");

        static string Subject(MigrationService service, string id) => (service == MigrationService.Dcs ? "DCS task " : "DRS job ") + id;

        /// <summary>", 42%, 1,200 keys left, delay 3 s, ETA 00:05:00": the numbers an admin reads, for progress and verbose lines.</summary>
        public static string Figures(MigrationStatus s)
        {
            var parts = new List<string>();
            if (s.Percent.HasValue) parts.Add(s.Percent.Value.ToString("0.#", CultureInfo.InvariantCulture) + "%");
            if (s.KeysRemaining.HasValue) parts.Add(s.KeysRemaining.Value.ToString("N0", CultureInfo.InvariantCulture) + " keys left");
            if (s.IncrementalDelay.HasValue) parts.Add("delay " + s.IncrementalDelay.Value.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s");
            if (s.EstimatedTimeRemaining.HasValue && s.Phase == MigrationPhase.FullSync)
                parts.Add("ETA " + s.EstimatedTimeRemaining.Value.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture));
            return parts.Count == 0 ? string.Empty : ", " + string.Join(", ", parts);
        }
    }
}
