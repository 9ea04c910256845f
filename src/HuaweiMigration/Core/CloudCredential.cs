using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace HuaweiMigration.Core
{
    /// <summary>How a session proves who it is. Secrets stay in private fields and never reach a property.</summary>
    public abstract class CloudCredential
    {
        /// <summary>AccessKey, TemporaryAccessKey, Token or Password.</summary>
        public abstract string Kind { get; }

        /// <summary>A display form that is safe to print (a masked access key, or the user name).</summary>
        public abstract string DisplayName { get; }

        /// <summary>Who this credential is, for caches keyed per identity (never a secret); null when it should not be cached.</summary>
        internal virtual string IdentityKey => null;

        /// <summary>Adds authentication headers to a request that is about to be sent.</summary>
        public abstract Task ApplyAsync(HttpRequestMessage request, byte[] body, string projectId, CancellationToken cancellationToken);

        /// <summary>Secret values this credential holds, for redaction checks in tests.</summary>
        internal abstract IEnumerable<string> SecretsForAudit();

        internal static string Mask(string value)
        {
            if (string.IsNullOrEmpty(value)) return value;
            return value.Length <= 8 ? new string('*', value.Length) : value.Substring(0, 4) + new string('*', value.Length - 8) + value.Substring(value.Length - 4);
        }

        protected static void SetProjectHeader(HttpRequestMessage request, string projectId)
        {
            if (!string.IsNullOrEmpty(projectId)) request.Headers.TryAddWithoutValidation("X-Project-Id", projectId);
        }
    }

    /// <summary>A permanent or temporary access key pair, signed with SDK-HMAC-SHA256.</summary>
    public sealed class AccessKeyCredential : CloudCredential, IDisposable
    {
        // Keys the identity hash, so that the process-wide caches hold nothing an attacker could test guesses against.
        static readonly byte[] IdentityHashKey = NewIdentityHashKey();

        readonly byte[] _secretKey;
        // Characters, not a string, so that Dispose can clear them; each request's header copies them for its lifetime.
        readonly char[] _securityToken;
        // Keyed HMACs not in use, one per concurrent signer at most; all disposed, and the key zeroed, by Dispose.
        readonly Stack<HMACSHA256> _idleHmacs = new Stack<HMACSHA256>();
        bool _disposed;
        readonly string _identityKey;

        public AccessKeyCredential(string accessKey, string secretKey, string securityToken = null)
        {
            if (string.IsNullOrWhiteSpace(accessKey)) throw new ArgumentException("The access key is empty.", nameof(accessKey));
            if (string.IsNullOrEmpty(secretKey)) throw new ArgumentException("The secret key is empty.", nameof(secretKey));
            AccessKey = accessKey.Trim();
            _secretKey = Encoding.UTF8.GetBytes(secretKey);
            _securityToken = string.IsNullOrEmpty(securityToken) ? null : securityToken.ToCharArray();
            using (var hmac = new HMACSHA256(IdentityHashKey))
            {
                byte[] hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(secretKey + "\n" + securityToken));
                _identityKey = AccessKey + "|" + BitConverter.ToString(hash, 0, 16).Replace("-", "");
            }
        }

        static byte[] NewIdentityHashKey()
        {
            var key = new byte[32];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(key);
            return key;
        }

        public string AccessKey { get; }
        public override string Kind => _securityToken == null ? "AccessKey" : "TemporaryAccessKey";
        public override string DisplayName => Mask(AccessKey);
        /// <summary>The access key with a keyed hash of the secret (and token): a wrong secret never shares a cache entry with the right one.</summary>
        internal override string IdentityKey => _identityKey;

        /// <summary>Clock used for X-Sdk-Date; tests replace it.</summary>
        internal Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;

        public override Task ApplyAsync(HttpRequestMessage request, byte[] body, string projectId, CancellationToken cancellationToken)
        {
            var url = request.RequestUri;
            string date = SdkHmacSha256Signer.FormatDate(UtcNow());
            request.Headers.TryAddWithoutValidation("X-Sdk-Date", date);
            SetProjectHeader(request, projectId);
            string securityToken = SecurityTokenText();
            if (securityToken != null) request.Headers.TryAddWithoutValidation("X-Security-Token", securityToken);

            var signed = new List<KeyValuePair<string, string>>(4)
            {
                new KeyValuePair<string, string>("host", url.IsDefaultPort ? url.Host : url.Authority),
                new KeyValuePair<string, string>("x-sdk-date", date),
            };
            if (!string.IsNullOrEmpty(projectId)) signed.Add(new KeyValuePair<string, string>("x-project-id", projectId));
            if (securityToken != null) signed.Add(new KeyValuePair<string, string>("x-security-token", securityToken));

            var hmac = RentHmac();
            try
            {
                var result = SdkHmacSha256Signer.Sign(request.Method.Method, url, signed, body, AccessKey, hmac);
                request.Headers.TryAddWithoutValidation("Authorization", result.Authorization);
            }
            finally
            {
                ReturnHmac(hmac);
            }
            return Task.CompletedTask;
        }

        string SecurityTokenText()
        {
            if (_securityToken == null) return null;
            lock (_idleHmacs)
            {
                // A cleared token would be a rejected request, and rejected requests count towards the gateway's lockout.
                if (_disposed) throw CloudHttpClient.Disconnected();
                return new string(_securityToken);
            }
        }

        HMACSHA256 RentHmac()
        {
            lock (_idleHmacs)
            {
                // A cleared key would sign wrongly, and a wrong signature counts towards the gateway's lockout.
                if (_disposed) throw CloudHttpClient.Disconnected();
                return _idleHmacs.Count > 0 ? _idleHmacs.Pop() : new HMACSHA256(_secretKey);
            }
        }

        void ReturnHmac(HMACSHA256 hmac)
        {
            lock (_idleHmacs)
            {
                if (!_disposed) { _idleHmacs.Push(hmac); return; }
            }
            hmac.Dispose();
        }

        /// <summary>True while this credential still holds key material (the key bytes or a keyed HMAC).</summary>
        internal bool HoldsKeyMaterial
        {
            get
            {
                lock (_idleHmacs)
                    return _idleHmacs.Count > 0 || Array.Exists(_secretKey, b => b != 0) || _securityToken != null && Array.Exists(_securityToken, c => c != 0);
            }
        }

        /// <summary>Zeroes the secret key and the security token and disposes the keyed HMACs; later requests fail with NotConnected.</summary>
        public void Dispose()
        {
            HMACSHA256[] idle;
            lock (_idleHmacs)
            {
                if (_disposed) return;
                _disposed = true;
                Array.Clear(_secretKey, 0, _secretKey.Length);
                if (_securityToken != null) Array.Clear(_securityToken, 0, _securityToken.Length);
                idle = _idleHmacs.ToArray();
                _idleHmacs.Clear();
            }
            foreach (var hmac in idle) hmac.Dispose();
        }

        internal override IEnumerable<string> SecretsForAudit()
        {
            if (!HoldsKeyMaterial) yield break;
            yield return Encoding.UTF8.GetString(_secretKey);
            if (_securityToken != null) yield return new string(_securityToken);
        }
    }

    /// <summary>An IAM token sent as X-Auth-Token; requests carry no signature.</summary>
    public sealed class TokenCredential : CloudCredential, IDisposable
    {
        string _token;

        public TokenCredential(string token)
        {
            if (string.IsNullOrWhiteSpace(token)) throw new ArgumentException("The token is empty.", nameof(token));
            _token = token.Trim();
        }

        public override string Kind => "Token";
        public override string DisplayName => "(IAM token)";

        public override Task ApplyAsync(HttpRequestMessage request, byte[] body, string projectId, CancellationToken cancellationToken)
        {
            string token = _token ?? throw CloudHttpClient.Disconnected();
            request.Headers.TryAddWithoutValidation("X-Auth-Token", token);
            SetProjectHeader(request, projectId);
            return Task.CompletedTask;
        }

        internal override IEnumerable<string> SecretsForAudit() { if (_token != null) yield return _token; }

        /// <summary>Drops the token, so that nothing of it stays reachable from a closed session.</summary>
        public void Dispose() => _token = null;
    }
}
