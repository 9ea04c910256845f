using System;
using System.Collections.Generic;
using System.Globalization;

namespace HuaweiMigration.Drs
{
    /// <summary>
    /// Maps the comparison status strings and result codes of NOTES.md onto the module's enums. Whatever is not
    /// listed here reads as Unknown, which is never consistent.
    /// </summary>
    public static class DrsComparisonCodes
    {
        // Row and value results (model_data_compare_overview_info.go). 1 and 24-26 are not documented.
        static readonly Dictionary<int, DrsComparisonResult> DataCodes = new Dictionary<int, DrsComparisonResult>
        {
            [0] = DrsComparisonResult.Inconsistent, [2] = DrsComparisonResult.Consistent,
            [3] = DrsComparisonResult.Inconsistent, [4] = DrsComparisonResult.NotComparable,
            [5] = DrsComparisonResult.InProgress, [6] = DrsComparisonResult.InProgress,
            [7] = DrsComparisonResult.NotComparable, [8] = DrsComparisonResult.Inconsistent,
            [9] = DrsComparisonResult.Inconsistent, [10] = DrsComparisonResult.Consistent,
            [11] = DrsComparisonResult.Inconsistent, [12] = DrsComparisonResult.Inconsistent,
            [13] = DrsComparisonResult.Inconsistent, [14] = DrsComparisonResult.NotComparable,
            [15] = DrsComparisonResult.NotComparable, [16] = DrsComparisonResult.NotComparable,
            [17] = DrsComparisonResult.NotComparable, [18] = DrsComparisonResult.NotComparable,
            [19] = DrsComparisonResult.NotComparable, [20] = DrsComparisonResult.Inconsistent,
            [21] = DrsComparisonResult.Inconsistent, [22] = DrsComparisonResult.Inconsistent,
            [23] = DrsComparisonResult.NotComparable, [27] = DrsComparisonResult.NotComparable,
        };

        static readonly Dictionary<int, string> DataMeanings = new Dictionary<int, string>
        {
            [0] = "inconsistent", [2] = "consistent", [3] = "target table missing", [4] = "comparison failed",
            [5] = "comparing", [6] = "waiting", [7] = "cancelled", [8] = "source empty", [9] = "target empty",
            [10] = "both empty", [11] = "source table missing", [12] = "target table missing", [13] = "both tables missing",
            [14] = "source connection failed", [15] = "target connection failed", [16] = "source SQL timeout",
            [17] = "target SQL timeout", [18] = "source SQL error", [19] = "target SQL error", [20] = "both databases missing",
            [21] = "source database missing", [22] = "target database missing", [23] = "too many rows, not compared", [27] = "timed out",
        };

        // Object-level results (model_objects_compare_overview_info.go): 0 inconsistent, 2 consistent, 3 incomplete.
        static readonly Dictionary<int, DrsComparisonResult> ObjectCodes = new Dictionary<int, DrsComparisonResult>
        {
            [0] = DrsComparisonResult.Inconsistent, [2] = DrsComparisonResult.Consistent, [3] = DrsComparisonResult.InProgress,
        };

        // The string results of the older MySQL-DR pair and of v5, in every spelling seen.
        static readonly Dictionary<string, DrsComparisonResult> Words = new Dictionary<string, DrsComparisonResult>(StringComparer.OrdinalIgnoreCase)
        {
            ["CONSISTENT"] = DrsComparisonResult.Consistent,
            ["INCONSISTENT"] = DrsComparisonResult.Inconsistent,
            ["COMPARING"] = DrsComparisonResult.InProgress,
            ["WAITING_FOR_COMPARISON"] = DrsComparisonResult.InProgress,
            ["FAILED_TO_COMPARE"] = DrsComparisonResult.NotComparable,
            ["CAN_NOT_COMPARE"] = DrsComparisonResult.NotComparable,
            ["TARGET_DB_NOT_EXIT"] = DrsComparisonResult.Inconsistent,
            ["TARGET_DB_NOT_EXIST"] = DrsComparisonResult.Inconsistent,
        };

        /// <summary>The result of a row or value comparison line: an integer code (also as a string) or a word.</summary>
        public static DrsComparisonResult DataResult(string code) => Map(code, DataCodes);

        /// <summary>The result of an object-level line.</summary>
        public static DrsComparisonResult ObjectResult(string code) => Map(code, ObjectCodes);

        static DrsComparisonResult Map(string code, Dictionary<int, DrsComparisonResult> integers)
        {
            if (string.IsNullOrWhiteSpace(code)) return DrsComparisonResult.Unknown;
            code = code.Trim();
            if (int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
                return integers.TryGetValue(n, out var r) ? r : DrsComparisonResult.Unknown;
            return Words.TryGetValue(code, out var w) ? w : DrsComparisonResult.Unknown;
        }

        /// <summary>A short meaning of a row or value code for messages, or null.</summary>
        public static string DataMeaning(string code) =>
            int.TryParse(code?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && DataMeanings.TryGetValue(n, out var m) ? m : null;

        public static DrsComparisonStatus Status(string text)
        {
            switch ((text ?? string.Empty).Trim().ToUpperInvariant())
            {
                case "RUNNING":
                case "FULL_DOING":
                case "INCRE_DOING": return DrsComparisonStatus.Running;
                case "WAITING_FOR_RUNNING": return DrsComparisonStatus.Waiting;
                case "SUCCESSFUL":
                case "SUCCESS": return DrsComparisonStatus.Succeeded;
                case "FAILED": return DrsComparisonStatus.Failed;
                case "CANCELLED":
                case "CANCELED": return DrsComparisonStatus.Cancelled;
                case "TIMEOUT_INTERRUPT": return DrsComparisonStatus.TimedOut;
                default: return DrsComparisonStatus.Unknown;
            }
        }

        public static bool IsFinished(DrsComparisonStatus status) =>
            status != DrsComparisonStatus.Running && status != DrsComparisonStatus.Waiting && status != DrsComparisonStatus.Unknown;

        /// <summary>How bad a result is; the worst one over the parts is the comparison's result.</summary>
        public static int Severity(DrsComparisonResult result)
        {
            switch (result)
            {
                case DrsComparisonResult.Consistent: return 0;
                case DrsComparisonResult.InProgress: return 1;
                case DrsComparisonResult.NotComparable: return 2;
                case DrsComparisonResult.Unknown: return 3;
                default: return 4;
            }
        }

        /// <summary>The service's type word for a data-level comparison.</summary>
        public static string WireType(DrsComparisonType type) => type == DrsComparisonType.Contents ? "contents" : "lines";

        public static DrsComparisonType? FromWireType(string text)
        {
            switch ((text ?? string.Empty).Trim().ToLowerInvariant())
            {
                case "lines": return DrsComparisonType.Rows;
                case "contents": return DrsComparisonType.Contents;
                default: return null;
            }
        }
    }
}
