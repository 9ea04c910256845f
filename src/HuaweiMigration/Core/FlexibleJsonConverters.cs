using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HuaweiMigration.Core
{
    // Huawei's APIs send many numbers as strings and some strings as numbers; these accept both forms
    // and still fail clearly on a value of the wrong kind (an object where a number belongs, say).

    /// <summary>A double from a JSON number or a numeric string; "" and null read as null.</summary>
    public sealed class FlexibleDoubleConverter : JsonConverter<double?>
    {
        public override bool HandleNull => true;

        public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null: return null;
                case JsonTokenType.Number:
                    double d = reader.GetDouble();
                    return double.IsInfinity(d) ? throw new JsonException("The number is out of range.") : d;
                case JsonTokenType.String:
                    string s = reader.GetString().Trim();
                    if (s.Length == 0 || s == "null") return null;
                    if (double.TryParse(s.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && !double.IsInfinity(v) && !double.IsNaN(v))
                        return v;
                    throw new JsonException($"'{Shorten(s)}' is not a number.");
                default:
                    throw new JsonException($"Expected a number but found {reader.TokenType}.");
            }
        }

        public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
        {
            if (value.HasValue) writer.WriteNumberValue(value.Value); else writer.WriteNullValue();
        }

        internal static string Shorten(string s) => s.Length <= 40 ? s : s.Substring(0, 40) + "...";
    }

    /// <summary>A long from a JSON number or a numeric string; fractions are rounded, out-of-range values fail.</summary>
    public sealed class FlexibleLongConverter : JsonConverter<long?>
    {
        public override bool HandleNull => true;

        public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null: return null;
                case JsonTokenType.Number:
                    if (reader.TryGetInt64(out long l)) return l;
                    return FromDouble(reader.GetDouble());
                case JsonTokenType.String:
                    string s = reader.GetString().Trim();
                    if (s.Length == 0 || s == "null") return null;
                    if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long p)) return p;
                    if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return FromDouble(d);
                    throw new JsonException($"'{FlexibleDoubleConverter.Shorten(s)}' is not a whole number.");
                default:
                    throw new JsonException($"Expected a number but found {reader.TokenType}.");
            }
        }

        static long FromDouble(double d)
        {
            if (double.IsNaN(d) || d > long.MaxValue || d < long.MinValue) throw new JsonException("The number is out of range.");
            return (long)Math.Round(d);
        }

        public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
        {
            if (value.HasValue) writer.WriteNumberValue(value.Value); else writer.WriteNullValue();
        }
    }

    /// <summary>A bool from true/false, "true"/"false" or 1/0.</summary>
    public sealed class FlexibleBoolConverter : JsonConverter<bool?>
    {
        public override bool HandleNull => true;

        public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null: return null;
                case JsonTokenType.True: return true;
                case JsonTokenType.False: return false;
                case JsonTokenType.Number:
                    return reader.TryGetInt64(out long n) && (n == 0 || n == 1) ? n == 1 : throw new JsonException("Expected true or false.");
                case JsonTokenType.String:
                    string s = reader.GetString().Trim();
                    if (s.Length == 0) return null;
                    if (bool.TryParse(s, out bool b)) return b;
                    if (s == "1" || s == "0") return s == "1";
                    throw new JsonException($"'{FlexibleDoubleConverter.Shorten(s)}' is not true or false.");
                default:
                    throw new JsonException($"Expected true or false but found {reader.TokenType}.");
            }
        }

        public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
        {
            if (value.HasValue) writer.WriteBooleanValue(value.Value); else writer.WriteNullValue();
        }
    }

    /// <summary>A string from a JSON string, number or bool (kept as its text).</summary>
    public sealed class FlexibleStringConverter : JsonConverter<string>
    {
        public override bool HandleNull => true;

        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null: return null;
                case JsonTokenType.String: return reader.GetString();
                case JsonTokenType.Number:
                    return System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray());
                case JsonTokenType.True: return "true";
                case JsonTokenType.False: return "false";
                default: throw new JsonException($"Expected a string but found {reader.TokenType}.");
            }
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
        {
            if (value == null) writer.WriteNullValue(); else writer.WriteStringValue(value);
        }
    }

    /// <summary>Reads the dates the services send: "2019/10/22 14:44:30", ISO 8601, or epoch milliseconds.</summary>
    public static class ServiceTime
    {
        static readonly string[] Formats =
        {
            "yyyy/MM/dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy/MM/dd HH:mm:ss.fff", "yyyy-MM-dd HH:mm:ss.fff",
        };

        /// <summary>Parses a service time as UTC; returns null for empty or unreadable text.</summary>
        public static DateTime? ParseDate(string text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            text = text.Trim();
            if (DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var exact))
                return exact;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso))
                return iso.UtcDateTime;
            var epoch = FromEpochMilliseconds(text);
            return epoch?.UtcDateTime;
        }

        /// <summary>
        /// Parses a time that may be epoch milliseconds or ISO 8601 with a zone (DRS create_time), keeping the zone;
        /// text without a zone is taken as UTC. Returns null for empty or unreadable text.
        /// </summary>
        public static DateTimeOffset? ParseOffset(string text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var epoch = FromEpochMilliseconds(text);
            if (epoch.HasValue) return epoch;
            if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso))
                return iso;
            var date = ParseDate(text);
            return date.HasValue ? new DateTimeOffset(date.Value, TimeSpan.Zero) : (DateTimeOffset?)null;
        }

        public static DateTimeOffset? FromEpochMilliseconds(string text)
        {
            if (long.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long ms) &&
                ms > 0 && ms < 253402300799999)
                return DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return null;
        }
    }
}
