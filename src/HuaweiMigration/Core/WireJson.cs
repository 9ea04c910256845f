using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace HuaweiMigration.Core
{
    /// <summary>
    /// Which fields of an answer may be dropped when they do not parse. A field a condition depends on never is: it fails
    /// the answer, or with <see cref="EntryArray"/> only the entry of the batch that holds it.
    /// </summary>
    internal sealed class FieldTolerance
    {
        /// <summary>Property names whose bad value fails the answer (or the entry): status, percent, counts, ids.</summary>
        public HashSet<string> Required { get; set; } = new HashSet<string>(StringComparer.Ordinal);
        /// <summary>The array of per-item entries ("results"); a required field that fails there fails that entry alone.</summary>
        public string EntryArray { get; set; }
        /// <summary>The property naming an entry ("job_id").</summary>
        public string EntryId { get; set; }

        /// <summary>Dropped fields, as (entry id or null, path, what was wrong), in the order found.</summary>
        public List<(string Entry, string Path, string Problem)> Dropped { get; } = new List<(string, string, string)>();
        /// <summary>Entries failed by a required field, by entry id.</summary>
        public Dictionary<string, string> FailedEntries { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Deserialises API bodies with source-generated metadata; any malformed body becomes one clear InvalidResponse error.</summary>
    internal static class WireJson
    {
        /// <summary>The most fields one answer may lose before it counts as malformed as a whole.</summary>
        internal const int MaxDropped = 32;

        public static T Parse<T>(byte[] body, JsonTypeInfo<T> type, string what, string requestId = null, FieldTolerance tolerance = null) where T : class
        {
            if (body == null || body.Length == 0)
                throw Invalid(what, "the body is empty", requestId);
            JsonNode node = null;
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    var result = node == null ? JsonSerializer.Deserialize(WithoutBom(body), type) : node.Deserialize(type);
                    return result ?? throw Invalid(what, "the body is null", requestId);
                }
                catch (JsonException ex)
                {
                    if (tolerance == null || attempt >= MaxDropped || ex.Path == null) throw Invalid(what, Describe(ex), requestId);
                    node = node ?? TryParseNode(body);
                    if (node == null || !Drop(node, ex, tolerance)) throw Invalid(what, Describe(ex), requestId);
                }
                catch (Exception ex) when (ex is InvalidOperationException || ex is ArgumentException || ex is FormatException || ex is OverflowException)
                {
                    throw Invalid(what, Shorten(ex.Message), requestId);
                }
            }
        }

        /// <summary>The body without a leading UTF-8 byte order mark, which some gateways add and the reader refuses.</summary>
        internal static ReadOnlySpan<byte> WithoutBom(byte[] body)
        {
            int bom = BomLength(body);
            return new ReadOnlySpan<byte>(body, bom, body.Length - bom);
        }

        internal static int BomLength(byte[] body) => body.Length >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF ? 3 : 0;

        static JsonNode TryParseNode(byte[] body)
        {
            if (!Patchable(body)) return null;
            try { return JsonNode.Parse(WithoutBom(body), null, new JsonDocumentOptions { MaxDepth = 64 }); }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is ArgumentException) { return null; }
        }

        /// <summary>
        /// Whether a field may be dropped from this body: well-formed JSON no deeper than 64, every name and string valid
        /// text, and no object naming a member twice. Anything else is no answer to patch (which of two values is the bad
        /// one is anyone's guess), and the node tree the drop edits would refuse it part way.
        /// </summary>
        internal static bool Patchable(byte[] body)
        {
            int start = BomLength(body);
            try
            {
                using (var document = JsonDocument.Parse(new ReadOnlyMemory<byte>(body, start, body.Length - start), new JsonDocumentOptions { MaxDepth = 64 }))
                    return IsPlainText(document.RootElement);
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is ArgumentException) { return false; }
        }

        static bool IsPlainText(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                    if (!IsPlainText(item)) return false;
            }
            else if (element.ValueKind == JsonValueKind.Object)
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in element.EnumerateObject())
                    if (!names.Add(member.Name) || !IsPlainText(member.Value)) return false;
            }
            else if (element.ValueKind == JsonValueKind.String)
                element.GetString();
            return true;
        }

        /// <summary>Nulls the field the error points at, or turns its batch entry into a bare id; false when neither may be done.</summary>
        static bool Drop(JsonNode root, JsonException ex, FieldTolerance tolerance)
        {
            var path = PathSegments(ex.Path);
            if (path == null || path.Count == 0 || !(path[path.Count - 1] is string field)) return false;
            string problem = Shorten((ex.InnerException as JsonException)?.Message ?? FirstSentence(ex.Message));

            JsonObject entry = null;
            if (tolerance.EntryArray != null && path.Count >= 3 && path[0] as string == tolerance.EntryArray && path[1] is int index)
                entry = (root as JsonObject)?[tolerance.EntryArray] is JsonArray entries && index < entries.Count ? entries[index] as JsonObject : null;
            string entryId = entry != null && entry[tolerance.EntryId] is JsonValue idValue && idValue.TryGetValue(out string id) ? id : null;

            if (tolerance.Required.Contains(field))
            {
                if (entryId == null || path.Count != 3 || field == tolerance.EntryId) return false;
                tolerance.FailedEntries[entryId] = $"{ex.Path}: {problem}";
                var bare = new JsonObject { [tolerance.EntryId] = entryId };
                ((JsonArray)root[tolerance.EntryArray])[(int)path[1]] = bare;
                return true;
            }

            JsonNode parent = root;
            for (int i = 0; i < path.Count - 1 && parent != null; i++)
                parent = path[i] is int n ? (parent is JsonArray a && n < a.Count ? a[n] : null) : (parent as JsonObject)?[(string)path[i]];
            if (!(parent is JsonObject owner) || !owner.ContainsKey(field) || owner[field] == null) return false;
            owner[field] = null;
            tolerance.Dropped.Add((entryId, ex.Path, problem));
            return true;
        }

        /// <summary>$.a.b[2]['c d'] as ["a", "b", 2, "c d"]; null when it cannot be read.</summary>
        static List<object> PathSegments(string path)
        {
            if (string.IsNullOrEmpty(path) || path[0] != '$') return null;
            var segments = new List<object>();
            int i = 1;
            while (i < path.Length)
            {
                if (path[i] == '.')
                {
                    int end = i + 1;
                    while (end < path.Length && path[end] != '.' && path[end] != '[') end++;
                    segments.Add(path.Substring(i + 1, end - i - 1));
                    i = end;
                }
                else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
                {
                    int end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                    if (end < 0) return null;
                    segments.Add(path.Substring(i + 2, end - i - 2));
                    i = end + 2;
                }
                else if (path[i] == '[')
                {
                    int end = path.IndexOf(']', i);
                    if (end < 0 || !int.TryParse(path.Substring(i + 1, end - i - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n)) return null;
                    segments.Add(n);
                    i = end + 1;
                }
                else return null;
            }
            return segments;
        }

        static string FirstSentence(string message)
        {
            int at = message.IndexOf(" Path:", StringComparison.Ordinal);
            return at < 0 ? message : message.Substring(0, at);
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
        internal static bool QuotesTheBody(string message)
        {
            if (message.Length > 200) return true;
            if (!message.StartsWith("'", StringComparison.Ordinal)) return false;
            int end = message.LastIndexOf("' is ", StringComparison.Ordinal);
            return end < 0 || end > 7;
        }

        internal static string Shorten(string text) => text == null || text.Length <= 300 ? text : text.Substring(0, 300) + "...";

        internal static HuaweiApiException Invalid(string what, string detail, string requestId) =>
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
    [JsonSerializable(typeof(Drs.DrsStopRequestWire))]
    [JsonSerializable(typeof(Drs.DrsStopAnswerWire))]
    internal sealed partial class WireJsonContext : JsonSerializerContext
    {
    }
}

namespace HuaweiMigration.Core
{
    /// <summary>One warning per item and field dropped from an answer, for the life of a client (capped, so memory stays flat).</summary>
    internal sealed class DroppedFieldWarnings
    {
        const int MaxRemembered = 1024;
        readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _warned =
            new System.Collections.Concurrent.ConcurrentDictionary<string, byte>(StringComparer.OrdinalIgnoreCase);

        /// <param name="tolerance">The tolerance the answer was parsed with.</param>
        /// <param name="item">What the answer is about when its entries carry no id: "DCS task 1234".</param>
        /// <param name="entryKind">What an entry is: "DRS job".</param>
        /// <param name="log">Where the warnings go.</param>
        public void Report(FieldTolerance tolerance, string item, string entryKind, IRequestLog log)
        {
            foreach (var (entry, path, problem) in tolerance.Dropped)
            {
                string who = entry == null ? item : entryKind + " " + entry;
                string field = System.Text.RegularExpressions.Regex.Replace(path, @"\[\d+\]", "[]");
                if (_warned.Count >= MaxRemembered || !_warned.TryAdd(who + "|" + field, 0)) continue;
                log?.Warning($"{who}: the field {path} could not be read ({problem}); it is left empty.");
            }
        }
    }
}
