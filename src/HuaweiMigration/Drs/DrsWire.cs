using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using HuaweiMigration.Core;

namespace HuaweiMigration.Drs
{
    internal sealed class DrsBatchRequestWire
    {
        [JsonPropertyName("jobs")] public List<string> Jobs { get; set; }
    }

    internal sealed class DrsBatchWire
    {
        [JsonPropertyName("count"), JsonConverter(typeof(FlexibleLongConverter))] public long? Count { get; set; }
        [JsonPropertyName("results")] public List<DrsProgressWire> Results { get; set; }
    }

    internal sealed class DrsProgressWire
    {
        [JsonPropertyName("job_id"), JsonConverter(typeof(FlexibleStringConverter))] public string JobId { get; set; }
        [JsonPropertyName("progress"), JsonConverter(typeof(FlexibleDoubleConverter))] public double? Progress { get; set; }
        [JsonPropertyName("incre_trans_delay"), JsonConverter(typeof(FlexibleDoubleConverter))] public double? IncrementalDelaySeconds { get; set; }
        [JsonPropertyName("incre_trans_delay_millis"), JsonConverter(typeof(FlexibleDoubleConverter))] public double? IncrementalDelayMillis { get; set; }
        [JsonPropertyName("task_mode"), JsonConverter(typeof(FlexibleStringConverter))] public string TaskMode { get; set; }
        [JsonPropertyName("transfer_status"), JsonConverter(typeof(FlexibleStringConverter))] public string TransferStatus { get; set; }
        [JsonPropertyName("process_time"), JsonConverter(typeof(FlexibleStringConverter))] public string ProcessTime { get; set; }
        [JsonPropertyName("remaining_time"), JsonConverter(typeof(FlexibleStringConverter))] public string RemainingTime { get; set; }
        [JsonPropertyName("progress_map"), JsonConverter(typeof(ProgressMapConverter))] public List<KeyValuePair<string, DrsPartWire>> ProgressMap { get; set; }
        [JsonPropertyName("error_code"), JsonConverter(typeof(FlexibleStringConverter))] public string ErrorCode { get; set; }
        [JsonPropertyName("error_msg"), JsonConverter(typeof(FlexibleStringConverter))] public string ErrorMessage { get; set; }
    }

    internal sealed class DrsPartWire
    {
        [JsonPropertyName("name"), JsonConverter(typeof(FlexibleStringConverter))] public string Name { get; set; }
        [JsonPropertyName("completed"), JsonConverter(typeof(FlexibleDoubleConverter))] public double? Completed { get; set; }
        [JsonPropertyName("remaining_time"), JsonConverter(typeof(FlexibleStringConverter))] public string RemainingTime { get; set; }
    }

    /// <summary>
    /// progress_map is documented both as an object keyed by part (data, structure, index) and as an array;
    /// this reads either, keeping the service's order.
    /// </summary>
    internal sealed class ProgressMapConverter : JsonConverter<List<KeyValuePair<string, DrsPartWire>>>
    {
        public override bool HandleNull => true;

        public override List<KeyValuePair<string, DrsPartWire>> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var parts = new List<KeyValuePair<string, DrsPartWire>>();
            var partType = WireJsonContext.Default.DrsPartWire;
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return parts;
                case JsonTokenType.StartObject:
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        string name = reader.GetString();
                        reader.Read();
                        var part = Part(ref reader, partType, name);
                        if (part != null) parts.Add(new KeyValuePair<string, DrsPartWire>(name, part));
                    }
                    return parts;
                case JsonTokenType.StartArray:
                    int index = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var part = Part(ref reader, partType, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        if (part != null) parts.Add(new KeyValuePair<string, DrsPartWire>(part.Name ?? index.ToString(), part));
                        index++;
                    }
                    return parts;
                default:
                    throw new JsonException($"Expected progress_map to be an object or an array but found {reader.TokenType}.");
            }
        }

        // A nested Deserialize reports paths from its own root ($.completed); thrown again without a path, the error
        // gets the outer one ($.results[0].progress_map), and the message names the entry.
        static DrsPartWire Part(ref Utf8JsonReader reader, System.Text.Json.Serialization.Metadata.JsonTypeInfo<DrsPartWire> partType, string entry)
        {
            try
            {
                return JsonSerializer.Deserialize(ref reader, partType);
            }
            catch (JsonException ex)
            {
                string inner = ex.Path == null ? "" : " at " + ex.Path.TrimStart('$').TrimStart('.');
                throw new JsonException($"progress_map entry '{entry}'{inner}: {(ex.InnerException as JsonException)?.Message ?? FirstSentence(ex.Message)}");
            }
        }

        static string FirstSentence(string message)
        {
            int path = message.IndexOf(" Path:", StringComparison.Ordinal);
            return path < 0 ? message : message.Substring(0, path);
        }

        public override void Write(Utf8JsonWriter writer, List<KeyValuePair<string, DrsPartWire>> value, JsonSerializerOptions options) =>
            throw new NotSupportedException();
    }

    internal sealed class DrsJobListRequestWire
    {
        [JsonPropertyName("cur_page")] public int CurPage { get; set; }
        [JsonPropertyName("per_page")] public int PerPage { get; set; }
        [JsonPropertyName("db_use_type")] public string DbUseType { get; set; }
        [JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string Name { get; set; }
    }

    internal sealed class DrsJobListWire
    {
        [JsonPropertyName("total_record"), JsonConverter(typeof(FlexibleLongConverter))] public long? TotalRecord { get; set; }
        [JsonPropertyName("jobs")] public List<DrsJobWire> Jobs { get; set; }
    }

    internal sealed class DrsJobWire
    {
        [JsonPropertyName("id"), JsonConverter(typeof(FlexibleStringConverter))] public string Id { get; set; }
        [JsonPropertyName("name"), JsonConverter(typeof(FlexibleStringConverter))] public string Name { get; set; }
        [JsonPropertyName("status"), JsonConverter(typeof(FlexibleStringConverter))] public string Status { get; set; }
        [JsonPropertyName("description"), JsonConverter(typeof(FlexibleStringConverter))] public string Description { get; set; }
        [JsonPropertyName("create_time"), JsonConverter(typeof(FlexibleStringConverter))] public string CreateTime { get; set; }
        [JsonPropertyName("engine_type"), JsonConverter(typeof(FlexibleStringConverter))] public string EngineType { get; set; }
        [JsonPropertyName("net_type"), JsonConverter(typeof(FlexibleStringConverter))] public string NetType { get; set; }
        [JsonPropertyName("job_direction"), JsonConverter(typeof(FlexibleStringConverter))] public string JobDirection { get; set; }
        [JsonPropertyName("db_use_type"), JsonConverter(typeof(FlexibleStringConverter))] public string DbUseType { get; set; }
        [JsonPropertyName("task_type"), JsonConverter(typeof(FlexibleStringConverter))] public string TaskType { get; set; }
        [JsonPropertyName("children")] public List<DrsJobWire> Children { get; set; }
    }

    internal sealed class DrsObjectPageWire
    {
        [JsonPropertyName("count"), JsonConverter(typeof(FlexibleLongConverter))] public long? Count { get; set; }
        [JsonPropertyName("create_time"), JsonConverter(typeof(FlexibleStringConverter))] public string CreateTime { get; set; }
        [JsonPropertyName("flow_compare_data")] public List<DrsObjectWire> Rows { get; set; }
    }

    internal sealed class DrsObjectWire
    {
        [JsonPropertyName("src_db"), JsonConverter(typeof(FlexibleStringConverter))] public string SourceDatabase { get; set; }
        [JsonPropertyName("src_tb"), JsonConverter(typeof(FlexibleStringConverter))] public string SourceObject { get; set; }
        [JsonPropertyName("dst_db"), JsonConverter(typeof(FlexibleStringConverter))] public string TargetDatabase { get; set; }
        [JsonPropertyName("dst_tb"), JsonConverter(typeof(FlexibleStringConverter))] public string TargetObject { get; set; }
        [JsonPropertyName("progress"), JsonConverter(typeof(FlexibleLongConverter))] public long? Progress { get; set; }
    }

    internal sealed class DrsStopRequestWire
    {
        [JsonPropertyName("jobs")] public List<DrsStopJobWire> Jobs { get; set; }
    }

    internal sealed class DrsStopJobWire
    {
        [JsonPropertyName("delete_type")] public string DeleteType { get; set; }
        [JsonPropertyName("job_id")] public string JobId { get; set; }
    }

    internal sealed class DrsStopAnswerWire
    {
        [JsonPropertyName("count"), JsonConverter(typeof(FlexibleLongConverter))] public long? Count { get; set; }
        [JsonPropertyName("results")] public List<DrsStopResultWire> Results { get; set; }
    }

    internal sealed class DrsStopResultWire
    {
        [JsonPropertyName("id"), JsonConverter(typeof(FlexibleStringConverter))] public string Id { get; set; }
        [JsonPropertyName("status"), JsonConverter(typeof(FlexibleStringConverter))] public string Status { get; set; }
        [JsonPropertyName("error_code"), JsonConverter(typeof(FlexibleStringConverter))] public string ErrorCode { get; set; }
        [JsonPropertyName("error_msg"), JsonConverter(typeof(FlexibleStringConverter))] public string ErrorMessage { get; set; }
    }
}
