using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace HuaweiMigration.Core
{
    /// <summary>Deserialises API bodies with source-generated metadata; any malformed body becomes one clear InvalidResponse error.</summary>
    internal static class WireJson
    {
        public static T Parse<T>(byte[] body, JsonTypeInfo<T> type, string what, string requestId = null) where T : class
        {
            if (body == null || body.Length == 0)
                throw Invalid(what, "the body is empty", requestId);
            try
            {
                return JsonSerializer.Deserialize(body, type) ?? throw Invalid(what, "the body is null", requestId);
            }
            catch (JsonException ex)
            {
                throw Invalid(what, Describe(ex), requestId);
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is ArgumentException || ex is FormatException || ex is OverflowException)
            {
                throw Invalid(what, Shorten(ex.Message), requestId);
            }
        }

        // The reader's own messages quote the body from the bad token on, which can be megabytes and hold the Redis
        // passwords of a task's details; so they are replaced by the position, and no inner exception keeps them.
        static string Describe(JsonException ex)
        {
            bool fromReader = ex.InnerException is JsonException;
            string text = fromReader && QuotesTheBody(ex.InnerException.Message)
                ? "the JSON is malformed"
                : Shorten(fromReader ? ex.InnerException.Message : ex.Message);
            if (ex.Path != null && text.IndexOf("Path:", StringComparison.Ordinal) < 0)
                text += $" (at {Shorten(ex.Path)}, line {ex.LineNumber}, byte {ex.BytePositionInLine})";
            return text;
        }

        // A short quote at the start is one byte or character ("'<' is an invalid start of a value"); a longer one is the body.
        static bool QuotesTheBody(string message)
        {
            if (message.Length > 200) return true;
            if (!message.StartsWith("'", StringComparison.Ordinal)) return false;
            int end = message.LastIndexOf("' is ", StringComparison.Ordinal);
            return end < 0 || end > 7;
        }

        static string Shorten(string text) => text == null || text.Length <= 300 ? text : text.Substring(0, 300) + "...";

        static HuaweiApiException Invalid(string what, string detail, string requestId) =>
            new HuaweiApiException("InvalidResponse",
                $"The {what} response is not what the API reference describes: {detail}",
                ApiErrorCategory.InvalidResponse, null, requestId);
    }

    [JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata, MaxDepth = 64)]
    [JsonSerializable(typeof(Dcs.DcsTaskListWire))]
    [JsonSerializable(typeof(Dcs.DcsTaskWire))]
    [JsonSerializable(typeof(Dcs.DcsStatsWire))]
    [JsonSerializable(typeof(Iam.ProjectListWire))]
    [JsonSerializable(typeof(Drs.DrsBatchRequestWire))]
    [JsonSerializable(typeof(Drs.DrsBatchWire))]
    [JsonSerializable(typeof(Drs.DrsPartWire))]
    [JsonSerializable(typeof(Drs.DrsObjectPageWire))]
    [JsonSerializable(typeof(Drs.DrsJobListRequestWire))]
    [JsonSerializable(typeof(Drs.DrsJobListWire))]
    [JsonSerializable(typeof(Drs.ObjectCompareOverviewWire))]
    [JsonSerializable(typeof(Drs.ObjectCompareDetailPageWire))]
    [JsonSerializable(typeof(Drs.DataCompareCreateWire))]
    [JsonSerializable(typeof(Drs.DataCompareCreatedWire))]
    [JsonSerializable(typeof(Drs.DataCompareListWire))]
    [JsonSerializable(typeof(Drs.DataCompareOverviewWire))]
    [JsonSerializable(typeof(Drs.DataCompareDetailPageWire))]
    [JsonSerializable(typeof(Drs.MonitorDataWire))]
    [JsonSerializable(typeof(Iam.TokenRequestWire))]
    [JsonSerializable(typeof(Iam.TokenResponseWire))]
    internal sealed partial class WireJsonContext : JsonSerializerContext
    {
    }
}
