using System;
using System.Globalization;

namespace HuaweiMigration
{
    /// <summary>
    /// Durations in at most six characters, for the table views' Delay, Left and ETA columns: 45s, 12m05s, 3h07m, 2d03h,
    /// 123d. The list views and the properties keep the full TimeSpan.
    /// </summary>
    public static class CompactDuration
    {
        public static string Format(TimeSpan? value)
        {
            if (value == null) return null;
            var t = value.Value.Duration();
            string sign = value.Value < TimeSpan.Zero ? "-" : string.Empty;
            string text;
            if (t.TotalSeconds < 60) text = ((long)t.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
            else if (t.TotalHours < 1) text = string.Format(CultureInfo.InvariantCulture, "{0}m{1:00}s", t.Minutes, t.Seconds);
            else if (t.TotalDays < 1) text = string.Format(CultureInfo.InvariantCulture, "{0}h{1:00}m", t.Hours, t.Minutes);
            else if (t.TotalDays < 100) text = string.Format(CultureInfo.InvariantCulture, "{0}d{1:00}h", (long)t.TotalDays, t.Hours);
            else text = ((long)t.TotalDays).ToString(CultureInfo.InvariantCulture) + "d";
            return sign + text;
        }
    }
}
