using System;
using System.Globalization;
using System.Text;

namespace HuaweiMigration.Reports
{
    /// <summary>Escaping and invariant formatting shared by the report writers. Every server string goes through here.</summary>
    public static class ReportText
    {
        /// <summary>HTML (and inline SVG) text and attribute values: &amp; &lt; &gt; quotes escaped, control characters dropped.</summary>
        public static string Html(string value)
        {
            if (string.IsNullOrEmpty(value)) return string.Empty;
            var sb = new StringBuilder(value.Length + 16);
            foreach (char c in value)
            {
                switch (c)
                {
                    case '&': sb.Append("&amp;"); break;
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '"': sb.Append("&quot;"); break;
                    case '\'': sb.Append("&#39;"); break;
                    default:
                        if (char.IsControl(c)) sb.Append(c == '\t' || c == '\n' || c == '\r' ? ' ' : '\uFFFD');
                        else sb.Append(c);
                        break;
                }
            }
            return sb.ToString();
        }

        // ASCII punctuation that Markdown (GitHub's flavour) gives a meaning to: backslash-escaped, so a name can make no
        // link, emphasis, code span or table column.
        const string MarkdownSpecials = "\\`*_{}[]()#!|~";

        /// <summary>Markdown text and table cells: one line, Markdown punctuation backslash-escaped, HTML characters as entities.</summary>
        public static string Markdown(string value)
        {
            if (string.IsNullOrEmpty(value)) return string.Empty;
            var sb = new StringBuilder(value.Length + 16);
            foreach (char c in value)
            {
                if (c == '&') sb.Append("&amp;");
                else if (c == '<') sb.Append("&lt;");
                else if (c == '>') sb.Append("&gt;");
                else if (MarkdownSpecials.IndexOf(c) >= 0) sb.Append('\\').Append(c);
                else if (char.IsControl(c)) sb.Append(' ');
                else sb.Append(c);
            }
            return sb.ToString();
        }

        public static string Number(double value, string format = "0.#") => value.ToString(format, CultureInfo.InvariantCulture);

        public static string Number(double? value, string format = "0.#") => value.HasValue ? Number(value.Value, format) : string.Empty;

        public static string Count(long? value) => value.HasValue ? value.Value.ToString("#,0", CultureInfo.InvariantCulture) : string.Empty;

        public static DateTime ToZone(DateTime utc, TimeZoneInfo zone) =>
            TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

        /// <summary>A time in the report's zone: "2026-12-03 10:31:05".</summary>
        public static string Time(DateTime utc, TimeZoneInfo zone) =>
            ToZone(utc, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        /// <summary>The zone as the report names it: "Asia/Shanghai, UTC+08:00".</summary>
        public static string Zone(TimeZoneInfo zone, DateTime atUtc)
        {
            var offset = zone.GetUtcOffset(DateTime.SpecifyKind(atUtc, DateTimeKind.Utc));
            string sign = offset < TimeSpan.Zero ? "-" : "+";
            return string.Format(CultureInfo.InvariantCulture, "{0}, UTC{1}{2:hh\\:mm}", zone.Id, sign, offset.Duration());
        }

        public static string Duration(TimeSpan? value) => CompactDuration.Format(value) ?? string.Empty;
    }
}
