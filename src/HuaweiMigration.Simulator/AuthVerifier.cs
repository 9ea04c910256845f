using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using HuaweiMigration.Core;
using Microsoft.AspNetCore.Http;

namespace HuaweiMigration.Simulator
{
    /// <summary>Checks requests the way the API gateway does: an SDK-HMAC-SHA256 signature or an IAM token.</summary>
    internal sealed class AuthVerifier
    {
        public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);

        readonly Scenario _scenario;
        readonly SimulatedClock _clock;
        readonly ConcurrentDictionary<string, DateTimeOffset> _issuedTokens = new(StringComparer.Ordinal);

        public AuthVerifier(Scenario scenario, SimulatedClock clock)
        {
            _scenario = scenario;
            _clock = clock;
        }

        /// <summary>Issues a token valid for the scenario's token lifetime on the simulated clock.</summary>
        public (string Token, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt) IssueToken()
        {
            var issued = _clock.Now;
            var expires = issued.AddSeconds(_scenario.TokenLifetimeSeconds);
            // Real tokens are long opaque strings starting "MII"; the length matters to header-size code paths.
            string token = "MIIsim" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)).Replace('+', '-').Replace('/', '_');
            _issuedTokens[token] = expires;
            return (token, issued, expires);
        }

        /// <summary>Returns null when the request is authentic, otherwise why not (the tail of the APIG.0301 message).</summary>
        public string Verify(string method, string rawTarget, IHeaderDictionary headers, byte[] body)
        {
            string authorization = headers.Authorization.ToString();
            if (authorization.StartsWith(SdkHmacSha256Signer.Algorithm + " ", StringComparison.Ordinal))
                return VerifySignature(method, rawTarget, headers, body, authorization);

            string token = headers["X-Auth-Token"].ToString();
            if (token.Length > 0)
                return VerifyToken(token);

            return authorization.Length > 0
                ? "the Authorization header is not SDK-HMAC-SHA256."
                : "no X-Auth-Token or Authorization header.";
        }

        string VerifyToken(string token)
        {
            if (_scenario.Tokens.Contains(token)) return null;
            if (!_issuedTokens.TryGetValue(token, out var expires)) return "the token is invalid.";
            return _clock.Now < expires ? null : "the token has expired.";
        }

        string VerifySignature(string method, string rawTarget, IHeaderDictionary headers, byte[] body, string authorization)
        {
            var fields = ParseAuthorization(authorization.Substring(SdkHmacSha256Signer.Algorithm.Length + 1));
            if (!fields.TryGetValue("Access", out var ak) || !fields.TryGetValue("SignedHeaders", out var signedList) ||
                !fields.TryGetValue("Signature", out var signature))
                return "the Authorization header lacks Access, SignedHeaders or Signature.";

            var credential = _scenario.Credentials.FirstOrDefault(c => c.AccessKey == ak);
            if (credential == null) return $"the access key {ak} does not exist.";

            var names = signedList.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(n => n.Trim().ToLowerInvariant()).ToList();
            if (!names.Contains("x-sdk-date")) return "x-sdk-date is not signed.";

            string date = headers["X-Sdk-Date"].ToString();
            if (!DateTime.TryParseExact(date, SdkHmacSha256Signer.DateFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
                return "the X-Sdk-Date header is missing or malformed.";
            if ((DateTime.UtcNow - signedAt).Duration() > MaxClockSkew)
                return "the X-Sdk-Date is more than 15 minutes from the server time.";

            if (credential.SecurityToken != null)
            {
                if (headers["X-Security-Token"].ToString() != credential.SecurityToken)
                    return "the security token is missing or does not match the access key.";
                if (!names.Contains("x-security-token"))
                    return "x-security-token is not signed.";
            }

            var signedHeaders = new List<KeyValuePair<string, string>>(names.Count);
            foreach (var name in names)
            {
                if (!headers.TryGetValue(name, out var value)) return $"the signed header {name} is missing.";
                signedHeaders.Add(new KeyValuePair<string, string>(name, value.ToString()));
            }

            // Signed over the request target exactly as received; the signer canonicalises it the same way the client did.
            var url = new Uri("http://signed.invalid" + (rawTarget.StartsWith('/') ? rawTarget : "/" + rawTarget));
            var expected = SdkHmacSha256Signer.Sign(method, url, signedHeaders, body, ak, Encoding.UTF8.GetBytes(credential.SecretKey));
            bool match = signature.Length == expected.Signature.Length &&
                CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(expected.Signature));
            return match ? null : "verify aksk signature fail.";
        }

        static Dictionary<string, string> ParseAuthorization(string value)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var part in value.Split(','))
            {
                int eq = part.IndexOf('=');
                if (eq > 0) fields[part.Substring(0, eq).Trim()] = part.Substring(eq + 1).Trim();
            }
            return fields;
        }
    }
}
