using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;

namespace HuaweiMigration
{
    /// <summary>
    /// An authenticated connection to one Huawei Cloud project in one region. It shows where it points and
    /// which kind of credential it uses; the secret key and tokens stay in private fields of the credential.
    /// </summary>
    public sealed class HuaweiCloudSession : IDisposable
    {
        internal HuaweiCloudSession(string region, string projectId, ServiceEndpoints endpoints, CloudHttpClient http, string source)
        {
            Region = region;
            ProjectId = projectId;
            Endpoints = endpoints;
            Http = http;
            CredentialSource = source;
            ConnectedAtUtc = DateTime.UtcNow;
            Dcs = new DcsClient(http, endpoints.Dcs, projectId);
            Drs = new DrsClient(http, endpoints.Drs, projectId);
            DrsComparisons = new DrsComparisonClient(http, endpoints.Drs, projectId);
            if (DesktopRuntime.IsCurrent) _servicePoints = DesktopRuntime.RaiseConnectionLimits(new[] { endpoints.Dcs, endpoints.Drs, endpoints.Iam });
        }

        // Windows PowerShell 5.1: a strong reference, so the raised connection limits outlive an idle spell.
        readonly IReadOnlyList<System.Net.ServicePoint> _servicePoints;

        public string Region { get; }
        public string ProjectId { get; }
        /// <summary>AccessKey, TemporaryAccessKey, Token or Password.</summary>
        public string CredentialKind => Http.Credential.Kind;
        /// <summary>The access key with all but its first and last four characters masked, or the identity for token kinds.</summary>
        public string AccessKey => Http.Credential.DisplayName;
        /// <summary>Where the credential came from: Parameters, Profile:&lt;name&gt; or Environment.</summary>
        public string CredentialSource { get; }
        public Uri DcsEndpoint => Endpoints.Dcs;
        public Uri DrsEndpoint => Endpoints.Drs;
        public Uri IamEndpoint => Endpoints.Iam;
        public TimeSpan RequestTimeout => Http.Timeout;
        /// <summary>RequestTimeout in seconds, for JSON and CSV.</summary>
        public double RequestTimeoutSeconds => RequestTimeout.TotalSeconds;
        /// <summary>
        /// Whether this is the default session of the runspace that reads it: the one the data cmdlets use without -Session.
        /// Set-HuaweiCloudSession changes it.
        /// </summary>
        public bool IsDefault => Commands.SessionStore.IsDefault(this);
        /// <summary>False once Disconnect-HuaweiCloud has closed the session.</summary>
        public bool IsConnected => _disposed == 0;
        /// <summary>When Connect-HuaweiCloud made the session. Local time (Kind Local), so it subtracts from and compares with Get-Date.</summary>
        public DateTime ConnectedAt => ConnectedAtUtc.ToLocalTime();
        /// <summary>ConnectedAt in UTC (Kind Utc), for logs and JSON.</summary>
        public DateTime ConnectedAtUtc { get; }

        /// <summary>Set when Connect-HuaweiCloud -PassThru gave the session to the caller, who then owns its lifetime.</summary>
        internal bool IsHandedOut { get; set; }

        internal ServiceEndpoints Endpoints { get; }
        internal CloudHttpClient Http { get; }
        internal DcsClient Dcs { get; }
        internal DrsClient Drs { get; }
        internal DrsComparisonClient DrsComparisons { get; }
        /// <summary>The clock of Watch-Migration's failure budget and stall detection; tests set the simulator's.</summary>
        internal Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

        /// <summary>Ids this session has returned or been asked about, for tab completion without an API call.</summary>
        internal SeenIds SeenDcsTaskIds { get; } = new SeenIds();
        internal SeenIds SeenDrsJobIds { get; } = new SeenIds();

        internal IEnumerable<string> SecretsForAudit() => Http.Credential.SecretsForAudit().ToList();

        public override string ToString() => $"{Region}/{ProjectId} ({CredentialKind})";

        int _disposed;

        public void Dispose()
        {
            if (System.Threading.Interlocked.Exchange(ref _disposed, 1) != 0) return;
            Http.Dispose();
            (Http.Credential as IDisposable)?.Dispose();
        }
    }
}
