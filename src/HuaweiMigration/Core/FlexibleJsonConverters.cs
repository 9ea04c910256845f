using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HuaweiMigration.Core
{
    // Huawei's APIs send many numbers as strings and some strings as numbers; these accept both forms
    // and still fail clearly on a value of the wrong kind (an object where a number belongs, say).
    // Their messages name the expected type and the kind of token only, never the value: a mistyped field can sit
    // next to a password, and the serializer adds the path.

    /// <summary>A double from a JSON number or a numeric string; "" and null read as null.</summary>
    public sealed class FlexibleDoubleConverter : JsonConverter<double?>
    {
        public override bool HandleNull => true;

        public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => FlexibleValue.ReadDouble(ref reader);

        public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
        {
            if (value.HasValue) writer.WriteNumberValue(value.Value); else writer.WriteNullValue();
        }
    }

    /// <summary>A long from a JSON number or a numeric string; fractions are rounded, out-of-range values fail.</summary>
    public sealed class FlexibleLongConverter : JsonConverter<long?>
    {
        public override bool HandleNull => true;

        public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => FlexibleValue.ReadLong(ref reader);

        public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
        {
            if (value.HasValue) writer.WriteNumberValue(value.Value); else writer.WriteNullValue();
        }
    }

    /// <summary>A bool from true/false, "true"/"false" or 1/0.</summary>
    public sealed class FlexibleBoolConverter : JsonConverter<bool?>
    {
        public override bool HandleNull => true;

        public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => FlexibleValue.ReadBool(ref reader);

        public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
        {
            if (value.HasValue) writer.WriteBooleanValue(value.Value); else writer.WriteNullValue();
        }
    }

    /// <summary>A string from a JSON string, number or bool (kept as its text).</summary>
    public sealed class FlexibleStringConverter : JsonConverter<string>
    {
        public override bool HandleNull => true;

        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => FlexibleValue.ReadString(ref reader);

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
        {
            if (value == null) writer.WriteNullValue(); else writer.WriteStringValue(value);
        }
    }

    /// <summary>
    /// The flexible readers of one value at the reader's current token, shared by the converters above and
    /// <see cref="WireReader"/>: a JsonException names the expected type and the kind of token, never the value.
    /// </summary>
    internal static class FlexibleValue
    {
        /// <summary>A double from a JSON number or a numeric string; "" and null read as null.</summary>
        public static double? ReadDouble(ref Utf8JsonReader reader)
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
                    throw new JsonException("Expected a number but found a string that is not one.");
                default:
                    throw new JsonException($"Expected a number but found {reader.TokenType}.");
            }
        }

        /// <summary>A long from a JSON number or a numeric string; fractions are rounded, out-of-range values fail.</summary>
        public static long? ReadLong(ref Utf8JsonReader reader)
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
                    throw new JsonException("Expected a whole number but found a string that is not one.");
                default:
                    throw new JsonException($"Expected a number but found {reader.TokenType}.");
            }
        }

        static long FromDouble(double d)
        {
            if (double.IsNaN(d) || d > long.MaxValue || d < long.MinValue) throw new JsonException("The number is out of range.");
            return (long)Math.Round(d);
        }

        /// <summary>A bool from true/false, "true"/"false" or 1/0.</summary>
        public static bool? ReadBool(ref Utf8JsonReader reader)
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
                    throw new JsonException("Expected true or false but found a string that is neither.");
                default:
                    throw new JsonException($"Expected true or false but found {reader.TokenType}.");
            }
        }

        /// <summary>A string from a JSON string, number or bool (kept as its text).</summary>
        public static string ReadString(ref Utf8JsonReader reader)
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
    }

    /// <summary>
    /// Progress, counts and sizes are never negative: a negative one is noise from the service, kept as null so that
    /// it can neither show nor satisfy a condition (a negative source size would make "caught up" true).
    /// </summary>
    public static class NonNegative
    {
        public static double? OrNull(double? value) => value >= 0 ? value : null;
        public static long? OrNull(long? value) => value >= 0 ? value : null;
    }

    /// <summary>Reads the dates the services send: "2019/10/22 14:44:30", ISO 8601, or epoch seconds or milliseconds.</summary>
    public static class ServiceTime
    {
        static readonly string[] Formats =
        {
            "yyyy/MM/dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy/MM/dd HH:mm:ss.fff", "yyyy-MM-dd HH:mm:ss.fff",
        };

        // No service here dates anything before 2000, so smaller values are not dates but noise ("0", "1", "42").
        static readonly DateTimeOffset Earliest = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        const long EarliestSeconds = 946684800;
        // Epoch seconds reach 1e11 only in the year 5138, and epoch milliseconds are above it from 1973 on.
        const long MillisecondsFrom = 100000000000;
        const long LatestMilliseconds = 253402300799999;

        /// <summary>
        /// Parses a service time. Text without a zone ("2019/10/22 14:44:30") is read as UTC: the API pages give no zone.
        /// The result always has offset 0. Returns null for empty or unreadable text and for anything before 2000.
        /// </summary>
        public static DateTimeOffset? ParseDate(string text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            text = text.Trim();
            if (IsInteger(text)) return FromEpoch(text);
            if (DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var exact))
                return AfterEarliest(new DateTimeOffset(exact, TimeSpan.Zero));
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso))
                return AfterEarliest(iso.ToUniversalTime());
            return null;
        }

        /// <summary>
        /// Parses a time that may be epoch milliseconds or ISO 8601 with a zone (DRS create_time), keeping the zone;
        /// text without a zone is taken as UTC. Returns null for empty or unreadable text.
        /// </summary>
        public static DateTimeOffset? ParseOffset(string text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var epoch = FromEpoch(text);
            if (epoch.HasValue) return epoch;
            if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso))
                return AfterEarliest(iso);
            return ParseDate(text);
        }

        /// <summary>Epoch seconds or milliseconds, told apart by magnitude; null when it cannot be a time after 2000.</summary>
        public static DateTimeOffset? FromEpoch(string text)
        {
            if (!long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value < EarliestSeconds)
                return null;
            if (value < MillisecondsFrom) return DateTimeOffset.FromUnixTimeSeconds(value);
            return value <= LatestMilliseconds ? AfterEarliest(DateTimeOffset.FromUnixTimeMilliseconds(value)) : null;
        }

        /// <summary>The DRS fields documented as epoch milliseconds; seconds are recognised too (see <see cref="FromEpoch"/>).</summary>
        public static DateTimeOffset? FromEpochMilliseconds(string text) => FromEpoch(text);

        static DateTimeOffset? AfterEarliest(DateTimeOffset value) => value < Earliest ? (DateTimeOffset?)null : value;

        static bool IsInteger(string text)
        {
            int start = text[0] == '-' || text[0] == '+' ? 1 : 0;
            if (start == text.Length) return false;
            for (int i = start; i < text.Length; i++)
                if (text[i] < '0' || text[i] > '9') return false;
            return true;
        }
    }
}
