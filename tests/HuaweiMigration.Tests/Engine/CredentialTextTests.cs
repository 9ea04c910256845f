using System;
using System.Linq;
using HuaweiMigration.Core;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>
    /// Control characters, NUL and non-ASCII in any credential are refused at Connect with InvalidCredential, naming where
    /// the value came from and never the value; nothing is sent.
    /// </summary>
    [Collection(ProcessEnvironmentCollection.Name)]
    public sealed class CredentialTextTests
    {
        const string Injected = "\r\nX-Injected: 1";

        [Theory]
        [InlineData("abc\r\nX-Evil: 1", "a line break")]
        [InlineData("abc\0def", "a NUL character")]
        [InlineData("abc\tdef", "a control character")]
        [InlineData("abc\u007Fdef", "a control character")]
        [InlineData("tökén", "a non-ASCII character")]
        [InlineData("abc\u2028def", "a non-ASCII character")]
        public void TheCheckNamesTheSourceAndTheProblemNeverTheValue(string value, string problem)
        {
            var e = Assert.Throws<ArgumentException>(() => CredentialText.Check(value, "token", "-Token"));
            Assert.Contains("-Token", e.Message);
            Assert.Contains(problem, e.Message);
            Assert.DoesNotContain("abc", e.Message);
            Assert.DoesNotContain("def", e.Message);
            Assert.Equal("AKIA-plain_0123=+/", CredentialText.Check("AKIA-plain_0123=+/", "access key", "-AccessKey"));
            Assert.Null(CredentialText.Check(null, "security token", "-SecurityToken"));
        }

        static void AssertRefused(SimHost h, ScriptResult r, string source, string secret)
        {
            var e = r.SingleError;
            Assert.Equal("InvalidCredential,HuaweiMigration.Commands.ConnectHuaweiCloudCommand", e.FullyQualifiedErrorId);
            Assert.Contains(source, e.Exception.Message);
            Assert.DoesNotContain(secret.Trim(), e.ToString());
            Assert.Empty(h.Sim.Requests.All);
            Assert.Empty(h.Run("Get-HuaweiCloudSession").Output);
        }

        [Theory]
        [InlineData("-Token", "tok" + Injected)]
        [InlineData("-Token", "tökén-not-ascii")]
        [InlineData("-Token", "tok\0truncated")]
        [InlineData("-SecretKey", "secret\0truncated")]
        [InlineData("-SecretKey", "sécret")]
        [InlineData("-SecurityToken", "sts" + Injected)]
        public void SecureParametersAreChecked(string parameter, string value)
        {
            using var h = SimHost.Start(connect: false);
            h.Ps.SetVariable("bad", SimHost.Secure(value));
            string line = parameter == "-Token"
                ? $"Connect-HuaweiCloud -Region {h.Scenario.Region} -ProjectId {h.Scenario.ProjectId} -Token $bad -Endpoint $endpoint"
                : parameter == "-SecretKey" ? h.ConnectCommand().Replace("-SecretKey $sk", "-SecretKey $bad")
                : h.ConnectCommand() + " -SecurityToken $bad";
            AssertRefused(h, h.Run(line), parameter, value);
        }

        [Fact]
        public void TheAccessKeyParameterIsChecked()
        {
            using var h = SimHost.Start(connect: false);
            h.Ps.SetVariable("ak", "AK" + Injected);
            AssertRefused(h, h.Run(h.ConnectCommand().Replace("-AccessKey " + h.Scenario.Credentials[0].AccessKey, "-AccessKey $ak")), "-AccessKey", "X-Injected");
        }

        [Theory]
        [InlineData("HUAWEICLOUD_SDK_AK")]
        [InlineData("HUAWEICLOUD_SDK_SK")]
        [InlineData("HUAWEICLOUD_SDK_SECURITY_TOKEN")]
        public void EnvironmentVariablesAreChecked(string variable)
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(connect: false);
            var c = h.Scenario.Credentials[0];
            env.Set("HUAWEICLOUD_SDK_AK", c.AccessKey);
            env.Set("HUAWEICLOUD_SDK_SK", c.SecretKey);
            env.Set(variable, "value" + Injected);
            AssertRefused(h, h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -ProjectId {h.Scenario.ProjectId} -Endpoint $endpoint"), variable, "X-Injected");
        }

        [Fact]
        public void ProfileValuesAreChecked()
        {
            using var env = new ProcessEnvironment();
            using var h = SimHost.Start(connect: false);
            var c = h.Scenario.Credentials[0];
            env.WriteSdkCredentials($"[work]\nak = {c.AccessKey}\nsk = sécret-{c.SecretKey}\n");
            AssertRefused(h, h.Run($"Connect-HuaweiCloud -Region {h.Scenario.Region} -ProjectId {h.Scenario.ProjectId} -ProfileName work -Endpoint $endpoint"),
                "profile 'work'", "sécret");
        }
    }
}
