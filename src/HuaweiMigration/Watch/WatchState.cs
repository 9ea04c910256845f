using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using HuaweiMigration.Core;

namespace HuaweiMigration.Watch
{
    /// <summary>How a migration left the watch, kept so that a resumed watch reports it the same way without polling it.</summary>
    public sealed class WatchEnding
    {
        public PollOutcome Outcome { get; internal set; }
        public DateTimeOffset At { get; internal set; }
        /// <summary>For GaveUp: the error that ended the watch of this migration.</summary>
        public HuaweiApiException Error { get; internal set; }

        /// <summary>
        /// Whether the end belongs to the run, not to the migration: a rejected credential, which a new Connect mends. It is
        /// not saved, so a resumed watch polls the migration again.
        /// </summary>
        internal bool EndsOnlyTheRun => Outcome == PollOutcome.GaveUp && Error?.Category == ApiErrorCategory.AuthenticationError;
    }

    /// <summary>The condition and thresholds of a watch: what a resumed watch must agree with.</summary>
    public sealed class WatchStateCondition
    {
        public WatchCondition Until { get; set; } = WatchCondition.Completed;
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);
        public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(10);
        public StallAction StallAction { get; set; } = StallAction.Warning;
    }

    /// <summary>
    /// Everything a watch knows, as the UTF-8 JSON document of -StatePath: the region and project it belongs to, the
    /// condition, and per migration its last status, clocks, failure budget, rate samples, how it ended and a bounded
    /// history. It holds no credential, token or endpoint.
    /// </summary>
    public sealed class WatchState
    {
        public const string FormatName = "HuaweiMigration.WatchState";
        public const int CurrentVersion = 1;

        public string Region { get; set; }
        public string ProjectId { get; set; }
        public WatchStateCondition Condition { get; set; } = new WatchStateCondition();
        public List<WatchedMigration> Items { get; } = new List<WatchedMigration>();

        public byte[] ToJson(DateTimeOffset savedAt)
        {
            using (var buffer = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(buffer))
                {
                    w.WriteStartObject();
                    w.WriteString("format", FormatName);
                    w.WriteNumber("version", CurrentVersion);
                    w.WriteString("region", Region);
                    w.WriteString("projectId", ProjectId);
                    w.WriteString("savedAt", Time(savedAt));
                    w.WriteStartObject("condition");
                    w.WriteString("until", Condition.Until.ToString());
                    w.WriteNumber("maxDelaySeconds", Condition.MaxDelay.TotalSeconds);
                    w.WriteNumber("stallTimeoutSeconds", Condition.StallTimeout.TotalSeconds);
                    w.WriteString("stallAction", Condition.StallAction.ToString());
                    w.WriteEndObject();
                    w.WriteStartArray("items");
                    foreach (var item in Items) WriteItem(w, item);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                return buffer.ToArray();
            }
        }

        static void WriteItem(Utf8JsonWriter w, WatchedMigration item)
        {
            w.WriteStartObject();
            w.WriteString("service", item.Service.ToString());
            w.WriteString("id", item.Id);
            w.WriteString("name", item.Name);
            if (item.Ended == null || item.Ended.EndsOnlyTheRun) w.WriteNull("ended");
            else
            {
                w.WriteStartObject("ended");
                w.WriteString("outcome", item.Ended.Outcome.ToString());
                w.WriteString("at", Time(item.Ended.At));
                var e = item.Ended.Error;
                if (e != null)
                {
                    w.WriteString("errorId", e.ErrorCode);
                    w.WriteString("message", e.ServiceMessage);
                    w.WriteString("category", e.Category.ToString());
                    Number(w, "statusCode", e.StatusCode);
                    w.WriteString("requestId", e.RequestId);
                }
                w.WriteEndObject();
            }
            if (item.LastStatus == null) w.WriteNull("lastStatus");
            else
            {
                var s = item.LastStatus;
                w.WriteStartObject("lastStatus");
                w.WriteString("status", s.Status);
                w.WriteString("phase", s.Phase.ToString());
                Number(w, "percent", s.Percent);
                Number(w, "delaySeconds", s.IncrementalDelay?.TotalSeconds);
                Number(w, "keysRemaining", s.KeysRemaining);
                Number(w, "rate", s.Rate);
                Number(w, "etaSeconds", s.EstimatedTimeRemaining?.TotalSeconds);
                w.WriteString("sampledAt", Time(s.SampledAtUtc));
                w.WriteString("condition", s.Condition.ToString());
                w.WriteBoolean("conditionMet", s.ConditionMet);
                w.WriteEndObject();
            }
            // The clocks: each is a moment on wall time, so time that passed while no process ran counts.
            w.WriteString("progressKey", item.ProgressKey);
            if (item.ProgressKey == null) w.WriteNull("lastProgressAt"); else w.WriteString("lastProgressAt", Time(item.LastProgressAt));
            w.WriteBoolean("stallReported", item.StallReported);
            w.WriteNumber("consecutiveFailures", item.ConsecutiveFailures);
            if (item.FailingSince == null) w.WriteNull("failingSince"); else w.WriteString("failingSince", Time(item.FailingSince.Value));
            w.WriteStartArray("rateSamples");
            foreach (var r in item.Rate.Samples)
            {
                w.WriteStartObject();
                w.WriteString("t", Time(r.Key));
                w.WriteNumber("percent", r.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("historyStride", item.History.Stride);
            w.WriteStartArray("history");
            foreach (var p in item.History.Points)
            {
                w.WriteStartObject();
                w.WriteString("t", Time(p.Time));
                w.WriteString("status", p.Status);
                w.WriteString("phase", p.Phase?.ToString());
                Number(w, "percent", p.Percent);
                Number(w, "delaySeconds", p.DelaySeconds);
                Number(w, "keysRemaining", p.KeysRemaining);
                if (p.Error != null) w.WriteString("error", p.Error);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }

        /// <summary>Reads a state file's bytes. Anything but a whole document of this format and a known version throws.</summary>
        /// <exception cref="HuaweiApiException">StateFileUnreadable, or StateFileVersionNotSupported for a newer version.</exception>
        public static WatchState Parse(byte[] bytes, string path)
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(bytes);
            }
            catch (JsonException ex)
            {
                throw Unreadable(path, bytes.Length == 0 ? "it is empty" : "it is not whole JSON (" + ex.Message + ")");
            }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || Text(root, "format") != FormatName)
                    throw Unreadable(path, $"it is not a {FormatName} document");
                if (!root.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int version) || version < 1)
                    throw Unreadable(path, "it carries no valid format version");
                if (version > CurrentVersion)
                    throw new HuaweiApiException("StateFileVersionNotSupported",
                        $"The watch state file {path} has format version {version}; this version of HuaweiMigration reads version {CurrentVersion} and older. " +
                        "Update the module, or give another -StatePath. The file was left as it is.", ApiErrorCategory.InvalidData);
                try
                {
                    return Read(root);
                }
                catch (Exception ex) when (ex is InvalidOperationException || ex is FormatException || ex is KeyNotFoundException ||
                    ex is ArgumentException || ex is OverflowException)
                {
                    throw Unreadable(path, ex.Message);
                }
            }
        }

        static HuaweiApiException Unreadable(string path, string why) => new HuaweiApiException("StateFileUnreadable",
            $"The watch state file {path} cannot be read: {why}. It was left as it is; look at it, or give another -StatePath to start a new watch.",
            ApiErrorCategory.InvalidData);

        static WatchState Read(JsonElement root)
        {
            var c = Property(root, "condition");
            var state = new WatchState
            {
                Region = Required(root, "region"),
                ProjectId = Required(root, "projectId"),
                Condition = new WatchStateCondition
                {
                    Until = EnumOf<WatchCondition>(Required(c, "until")),
                    MaxDelay = TimeSpan.FromSeconds(Property(c, "maxDelaySeconds").GetDouble()),
                    StallTimeout = TimeSpan.FromSeconds(Property(c, "stallTimeoutSeconds").GetDouble()),
                    StallAction = EnumOf<StallAction>(Required(c, "stallAction")),
                },
            };
            var items = Property(root, "items");
            if (items.ValueKind != JsonValueKind.Array) throw new FormatException("items is not an array");
            var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var e in items.EnumerateArray())
            {
                var item = ReadItem(e, state.Condition.Until);
                if (!keys.Add(item.Service + "/" + item.Id)) throw new FormatException($"{item.Service} {item.Id} is in it twice");
                state.Items.Add(item);
            }
            return state;
        }

        static WatchedMigration ReadItem(JsonElement e, WatchCondition until)
        {
            var service = EnumOf<MigrationService>(Required(e, "service"));
            string id = Required(e, "id");
            var item = new WatchedMigration(service, id) { Name = Text(e, "name") };
            if (e.TryGetProperty("lastStatus", out var s) && s.ValueKind == JsonValueKind.Object)
            {
                string condition = Text(s, "condition");
                item.LastStatus = new MigrationStatus
                {
                    Service = service, Id = id, Name = item.Name,
                    Status = Text(s, "status"),
                    Phase = EnumOf<MigrationPhase>(Required(s, "phase")),
                    Percent = NumberOf(s, "percent"),
                    IncrementalDelay = Seconds(NumberOf(s, "delaySeconds")),
                    KeysRemaining = (long?)NumberOf(s, "keysRemaining"),
                    Rate = NumberOf(s, "rate"),
                    EstimatedTimeRemaining = Seconds(NumberOf(s, "etaSeconds")),
                    SampledAtUtc = TimeOf(Required(s, "sampledAt")).UtcDateTime,
                    Condition = condition == null ? until : EnumOf<WatchCondition>(condition),
                    ConditionMet = s.TryGetProperty("conditionMet", out var met) && met.GetBoolean(),
                };
            }
            if (e.TryGetProperty("ended", out var ended) && ended.ValueKind == JsonValueKind.Object)
            {
                item.IsActive = false;
                item.Ended = new WatchEnding { Outcome = EnumOf<PollOutcome>(Required(ended, "outcome")), At = TimeOf(Required(ended, "at")) };
                string errorId = Text(ended, "errorId");
                if (errorId != null)
                    item.Ended.Error = new HuaweiApiException(errorId, Text(ended, "message"),
                        EnumOf<ApiErrorCategory>(Text(ended, "category") ?? nameof(ApiErrorCategory.InvalidOperation)),
                        (int?)NumberOf(ended, "statusCode"), Text(ended, "requestId"));
                if (item.Ended.Outcome == PollOutcome.GaveUp ? item.Ended.Error == null : item.LastStatus == null)
                    throw new FormatException($"the end of {service} {id} lacks its status or error");
            }
            item.ProgressKey = Text(e, "progressKey");
            string progressAt = Text(e, "lastProgressAt");
            if (progressAt != null) item.LastProgressAt = TimeOf(progressAt);
            item.StallReported = e.TryGetProperty("stallReported", out var stall) && stall.GetBoolean();
            item.ConsecutiveFailures = (int)(NumberOf(e, "consecutiveFailures") ?? 0);
            string failingSince = Text(e, "failingSince");
            item.FailingSince = failingSince == null ? (DateTimeOffset?)null : TimeOf(failingSince);
            if (e.TryGetProperty("rateSamples", out var rates) && rates.ValueKind == JsonValueKind.Array)
                item.Rate.Restore(rates.EnumerateArray().Select(r => new KeyValuePair<DateTimeOffset, double>(TimeOf(Required(r, "t")), Property(r, "percent").GetDouble())));
            if (e.TryGetProperty("history", out var history) && history.ValueKind == JsonValueKind.Array)
                item.History.Restore(history.EnumerateArray().Select(p =>
                {
                    string phase = Text(p, "phase");
                    return new HistoryPoint
                    {
                        Time = TimeOf(Required(p, "t")),
                        Status = Text(p, "status"),
                        Phase = phase == null ? (MigrationPhase?)null : EnumOf<MigrationPhase>(phase),
                        Percent = NumberOf(p, "percent"),
                        DelaySeconds = NumberOf(p, "delaySeconds"),
                        KeysRemaining = (long?)NumberOf(p, "keysRemaining"),
                        Error = Text(p, "error"),
                    };
                }).ToList(), (int)(NumberOf(e, "historyStride") ?? 1));
            return item;
        }

        static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        static DateTimeOffset TimeOf(string text) =>
            new DateTimeOffset(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

        static TimeSpan? Seconds(double? s) => s.HasValue ? TimeSpan.FromSeconds(s.Value) : (TimeSpan?)null;

        static void Number(Utf8JsonWriter w, string name, double? value)
        {
            if (value.HasValue && !double.IsNaN(value.Value) && !double.IsInfinity(value.Value)) w.WriteNumber(name, value.Value);
            else w.WriteNull(name);
        }

        static void Number(Utf8JsonWriter w, string name, long? value)
        {
            if (value.HasValue) w.WriteNumber(name, value.Value); else w.WriteNull(name);
        }

        static void Number(Utf8JsonWriter w, string name, int? value) => Number(w, name, (long?)value);

        static JsonElement Property(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : throw new FormatException($"{name} is missing");

        static string Text(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.GetString() : null;

        static string Required(JsonElement e, string name) =>
            Property(e, name).ValueKind == JsonValueKind.String ? Property(e, name).GetString() : throw new FormatException($"{name} is not a string");

        static double? NumberOf(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.GetDouble() : (double?)null;

        static T EnumOf<T>(string text) where T : struct =>
            Enum.TryParse(text, false, out T value) && Enum.IsDefined(typeof(T), value) ? value : throw new FormatException($"'{text}' is not a {typeof(T).Name}");
    }
}
