using System;

namespace HuaweiMigration.Core
{
    /// <summary>Builds request URLs so that an id can only ever fill its own path segment.</summary>
    public static class ResourcePath
    {
        /// <summary>Escapes a value as one path segment; rejects empty and dot-only values, which URL normalisation would resolve.</summary>
        public static string Segment(string value, string what = "id")
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new HuaweiApiException("InvalidId", $"The {what} is empty.", ApiErrorCategory.InvalidArgument);
            if (value.Trim('.').Length == 0)
                throw new HuaweiApiException("InvalidId", $"'{value}' is not a valid {what}.", ApiErrorCategory.InvalidArgument);
            foreach (char c in value)
                if (char.IsControl(c))
                    throw new HuaweiApiException("InvalidId", $"The {what} holds a control character.", ApiErrorCategory.InvalidArgument);
            return Uri.EscapeDataString(value);
        }

        /// <summary>Appends a relative path to a base URL that ends in '/'.</summary>
        public static Uri Combine(Uri baseUrl, string relative) =>
            new Uri(baseUrl.AbsoluteUri + relative.TrimStart('/'));
    }
}
