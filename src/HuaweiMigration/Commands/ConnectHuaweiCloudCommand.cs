using System;
using System.Management.Automation;
using System.Security;
using HuaweiMigration.Core;
using HuaweiMigration.Iam;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Connects to Huawei Cloud and makes the session the default for this runspace.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "HuaweiCloud", DefaultParameterSetName = EnvironmentSet)]
    [OutputType(typeof(HuaweiCloudSession))]
    public sealed class ConnectHuaweiCloudCommand : HuaweiCloudCmdlet
    {
        const string EnvironmentSet = "Environment";
        const string AccessKeySet = "AccessKey";
        const string TokenSet = "Token";
        const string PasswordSet = "Password";
        const string ProfileSet = "Profile";
        // \z, not $: $ also matches before a final line break.
        const string ProjectIdPattern = @"^[A-Za-z0-9_-]{1,64}\z";

        /// <summary>The region id, e.g. cn-north-4.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidatePattern(@"^[a-z]{2,}(-[a-z0-9]+)+\z")]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [Trimmed]
        public string Region { get; set; }

        /// <summary>The project id. When omitted: HUAWEICLOUD_SDK_PROJECT_ID, else a lookup in IAM by region name.</summary>
        [Parameter]
        [ValidatePattern(ProjectIdPattern)]
        [Trimmed]
        public string ProjectId { get; set; }

        /// <summary>The access key id (AK).</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessKeySet)]
        [ValidateNotNullOrEmpty]
        [Trimmed]
        public string AccessKey { get; set; }

        /// <summary>The secret access key (SK).</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessKeySet)]
        [ValidateNotNull]
        public SecureString SecretKey { get; set; }

        /// <summary>The security token of temporary credentials.</summary>
        [Parameter(ParameterSetName = AccessKeySet)]
        public SecureString SecurityToken { get; set; }

        /// <summary>An IAM token, sent as X-Auth-Token instead of signing requests.</summary>
        [Parameter(Mandatory = true, ParameterSetName = TokenSet)]
        [ValidateNotNull]
        public SecureString Token { get; set; }

        /// <summary>An IAM user name and password; the module obtains a token scoped to -Region and renews it before it expires.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PasswordSet)]
        [ValidateNotNull]
        [Credential]
        public PSCredential Credential { get; set; }

        /// <summary>The account (domain) name the IAM user belongs to.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PasswordSet)]
        [ValidateNotNullOrEmpty]
        [Trimmed]
        public string DomainName { get; set; }

        /// <summary>A profile in ~/.huaweicloud/credentials (the official SDKs' file) or a plain-text KooCLI profile in ~/.hcloud/config.json.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ProfileSet)]
        [ValidateNotNullOrEmpty]
        [Trimmed]
        public string ProfileName { get; set; }

        /// <summary>One base URL that replaces every service endpoint (the simulator or a private gateway).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Trimmed]
        public string Endpoint { get; set; }

        /// <summary>Seconds each request may take before it is abandoned and retried.</summary>
        [Parameter]
        [ValidateRange(1, 600)]
        public int TimeoutSec { get; set; } = 30;

        /// <summary>How many times a throttled, timed-out or 5xx request is retried.</summary>
        [Parameter]
        [ValidateRange(0, 10)]
        public int MaxRetryCount { get; set; } = 3;

        /// <summary>Returns the session object.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            // ValidatePattern ignores case, so EU-WEST-101 gets here; hosts and the IAM project name want eu-west-101.
            Region = ServiceEndpoints.NormalizeRegion(Region);
            ServiceEndpoints endpoints;
            try
            {
                endpoints = string.IsNullOrEmpty(Endpoint) ? ServiceEndpoints.ForRegion(Region) : ServiceEndpoints.Single(Endpoint);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(NewError("InvalidEndpoint", ex.Message, ErrorCategory.InvalidArgument, ServiceEndpoints.Display(Endpoint)));
                return;
            }

            var retry = new RetryPolicy { MaxRetries = MaxRetryCount };
            var timeout = TimeSpan.FromSeconds(TimeoutSec);
            CloudCredential credential = CreateCredential(endpoints, timeout, retry, out string source, out string profileProjectId);
            var http = new CloudHttpClient(credential, timeout, retry);
            string projectId = null;
            try
            {
                if (credential is PasswordCredential password)
                {
                    // Get the first token now, so a wrong password fails here and not on the first data request.
                    Run(ct => password.GetTokenAsync(RequestLog, ct));
                    projectId = ProjectId ?? password.ProjectId;
                }
                projectId = projectId ?? ProjectId ?? ValidProjectId(profileProjectId, source) ??
                    ValidProjectId(NullIfEmpty(Environment.GetEnvironmentVariable("HUAWEICLOUD_SDK_PROJECT_ID")), "HUAWEICLOUD_SDK_PROJECT_ID");
                if (projectId == null)
                    projectId = Run(ct => new IamClient(http, endpoints.Iam).GetProjectIdAsync(Region, RequestLog, ct));
            }
            catch (HuaweiApiException ex)
            {
                http.Dispose();
                (credential as IDisposable)?.Dispose();
                ThrowTerminatingError(ToErrorRecord(ex, Region));
            }

            var session = new HuaweiCloudSession(Region, projectId, endpoints, http, source) { IsHandedOut = PassThru };
            // The previous default is closed here unless -PassThru handed it out: its caller may still use it.
            SessionStore.Current = session;
            WriteVerbose($"Connected to {Region} project {projectId} with {session.CredentialKind} credentials from {source}.");
            if (PassThru) WriteObject(session);
        }

        CloudCredential CreateCredential(ServiceEndpoints endpoints, TimeSpan timeout, RetryPolicy retry, out string source, out string profileProjectId)
        {
            profileProjectId = null;
            try
            {
                switch (ParameterSetName)
                {
                    case AccessKeySet:
                        source = "Parameters";
                        return new AccessKeyCredential(AccessKey, SecretKey.ToPlainText(), NullIfEmpty(SecurityToken.ToPlainText()));
                    case TokenSet:
                        source = "Parameters";
                        return new TokenCredential(Token.ToPlainText());
                    case PasswordSet:
                        source = "Parameters";
                        return new PasswordCredential(DomainName, Credential.UserName.TrimStart('\\'), Credential.Password.ToPlainText(),
                            Region, endpoints.Iam, timeout, retry);
                    case ProfileSet:
                        var profile = CredentialProfiles.Read(ProfileName, HomeDirectory());
                        source = "Profile:" + ProfileName;
                        profileProjectId = profile.ProjectId;
                        if (profile.Region != null && !string.Equals(profile.Region, Region, StringComparison.OrdinalIgnoreCase))
                            WriteVerbose($"Profile '{ProfileName}' names region {profile.Region}; -Region {Region} takes precedence.");
                        return new AccessKeyCredential(profile.AccessKey, profile.SecretKey, profile.SecurityToken);
                    default:
                        source = "Environment";
                        string ak = NullIfEmpty(Environment.GetEnvironmentVariable("HUAWEICLOUD_SDK_AK"));
                        string sk = NullIfEmpty(Environment.GetEnvironmentVariable("HUAWEICLOUD_SDK_SK"));
                        if (ak == null || sk == null)
                        {
                            ThrowTerminatingError(NewError("NoCredentials",
                                "No credentials were given. Pass -AccessKey and -SecretKey, -Token, -Credential with -DomainName, or -ProfileName; or set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK.",
                                ErrorCategory.AuthenticationError, Region));
                        }
                        return new AccessKeyCredential(ak, sk, NullIfEmpty(Environment.GetEnvironmentVariable("HUAWEICLOUD_SDK_SECURITY_TOKEN")));
                }
            }
            catch (HuaweiApiException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, ProfileName));
                throw;
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(NewError("InvalidCredential", ex.Message, ErrorCategory.InvalidArgument, Region));
                throw;
            }
        }

        /// <summary>A project id from a profile or the environment, which no parameter validation has seen.</summary>
        static string ValidProjectId(string value, string source)
        {
            if (value == null) return null;
            value = value.Trim();
            if (System.Text.RegularExpressions.Regex.IsMatch(value, ProjectIdPattern)) return value;
            throw new HuaweiApiException("InvalidProjectId",
                $"The project id from {source} is not a project id (1 to 64 letters, digits, '-' or '_'). Fix it there, or pass -ProjectId.",
                ApiErrorCategory.InvalidArgument);
        }

        static string HomeDirectory()
        {
            string home = Environment.GetEnvironmentVariable("HOME");
            if (string.IsNullOrEmpty(home)) home = Environment.GetEnvironmentVariable("USERPROFILE");
            return string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home;
        }

        static string NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
