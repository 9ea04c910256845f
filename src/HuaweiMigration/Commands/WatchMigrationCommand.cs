using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Watch;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Follows DCS and DRS migrations until they finish, fail, or are safe to cut over.</para>
    /// </summary>
    /// <remarks>
    /// The outcome rule: the cmdlet writes no error only when every id it was given met the -Until condition. Every
    /// other id gets exactly one error: MigrationFailed, MigrationStopped, MigrationStalled (its last MigrationStatus
    /// as TargetObject), the service's code or InvalidId (the id), or, for all that are left when -Timeout runs out,
    /// one WatchTimeout whose TargetObject holds their last statuses.
    /// </remarks>
    [Cmdlet(VerbsCommon.Watch, "Migration")]
    [OutputType(typeof(MigrationStatus))]
    public sealed class WatchMigrationCommand : MigrationIdCmdlet, IDisposable, IWatchReportSink
    {
        /// <summary>
        /// Plain strings piped in. A bare id does not say whether it is a DCS task or a DRS job, so the cmdlet refuses
        /// them with one error that says to pass them to -DcsTaskId or -DrsJobId.
        /// </summary>
        // Typed object, not string: a string parameter would take any piped object by its ToString() before its
        // TaskId or JobId bound by property name.
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public object InputObject { get; set; }

        /// <summary>Seconds between polls.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int Interval { get; set; } = 10;

        /// <summary>Seconds to watch in all; at the deadline the poll in flight is cancelled and the error WatchTimeout written. No limit by default.</summary>
        [Parameter]
        // The deadline is a CancellationTokenSource.CancelAfter, which takes at most int.MaxValue milliseconds.
        [ValidateRange(1, int.MaxValue / 1000)]
        public int Timeout { get; set; }

        /// <summary>The condition to wait for: Completed, FullSyncComplete, CaughtUp or Ready.</summary>
        [Parameter]
        public WatchCondition Until { get; set; } = WatchCondition.Completed;

        /// <summary>For -Until CaughtUp: the largest incremental lag, in seconds, that counts as caught up.</summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int MaxDelay { get; set; } = 5;

        /// <summary>For -Until Ready: seconds the delay (DRS) or key difference (DCS) must stay within bounds before the readiness check; 0 checks at once.</summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int StableFor { get; set; } = 60;

        /// <summary>For -Until Ready: starts the object-level and row comparisons of each DRS job once it is caught up, then waits for them.</summary>
        [Parameter]
        public SwitchParameter StartComparison { get; set; }

        /// <summary>Seconds without any change in status, percent, keys left or delay after which a migration counts as stalled.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int StallTimeout { get; set; } = 600;

        /// <summary>What a stall does: Warning (one warning, the watch goes on) or Error (the error MigrationStalled ends that migration's watch).</summary>
        [Parameter]
        public StallAction StallAction { get; set; } = StallAction.Warning;

        /// <summary>Outputs every sample instead of only each migration's final status.</summary>
        [Parameter]
        public SwitchParameter Stream { get; set; }

        /// <summary>How many requests one poll may have in flight.</summary>
        [Parameter]
        [ValidateRange(1, DesktopRuntime.MaxThrottleLimit)]
        public int ThrottleLimit { get; set; } = 8;

        /// <summary>
        /// A file that keeps the watch's state after every poll, so that running the same command again resumes the watch:
        /// ended migrations are reported as they ended, stall clocks go on on wall time, and new ids are added.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StatePath { get; set; }

        /// <summary>Seconds this run may watch before it suspends with WatchSuspended: a budget to resume with -StatePath, not a failure.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue / 1000)]
        public int MaxDuration { get; set; }

        /// <summary>With -StatePath: take the condition parameters given even when they differ from the file's.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        MigrationWatcher _watcher;
        WatchProgress _progress;
        WatchCheckpoint _checkpoint;
        WatchInput _input;
        WatchReport _report;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            // -Name typed by the user (bound before BeginProcessing), not one bound from a piped task or job.
            _input = new WatchInput(MyInvocation.BoundParameters.ContainsKey(nameof(Name)));
            if (StatePath != null) OpenCheckpoint();
            _watcher = new WatchSettings
            {
                Until = Until, MaxDelay = TimeSpan.FromSeconds(MaxDelay), ThrottleLimit = ThrottleLimit, StallTimeout = TimeSpan.FromSeconds(StallTimeout),
                StallAction = StallAction, StableFor = TimeSpan.FromSeconds(StableFor), StartComparison = StartComparison, Clock = ActiveSession.Clock,
            }.NewWatcher(ActiveSession.Dcs, ActiveSession.Drs, ActiveSession.DrsComparisons);
            _progress = new WatchProgress(this, _watcher, Until, Interval);
            foreach (var item in _checkpoint?.Saved?.Items ?? new List<WatchedMigration>())
                if (_watcher.Adopt(item) && item.IsActive) _progress.Add(item);
        }

        /// <summary>Locks and reads -StatePath; the condition parameters not given come from the file.</summary>
        void OpenCheckpoint()
        {
            string path = GetUnresolvedProviderPathFromPSPath(StatePath);
            try
            {
                _checkpoint = WatchCheckpoint.Open(path, ActiveSession.Region, ActiveSession.ProjectId);
                var c = _checkpoint.Resolve(new WatchStateCondition { Until = Until, MaxDelay = TimeSpan.FromSeconds(MaxDelay), StallTimeout = TimeSpan.FromSeconds(StallTimeout), StallAction = StallAction },
                    MyInvocation.BoundParameters.ContainsKey, Force);
                Until = c.Until;
                MaxDelay = (int)c.MaxDelay.TotalSeconds;
                StallTimeout = (int)c.StallTimeout.TotalSeconds;
                StallAction = c.StallAction;
            }
            catch (HuaweiApiException ex)
            {
                _checkpoint?.Dispose();
                _checkpoint = null;
                ThrowTerminatingError(ToErrorRecord(ex, path));
            }
        }

        void IDisposable.Dispose()
        {
            _checkpoint?.Dispose();
            Dispose();
        }

        protected override void ProcessRecord()
        {
            if (DcsTaskId == null && DrsJobId == null && (InputObject is PSObject wrapped ? wrapped.BaseObject : InputObject) is string text)
            {
                _input.RefuseString(text);
                return;
            }
            var ids = BoundIds();
            string warning = _input.NameIgnoredWarning(ids.Count, Name);
            if (warning != null) WriteWarning(warning);
            foreach (var m in ids)
            {
                if (!_input.Accept(m.Service, m.Id, out var invalid))
                {
                    if (invalid != null) WriteError(ToErrorRecord(invalid, m.Service, m.Id));
                    continue;
                }
                var item = _watcher.Add(m.Service, m.Id, m.Name);
                if (item != null) _progress.Add(item);
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                RefuseStrings();
                Watch();
            }
            finally
            {
                _checkpoint?.Dispose();
            }
        }

        void RefuseStrings()
        {
            if (_input.AmbiguousIdMessage == null) return;
            var error = NewError("AmbiguousId", _input.AmbiguousIdMessage, ErrorCategory.InvalidArgument, _input.Strings.ToArray());
            if (_watcher.Items.Count == 0) ThrowTerminatingError(error);
            WriteError(error);
        }

        void Watch()
        {
            if (_watcher.Items.Count == 0)
            {
                if (_input.HasInvalidIds) return;
                ThrowTerminatingError(NewError("NothingToWatch",
                    "Give -DcsTaskId or -DrsJobId, or pipe in DCS tasks, DCS stats, DRS job progress or Watch-Migration's own output.",
                    ErrorCategory.InvalidArgument, null));
            }

            _report = new WatchReport(Until, StallTimeout, Stream, _checkpoint != null);
            WatchReport.ReportResumed(_watcher, this);

            int? seconds = WatchSettings.Deadline(Timeout, MaxDuration, out bool suspends);
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken))
            {
                if (seconds.HasValue) deadline.CancelAfter(TimeSpan.FromSeconds(seconds.Value));
                try
                {
                    _progress.WriteParent();
                    while (true)
                    {
                        var results = Await(_watcher.PollAsync(RequestLog, deadline.Token));
                        if (CancellationToken.IsCancellationRequested) throw new PipelineStoppedException();
                        var round = new PollRound(results);
                        // Saved before the report: under -ErrorAction Stop an ended migration's error ends the pipeline.
                        if (round.Saves) SaveCheckpoint();
                        // The 401 itself, met by the name lookup rather than an item's read: the items show only as not sent.
                        if (_watcher.Rejection != null) WriteError(ToErrorRecord(_watcher.Rejection, ActiveSession));
                        _report.Report(round, this);
                        var next = round.Next(_watcher.Active.Any(), deadline.IsCancellationRequested);
                        if (next == AfterPoll.Disconnected) { Disconnected(round); return; }
                        _progress.WriteParent();
                        if (next == AfterPoll.Done) break;
                        if (next == AfterPoll.OutOfTime) { OutOfTime(suspends); break; }
                        try
                        {
                            Await(Task.Delay(TimeSpan.FromSeconds(Interval), deadline.Token));
                        }
                        catch (OperationCanceledException)
                        {
                            // Ctrl+C never gets here: Await turns it into PipelineStoppedException.
                            OutOfTime(suspends);
                            break;
                        }
                    }
                }
                finally
                {
                    if (!Stopping) _progress.CompleteAll();
                }
            }
        }

        void IWatchReportSink.Verbose(string line) => WriteVerboseLine(line);
        void IWatchReportSink.Warning(string text) => WriteWarning(text);
        void IWatchReportSink.NotSent(WatchedMigration item) => _progress.Complete(item);
        void IWatchReportSink.NotSent(NotSentIds ids) => WriteNotSent(ids);

        void IWatchReportSink.Sampled(WatchedMigration item, MigrationStatus status, bool output)
        {
            _progress.WriteChild(item, status);
            if (output) WriteObject(status);
        }

        /// <summary>A migration left the watch: its one error, unless it met the condition, and its last status.</summary>
        void IWatchReportSink.Ended(PollResult r)
        {
            if (r.Outcome == PollOutcome.GaveUp) WriteError(WatchOutcome.GaveUpError(r, _watcher.Clock()));
            else
            {
                var error = WatchOutcome.ErrorFor(r, Until, StallTimeout);
                if (error != null) WriteError(error);
                WriteObject(r.Status);
            }
            _progress.Complete(r.Item);
        }

        void SaveCheckpoint()
        {
            string warning = _checkpoint?.TrySave(_watcher, _watcher.Clock());
            if (warning != null) WriteWarning(warning);
        }

        /// <summary>The session was closed under the watch: end with the last status of each unfinished migration, then NotConnected.</summary>
        void Disconnected(PollRound round)
        {
            var error = round.Lost[0].Error;
            var unfinished = round.Unfinished(_watcher);
            _progress.CompleteAll();
            foreach (var status in _report.OutputAtLoss(unfinished)) WriteObject(status);
            ThrowTerminatingError(NewError("NotConnected", error.Message, ErrorCategory.ConnectionError, ActiveSession, error));
        }

        void OutOfTime(bool suspended)
        {
            var unfinished = _watcher.Active.ToList();
            var statuses = PollRound.LastStatuses(unfinished, Until);
            // Clear the bars first, so the error is not drawn under a stale progress display.
            _progress.CompleteAll();
            // The statuses go out before the error, which -ErrorAction Stop turns into the end of the pipeline;
            // its TargetObject holds them too, for catch blocks. With -Stream the samples are already out.
            foreach (var status in _report.OutputAtDeadline(unfinished, statuses)) WriteObject(status);
            WriteError(suspended ? WatchOutcome.SuspendedError(statuses, MaxDuration, Until, _checkpoint?.Path) : WatchOutcome.TimeoutError(statuses, Timeout, Until));
        }
    }
}
