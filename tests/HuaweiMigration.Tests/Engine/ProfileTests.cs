using System.Linq;
using System.Management.Automation;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>Connect-HuaweiCloud -ProfileName and the HUAWEICLOUD_SDK_* variables; HOME and the variables are process-wide.</summary>
    [Collection(ProcessEnvironmentCollection.Name)]
    public class ProfileTests
    {
        static HuaweiCloudSession Session(ScriptResult r)
        {
            Assert.Empty(r.AllErrors);
            return r.Objects<object>().OfType<HuaweiCloudSession>().Single();
        }

        [Fact]
        public void AnSdkIniProfileConnectsAndWorks()
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(connect: false);
            var c = h.Scenario.Credentials[0];
            env.WriteSdkCredentials($"# comment\n[default]\nak = WRONG\nsk = wrong\n\n[work]\nak = {c.AccessKey}\nsk = {c.SecretKey}\nproject_id = {h.Scenario.ProjectId}\nregion = {h.Scenario.Region}\n");
            var r = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -ProfileName work -Endpoint $endpoint -PassThru; Get-DcsMigrationTask");
            var session = Session(r);
            Assert.Equal("Profile:work", session.CredentialSource);
            Assert.Equal("AccessKey", session.CredentialKind);
            Assert.Equal(h.Scenario.ProjectId, session.ProjectId);
            Assert.Equal(h.Scenario.DcsTasks.Count, r.Objects<object>().OfType<DcsMigrationTask>().Count());
            // The profile's project id is used; the one projects request is Connect proving the credential.
            Assert.Equal(1, h.Sim.Requests.Count("iam.projects"));
        }

        [Fact]
        public void ProjectIdsFromTheEnvironmentOrAProfileAreValidated()
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(connect: false);
            var c = h.Scenario.Credentials[0];
            env.Set("HUAWEICLOUD_SDK_AK", c.AccessKey);
            env.Set("HUAWEICLOUD_SDK_SK", c.SecretKey);
            env.Set("HUAWEICLOUD_SDK_PROJECT_ID", "../../v3/projects?x=");
            var r = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -Endpoint $endpoint");
            Assert.Equal("InvalidProjectId", r.SingleError.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("HUAWEICLOUD_SDK_PROJECT_ID", r.SingleError.Exception.Message);

            env.WriteSdkCredentials($"[work]\nak = {c.AccessKey}\nsk = {c.SecretKey}\nproject_id = p1 p2\n");
            r = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -ProfileName work -Endpoint $endpoint");
            Assert.Equal("InvalidProjectId", r.SingleError.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("Profile:work", r.SingleError.Exception.Message);
            Assert.Empty(h.Sim.Requests.All);
            Assert.Empty(h.Run("Get-HuaweiCloudSession").Output);

            env.Set("HUAWEICLOUD_SDK_PROJECT_ID", " " + h.Scenario.ProjectId + "\n");
            var ok = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -Endpoint $endpoint -PassThru");
            Assert.Equal(h.Scenario.ProjectId, Session(ok).ProjectId);
        }

        [Fact]
        public void AnSdkIniProfileWithASecurityTokenIsTemporary()
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(CredentialKinds.AuditScenario(), connect: false);
            var c = h.Scenario.Credentials[1];
            env.WriteSdkCredentials($"[temp]\nak={c.AccessKey}\nsk={c.SecretKey}\nsecurity_token={c.SecurityToken}\n");
            var r = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -ProfileName temp -Endpoint $endpoint -PassThru; Get-DcsMigrationStats -TaskId {h.Scenario.DcsTasks[0].TaskId}");
            Assert.Equal("TemporaryAccessKey", Session(r).CredentialKind);
            Assert.Single(r.Objects<object>().OfType<DcsMigrationStats>());
            Assert.Equal(c.SecurityToken, h.Sim.Requests.All.Single(q => q.Route == "dcs.stats").Headers["X-Security-Token"]);
        }

        [Fact]
        public void APlainKooCliProfileWorks()
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(connect: false);
            var c = h.Scenario.Credentials[0];
            env.WriteKooCliConfig($$"""
                { "current": "koo", "profiles": [
                  { "name": "other", "mode": "AKSK", "accessKeyId": "X", "secretAccessKey": "Y" },
                  { "name": "koo", "mode": "AKSK", "accessKeyId": "{{c.AccessKey}}", "secretAccessKey": "{{c.SecretKey}}",
                    "projectId": "{{h.Scenario.ProjectId}}", "region": "{{h.Scenario.Region}}" } ] }
                """);
            var r = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -ProfileName koo -Endpoint $endpoint -PassThru; Get-DrsJobProgress -JobId {h.Scenario.DrsJobs[0].JobId}");
            var session = Session(r);
            Assert.Equal("Profile:koo", session.CredentialSource);
            Assert.Equal(h.Scenario.ProjectId, session.ProjectId);
            Assert.Single(r.Objects<object>().OfType<DrsJobProgress>());
        }

        [Theory]
        [InlineData("""{ "encrypt": true, "profiles": [ { "name": "koo", "mode": "AKSK", "accessKeyId": "enc:AAAA", "secretAccessKey": "enc:BBBB" } ] }""")]
        [InlineData("""{ "profiles": [ { "name": "koo", "mode": "AKSK", "cipherAccessKeyId": "AAAA", "cipherSecretAccessKey": "BBBB" } ] }""")]
        [InlineData("""{ "profiles": [ { "name": "koo", "mode": "AKSK", "encrypted": "true", "accessKeyId": "AAAA", "secretAccessKey": "BBBB" } ] }""")]
        public void AnEncryptedKooCliProfileIsAClearError(string json)
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(connect: false);
            env.WriteKooCliConfig(json);
            var r = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -ProfileName koo -Endpoint $endpoint");
            var e = r.SingleError;
            Assert.Equal("ProfileEncrypted", e.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal("koo", e.TargetObject);
            Assert.Contains("encrypted", e.Exception.Message);
            Assert.Contains("KooCLI", e.Exception.Message);
            Assert.DoesNotContain("BBBB", e.Exception.Message);
            Assert.Empty(h.Sim.Requests.All);
            Assert.Empty(h.Run("Get-HuaweiCloudSession").Output);
        }

        [Fact]
        public void AMissingProfileIsProfileNotFound()
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(connect: false);
            var none = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -ProfileName nope -Endpoint $endpoint");
            Assert.Equal("ProfileNotFound", none.SingleError.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.ObjectNotFound, none.SingleError.CategoryInfo.Category);

            env.WriteSdkCredentials("[a]\nak=X\nsk=Y\n");
            env.WriteKooCliConfig("""{ "profiles": [ { "name": "b", "accessKeyId": "X", "secretAccessKey": "Y" } ] }""");
            var r = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -ProfileName nope -Endpoint $endpoint");
            var e = r.SingleError;
            Assert.Equal("ProfileNotFound", e.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("'nope'", e.Exception.Message);
            Assert.Contains(".huaweicloud", e.Exception.Message);
            Assert.Contains(".hcloud", e.Exception.Message);
            Assert.Empty(h.Sim.Requests.All);
        }

        [Theory]
        [InlineData(true, true, true, "paramproject")]
        [InlineData(false, true, true, "profileproject")]
        [InlineData(false, false, true, "envproject")]
        [InlineData(false, false, false, null)]
        public void ProjectIdComesFromTheParameterThenTheProfileThenTheEnvironment(bool param, bool profile, bool environment, string expected)
        {
            using var env = new ProcessEnvironment();
            // A key of its own: the IAM project lookup is cached per masked key, endpoint and region for the whole process.
            var scenario = SimHost.FrozenDemo();
            string hex = System.Guid.NewGuid().ToString("N").ToUpperInvariant();
            scenario.Credentials.Insert(0, new HuaweiMigration.Simulator.AccessKeyCredential { AccessKey = hex.Substring(0, 20), SecretKey = "precedence-secret-" + hex });
            using var h = SimHost.Start(scenario, connect: false);
            var c = h.Scenario.Credentials[0];
            env.WriteSdkCredentials($"[p]\nak={c.AccessKey}\nsk={c.SecretKey}\n" + (profile ? "project_id=profileproject\n" : ""));
            if (environment) env.Set("HUAWEICLOUD_SDK_PROJECT_ID", "envproject");
            var r = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -ProfileName p -Endpoint $endpoint -PassThru" + (param ? " -ProjectId paramproject" : ""));
            Assert.Equal(expected ?? h.Scenario.ProjectId, Session(r).ProjectId);
            // One projects request either way: the lookup when no id is given, else Connect proving the credential
            // (its answer, the simulator's project, is not what the session uses when an id is given).
            Assert.Equal(1, h.Sim.Requests.Count("iam.projects"));
        }

        [Fact]
        public void WithoutKeyParametersConnectUsesTheEnvironment()
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(connect: false);
            var c = h.Scenario.Credentials[0];
            env.Set("HUAWEICLOUD_SDK_AK", c.AccessKey);
            env.Set("HUAWEICLOUD_SDK_SK", c.SecretKey);
            env.Set("HUAWEICLOUD_SDK_PROJECT_ID", h.Scenario.ProjectId);
            var r = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -Endpoint $endpoint -PassThru; Get-DcsMigrationTask");
            var session = Session(r);
            Assert.Equal("Environment", session.CredentialSource);
            Assert.Equal("AccessKey", session.CredentialKind);
            Assert.Equal(h.Scenario.ProjectId, session.ProjectId);
            Assert.Equal(h.Scenario.DcsTasks.Count, r.Objects<object>().OfType<DcsMigrationTask>().Count());
        }

        [Fact]
        public void TemporaryKeysFromTheEnvironmentSendTheSecurityToken()
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(CredentialKinds.AuditScenario(), connect: false);
            var c = h.Scenario.Credentials[1];
            env.Set("HUAWEICLOUD_SDK_AK", c.AccessKey);
            env.Set("HUAWEICLOUD_SDK_SK", c.SecretKey);
            env.Set("HUAWEICLOUD_SDK_SECURITY_TOKEN", c.SecurityToken);
            var r = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -Endpoint $endpoint -PassThru; Get-DcsMigrationTask");
            Assert.Equal("TemporaryAccessKey", Session(r).CredentialKind);
            Assert.NotEmpty(r.Objects<object>().OfType<DcsMigrationTask>());
        }

        [Fact]
        public void NoCredentialsAnywhereIsAClearError()
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(connect: false);
            var r = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -Endpoint $endpoint");
            var e = r.SingleError;
            Assert.Equal("NoCredentials", e.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.AuthenticationError, e.CategoryInfo.Category);
            Assert.Contains("HUAWEICLOUD_SDK_AK", e.Exception.Message);
            Assert.Empty(h.Sim.Requests.All);
        }

        [Fact]
        public void WithNoKeysAnywhereElseConnectReadsTheDefaultSdkProfile()
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(connect: false);
            var c = h.Scenario.Credentials[0];
            env.WriteSdkCredentials($"[work]\nak = WRONG\nsk = wrong\n\n[default]\nak = {c.AccessKey}\nsk = {c.SecretKey}\nproject_id = {h.Scenario.ProjectId}\n");
            var r = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -Endpoint $endpoint -PassThru; Get-DcsMigrationTask");
            var session = Session(r);
            Assert.Equal("Profile:default", session.CredentialSource);
            Assert.Equal(h.Scenario.ProjectId, session.ProjectId);
            Assert.Equal(h.Scenario.DcsTasks.Count, r.Objects<object>().OfType<DcsMigrationTask>().Count());
        }

        [Theory]
        [InlineData("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK")]
        [InlineData("HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_AK")]
        public void HalfAKeyPairInTheEnvironmentIsAnErrorNotTheDefaultProfile(string set, string missing)
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(connect: false);
            var c = h.Scenario.Credentials[0];
            // The [default] profile holds a valid key: falling back to it would connect as another identity.
            env.WriteSdkCredentials($"[default]\nak = {c.AccessKey}\nsk = {c.SecretKey}\n");
            env.Set(set, set.EndsWith("AK") ? c.AccessKey : c.SecretKey);
            var r = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -Endpoint $endpoint -PassThru");
            var e = r.SingleError;
            Assert.Equal("InvalidCredential,HuaweiMigration.Commands.ConnectHuaweiCloudCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.Contains(missing, e.Exception.Message);
            Assert.Empty(h.Sim.Requests.All);
            Assert.Empty(h.Run("Get-HuaweiCloudSession").Output);
        }

        [Fact]
        public void TheRegionCanComeFromTheEnvironment()
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(connect: false);
            var c = h.Scenario.Credentials[0];
            env.Set("HUAWEICLOUD_SDK_AK", c.AccessKey);
            env.Set("HUAWEICLOUD_SDK_SK", c.SecretKey);
            env.Set("HUAWEICLOUD_SDK_REGION", h.Scenario.Region.ToUpperInvariant());
            var r = h.Run("Connect-HuaweiCloud -Endpoint $endpoint -PassThru");
            Assert.Equal(h.Scenario.Region, Session(r).Region);
        }

        [Theory]
        [InlineData("-AccessKey AK -SecretKey 'plain-secret-text'", "SecretKey")]
        [InlineData("-AccessKey AK -SecretKey ([System.Security.SecureString]::new()) -SecurityToken 'plain-secret-text'", "SecurityToken")]
        [InlineData("-Token 'plain-secret-text' -ProjectId p1", "Token")]
        public void APlainStringSecretSaysHowToMakeASecureString(string arguments, string parameter)
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(connect: false);
            var r = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -Endpoint $endpoint " + arguments);
            var e = r.AllErrors.First();
            Assert.StartsWith("ParameterArgumentTransformationError", e.FullyQualifiedErrorId);
            Assert.Contains("-" + parameter + " takes a SecureString", e.Exception.Message);
            Assert.Contains("Read-Host -AsSecureString", e.Exception.Message);
            Assert.DoesNotContain("plain-secret-text", e.Exception.Message);
            Assert.Empty(h.Sim.Requests.All);
        }

        [Fact]
        public void TheEnvironmentComesBeforeTheDefaultProfile()
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(connect: false);
            var c = h.Scenario.Credentials[0];
            env.WriteSdkCredentials("[default]\nak = WRONG\nsk = wrong\n");
            env.Set("HUAWEICLOUD_SDK_AK", c.AccessKey);
            env.Set("HUAWEICLOUD_SDK_SK", c.SecretKey);
            var r = h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -ProjectId {h.Scenario.ProjectId} -Endpoint $endpoint -PassThru");
            Assert.Equal("Environment", Session(r).CredentialSource);
        }

        [Fact]
        public void TheRegionCanComeFromTheProfile()
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(connect: false);
            var c = h.Scenario.Credentials[0];
            env.WriteKooCliConfig($$"""
                { "profiles": [ { "name": "koo", "mode": "AKSK", "accessKeyId": "{{c.AccessKey}}", "secretAccessKey": "{{c.SecretKey}}",
                    "projectId": "{{h.Scenario.ProjectId}}", "region": "{{h.Scenario.Region.ToUpperInvariant()}}" },
                  { "name": "noregion", "mode": "AKSK", "accessKeyId": "{{c.AccessKey}}", "secretAccessKey": "{{c.SecretKey}}" } ] }
                """);
            var r = h.Run("Connect-HuaweiCloud -ProfileName koo -Endpoint $endpoint -PassThru");
            Assert.Equal(h.Scenario.Region, Session(r).Region);

            var none = h.Run("Connect-HuaweiCloud -ProfileName noregion -Endpoint $endpoint");
            Assert.Equal("RegionRequired,HuaweiMigration.Commands.ConnectHuaweiCloudCommand", none.SingleError.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, none.SingleError.CategoryInfo.Category);
        }
    }
}
