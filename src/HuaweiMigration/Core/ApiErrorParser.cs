using System;
using System.Text;
using System.Text.Json;

namespace HuaweiMigration.Core
{
    /// <summary>Turns an error answer (JSON in any of the services' shapes, HTML, or nothing) into a HuaweiApiException.</summary>
    public static class ApiErrorParser
    {
        /// <summary>Codes the gateway uses for throttling; they are retried like a 429.</summary>
        public static bool IsThrottleCode(string code) =>
            code == "APIG.0308" || code == "APIGW.0308";

        /// <summary>Codes that mean "no such task or job"; the services send them with HTTP 400, and they are ObjectNotFound everywhere.</summary>
        public static bool IsNotFoundCode(string code) =>
            code == "DCS.4133" || code == "DRS.M05003";

        public static HuaweiApiException Parse(int status, byte[] body, string requestIdHeader)
        {
            string code = null, message = null, requestId = requestIdHeader;
            if (body != null && body.Length > 0 && LooksLikeJson(body))
            {
                try
                {
                    using (var doc = JsonDocument.Parse(body))
                        Read(doc.RootElement, ref code, ref message, ref requestId);
                }
                catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is ArgumentException)
                {
                    // Not JSON after all, or text that does not decode (a lone surrogate escape): fall back to the status line below.
                    code = null; message = null; requestId = requestIdHeader;
                }
            }

            if (string.IsNullOrEmpty(message) && !string.IsNullOrEmpty(code))
                message = $"The service answered HTTP {status} with the error code {code} and no message.";
            if (string.IsNullOrEmpty(message))
                message = body == null || body.Length == 0
                    ? $"The service answered HTTP {status} with an empty body."
                    : $"The service answered HTTP {status} with a body that is not a JSON error{DescribeBody(body)}.";
            if (string.IsNullOrEmpty(code)) code = "Http" + status;

            var category = HuaweiApiException.CategoryForStatus(status);
            if (IsThrottleCode(code)) category = ApiErrorCategory.LimitsExceeded;
            else if (IsNotFoundCode(code)) category = ApiErrorCategory.ObjectNotFound;
            return new HuaweiApiException(code, message, category, status, requestId);
        }

        static void Read(JsonElement root, ref string code, ref string message, ref string requestId)
        {
            if (root.ValueKind != JsonValueKind.Object) return;
            code = Text(root, "error_code") ?? Text(root, "code");
            message = Text(root, "error_msg") ?? Text(root, "message");
            if (root.TryGetProperty("error", out var inner) && inner.ValueKind == JsonValueKind.Object)
            {
                code = code ?? Text(inner, "code") ?? Text(inner, "error_code");
                message = message ?? Text(inner, "message") ?? Text(inner, "error_msg");
            }
            requestId = Text(root, "request_id") ?? requestId;
            // IAM answers {"error":{"code":401,...}}: a bare number is a status, not an error code.
            if (code != null && int.TryParse(code, out _)) code = null;
        }

        static string Text(JsonElement obj, string name)
        {
            if (!obj.TryGetProperty(name, out var v)) return null;
            switch (v.ValueKind)
            {
                case JsonValueKind.String: return string.IsNullOrWhiteSpace(v.GetString()) ? null : v.GetString();
                case JsonValueKind.Number: return v.GetRawText();
                default: return null;
            }
        }

        static bool LooksLikeJson(byte[] body)
        {
            foreach (byte b in body)
            {
                if (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0xEF || b == 0xBB || b == 0xBF) continue;
                return b == '{' || b == '[';
            }
            return false;
        }

        static string DescribeBody(byte[] body)
        {
            string text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 4096));
            int start = text.IndexOf("<title>", StringComparison.OrdinalIgnoreCase);
            if (start >= 0)
            {
                int end = text.IndexOf("</title>", start, StringComparison.OrdinalIgnoreCase);
                if (end > start) return $" (HTML page: \"{text.Substring(start + 7, end - start - 7).Trim()}\")";
            }
            return text.TrimStart().StartsWith("<") ? " (HTML page)" : string.Empty;
        }
    }
}
