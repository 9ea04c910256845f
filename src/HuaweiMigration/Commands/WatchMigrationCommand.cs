using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Watch;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Follows DCS and DRS migrations until they finish, fail, or are safe to cut over.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Watch, "Migration")]
    [OutputType(typeof(MigrationStatus))]
    public sealed class WatchMigrationCommand : HuaweiCloudSessionCmdlet
    {
        const int ParentActivityId = 1;

        /// <summary>DCS task ids. DcsMigrationTask and DcsMigrationStats objects bind by their TaskId.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("TaskId")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DcsTaskIdCompleter))]
        [Trimmed]
        public string[] DcsTaskId { get; set; }

        /// <summary>DRS job ids. DrsJobProgress objects bind by their JobId.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("JobId")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DrsJobIdCompleter))]
        [Trimmed]
        public string[] DrsJobId { get; set; }

        /// <summary>Seconds between polls.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int Interval { get; set; } = 10;

        /// <summary>Seconds to watch before giving up with a WatchTimeout error. No limit by default.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        /// <summary>The condition to wait for: Completed, FullSyncComplete or CaughtUp.</summary>
        [Parameter]
        public WatchCondition Until { get; set; } = WatchCondition.Completed;

        /// <summary>For -Until CaughtUp: the largest incremental lag, in seconds, that counts as caught up.</summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int MaxDelay { get; set; } = 5;

        /// <summary>Outputs every sample instead of only each migration's final status.</summary>
        [Parameter]
        public SwitchParameter Stream { get; set; }

        /// <summary>How many requests one poll may have in flight.</summary>
        [Parameter]
        [ValidateRange(1, DesktopRuntime.MaxThrottleLimit)]
        public int ThrottleLimit { get; set; } = 8;

        MigrationWatcher _watcher;
        bool _progressCompleted;
        readonly Dictionary<WatchedMigration, int> _activityIds = new Dictionary<WatchedMigration, int>();

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _watcher = new MigrationWatcher(ActiveSession.Dcs, ActiveSession.Drs)
            {
                Until = Until,
                MaxDelay = TimeSpan.FromSeconds(MaxDelay),
                ThrottleLimit = ThrottleLimit,
            };
        }

        protected override void ProcessRecord()
        {
            foreach (var id in DcsTaskId ?? new string[0]) Track(MigrationService.Dcs, id);
            foreach (var id in DrsJobId ?? new string[0]) Track(MigrationService.Drs, id);
        }

        void Track(MigrationService service, string id)
        {
            var item = _watcher.Add(service, id);
            if (item != null) _activityIds[item] = ParentActivityId + _activityIds.Count + 1;
        }

        protected override void EndProcessing()
        {
            if (_watcher.Items.Count == 0)
                ThrowTerminatingError(NewError("NothingToWatch",
                    "Give -DcsTaskId or -DrsJobId, or pipe in DCS tasks, DCS stats or DRS job progress objects.",
                    ErrorCategory.InvalidArgument, null));

            var started = Stopwatch.StartNew();
            var deadline = Timeout > 0 ? TimeSpan.FromSeconds(Timeout) : (TimeSpan?)null;
            try
            {
                WriteParentProgress();
                while (true)
                {
                    var results = Await(_watcher.PollAsync(RequestLog, CancellationToken));
                    var closed = results.FirstOrDefault(r => r.Error?.ErrorCode == "NotConnected");
                    foreach (var r in results) if (r.Error?.ErrorCode != "NotConnected") Report(r);
                    if (closed != null) { Disconnected(results, closed.Error); return; }
                    WriteParentProgress();
                    if (!_watcher.Active.Any()) break;

                    var wait = TimeSpan.FromSeconds(Interval);
                    if (deadline.HasValue)
                    {
                        var left = deadline.Value - started.Elapsed;
                        if (left <= TimeSpan.Zero) { TimedOut(); break; }
                        if (left < wait) wait = left;
                    }
                    Await(Task.Delay(wait, CancellationToken));
                    if (deadline.HasValue && started.Elapsed >= deadline.Value) { TimedOut(); break; }
                }
            }
            finally
            {
                if (!Stopping) CompleteAllProgress();
            }
        }

        void Report(PollResult r)
        {
            var item = r.Item;
            switch (r.Outcome)
            {
                case PollOutcome.TransientError:
                    WriteWarning($"{item.Service} {item.Id}: poll {item.ConsecutiveFailures} of {MigrationWatcher.MaxConsecutiveFailures} failed, retrying next poll: {r.Error.Message}");
                    return;
                case PollOutcome.GaveUp:
                    WriteError(ToErrorRecord(r.Error, item.Id));
                    CompleteProgress(item);
                    return;
            }

            var s = r.Status;
            WriteVerbose($"{s.Service} {s.Id}: {s.Phase} ({s.Status}){Describe(s)}, condition {Until} {(s.ConditionMet ? "met" : "not met")}");
            if (r.Outcome == PollOutcome.Sampled)
            {
                WriteChildProgress(item, s);
                if (Stream) WriteObject(s);
                return;
            }

            if (r.Outcome == PollOutcome.MigrationFailed)
                WriteError(new ErrorRecord(
                    new HuaweiApiException("MigrationFailed", $"{s.Service} migration {s.Id}{(s.Name == null ? "" : " (" + s.Name + ")")} failed with status {s.Status}.", ApiErrorCategory.InvalidOperation),
                    "MigrationFailed", ErrorCategory.OperationStopped, s));
            else if (r.Outcome == PollOutcome.MigrationStopped)
                WriteWarning($"{s.Service} migration {s.Id} stopped with status {s.Status} before the condition {Until} was met.");
            WriteObject(s);
            CompleteProgress(item);
        }

        /// <summary>The session was closed under the watch: end with the last status of each unfinished migration, then NotConnected.</summary>
        void Disconnected(IReadOnlyList<PollResult> results, HuaweiApiException error)
        {
            var lost = new HashSet<WatchedMigration>(results.Where(r => r.Error?.ErrorCode == "NotConnected").Select(r => r.Item));
            var unfinished = _watcher.Items.Where(i => i.IsActive || lost.Contains(i)).ToList();
            CompleteAllProgress();
            if (!Stream)
                foreach (var item in unfinished)
                    if (item.LastStatus != null) WriteObject(item.LastStatus);
            ThrowTerminatingError(NewError("NotConnected", error.Message, ErrorCategory.ConnectionError, ActiveSession, error));
        }

        void TimedOut()
        {
            var unfinished = _watcher.Active.ToList();
            // Clear the bars first, so the error is not drawn under a stale progress display.
            CompleteAllProgress();
            WriteError(new ErrorRecord(
                new HuaweiApiException("WatchTimeout", $"Watch-Migration timed out after {Timeout} s with {unfinished.Count} migration(s) short of {Until}: " +
                    string.Join(", ", unfinished.Select(i => $"{i.Service} {i.Id}")), ApiErrorCategory.OperationTimeout),
                "WatchTimeout", ErrorCategory.OperationTimeout, unfinished.Select(i => i.Id).ToArray()));
            // With -Stream the last samples are already out.
            if (!Stream)
                foreach (var item in unfinished)
                    if (item.LastStatus != null) WriteObject(item.LastStatus);
        }

        static string Describe(MigrationStatus s)
        {
            var parts = new List<string>();
            if (s.Percent.HasValue) parts.Add(s.Percent.Value.ToString("0.#", CultureInfo.InvariantCulture) + "%");
            if (s.KeysRemaining.HasValue) parts.Add(s.KeysRemaining.Value.ToString("N0", CultureInfo.InvariantCulture) + " keys left");
            if (s.IncrementalDelay.HasValue) parts.Add("delay " + s.IncrementalDelay.Value.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s");
            if (s.EstimatedTimeRemaining.HasValue && s.Phase == MigrationPhase.FullSync)
                parts.Add("ETA " + s.EstimatedTimeRemaining.Value.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture));
            return parts.Count == 0 ? string.Empty : ", " + string.Join(", ", parts);
        }

        void WriteParentProgress()
        {
            int total = _watcher.Items.Count, done = total - _watcher.Active.Count();
            var record = new ProgressRecord(ParentActivityId, $"Watching {total} migrations ({done} done)",
                $"Until {Until}; next poll in {Interval} s")
            {
                PercentComplete = total == 0 ? 0 : done * 100 / total,
            };
            WriteProgress(record);
        }

        void WriteChildProgress(WatchedMigration item, MigrationStatus s)
        {
            var record = new ProgressRecord(_activityIds[item], $"{s.Service} {s.Name ?? s.Id}",
                $"{s.Phase}{Describe(s)}")
            {
                ParentActivityId = ParentActivityId,
                PercentComplete = s.Percent.HasValue ? (int)Math.Max(0, Math.Min(100, s.Percent.Value)) : -1,
                SecondsRemaining = s.EstimatedTimeRemaining.HasValue ? (int)Math.Min(int.MaxValue, s.EstimatedTimeRemaining.Value.TotalSeconds) : -1,
            };
            WriteProgress(record);
        }

        void CompleteProgress(WatchedMigration item)
        {
            if (!_activityIds.TryGetValue(item, out int id)) return;
            WriteProgress(new ProgressRecord(id, $"{item.Service} {item.Name ?? item.Id}", "Done")
            {
                ParentActivityId = ParentActivityId,
                RecordType = ProgressRecordType.Completed,
            });
            _activityIds.Remove(item);
        }

        void CompleteAllProgress()
        {
            if (_progressCompleted) return;
            _progressCompleted = true;
            foreach (var item in _activityIds.Keys.ToList()) CompleteProgress(item);
            WriteProgress(new ProgressRecord(ParentActivityId, "Watching migrations", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
