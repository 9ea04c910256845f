using System.Collections.Generic;
using System.Linq;
using HuaweiMigration.Core;
using HuaweiMigration.Drs;

namespace HuaweiMigration.Readiness
{
    /// <summary>The decisions of the comparison cmdlets: what a start asks for, which comparison a stop cancels, how a wait ended.</summary>
    public static class ComparisonRules
    {
        /// <summary>"Object, Rows comparisons of db.t1, db.t2", the action a start asks to confirm.</summary>
        public static string Describe(IReadOnlyList<DrsComparisonType> types, IReadOnlyList<string> tables) =>
            string.Join(", ", types) + " comparison" + (types.Count > 1 ? "s" : "") + (tables == null ? "" : " of " + string.Join(", ", tables));

        /// <summary>
        /// The comparison a stop cancels: the one named, else the job's unfinished one (never one of unknown status).
        /// NoRunningComparison when there is none or it has ended. The id named applies only when <paramref name="oneJob"/>.
        /// </summary>
        public static DrsComparison PickToCancel(string jobId, IReadOnlyList<DrsComparison> comparisons, string compareJobId, bool oneJob, out HuaweiApiException error)
        {
            var target = !string.IsNullOrEmpty(compareJobId) && oneJob
                ? comparisons.FirstOrDefault(c => c.CompareJobId == compareJobId)
                : comparisons.FirstOrDefault(c => !DrsComparisonCodes.IsFinished(c.Status) && c.Status != DrsComparisonStatus.Unknown);
            error = null;
            if (target != null && !DrsComparisonCodes.IsFinished(target.Status)) return target;
            error = new HuaweiApiException("NoRunningComparison", target == null
                ? $"DRS job {jobId}: {(string.IsNullOrEmpty(compareJobId) ? "no row or value comparison is running" : "the job has no data comparison " + compareJobId)}."
                : $"DRS job {jobId}: the comparison {target.CompareJobId} has already ended ({target.Status}).", ApiErrorCategory.ObjectNotFound);
            return null;
        }

        /// <summary>After a wait of <paramref name="timeoutSeconds"/>: ComparisonTimeout, ComparisonFailed, or null when it succeeded.</summary>
        public static HuaweiApiException WaitEnd(DrsComparison c, int timeoutSeconds)
        {
            if (!DrsComparisonCodes.IsFinished(c.Status))
                return new HuaweiApiException("ComparisonTimeout",
                    $"DRS job {c.JobId}: the {c.Type} comparison {c.CompareJobId} did not finish within {timeoutSeconds} s (status '{c.StatusText}').", ApiErrorCategory.OperationTimeout);
            if (c.Status != DrsComparisonStatus.Succeeded)
                return new HuaweiApiException("ComparisonFailed",
                    $"DRS job {c.JobId}: the {c.Type} comparison {c.CompareJobId} ended {c.Status} (status '{c.StatusText}').", ApiErrorCategory.InvalidResponse);
            return null;
        }
    }
}
