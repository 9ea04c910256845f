using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace HuaweiMigration.Core
{
    /// <summary>The parts of one SDK-HMAC-SHA256 signature, kept for tests and debugging.</summary>
    public sealed class SignatureResult
    {
        public string CanonicalRequest { get; internal set; }
        public string StringToSign { get; internal set; }
        public string SignedHeaders { get; internal set; }
        public string Signature { get; internal set; }
        public string Authorization { get; internal set; }
    }

    /// <summary>
    /// Huawei Cloud APIG request signing (SDK-HMAC-SHA256), as in the official SDKs' signers.
    /// </summary>
    public static class SdkHmacSha256Signer
    {
        public const string Algorithm = "SDK-HMAC-SHA256";
        public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";
        static readonly string EmptyBodyHash = HexSha256(Array.Empty<byte>());

        /// <summary>Formats a time as the X-Sdk-Date header wants it.</summary>
        public static string FormatDate(DateTime utc) =>
            utc.ToUniversalTime().ToString(DateFormat, System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>
        /// Signs a request. <paramref name="headers"/> are the headers to sign (Host and X-Sdk-Date among them);
        /// names holding '_' are skipped, as the gateway never checks them. Keeps nothing of the key.
        /// </summary>
        public static SignatureResult Sign(string method, Uri url, IEnumerable<KeyValuePair<string, string>> headers,
            byte[] body, string accessKey, byte[] secretKey)
        {
            using (var hmac = new HMACSHA256(secretKey))
                return Sign(method, url, headers, body, accessKey, hmac);
        }

        /// <summary>
        /// Signs with an HMAC keyed with the secret key, which the caller owns and uses from one thread at a time:
        /// a credential reuses its own, so no key outlives the credential that holds it.
        /// </summary>
        public static SignatureResult Sign(string method, Uri url, IEnumerable<KeyValuePair<string, string>> headers,
            byte[] body, string accessKey, HMAC keyedHmac)
        {
            // Loops, not LINQ: every request is signed, and a fresh process would compile each generic LINQ step first.
            var signed = new List<KeyValuePair<string, string>>();
            string date = null;
            foreach (var h in headers)
            {
                if (h.Key.IndexOf('_') >= 0) continue;
                var header = new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), (h.Value ?? string.Empty).Trim());
                signed.Add(header);
                if (date == null && header.Key == "x-sdk-date") date = header.Value;
            }
            if (date == null) throw new ArgumentException("The X-Sdk-Date header is required.", nameof(headers));
            SortStable(signed, byValueToo: false);

            var canonical = new StringBuilder(512);
            canonical.Append(method.ToUpperInvariant()).Append('\n');
            canonical.Append(CanonicalUri(url.AbsolutePath)).Append('\n');
            canonical.Append(CanonicalQuery(url.Query)).Append('\n');
            foreach (var h in signed)
                canonical.Append(h.Key).Append(':').Append(h.Value).Append('\n');
            canonical.Append('\n');
            var names = new StringBuilder(64);
            foreach (var h in signed)
                (names.Length == 0 ? names : names.Append(';')).Append(h.Key);
            string signedHeaders = names.ToString();
            canonical.Append(signedHeaders).Append('\n');
            canonical.Append(body == null || body.Length == 0 ? EmptyBodyHash : HexSha256(body));

            string canonicalRequest = canonical.ToString();
            string stringToSign = Algorithm + "\n" + date + "\n" + HexSha256(Encoding.UTF8.GetBytes(canonicalRequest));
            string signature = Hex(keyedHmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));

            return new SignatureResult
            {
                CanonicalRequest = canonicalRequest,
                StringToSign = stringToSign,
                SignedHeaders = signedHeaders,
                Signature = signature,
                Authorization = $"{Algorithm} Access={accessKey}, SignedHeaders={signedHeaders}, Signature={signature}",
            };
        }

        /// <summary>Decodes the path, encodes each segment (RFC 3986) and always ends with '/'.</summary>
        public static string CanonicalUri(string path)
        {
            var segments = Uri.UnescapeDataString(path ?? string.Empty).Split('/');
            var sb = new StringBuilder(segments.Length * 16);
            for (int i = 0; i < segments.Length; i++)
            {
                if (i > 0) sb.Append('/');
                sb.Append(UrlEncode(segments[i]));
            }
            if (sb.Length == 0 || sb[sb.Length - 1] != '/') sb.Append('/');
            return sb.ToString();
        }

        /// <summary>Encodes keys and values and sorts by key, then value, in ordinal order.</summary>
        public static string CanonicalQuery(string query)
        {
            if (string.IsNullOrEmpty(query)) return string.Empty;
            if (query[0] == '?') query = query.Substring(1);
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var part in query.Split('&'))
            {
                if (part.Length == 0) continue;
                int eq = part.IndexOf('=');
                string key = eq < 0 ? part : part.Substring(0, eq);
                string value = eq < 0 ? string.Empty : part.Substring(eq + 1);
                pairs.Add(new KeyValuePair<string, string>(
                    UrlEncode(QueryDecode(key)), UrlEncode(QueryDecode(value))));
            }
            SortStable(pairs, byValueToo: true);
            var sb = new StringBuilder(query.Length + 16);
            foreach (var p in pairs)
                (sb.Length == 0 ? sb : sb.Append('&')).Append(p.Key).Append('=').Append(p.Value);
            return sb.ToString();
        }

        /// <summary>A stable insertion sort by key (then value) in ordinal order: a request has a handful of headers and parameters.</summary>
        static void SortStable(List<KeyValuePair<string, string>> items, bool byValueToo)
        {
            for (int i = 1; i < items.Count; i++)
            {
                var item = items[i];
                int j = i - 1;
                while (j >= 0 && Compare(items[j], item, byValueToo) > 0)
                {
                    items[j + 1] = items[j];
                    j--;
                }
                items[j + 1] = item;
            }
        }

        static int Compare(KeyValuePair<string, string> a, KeyValuePair<string, string> b, bool byValueToo)
        {
            int byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 || !byValueToo ? byKey : string.CompareOrdinal(a.Value, b.Value);
        }

        static string QueryDecode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

        /// <summary>RFC 3986 encoding: unreserved characters stay, every other UTF-8 byte becomes %XX.</summary>
        public static string UrlEncode(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            var sb = new StringBuilder(bytes.Length);
            foreach (byte b in bytes)
            {
                if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') ||
                    b == '-' || b == '_' || b == '.' || b == '~')
                    sb.Append((char)b);
                else
                    sb.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 15]);
            }
            return sb.ToString();
        }

        // One hasher per thread: creating one costs more than hashing a canonical request.
        [ThreadStatic] static SHA256 t_sha256;

        public static string HexSha256(byte[] data)
        {
            var sha = t_sha256 ?? (t_sha256 = SHA256.Create());
            return Hex(sha.ComputeHash(data));
        }

        static string Hex(byte[] bytes)
        {
            var chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = "0123456789abcdef"[bytes[i] >> 4];
                chars[2 * i + 1] = "0123456789abcdef"[bytes[i] & 15];
            }
            return new string(chars);
        }
    }
}
