using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using HuaweiMigration.Core;

namespace HuaweiMigration.Reports
{
    /// <summary>
    /// The history part of a Watch-Migration -StatePath file (format HuaweiMigration.WatchState, version 1): per item its
    /// service, id, name, why it ended and its samples. Unknown fields are ignored; another format or a newer version is
    /// the error StateFileUnreadable, as Watch-Migration reports it.
    /// </summary>
    public sealed class WatchStateHistory
    {
        public const string Format = "HuaweiMigration.WatchState";
        public const int Version = 1;

        public string Region { get; private set; }
        public string ProjectId { get; private set; }
        public List<Item> Items { get; } = new List<Item>();

        public sealed class Item
        {
            public MigrationService Service { get; set; }
            public string Id { get; set; }
            public string Name { get; set; }
            public string EndedReason { get; set; }
            public List<ReportSample> History { get; } = new List<ReportSample>();
        }

        public static WatchStateHistory Parse(string json, string path)
        {
            JsonDocument doc;
            try { doc = JsonDocument.Parse(json); }
            catch (JsonException ex) { throw Unreadable(path, "it is not JSON (" + ex.Message + ")", ex); }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || Text(root, "format") != Format)
                    throw Unreadable(path, $"it is not a {Format} file");
                if (!root.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int version) || version < 1)
                    throw Unreadable(path, "it has no valid version");
                if (version > Version)
                    throw Unreadable(path, $"its version {version} is newer than this module reads ({Version}); update the module");

                var state = new WatchStateHistory { Region = Text(root, "region"), ProjectId = Text(root, "projectId") };
                if (!root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
                    throw Unreadable(path, "it has no items");
                foreach (var e in items.EnumerateArray())
                {
                    if (e.ValueKind != JsonValueKind.Object) throw Unreadable(path, "an item is not an object");
                    string id = Text(e, "id");
                    if (string.IsNullOrEmpty(id) || !Enum.TryParse(Text(e, "service"), true, out MigrationService service) ||
                        !Enum.IsDefined(typeof(MigrationService), service))
                        throw Unreadable(path, "an item has no id or no known service (Dcs or Drs)");
                    var item = new Item { Service = service, Id = id, Name = Text(e, "name"), EndedReason = Ended(e) };
                    if (e.TryGetProperty("history", out var history) && history.ValueKind == JsonValueKind.Array)
                        foreach (var h in history.EnumerateArray())
                            item.History.Add(Sample(h, path));
                    state.Items.Add(item);
                }
                return state;
            }
        }

        static ReportSample Sample(JsonElement h, string path)
        {
            if (h.ValueKind != JsonValueKind.Object ||
                !DateTime.TryParse(Text(h, "t"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
                throw Unreadable(path, "a history entry has no time (t)");
            var phase = Enum.TryParse(Text(h, "phase"), true, out MigrationPhase p) && Enum.IsDefined(typeof(MigrationPhase), p) ? p : MigrationPhase.Unknown;
            var keys = Double(h, "keysRemaining");
            return new ReportSample
            {
                TimeUtc = DateTime.SpecifyKind(t, DateTimeKind.Utc),
                Status = Text(h, "status"),
                Phase = phase,
                Percent = Double(h, "percent"),
                DelaySeconds = Double(h, "delaySeconds"),
                KeysRemaining = keys.HasValue ? (long)keys.Value : (long?)null,
                ConditionMet = h.TryGetProperty("conditionMet", out var met) && (met.ValueKind == JsonValueKind.True || met.ValueKind == JsonValueKind.False)
                    ? met.GetBoolean() : (bool?)null,
            };
        }

        // "ended" is an object whose shape belongs to Watch-Migration; the report shows the first reason-like text in it.
        static string Ended(JsonElement item)
        {
            if (!item.TryGetProperty("ended", out var ended) || ended.ValueKind == JsonValueKind.Null) return null;
            if (ended.ValueKind == JsonValueKind.String) return ended.GetString();
            if (ended.ValueKind != JsonValueKind.Object) return "ended";
            foreach (var name in new[] { "errorId", "outcome", "reason", "code" })
            {
                string text = Text(ended, name);
                if (!string.IsNullOrEmpty(text))
                {
                    string message = Text(ended, "message");
                    return string.IsNullOrEmpty(message) ? text : text + ": " + message;
                }
            }
            return Text(ended, "message") ?? "ended";
        }

        static string Text(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        static double? Double(JsonElement e, string name)
        {
            if (!e.TryGetProperty(name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && !double.IsNaN(d) && !double.IsInfinity(d)) return d;
            return null;
        }

        static HuaweiApiException Unreadable(string path, string why, Exception inner = null) =>
            new HuaweiApiException("StateFileUnreadable", $"The watch state file {path} cannot be read: {why}.", ApiErrorCategory.InvalidData, inner: inner);
    }
}
