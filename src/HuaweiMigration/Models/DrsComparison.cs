using System;
using System.Linq;

namespace HuaweiMigration
{
    /// <summary>The kinds of DRS data comparison.</summary>
    public enum DrsComparisonType
    {
        /// <summary>Object-level comparison: databases, tables, views, indexes... exist on both sides.</summary>
        Object,
        /// <summary>Row comparison (the service's "lines"): row counts of each table.</summary>
        Rows,
        /// <summary>Value comparison (the service's "contents"): slow, and only tables with primary keys.</summary>
        Contents,
    }

    /// <summary>Where a comparison run is. Unknown holds any status text the module does not know.</summary>
    public enum DrsComparisonStatus { Running, Waiting, Succeeded, Failed, Cancelled, TimedOut, Unknown }

    /// <summary>What a comparison found. Only Consistent counts as consistent.</summary>
    public enum DrsComparisonResult { Consistent, InProgress, NotComparable, Inconsistent, Unknown }

    /// <summary>One data comparison of a DRS job (object level, rows or values).</summary>
    public sealed class DrsComparison
    {
        public string JobId { get; internal set; }
        public string JobName { get; internal set; }
        public DrsComparisonType Type { get; internal set; }
        /// <summary>Type as text, for JSON and CSV.</summary>
        public string TypeName => Type.ToString();
        public string CompareJobId { get; internal set; }
        public DrsComparisonStatus Status { get; internal set; }
        /// <summary>Status as text, for JSON and CSV.</summary>
        public string StatusName => Status.ToString();
        /// <summary>The service's own status text.</summary>
        public string StatusText { get; internal set; }
        /// <summary>When the comparison started (local time).</summary>
        public DateTime? StartedAt => StartedAtUtc?.ToLocalTime();
        public DateTime? StartedAtUtc { get; internal set; }
        /// <summary>When the comparison ended (local time); null while it runs and for object-level comparisons.</summary>
        public DateTime? EndedAt => EndedAtUtc?.ToLocalTime();
        public DateTime? EndedAtUtc { get; internal set; }
        /// <summary>The worst result over every database (rows, values) or object type (object level).</summary>
        public DrsComparisonResult Result { get; internal set; }
        /// <summary>Result as text, for JSON and CSV.</summary>
        public string ResultName => Result.ToString();
        /// <summary>Tables (rows, values) or object types (object level) compared.</summary>
        public long? Compared { get; internal set; }
        /// <summary>Tables or object types found inconsistent.</summary>
        public long? Inconsistent { get; internal set; }
        /// <summary>Tables or object types that could not be compared.</summary>
        public long? NotComparable { get; internal set; }
        /// <summary>The result of each database (rows, values) or object type (object level); empty when the overview was not read.</summary>
        public ValueList<DrsComparisonItem> Parts { get; internal set; } = new DrsComparisonItem[0];
        /// <summary>The raw result codes of the parts, as the service sent them, each once.</summary>
        public ValueList<string> ResultCodes => Parts.Select(p => p.ResultCode ?? "(none)").Distinct().ToArray();
        /// <summary>The service's error message, if any.</summary>
        public string Message { get; internal set; }

        public override string ToString() => $"{JobId} {Type} {Status} {Result}";
    }

    /// <summary>
    /// One line of a comparison: a database or table (rows, values), or an object type or object (object level).
    /// </summary>
    public sealed class DrsComparisonItem
    {
        public string JobId { get; internal set; }
        public string CompareJobId { get; internal set; }
        public DrsComparisonType Type { get; internal set; }
        /// <summary>Type as text, for JSON and CSV.</summary>
        public string TypeName => Type.ToString();
        /// <summary>The source database (rows, values, object details).</summary>
        public string Database { get; internal set; }
        public string TargetDatabase { get; internal set; }
        /// <summary>The table (row and value details).</summary>
        public string Table { get; internal set; }
        /// <summary>The object type (object level): DB, TABLE, VIEW, INDEX, PROCEDURE...</summary>
        public string ObjectType { get; internal set; }
        /// <summary>The object's name on the source (object-level details).</summary>
        public string Name { get; internal set; }
        /// <summary>Rows (table), objects (object type) or tables compared (database) on the source.</summary>
        public long? SourceCount { get; internal set; }
        public long? TargetCount { get; internal set; }
        /// <summary>Differing rows (table), the count difference (object type), or inconsistent tables (database).</summary>
        public long? Difference { get; internal set; }
        public DrsComparisonResult Result { get; internal set; }
        /// <summary>Result as text, for JSON and CSV.</summary>
        public string ResultName => Result.ToString();
        /// <summary>The result code as the service sent it (an integer or a word).</summary>
        public string ResultCode { get; internal set; }
        public string Message { get; internal set; }

        /// <summary>What the item is about: database.table, object type/name, or database.</summary>
        public string Subject =>
            Table != null ? Database + "." + Table :
            ObjectType != null ? (Name != null ? ObjectType + " " + Name : ObjectType) :
            Name ?? Database;

        public override string ToString() => Subject;
    }

    /// <summary>The health of a DRS job's database connections (v5 monitor-data).</summary>
    public sealed class DrsJobHealth
    {
        public string JobId { get; internal set; }
        public bool? IsSourceNormal { get; internal set; }
        public bool? IsTargetNormal { get; internal set; }
        public long? SourceDelay { get; internal set; }
        public long? TargetDelay { get; internal set; }
        public DateTime? UpdatedAtUtc { get; internal set; }
    }
}
