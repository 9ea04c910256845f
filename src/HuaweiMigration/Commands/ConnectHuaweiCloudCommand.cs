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
        const string ProjectIdPattern = CredentialChain.ProjectIdPatternText;
        const string RegionPatternText = CredentialChain.RegionPatternText;

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
        [SecureText("SecretKey")]
        public SecureString SecretKey { get; set; }

        /// <summary>The security token of temporary credentials.</summary>
        [Parameter(ParameterSetName = AccessKeySet)]
        [SecureText("SecurityToken")]
        public SecureString SecurityToken { get; set; }

        /// <summary>An IAM token, sent as X-Auth-Token instead of signing requests.</summary>
        [Parameter(Mandatory = true, ParameterSetName = TokenSet)]
        [ValidateNotNull]
        [SecureText("Token")]
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
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
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

        protected override void EndProcessing()
        {
            var chain = new CredentialChain();
            try
            {
                if (ParameterSetName == ProfileSet) chain.UseProfile(ProfileName);
                else if (ParameterSetName == EnvironmentSet) chain.UseEnvironmentOrDefaultProfile();
                else chain.UseParameters();
                Region = chain.Region(Region, out string regionFrom);
                if (regionFrom != null) WriteVerboseLine($"Using region {Region} from {regionFrom}.");
            }
            catch (HuaweiApiException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, chain.ProfileName ?? Region));
            }
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
            CloudCredential credential = null;
            SessionConnector.Result connected = null;
            try
            {
                credential = CreateCredential(chain, endpoints, timeout, retry);
                connected = Run(ct => SessionConnector.ConnectAsync(credential, endpoints, Region, ProjectId, chain.ProjectId, timeout, retry,
                    !SkipCredentialCheck, RequestLog, ct));
            }
            catch (HuaweiApiException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, credential == null ? chain.ProfileName ?? Region : Region));
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(NewError("InvalidCredential", CredentialChain.WithoutParameterName(ex), ErrorCategory.InvalidArgument, Region));
            }
            if (connected.Unproven != null)
                WriteWarning($"Could not prove the credential with IAM ({connected.Unproven.ErrorCode}: {connected.Unproven.ServiceMessage}). " +
                    "The session sends one request at a time until one succeeds, and stops at the first authentication failure.");
            string projectId = connected.ProjectId;

            var session = new HuaweiCloudSession(Region, projectId, endpoints, connected.Http, chain.Source) { IsHandedOut = PassThru };
            // The previous default is closed here unless -PassThru handed it out: its caller may still use it.
            SessionStore.Current = session;
            WriteVerboseLine($"Connected to {Region} project {projectId} with {session.CredentialKind} credentials from {chain.Source}.");
            if (PassThru) WriteObject(session);
        }

        /// <summary>The credential of the parameter set; the chain gives it for a profile or the environment.</summary>
        CloudCredential CreateCredential(CredentialChain chain, ServiceEndpoints endpoints, TimeSpan timeout, RetryPolicy retry)
        {
            switch (ParameterSetName)
            {
                case AccessKeySet:
                    return CredentialChain.AccessKey(CredentialText.Check(AccessKey, "access key", "-AccessKey"),
                        CredentialText.Check(SecretKey.ToPlainText(), "secret key", "-SecretKey"),
                        CredentialText.Check(SecurityToken.ToPlainText(), "security token", "-SecurityToken"), "-AccessKey and -SecretKey");
                case TokenSet:
                    return new TokenCredential(CredentialText.Check(Token.ToPlainText()?.Trim(), "token", "-Token"));
                case PasswordSet:
                    return new PasswordCredential(DomainName, Credential.UserName.Trim().TrimStart('\\'), Credential.Password.ToPlainText(),
                        Region, endpoints.Iam, timeout, retry);
                default:
                    if (chain.ProfileName != null && chain.Profile.Region != null && !string.Equals(chain.Profile.Region, Region, StringComparison.OrdinalIgnoreCase))
                        WriteVerboseLine($"Profile '{chain.ProfileName}' names region {chain.Profile.Region}; {Region} takes precedence.");
                    return chain.CreateAccessKey();
            }
        }
    }
}
