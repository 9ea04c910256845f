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
        const string RegionPatternText = @"^[a-z]{2,}(-[a-z0-9]+)+\z";

        /// <summary>The region id, e.g. cn-north-4. Without it, the region stored in the profile used.</summary>
        [Parameter(Position = 0)]
        [ValidatePattern(RegionPatternText)]
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

        /// <summary>
        /// Returns the session without proving the credential first. By default Connect sends one request to IAM
        /// (GET /v3/projects?name=Region) so that a wrong key fails here, once; skipped, a wrong key fails on the first
        /// data request instead.
        /// </summary>
        [Parameter]
        public SwitchParameter SkipCredentialCheck { get; set; }

        /// <summary>Returns the session object.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        static readonly System.Text.RegularExpressions.Regex RegionPattern = new System.Text.RegularExpressions.Regex(RegionPatternText);

        ProfileCredentials _profile;
        string _profileName;

        protected override void EndProcessing()
        {
            ReadProfile();
            if (string.IsNullOrEmpty(Region))
            {
                string stored = _profile?.Region?.Trim().ToLowerInvariant();
                if (stored == null)
                    ThrowTerminatingError(NewError("RegionRequired",
                        "Give -Region (for example cn-north-4); " + (_profile == null ? "no profile was used to read one from." : $"profile '{_profileName}' stores no region."),
                        ErrorCategory.InvalidArgument, _profileName));
                if (!RegionPattern.IsMatch(stored))
                    ThrowTerminatingError(NewError("InvalidRegion", $"Profile '{_profileName}' stores the region '{stored}', which is not a region id.", ErrorCategory.InvalidData, _profileName));
                Region = stored;
                WriteVerboseLine($"Using region {Region} from profile '{_profileName}'.");
            }
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
                var iam = new IamClient(http, endpoints.Iam);
                if (projectId == null)
                    projectId = Run(ct => iam.GetProjectIdAsync(Region, RequestLog, ct));
                if (!SkipCredentialCheck && !http.IsCredentialProven)
                {
                    var unproven = Run(ct => iam.CheckCredentialAsync(Region, RequestLog, ct));
                    if (unproven != null)
                        WriteWarning($"Could not prove the credential with IAM ({unproven.ErrorCode}: {unproven.ServiceMessage}). " +
                            "The session sends one request at a time until one succeeds, and stops at the first authentication failure.");
                }
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
            WriteVerboseLine($"Connected to {Region} project {projectId} with {session.CredentialKind} credentials from {source}.");
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
                        return new AccessKeyCredential(CredentialText.Check(AccessKey, "access key", "-AccessKey"),
                            CredentialText.Check(SecretKey.ToPlainText(), "secret key", "-SecretKey"),
                            CredentialText.Check(NullIfEmpty(SecurityToken.ToPlainText()), "security token", "-SecurityToken"));
                    case TokenSet:
                        source = "Parameters";
                        return new TokenCredential(CredentialText.Check(Token.ToPlainText()?.Trim(), "token", "-Token"));
                    case PasswordSet:
                        source = "Parameters";
                        return new PasswordCredential(DomainName, Credential.UserName.Trim().TrimStart('\\'), Credential.Password.ToPlainText(),
                            Region, endpoints.Iam, timeout, retry);
                    case ProfileSet:
                        return FromProfile(out source, out profileProjectId);
                    default:
                        if (_profile != null) return FromProfile(out source, out profileProjectId);
                        source = "Environment";
                        string ak = CredentialText.Check(NullIfEmpty(Environment.GetEnvironmentVariable("HUAWEICLOUD_SDK_AK"))?.Trim(), "access key", "HUAWEICLOUD_SDK_AK");
                        string sk = CredentialText.Check(NullIfEmpty(Environment.GetEnvironmentVariable("HUAWEICLOUD_SDK_SK")), "secret key", "HUAWEICLOUD_SDK_SK");
                        return new AccessKeyCredential(ak, sk, CredentialText.Check(NullIfEmpty(Environment.GetEnvironmentVariable("HUAWEICLOUD_SDK_SECURITY_TOKEN")),
                            "security token", "HUAWEICLOUD_SDK_SECURITY_TOKEN"));
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

        /// <summary>
        /// Reads the profile this call uses: -ProfileName; or, with no credential parameters and no HUAWEICLOUD_SDK_AK/_SK,
        /// the [default] profile of ~/.huaweicloud/credentials, as the AWS tools read theirs.
        /// </summary>
        void ReadProfile()
        {
            try
            {
                if (ParameterSetName == ProfileSet)
                {
                    _profileName = ProfileName;
                    _profile = CredentialProfiles.Read(ProfileName, HomeDirectory());
                }
                else if (ParameterSetName == EnvironmentSet &&
                         (NullIfEmpty(Environment.GetEnvironmentVariable("HUAWEICLOUD_SDK_AK")) == null || NullIfEmpty(Environment.GetEnvironmentVariable("HUAWEICLOUD_SDK_SK")) == null))
                {
                    string path = CredentialProfiles.DefaultSdkPath(HomeDirectory());
                    _profileName = "default";
                    _profile = CredentialProfiles.ReadSdkIni(path, "default");
                    if (_profile == null)
                        ThrowTerminatingError(NewError("NoCredentials",
                            "No credentials were given. Pass -AccessKey and -SecretKey, -Token, -Credential with -DomainName, or -ProfileName; " +
                            $"set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK; or add a [default] profile to {path}.",
                            ErrorCategory.AuthenticationError, Region));
                }
            }
            catch (HuaweiApiException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, _profileName));
            }
        }

        CloudCredential FromProfile(out string source, out string profileProjectId)
        {
            source = "Profile:" + _profileName;
            profileProjectId = _profile.ProjectId;
            if (_profile.Region != null && !string.Equals(_profile.Region, Region, StringComparison.OrdinalIgnoreCase))
                WriteVerboseLine($"Profile '{_profileName}' names region {_profile.Region}; -Region {Region} takes precedence.");
            string from = $"profile '{_profileName}'";
            return new AccessKeyCredential(CredentialText.Check(_profile.AccessKey, "access key", from),
                CredentialText.Check(_profile.SecretKey, "secret key", from), CredentialText.Check(_profile.SecurityToken, "security token", from));
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
