using System.Collections.Generic;
using System.Linq;

namespace HuaweiMigration.Reports
{
    /// <summary>
    /// The summary's judgement of one migration. Unknown is never ready: an unknown phase, a finding or comparison whose
    /// result is unknown, or no sample at all, blocks with a reason that says what was seen.
    /// </summary>
    public sealed class ReportAssessment
    {
        public ReportOutcome Outcome { get; private set; }
        /// <summary>True when the condition or readiness was met, false when not, null when nothing said.</summary>
        public bool? Met { get; private set; }
        public IReadOnlyList<string> Blockers { get; private set; }

        public string MetText => Met == true ? "yes" : Met == false ? "no" : "unknown";

        public static ReportAssessment Of(ReportMigration m)
        {
            var blockers = new List<string>();
            var last = m.Last;
            if (last == null) blockers.Add("no sample was given");
            else if (last.Phase == MigrationPhase.Unknown)
                blockers.Add(string.IsNullOrEmpty(last.Status) ? "no status was read" : $"status '{last.Status}' is not one the module knows");

            bool metBefore = m.Samples.Any(s => s.ConditionMet == true);
            bool failed = last != null && (last.Phase == MigrationPhase.Failed || (last.Phase == MigrationPhase.Stopped && !metBefore));
            if (failed) blockers.Add($"{last.Phase} ({last.Status})");

            foreach (var f in m.Findings.Where(f => f.Level == ReportFindingLevel.Blocker || f.Level == ReportFindingLevel.Unknown))
                blockers.Add(string.IsNullOrEmpty(f.Message) ? f.Code : $"{f.Code}: {f.Message}");
            foreach (var c in m.Comparisons.Where(c => c.Verdict != ComparisonVerdict.Consistent))
                blockers.Add($"{c.Type} comparison of {c.Scope}: {Describe(c.Verdict)}{(string.IsNullOrEmpty(c.ResultText) ? "" : $" ({c.ResultText})")}");
            if (m.ReadinessVerdict == false && !m.Findings.Any(f => f.Level == ReportFindingLevel.Blocker))
                blockers.Add("readiness check: not ready");

            bool? met;
            if (last == null || last.Phase == MigrationPhase.Unknown) met = null;
            else if (last.ConditionMet.HasValue) met = last.ConditionMet.Value || (last.Phase == MigrationPhase.Stopped && metBefore);
            else if (last.Phase == MigrationPhase.Completed) met = true;
            else met = m.ReadinessVerdict;
            if (met == true && blockers.Count > 0) met = false;

            if (met == false && !string.IsNullOrEmpty(m.EndedReason) && blockers.Count == 0) blockers.Add(m.EndedReason);
            if (m.Events.Any(e => e.Kind == ReportEventKind.Stall) && met != true && blockers.Count == 0) blockers.Add("stalled");

            ReportOutcome outcome =
                failed ? ReportOutcome.Failed :
                last == null || last.Phase == MigrationPhase.Unknown ? ReportOutcome.Unknown :
                met == true ? ReportOutcome.Ready :
                blockers.Count > 0 ? ReportOutcome.Blocked : ReportOutcome.InProgress;
            return new ReportAssessment { Outcome = outcome, Met = met, Blockers = blockers };
        }

        public static string Describe(ComparisonVerdict v)
        {
            switch (v)
            {
                case ComparisonVerdict.Consistent: return "consistent";
                case ComparisonVerdict.Inconsistent: return "inconsistent";
                case ComparisonVerdict.NotComparable: return "not comparable";
                case ComparisonVerdict.InProgress: return "still running";
                default: return "unknown result";
            }
        }
    }
}
