using System;
using System.Collections.Generic;
using System.Linq;
using HuaweiMigration.Watch;

namespace HuaweiMigration.Reports
{
    /// <summary>
    /// Gathers samples, comparison rows and findings from whatever a pipeline carries, keyed by service and id, and builds
    /// the report: samples in time order, events (phase changes, stalls, failures) derived from them.
    /// </summary>
    public sealed class MigrationReportBuilder
    {
        readonly Dictionary<string, ReportMigration> _byKey = new Dictionary<string, ReportMigration>(StringComparer.OrdinalIgnoreCase);
        readonly List<ReportMigration> _order = new List<ReportMigration>();
        readonly Dictionary<ReportMigration, string> _drsTaskModes = new Dictionary<ReportMigration, string>();

        /// <summary>The time given to inputs that carry none (a task or job read from a list); UTC.</summary>
        public Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;

        /// <summary>No change in status, percent, keys left or delay for this long is marked as a stall (Watch-Migration's default).</summary>
        public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(600);

        public bool IsEmpty => _order.Count == 0;

        public ReportMigration Migration(MigrationService service, string id, string name = null)
        {
            if (string.IsNullOrEmpty(id)) throw new ArgumentException("A migration needs an id.", nameof(id));
            string key = service + "/" + id;
            if (!_byKey.TryGetValue(key, out var m))
            {
                m = new ReportMigration { Service = service, Id = id };
                _byKey.Add(key, m);
                _order.Add(m);
            }
            if (!string.IsNullOrEmpty(name)) m.Name = name;
            return m;
        }

        public void Add(MigrationStatus s)
        {
            var m = Migration(s.Service, s.Id, s.Name);
            m.Samples.Add(new ReportSample
            {
                TimeUtc = Utc(s.SampledAt),
                Status = s.Status,
                Phase = s.Phase,
                Percent = s.Percent,
                DelaySeconds = s.IncrementalDelaySeconds,
                KeysRemaining = s.KeysRemaining,
                ConditionMet = s.ConditionMet,
            });
        }

        public void Add(DcsMigrationTask t)
        {
            var m = Migration(MigrationService.Dcs, t.TaskId, t.TaskName);
            m.Samples.Add(new ReportSample { TimeUtc = UtcNow(), Status = t.Status, Phase = MigrationClassifier.DcsPhase(t.Status, null) });
        }

        public void Add(DcsMigrationStats st)
        {
            var m = Migration(MigrationService.Dcs, st.TaskId, st.TaskName);
            string status = m.Last?.Status;
            m.Samples.Add(new ReportSample
            {
                TimeUtc = Utc(st.SampledAt),
                Status = status,
                Phase = MigrationClassifier.DcsPhase(status, st.FullMigrationProgress),
                Percent = st.FullMigrationProgress,
                KeysRemaining = st.KeysRemaining,
            });
        }

        public void Add(DrsJob j)
        {
            var m = Migration(MigrationService.Drs, j.Id, j.Name);
            if (!string.IsNullOrEmpty(j.TaskMode)) _drsTaskModes[m] = j.TaskMode;
            m.Samples.Add(new ReportSample { TimeUtc = UtcNow(), Status = j.Status, Phase = MigrationClassifier.DrsPhase(j.Status, j.TaskMode) });
        }

        public void Add(DrsJobProgress p)
        {
            var m = Migration(MigrationService.Drs, p.JobId, p.JobName);
            string mode = p.TaskMode ?? (_drsTaskModes.TryGetValue(m, out var known) ? known : null);
            m.Samples.Add(new ReportSample
            {
                TimeUtc = Utc(p.SampledAt),
                Status = p.TransferStatus,
                Phase = MigrationClassifier.DrsPhase(p.TransferStatus, mode),
                Percent = p.Progress,
                DelaySeconds = p.IncrementalDelaySeconds,
            });
        }

        /// <summary>Adds what a watch state file kept.</summary>
        public void Add(WatchStateHistory history)
        {
            foreach (var item in history.Items)
            {
                var m = Migration(item.Service, item.Id, item.Name);
                if (!string.IsNullOrEmpty(item.EndedReason)) m.EndedReason = item.EndedReason;
                foreach (var s in item.History)
                {
                    s.Phase = item.Service == MigrationService.Dcs
                        ? PhaseOrKnown(s.Phase, MigrationClassifier.DcsPhase(s.Status, s.Percent))
                        : PhaseOrKnown(s.Phase, MigrationClassifier.DrsPhase(s.Status, null));
                    m.Samples.Add(s);
                }
            }
        }

        static MigrationPhase PhaseOrKnown(MigrationPhase recorded, MigrationPhase classified) =>
            recorded != MigrationPhase.Unknown ? recorded : classified;

        public void AddFinding(MigrationService service, string id, string name, ReportFinding finding) =>
            Migration(service, id, name).Findings.Add(finding);

        public void AddComparison(string drsJobId, string name, ReportComparison row) =>
            Migration(MigrationService.Drs, drsJobId, name).Comparisons.Add(row);

        /// <summary>A verdict from outside: false always blocks; true counts only when nothing else blocks.</summary>
        public void SetReadiness(MigrationService service, string id, string name, bool? ready)
        {
            var m = Migration(service, id, name);
            m.ReadinessVerdict = ready == false || m.ReadinessVerdict == false ? false : ready ?? m.ReadinessVerdict;
        }

        public MigrationReport Build(string title = null, double maxDelaySeconds = 5, TimeZoneInfo zone = null)
        {
            var report = new MigrationReport { MaxDelaySeconds = maxDelaySeconds, TimeZone = zone ?? TimeZoneInfo.Local, GeneratedAtUtc = UtcNow() };
            if (!string.IsNullOrEmpty(title)) report.Title = title;
            foreach (var m in _order)
            {
                // A stable sort: samples of the same instant keep their input order.
                var sorted = m.Samples.Select((s, i) => (s, i)).OrderBy(p => p.s.TimeUtc).ThenBy(p => p.i).Select(p => p.s).ToList();
                m.Samples.Clear();
                m.Samples.AddRange(sorted);
                foreach (var s in m.Samples.Where(s => s.ConditionMet == null && s.Phase != MigrationPhase.Unknown))
                    s.ConditionMet = CaughtUp(m.Service, s, maxDelaySeconds);
                m.Events.Clear();
                m.Events.AddRange(DeriveEvents(m.Samples, StallTimeout));
                report.Migrations.Add(m);
            }
            return report;
        }

        /// <summary>For samples that do not say (tasks, jobs, stats, a state file's history): caught up, by Watch-Migration's rule, within the report's -MaxDelay.</summary>
        static bool CaughtUp(MigrationService service, ReportSample s, double maxDelaySeconds) =>
            MigrationClassifier.IsMet(WatchCondition.CaughtUp, new MigrationStatus
            {
                Service = service,
                Phase = s.Phase,
                Percent = s.Percent,
                KeysRemaining = s.KeysRemaining,
                IncrementalDelay = s.DelaySeconds.HasValue ? TimeSpan.FromSeconds(s.DelaySeconds.Value) : (TimeSpan?)null,
            }, s.Phase == MigrationPhase.Completed, TimeSpan.FromSeconds(maxDelaySeconds));

        /// <summary>Phase changes, the first sample of each failure, and each stall (no change for the stall timeout).</summary>
        public static List<ReportEvent> DeriveEvents(IReadOnlyList<ReportSample> samples, TimeSpan stallTimeout)
        {
            var events = new List<ReportEvent>();
            ReportSample previous = null;
            DateTime lastChange = default;
            bool stalled = false;
            foreach (var s in samples)
            {
                if (previous == null || s.Phase != previous.Phase)
                {
                    if (s.Phase == MigrationPhase.Failed || s.Phase == MigrationPhase.Stopped)
                        events.Add(new ReportEvent { TimeUtc = s.TimeUtc, Kind = ReportEventKind.Failure, Text = $"{s.Phase} ({s.Status})" });
                    else if (previous != null)
                        events.Add(new ReportEvent { TimeUtc = s.TimeUtc, Kind = ReportEventKind.PhaseChange, Text = $"{previous.Phase} to {s.Phase}" });
                }
                if (previous == null || Changed(previous, s)) { lastChange = s.TimeUtc; stalled = false; }
                else if (!stalled && !IsEnded(s.Phase) && s.TimeUtc - lastChange >= stallTimeout)
                {
                    stalled = true;
                    events.Add(new ReportEvent { TimeUtc = s.TimeUtc, Kind = ReportEventKind.Stall, Text = "no change for " + ReportText.Duration(s.TimeUtc - lastChange) });
                }
                previous = s;
            }
            return events;
        }

        static bool IsEnded(MigrationPhase p) => p == MigrationPhase.Completed || p == MigrationPhase.Failed || p == MigrationPhase.Stopped;

        static bool Changed(ReportSample a, ReportSample b) =>
            !string.Equals(a.Status, b.Status, StringComparison.Ordinal) || a.Phase != b.Phase || a.Percent != b.Percent ||
            a.KeysRemaining != b.KeysRemaining || a.DelaySeconds != b.DelaySeconds;

        // Overloads for both the DateTimeOffset the models carry now and a DateTime (Local or Utc) they may carry later.
        internal static DateTime Utc(DateTimeOffset value) => value.UtcDateTime;
        internal static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();
    }
}
