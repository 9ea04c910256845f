using System;
using System.Text.RegularExpressions;

namespace HuaweiMigration.Core
{
    /// <summary>
    /// Where Connect-HuaweiCloud finds what its parameters do not give: the keys (a named profile; else
    /// HUAWEICLOUD_SDK_AK and _SK, both or neither; else the [default] profile), the region and the project id.
    /// Every failure is a <see cref="HuaweiApiException"/> whose ErrorCode is the ErrorId (NoCredentials,
    /// InvalidCredential, RegionRequired, InvalidRegion, InvalidProjectId, Profile*).
    /// </summary>
    public sealed class CredentialChain
    {
        public const string AccessKeyVariable = "HUAWEICLOUD_SDK_AK";
        public const string SecretKeyVariable = "HUAWEICLOUD_SDK_SK";
        public const string SecurityTokenVariable = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
        public const string ProjectIdVariable = "HUAWEICLOUD_SDK_PROJECT_ID";
        public const string RegionVariable = "HUAWEICLOUD_SDK_REGION";
        // \z, not $: $ also matches before a final line break.
        public const string ProjectIdPatternText = @"^[A-Za-z0-9_-]{1,64}\z";
        public const string RegionPatternText = @"^[a-z]{2,}(-[a-z0-9]+)+\z";
        public const string ParametersSource = "Parameters";
        public const string EnvironmentSource = "Environment";

        static readonly Regex RegionPattern = new Regex(RegionPatternText);
        static readonly Regex ProjectIdPattern = new Regex(ProjectIdPatternText);

        readonly Func<string, string> _environment;

        /// <param name="environment">Reads a variable; the process environment when null.</param>
        /// <param name="home">The folder holding .huaweicloud and .hcloud; the user's home when null.</param>
        public CredentialChain(Func<string, string> environment = null, string home = null)
        {
            _environment = environment ?? Environment.GetEnvironmentVariable;
            Home = home ?? HomeDirectory(_environment);
        }

        public string Home { get; }

        /// <summary>The profile the keys come from, or null.</summary>
        public ProfileCredentials Profile { get; private set; }

        /// <summary>The profile's name as asked for, or "default"; null when no profile is used.</summary>
        public string ProfileName { get; private set; }

        /// <summary>"Parameters", "Environment" or "Profile:&lt;name&gt;"; null until a Use method ran.</summary>
        public string Source { get; private set; }

        /// <summary>Keys given as parameters: only the region and project id come from here.</summary>
        public void UseParameters() => Source = ParametersSource;

        /// <summary>-ProfileName: the SDK file first, then KooCLI's; names match without regard to case.</summary>
        public void UseProfile(string name)
        {
            ProfileName = name;
            Profile = CredentialProfiles.Read(name, Home);
            Source = "Profile:" + name;
        }

        /// <summary>
        /// No credential parameters: HUAWEICLOUD_SDK_AK and _SK when both are set; the [default] profile when neither is.
        /// One without the other is InvalidCredential naming the missing one: a CI secret that failed to load must
        /// not switch the job to another identity.
        /// </summary>
        public void UseEnvironmentOrDefaultProfile()
        {
            string ak = Variable(AccessKeyVariable), sk = Variable(SecretKeyVariable);
            if (ak != null && sk != null)
            {
                Source = EnvironmentSource;
                return;
            }
            if (ak != null || sk != null)
            {
                string set = ak != null ? AccessKeyVariable : SecretKeyVariable, missing = ak != null ? SecretKeyVariable : AccessKeyVariable;
                throw new HuaweiApiException("InvalidCredential",
                    $"{set} is set but {missing} is not (or is empty). Set both, or neither to use a profile; " +
                    "with only one of them set, Connect-HuaweiCloud uses no other credential.", ApiErrorCategory.InvalidArgument);
            }
            string path = CredentialProfiles.DefaultSdkPath(Home);
            Profile = CredentialProfiles.ReadSdkIni(path, "default");
            if (Profile == null)
                throw new HuaweiApiException("NoCredentials",
                    "No credentials were given. Pass -AccessKey and -SecretKey, -Token, -Credential with -DomainName, or -ProfileName; " +
                    $"set {AccessKeyVariable} and {SecretKeyVariable}; or add a [default] profile to {path}.",
                    ApiErrorCategory.AuthenticationError);
            ProfileName = "default";
            Source = "Profile:default";
        }

        /// <summary>
        /// The region: <paramref name="given"/>, else HUAWEICLOUD_SDK_REGION, else the profile's; lower case.
        /// <paramref name="from"/> says where it came from when not given.
        /// </summary>
        public string Region(string given, out string from)
        {
            from = null;
            if (!string.IsNullOrWhiteSpace(given)) return ServiceEndpoints.NormalizeRegion(given);
            string value = Variable(RegionVariable);
            from = RegionVariable;
            if (value == null && Profile?.Region != null)
            {
                value = Profile.Region;
                from = $"profile '{ProfileName}'";
            }
            if (value == null)
                throw new HuaweiApiException("RegionRequired",
                    $"Give -Region (for example cn-north-4) or set {RegionVariable}; " +
                    (Profile == null ? "no profile was used to read one from." : $"profile '{ProfileName}' stores no region."),
                    ApiErrorCategory.InvalidArgument);
            value = ServiceEndpoints.NormalizeRegion(value);
            if (!RegionPattern.IsMatch(value))
                throw new HuaweiApiException("InvalidRegion", $"The region '{value}' from {from} is not a region id (for example cn-north-4).", ApiErrorCategory.InvalidData);
            return value;
        }

        /// <summary>The keys of the profile or of the environment (after a Use method).</summary>
        public AccessKeyCredential CreateAccessKey()
        {
            if (Profile != null)
            {
                string from = $"profile '{ProfileName}'";
                return AccessKey(CredentialText.Check(Profile.AccessKey, "access key", from), CredentialText.Check(Profile.SecretKey, "secret key", from),
                    CredentialText.Check(Profile.SecurityToken, "security token", from), Source);
            }
            return AccessKey(CredentialText.Check(Variable(AccessKeyVariable)?.Trim(), "access key", AccessKeyVariable),
                CredentialText.Check(Variable(SecretKeyVariable), "secret key", SecretKeyVariable),
                CredentialText.Check(Variable(SecurityTokenVariable), "security token", SecurityTokenVariable), EnvironmentSource);
        }

        /// <summary>An access key pair from one source; an empty or unusable value is InvalidCredential naming the source.</summary>
        public static AccessKeyCredential AccessKey(string accessKey, string secretKey, string securityToken, string source)
        {
            try
            {
                return new AccessKeyCredential(accessKey, secretKey, string.IsNullOrWhiteSpace(securityToken) ? null : securityToken);
            }
            catch (ArgumentException ex)
            {
                throw new HuaweiApiException("InvalidCredential", $"{source}: {WithoutParameterName(ex)}", ApiErrorCategory.InvalidArgument, inner: ex);
            }
        }

        /// <summary>The project id of the profile, else of HUAWEICLOUD_SDK_PROJECT_ID; null when neither has one.</summary>
        public string ProjectId()
        {
            if (Profile?.ProjectId != null) return ValidProjectId(Profile.ProjectId, Source);
            string value = Variable(ProjectIdVariable);
            return value == null ? null : ValidProjectId(value, ProjectIdVariable);
        }

        /// <summary>A project id that no parameter validation has seen.</summary>
        static string ValidProjectId(string value, string source)
        {
            value = value.Trim();
            if (ProjectIdPattern.IsMatch(value)) return value;
            throw new HuaweiApiException("InvalidProjectId",
                $"The project id from {source} is not a project id (1 to 64 letters, digits, '-' or '_'). Fix it there, or pass -ProjectId.",
                ApiErrorCategory.InvalidArgument);
        }

        /// <summary>.NET's message without its " (Parameter 'x')" suffix.</summary>
        internal static string WithoutParameterName(ArgumentException ex)
        {
            string message = ex.Message;
            int at = ex.ParamName == null ? -1 : message.LastIndexOf(" (Parameter '" + ex.ParamName + "')", StringComparison.Ordinal);
            if (at < 0 && ex.ParamName != null) at = message.LastIndexOf(Environment.NewLine + "Parameter name: " + ex.ParamName, StringComparison.Ordinal);
            return at < 0 ? message : message.Substring(0, at);
        }

        string Variable(string name) => string.IsNullOrWhiteSpace(_environment(name)) ? null : _environment(name);

        static string HomeDirectory(Func<string, string> environment)
        {
            string home = environment("HOME");
            if (string.IsNullOrEmpty(home)) home = environment("USERPROFILE");
            return string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home;
        }
    }
}
