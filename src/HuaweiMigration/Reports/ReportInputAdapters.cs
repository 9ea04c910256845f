using System;
using System.Collections;
using System.Linq;

namespace HuaweiMigration.Reports
{
    /// <summary>
    /// Reads the readiness and comparison objects of Test-MigrationReadiness and Get-DrsComparison by property name, so the
    /// report takes them without a compile-time link. <c>get(object, name)</c> returns a property's value or null.
    /// A result the report does not know reads as Unknown, never as consistent or ready.
    /// </summary>
    public static class ReportInputAdapters
    {
        public const string ReadinessType = "HuaweiMigration.MigrationReadiness";
        public const string ComparisonType = "HuaweiMigration.DrsComparison";
        public const string ComparisonItemType = "HuaweiMigration.DrsComparisonItem";

        /// <summary>MigrationReadiness: Service, Id, Name, IsReady, Blockers and Warnings ({Code, Message}).</summary>
        public static void AddReadiness(MigrationReportBuilder b, object o, Func<object, string, object> get)
        {
            if (!Enum.TryParse(Text(get(o, "Service")), true, out MigrationService service) || string.IsNullOrEmpty(Text(get(o, "Id"))))
                throw new ArgumentException("The readiness object has no Service or Id.");
            string id = Text(get(o, "Id")), name = Text(get(o, "Name"));
            foreach (var f in Items(get(o, "Blockers")))
                b.AddFinding(service, id, name, new ReportFinding { Level = ReportFindingLevel.Blocker, Code = Text(get(f, "Code")), Message = Text(get(f, "Message")) });
            foreach (var f in Items(get(o, "Warnings")))
                b.AddFinding(service, id, name, new ReportFinding { Level = ReportFindingLevel.Warning, Code = Text(get(f, "Code")), Message = Text(get(f, "Message")) });
            b.SetReadiness(service, id, name, get(o, "IsReady") as bool?);
        }

        /// <summary>DrsComparison: JobId, JobName, Type, Result, StatusText, Compared, Inconsistent: one row for the whole job.</summary>
        public static void AddComparison(MigrationReportBuilder b, object o, Func<object, string, object> get)
        {
            string id = Text(get(o, "JobId"));
            if (string.IsNullOrEmpty(id)) throw new ArgumentException("The comparison object has no JobId.");
            b.AddComparison(id, Text(get(o, "JobName")), new ReportComparison
            {
                Type = Text(get(o, "Type")),
                Scope = "all",
                SourceCount = Long(get(o, "Compared")),
                Differences = Long(get(o, "Inconsistent")),
                Verdict = Verdict(get(o, "Result")),
                ResultText = Text(get(o, "StatusText")) ?? Text(get(o, "Status")),
            });
        }

        /// <summary>DrsComparisonItem: one database, table or object type, with its counts and raw result code.</summary>
        public static void AddComparisonItem(MigrationReportBuilder b, object o, Func<object, string, object> get)
        {
            string id = Text(get(o, "JobId"));
            if (string.IsNullOrEmpty(id)) throw new ArgumentException("The comparison item has no JobId.");
            string scope = string.Join(".", new[] { "Database", "Table", "ObjectType", "Name" }.Select(n => Text(get(o, n))).Where(t => !string.IsNullOrEmpty(t)));
            b.AddComparison(id, null, new ReportComparison
            {
                Type = Text(get(o, "Type")),
                Scope = scope,
                SourceCount = Long(get(o, "SourceCount")),
                TargetCount = Long(get(o, "TargetCount")),
                Differences = Long(get(o, "Difference")),
                Verdict = Verdict(get(o, "Result")),
                ResultText = Text(get(o, "ResultCode")),
            });
        }

        static ComparisonVerdict Verdict(object value) =>
            Enum.TryParse(Text(value), true, out ComparisonVerdict v) && Enum.IsDefined(typeof(ComparisonVerdict), v) && !int.TryParse(Text(value), out _)
                ? v : ComparisonVerdict.Unknown;

        static string Text(object value) => value == null ? null : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);

        static long? Long(object value)
        {
            try { return value == null ? (long?)null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture); }
            catch (Exception ex) when (ex is FormatException || ex is InvalidCastException || ex is OverflowException) { return null; }
        }

        static IEnumerable Items(object value) => value is string || value == null ? Array.Empty<object>() : value as IEnumerable ?? new[] { value };
    }
}
