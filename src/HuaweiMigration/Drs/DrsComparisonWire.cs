using System.Collections.Generic;
using System.Text.Json.Serialization;
using HuaweiMigration.Core;

namespace HuaweiMigration.Drs
{
    // Status and result fields are read as text: the service sends integers in some answers and words in others,
    // and a hostile or changed answer must reach the mapping (and read as Unknown) rather than fail the parse.

    internal sealed class ObjectCompareOverviewWire
    {
        [JsonPropertyName("compare_job_id"), JsonConverter(typeof(FlexibleStringConverter))] public string CompareJobId { get; set; }
        [JsonPropertyName("status"), JsonConverter(typeof(FlexibleStringConverter))] public string Status { get; set; }
        [JsonPropertyName("create_time"), JsonConverter(typeof(FlexibleStringConverter))] public string CreateTime { get; set; }
        [JsonPropertyName("start_time"), JsonConverter(typeof(FlexibleStringConverter))] public string StartTime { get; set; }
        [JsonPropertyName("error_msg"), JsonConverter(typeof(FlexibleStringConverter))] public string ErrorMessage { get; set; }
        [JsonPropertyName("compare_result")] public List<ObjectCompareResultWire> CompareResult { get; set; }
    }

    internal sealed class ObjectCompareResultWire
    {
        [JsonPropertyName("type"), JsonConverter(typeof(FlexibleStringConverter))] public string Type { get; set; }
        [JsonPropertyName("source_count"), JsonConverter(typeof(FlexibleLongConverter))] public long? SourceCount { get; set; }
        [JsonPropertyName("target_count"), JsonConverter(typeof(FlexibleLongConverter))] public long? TargetCount { get; set; }
        [JsonPropertyName("status"), JsonConverter(typeof(FlexibleStringConverter))] public string Status { get; set; }
    }

    internal sealed class ObjectCompareDetailPageWire
    {
        [JsonPropertyName("count"), JsonConverter(typeof(FlexibleLongConverter))] public long? Count { get; set; }
        [JsonPropertyName("compare_detail")] public List<ObjectCompareDetailWire> Details { get; set; }
    }

    internal sealed class ObjectCompareDetailWire
    {
        [JsonPropertyName("source_db_name"), JsonConverter(typeof(FlexibleStringConverter))] public string SourceDatabase { get; set; }
        [JsonPropertyName("target_db_name"), JsonConverter(typeof(FlexibleStringConverter))] public string TargetDatabase { get; set; }
        [JsonPropertyName("source_db_value"), JsonConverter(typeof(FlexibleStringConverter))] public string SourceValue { get; set; }
        [JsonPropertyName("target_db_value"), JsonConverter(typeof(FlexibleStringConverter))] public string TargetValue { get; set; }
        [JsonPropertyName("status"), JsonConverter(typeof(FlexibleStringConverter))] public string Status { get; set; }
        [JsonPropertyName("error_message"), JsonConverter(typeof(FlexibleStringConverter))] public string ErrorMessage { get; set; }
    }

    internal sealed class DataCompareCreateWire
    {
        [JsonPropertyName("type")] public string Type { get; set; }
        [JsonPropertyName("compare_mode"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string CompareMode { get; set; }
        [JsonPropertyName("compare_object"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<DataCompareObjectWire> CompareObject { get; set; }
    }

    internal sealed class DataCompareObjectWire
    {
        [JsonPropertyName("db_name")] public string Database { get; set; }
        [JsonPropertyName("table_name")] public List<string> Tables { get; set; }
    }

    internal sealed class DataCompareCreatedWire
    {
        [JsonPropertyName("id"), JsonConverter(typeof(FlexibleStringConverter))] public string Id { get; set; }
    }

    internal sealed class DataCompareListWire
    {
        [JsonPropertyName("count"), JsonConverter(typeof(FlexibleLongConverter))] public long? Count { get; set; }
        [JsonPropertyName("compare_jobs")] public List<DataCompareJobWire> Jobs { get; set; }
    }

    internal sealed class DataCompareJobWire
    {
        [JsonPropertyName("id"), JsonConverter(typeof(FlexibleStringConverter))] public string Id { get; set; }
        [JsonPropertyName("type"), JsonConverter(typeof(FlexibleStringConverter))] public string Type { get; set; }
        [JsonPropertyName("start_time"), JsonConverter(typeof(FlexibleStringConverter))] public string StartTime { get; set; }
        [JsonPropertyName("end_time"), JsonConverter(typeof(FlexibleStringConverter))] public string EndTime { get; set; }
        [JsonPropertyName("status"), JsonConverter(typeof(FlexibleStringConverter))] public string Status { get; set; }
    }

    internal sealed class DataCompareOverviewWire
    {
        [JsonPropertyName("total_count"), JsonConverter(typeof(FlexibleLongConverter))] public long? TotalCount { get; set; }
        [JsonPropertyName("data_compare_overview_infos")] public List<DataCompareDatabaseWire> Databases { get; set; }
        /// <summary>The value-comparison overview's name for the same list.</summary>
        [JsonPropertyName("content_compare_result_infos")] public List<DataCompareDatabaseWire> ContentDatabases { get; set; }
    }

    internal sealed class DataCompareDatabaseWire
    {
        [JsonPropertyName("source_db_name"), JsonConverter(typeof(FlexibleStringConverter))] public string SourceDatabase { get; set; }
        [JsonPropertyName("target_db_name"), JsonConverter(typeof(FlexibleStringConverter))] public string TargetDatabase { get; set; }
        [JsonPropertyName("status"), JsonConverter(typeof(FlexibleStringConverter))] public string Status { get; set; }
        [JsonPropertyName("compare_num"), JsonConverter(typeof(FlexibleLongConverter))] public long? Compared { get; set; }
        [JsonPropertyName("compare_end_num"), JsonConverter(typeof(FlexibleLongConverter))] public long? Finished { get; set; }
        [JsonPropertyName("data_inconsistent_num"), JsonConverter(typeof(FlexibleLongConverter))] public long? Inconsistent { get; set; }
        [JsonPropertyName("uncomparable_num"), JsonConverter(typeof(FlexibleLongConverter))] public long? NotComparable { get; set; }
    }

    internal sealed class DataCompareDetailPageWire
    {
        [JsonPropertyName("total_count"), JsonConverter(typeof(FlexibleLongConverter))] public long? TotalCount { get; set; }
        [JsonPropertyName("table_line_compare_result_infos")] public List<DataCompareTableWire> Tables { get; set; }
        [JsonPropertyName("content_compare_result_infos")] public List<DataCompareTableWire> ContentTables { get; set; }
    }

    internal sealed class DataCompareTableWire
    {
        [JsonPropertyName("source_table_name"), JsonConverter(typeof(FlexibleStringConverter))] public string SourceTable { get; set; }
        [JsonPropertyName("source_row_num"), JsonConverter(typeof(FlexibleLongConverter))] public long? SourceRows { get; set; }
        [JsonPropertyName("target_table_name"), JsonConverter(typeof(FlexibleStringConverter))] public string TargetTable { get; set; }
        [JsonPropertyName("target_row_num"), JsonConverter(typeof(FlexibleLongConverter))] public long? TargetRows { get; set; }
        [JsonPropertyName("difference_row_num"), JsonConverter(typeof(FlexibleLongConverter))] public long? DifferentRows { get; set; }
        [JsonPropertyName("status"), JsonConverter(typeof(FlexibleStringConverter))] public string Status { get; set; }
        [JsonPropertyName("message"), JsonConverter(typeof(FlexibleStringConverter))] public string Message { get; set; }
    }

    internal sealed class MonitorDataWire
    {
        [JsonPropertyName("is_src_normal"), JsonConverter(typeof(FlexibleBoolConverter))] public bool? IsSourceNormal { get; set; }
        [JsonPropertyName("is_dst_normal"), JsonConverter(typeof(FlexibleBoolConverter))] public bool? IsTargetNormal { get; set; }
        [JsonPropertyName("src_delay"), JsonConverter(typeof(FlexibleLongConverter))] public long? SourceDelay { get; set; }
        [JsonPropertyName("dst_delay"), JsonConverter(typeof(FlexibleLongConverter))] public long? TargetDelay { get; set; }
        [JsonPropertyName("update_time"), JsonConverter(typeof(FlexibleStringConverter))] public string UpdateTime { get; set; }
    }
}
