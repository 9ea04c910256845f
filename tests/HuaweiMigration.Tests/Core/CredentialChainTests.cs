using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HuaweiMigration.Core;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>Connect-HuaweiCloud's credential chain alone: a fake environment and a home folder of the test's own.</summary>
    public sealed class CredentialChainTests : IDisposable
    {
        readonly string _home = Path.Combine(Path.GetTempPath(), "hm-chain-" + Guid.NewGuid().ToString("N"));
        readonly Dictionary<string, string> _env = new Dictionary<string, string>();

        public CredentialChainTests() => Directory.CreateDirectory(_home);
        public void Dispose() => Directory.Delete(_home, true);

        CredentialChain Chain() => new CredentialChain(n => _env.TryGetValue(n, out var v) ? v : null, _home);

        void WriteIni(string text)
        {
            Directory.CreateDirectory(Path.Combine(_home, ".huaweicloud"));
            File.WriteAllText(Path.Combine(_home, ".huaweicloud", "credentials"), text);
        }

        static HuaweiApiException Fails(Action action) => Assert.Throws<HuaweiApiException>(action);

        [Theory]
        [InlineData("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK")]
        [InlineData("HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_AK")]
        public void HalfAKeyPairInTheEnvironmentNamesTheMissingVariableAndNeverFallsBack(string set, string missing)
        {
            WriteIni("[default]\nak = PROFILEAK\nsk = profile-secret\n");
            _env[set] = "value";
            var chain = Chain();
            var e = Fails(chain.UseEnvironmentOrDefaultProfile);
            Assert.Equal("InvalidCredential", e.ErrorCode);
            Assert.Equal(ApiErrorCategory.InvalidArgument, e.Category);
            Assert.Contains(missing + " is not", e.Message);
            Assert.Null(chain.Profile);
            Assert.Null(chain.Source);

            // Without a [default] profile it is the same error, not NoCredentials.
            File.Delete(Path.Combine(_home, ".huaweicloud", "credentials"));
            _env[missing] = "   ";
            e = Fails(Chain().UseEnvironmentOrDefaultProfile);
            Assert.Equal("InvalidCredential", e.ErrorCode);
            Assert.Contains(missing, e.Message);
        }

        [Fact]
        public void BothVariablesMeanTheEnvironmentAndNeitherMeansTheDefaultProfile()
        {
            WriteIni("[Default]\nak = PROFILEAK\nsk = profile-secret\nregion = cn-north-4\n");
            var chain = Chain();
            chain.UseEnvironmentOrDefaultProfile();
            Assert.Equal("Profile:default", chain.Source);
            Assert.Equal("PROFILEAK", chain.CreateAccessKey().AccessKey);

            _env["HUAWEICLOUD_SDK_AK"] = "ENVAK";
            _env["HUAWEICLOUD_SDK_SK"] = "env-secret";
            chain = Chain();
            chain.UseEnvironmentOrDefaultProfile();
            Assert.Equal("Environment", chain.Source);
            Assert.Equal("ENVAK", chain.CreateAccessKey().AccessKey);
        }

        [Fact]
        public void NothingAnywhereIsNoCredentials()
        {
            var e = Fails(Chain().UseEnvironmentOrDefaultProfile);
            Assert.Equal("NoCredentials", e.ErrorCode);
            Assert.Equal(ApiErrorCategory.AuthenticationError, e.Category);
        }

        [Fact]
        public void ProfileNamesMatchWithoutRegardToCaseAndAnExactMatchWins()
        {
            WriteIni("[Prod]\nak = UPPER\nsk = s1\n[prod]\nak = LOWER\nsk = s2\n[Work]\nak = WORK\nsk = s3\n");
            var chain = Chain();
            chain.UseProfile("work");
            Assert.Equal("WORK", chain.CreateAccessKey().AccessKey);
            chain.UseProfile("prod");
            Assert.Equal("LOWER", chain.CreateAccessKey().AccessKey);
            chain.UseProfile("Prod");
            Assert.Equal("UPPER", chain.CreateAccessKey().AccessKey);
            Assert.Equal(new[] { "Prod", "Work" }, CredentialProfiles.Names(_home).OrderBy(n => n));
            Assert.Equal("ProfileNotFound", Fails(() => Chain().UseProfile("nope")).ErrorCode);
        }

        [Fact]
        public void TheRegionComesFromTheParameterThenTheEnvironmentThenTheProfile()
        {
            WriteIni("[p]\nak = A\nsk = s\nregion = cn-south-1\n");
            var chain = Chain();
            chain.UseProfile("p");
            Assert.Equal("ap-southeast-1", chain.Region("AP-SOUTHEAST-1", out var from));
            Assert.Null(from);
            Assert.Equal("cn-south-1", chain.Region(null, out from));
            Assert.Contains("'p'", from);
            _env["HUAWEICLOUD_SDK_REGION"] = "CN-NORTH-4";
            Assert.Equal("cn-north-4", chain.Region(null, out from));
            Assert.Equal("HUAWEICLOUD_SDK_REGION", from);

            _env["HUAWEICLOUD_SDK_REGION"] = "not a region";
            var e = Fails(() => chain.Region(null, out _));
            Assert.Equal("InvalidRegion", e.ErrorCode);
            Assert.Contains("HUAWEICLOUD_SDK_REGION", e.Message);

            _env.Remove("HUAWEICLOUD_SDK_REGION");
            var parameters = Chain();
            parameters.UseParameters();
            e = Fails(() => parameters.Region(" ", out _));
            Assert.Equal("RegionRequired", e.ErrorCode);
            Assert.Contains("HUAWEICLOUD_SDK_REGION", e.Message);
        }

        [Fact]
        public void ProjectIdsAreValidatedWhereverTheyComeFrom()
        {
            _env["HUAWEICLOUD_SDK_PROJECT_ID"] = " p1\n";
            var chain = Chain();
            chain.UseParameters();
            Assert.Equal("p1", chain.ProjectId());
            _env["HUAWEICLOUD_SDK_PROJECT_ID"] = "../x";
            var e = Fails(() => chain.ProjectId());
            Assert.Equal("InvalidProjectId", e.ErrorCode);
            Assert.Contains("HUAWEICLOUD_SDK_PROJECT_ID", e.Message);
        }

        [Fact]
        public void AnEmptyKeyIsInvalidCredentialWithoutDotNetsParameterSuffix()
        {
            var e = Fails(() => CredentialChain.AccessKey("AK", "", null, "-AccessKey and -SecretKey"));
            Assert.Equal("InvalidCredential", e.ErrorCode);
            Assert.StartsWith("-AccessKey and -SecretKey: ", e.Message);
            Assert.DoesNotContain("(Parameter", e.Message);
        }
    }
}
