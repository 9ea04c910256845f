using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;

namespace HuaweiMigration.Iam
{
    internal sealed class TokenRequestWire
    {
        [JsonPropertyName("auth")] public TokenAuthWire Auth { get; set; }
    }

    internal sealed class TokenAuthWire
    {
        [JsonPropertyName("identity")] public TokenIdentityWire Identity { get; set; }
        [JsonPropertyName("scope")] public TokenScopeWire Scope { get; set; }
    }

    internal sealed class TokenIdentityWire
    {
        [JsonPropertyName("methods")] public List<string> Methods { get; set; }
        [JsonPropertyName("password")] public TokenPasswordWire Password { get; set; }
    }

    internal sealed class TokenPasswordWire
    {
        [JsonPropertyName("user")] public TokenUserWire User { get; set; }
    }

    internal sealed class TokenUserWire
    {
        [JsonPropertyName("domain")] public NamedWire Domain { get; set; }
        [JsonPropertyName("name")] public string Name { get; set; }
        [JsonPropertyName("password")] public string Password { get; set; }
    }

    internal sealed class TokenScopeWire
    {
        [JsonPropertyName("project")] public NamedWire Project { get; set; }
    }

    /// <summary>An id or a name: in a token request only the one given is written, since IAM checks the body against a schema that has no nulls.</summary>
    internal sealed class NamedWire
    {
        [JsonPropertyName("id"), JsonConverter(typeof(FlexibleStringConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string Id { get; set; }
        [JsonPropertyName("name"), JsonConverter(typeof(FlexibleStringConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string Name { get; set; }
    }

    internal sealed class TokenResponseWire
    {
        [JsonPropertyName("token")] public TokenBodyWire Token { get; set; }
    }

    internal sealed class TokenBodyWire
    {
        [JsonPropertyName("expires_at"), JsonConverter(typeof(FlexibleStringConverter))] public string ExpiresAt { get; set; }
        [JsonPropertyName("issued_at"), JsonConverter(typeof(FlexibleStringConverter))] public string IssuedAt { get; set; }
        [JsonPropertyName("project")] public NamedWire Project { get; set; }
    }

    /// <summary>Sends no authentication at all: only for IAM's token request.</summary>
    internal sealed class AnonymousCredential : CloudCredential
    {
        public override string Kind => "None";
        public override string DisplayName => string.Empty;
        public override Task ApplyAsync(HttpRequestMessage request, byte[] body, string projectId, CancellationToken cancellationToken) => Task.CompletedTask;
        internal override IEnumerable<string> SecretsForAudit() => Enumerable.Empty<string>();
    }

    /// <summary>
    /// An IAM user's password, exchanged for a project-scoped token that is renewed before it expires.
    /// The password stays in this object's memory only, so that the token can be renewed unattended.
    /// </summary>
    public sealed class PasswordCredential : CloudCredential, IDisposable
    {
        readonly string _domain, _user, _scope;
        // Characters, not a string, so that Dispose can clear them; each token request copies them for its lifetime.
        readonly char[] _password;
        volatile bool _disposed;
        readonly CloudHttpClient _iamHttp;
        readonly Uri _iamEndpoint;
        readonly SemaphoreSlim _lock = new SemaphoreSlim(1, 1);
        string _token;
        DateTimeOffset _renewAt;

        public PasswordCredential(string domain, string user, string password, string projectName, Uri iamEndpoint, TimeSpan timeout, RetryPolicy retryPolicy)
        {
            if (string.IsNullOrWhiteSpace(domain)) throw new ArgumentException("The domain (account) name is empty.", nameof(domain));
            if (string.IsNullOrWhiteSpace(user)) throw new ArgumentException("The user name is empty.", nameof(user));
            _domain = domain; _user = user; _password = (password ?? string.Empty).ToCharArray(); _scope = projectName;
            _iamEndpoint = iamEndpoint;
            _iamHttp = new CloudHttpClient(new AnonymousCredential(), timeout, retryPolicy);
        }

        public override string Kind => "Password";
        public override string DisplayName => _domain + "\\" + _user;

        /// <summary>The project id the token is scoped to, known after the first token.</summary>
        public string ProjectId { get; private set; }

        /// <summary>When the current token expires.</summary>
        public DateTimeOffset ExpiresAt { get; private set; }

        internal Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

        /// <summary>The floor between two logins when IAM answers a token that is already expired: a login storm locks the user.</summary>
        public static readonly TimeSpan MinTokenReuse = TimeSpan.FromMinutes(1);

        /// <summary>A difference between the local clock and IAM's beyond which Connect says so.</summary>
        static readonly TimeSpan ClockSkewWarning = TimeSpan.FromMinutes(5);

        public override async Task ApplyAsync(HttpRequestMessage request, byte[] body, string projectId, CancellationToken cancellationToken)
        {
            string token = await GetTokenAsync(NullRequestLog.Instance, cancellationToken).ConfigureAwait(false);
            request.Headers.TryAddWithoutValidation("X-Auth-Token", token);
            SetProjectHeader(request, projectId);
        }

        /// <summary>The current token, fetched or renewed first when it is missing or close to expiry.</summary>
        public async Task<string> GetTokenAsync(IRequestLog log, CancellationToken ct)
        {
            if (_token != null && Clock() < _renewAt) return _token;
            await _lock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                if (_token == null || Clock() >= _renewAt) await RequestTokenAsync(log, ct).ConfigureAwait(false);
                return _token;
            }
            finally
            {
                _lock.Release();
            }
        }

        async Task RequestTokenAsync(IRequestLog log, CancellationToken ct)
        {
            // A cleared password would be a failed login, and failed logins lock the user.
            if (_disposed) throw CloudHttpClient.Disconnected();
            var request = new TokenRequestWire
            {
                Auth = new TokenAuthWire
                {
                    Identity = new TokenIdentityWire
                    {
                        Methods = new List<string> { "password" },
                        Password = new TokenPasswordWire { User = new TokenUserWire { Domain = new NamedWire { Name = _domain }, Name = _user, Password = new string(_password) } },
                    },
                    Scope = new TokenScopeWire { Project = new NamedWire { Name = _scope } },
                },
            };
            byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, WireJsonContext.Default.TokenRequestWire);
            ApiResponse response;
            try
            {
                response = await _iamHttp.PostReadAsync(ResourcePath.Combine(_iamEndpoint, "v3/auth/tokens"), body, null, log, ct).ConfigureAwait(false);
            }
            catch (HuaweiApiException ex) when (ex.StatusCode == 401)
            {
                throw new HuaweiApiException("AuthenticationFailed",
                    $"IAM refused the password of user '{_user}' in domain '{_domain}': {ex.ServiceMessage}",
                    ApiErrorCategory.AuthenticationError, ex.StatusCode, ex.RequestId, ex);
            }
            catch (HuaweiApiException ex) when (ex.StatusCode == 400)
            {
                // Not a wrong password: IAM did not accept the request itself (its schema, or a name it does not know).
                throw new HuaweiApiException("IamRequestRejected",
                    $"IAM rejected the token request for user '{_user}' in domain '{_domain}': {ex.ServiceMessage}",
                    ApiErrorCategory.InvalidArgument, ex.StatusCode, ex.RequestId, ex);
            }

            string token = response.Headers.TryGetValues("X-Subject-Token", out var values) ? values.FirstOrDefault() : null;
            if (string.IsNullOrEmpty(token))
                throw new HuaweiApiException("InvalidResponse", "IAM answered without an X-Subject-Token header.", ApiErrorCategory.InvalidResponse, null, response.RequestId);
            var parsed = WireJson.Parse(response.Body, WireJsonContext.Default.TokenResponseWire, "IAM token", response.RequestId);
            var now = Clock();
            var expires = ServiceTime.ParseDate(parsed.Token?.ExpiresAt);
            // The lifetime is measured on IAM's own clock (issued_at, else the Date header), so a local clock that is
            // off cannot make a fresh token look expired and send the password before every request.
            var issued = ServiceTime.ParseDate(parsed.Token?.IssuedAt) ?? response.Headers.Date;
            var lifetime = expires.HasValue ? expires.Value - (issued ?? now) : TimeSpan.FromHours(24);
            if (issued.HasValue && (now - issued.Value).Duration() > ClockSkewWarning)
                log.Warning($"The local clock is {(now - issued.Value).Duration().TotalMinutes:0} minutes {(now > issued.Value ? "ahead of" : "behind")} IAM's; " +
                    "the token's lifetime is measured on IAM's clock.");
            ExpiresAt = now + lifetime;
            // Renew well before expiry: a fifth of the lifetime, at most 30 minutes early. A floor keeps logins apart: half
            // a short lifetime (at least a second), or MinTokenReuse for a token that is expired when it arrives.
            var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(30).Ticks, Math.Max(0, lifetime.Ticks / 5)));
            var floor = lifetime > TimeSpan.Zero
                ? TimeSpan.FromTicks(Math.Min(MinTokenReuse.Ticks, Math.Max(TimeSpan.TicksPerSecond, lifetime.Ticks / 2)))
                : MinTokenReuse;
            _renewAt = now + (lifetime - margin > floor ? lifetime - margin : floor);
            ProjectId = parsed.Token?.Project?.Id ?? ProjectId;
            _token = token;
            log.Verbose($"Obtained an IAM token for {DisplayName}, valid until {ExpiresAt:u}.");
        }

        internal override IEnumerable<string> SecretsForAudit()
        {
            if (!_disposed) yield return new string(_password);
            if (_token != null) yield return _token;
        }

        /// <summary>Closes the IAM client, clears the password and drops the token; a later request fails with NotConnected.</summary>
        public void Dispose()
        {
            _disposed = true;
            _iamHttp.Dispose();
            _token = null;
            Array.Clear(_password, 0, _password.Length);
        }
    }
}
