using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using HuaweiMigration.Core;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    public class SignerTests
    {
        public static IEnumerable<object[]> Vectors()
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.SigningVectors));
            foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
                yield return new object[] { c.GetProperty("name").GetString() };
        }

        static JsonElement Case(string name, out JsonElement root)
        {
            var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.SigningVectors));
            root = doc.RootElement;
            return root.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        }

        static string Field(JsonElement c, JsonElement root, string name) =>
            c.TryGetProperty(name, out var v) ? v.GetString() : root.GetProperty(name).GetString();

        [Theory]
        [MemberData(nameof(Vectors))]
        public void ReproducesOfficialSignerVector(string name)
        {
            var c = Case(name, out var root);
            var headers = c.GetProperty("headers").EnumerateObject()
                .Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString())).ToList();
            var result = SdkHmacSha256Signer.Sign(
                c.GetProperty("method").GetString(), new Uri(c.GetProperty("url").GetString()), headers,
                Encoding.UTF8.GetBytes(c.GetProperty("body").GetString()),
                Field(c, root, "accessKey"), Encoding.UTF8.GetBytes(Field(c, root, "secretKey")));

            if (c.TryGetProperty("canonicalRequest", out var cr)) Assert.Equal(cr.GetString(), result.CanonicalRequest);
            if (c.TryGetProperty("stringToSign", out var sts)) Assert.Equal(sts.GetString(), result.StringToSign);
            Assert.Equal(c.GetProperty("signedHeaders").GetString(), result.SignedHeaders);
            if (c.TryGetProperty("signature", out var sig)) Assert.Equal(sig.GetString(), result.Signature);
            if (c.TryGetProperty("authorization", out var auth)) Assert.Equal(auth.GetString(), result.Authorization);
        }

        [Fact]
        public void AllVectorsAreCovered() => Assert.Equal(5, Vectors().Count());

        [Theory]
        [InlineData("/v2/p/migration-task/a b", "/v2/p/migration-task/a%20b/")]
        [InlineData("/v2/p/migration-task/%E4%BB%BB%E5%8A%A1", "/v2/p/migration-task/%E4%BB%BB%E5%8A%A1/")]
        [InlineData("/v2/p/tasks/", "/v2/p/tasks/")]
        [InlineData("/", "/")]
        [InlineData("", "/")]
        [InlineData("/a~b_c-d.e", "/a~b_c-d.e/")]
        public void CanonicalUriEncodesSegmentsAndEndsInSlash(string path, string expected) =>
            Assert.Equal(expected, SdkHmacSha256Signer.CanonicalUri(path));

        [Theory]
        [InlineData("?b=2&a=1", "a=1&b=2")]
        [InlineData("?a=2&a=1&a=10", "a=1&a=10&a=2")]
        [InlineData("?name=my%20task&x=%E4%B8%AD", "name=my%20task&x=%E4%B8%AD")]
        [InlineData("?name=a+b", "name=a%20b")]
        [InlineData("?flag&k=", "flag=&k=")]
        [InlineData("", "")]
        public void CanonicalQuerySortsAndEncodes(string query, string expected) =>
            Assert.Equal(expected, SdkHmacSha256Signer.CanonicalQuery(query));

        [Fact]
        public void NonAsciiAndSpacesInUrlSignStably()
        {
            var url = new Uri("https://dcs.cn-north-4.myhuaweicloud.com/v2/p/migration-tasks?name=迁移 任务&limit=10");
            var headers = new Dictionary<string, string> { ["Host"] = url.Host, ["X-Sdk-Date"] = "20261122T101500Z" };
            var r = SdkHmacSha256Signer.Sign("GET", url, headers, null, "AK", Encoding.UTF8.GetBytes("SK"));
            Assert.Contains("\nlimit=10&name=%E8%BF%81%E7%A7%BB%20%E4%BB%BB%E5%8A%A1\n", r.CanonicalRequest);
            Assert.StartsWith("GET\n/v2/p/migration-tasks/\n", r.CanonicalRequest);
            Assert.Matches("^[0-9a-f]{64}$", r.Signature);
        }

        [Fact]
        public void SignatureChangesWithSecret()
        {
            var url = new Uri("https://x.example/a");
            var headers = new Dictionary<string, string> { ["Host"] = "x.example", ["X-Sdk-Date"] = "20261122T101500Z" };
            var a = SdkHmacSha256Signer.Sign("GET", url, headers, null, "AK", Encoding.UTF8.GetBytes("one"));
            var b = SdkHmacSha256Signer.Sign("GET", url, headers, null, "AK", Encoding.UTF8.GetBytes("two"));
            Assert.NotEqual(a.Signature, b.Signature);
            Assert.Equal(a.CanonicalRequest, b.CanonicalRequest);
        }
    

        [Fact]
        public void TheSignerKeepsNoKeyOrKeyedHmacInStaticFields()
        {
            var fields = typeof(SdkHmacSha256Signer).GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public);
            Assert.DoesNotContain(fields, f => typeof(System.Security.Cryptography.HMAC).IsAssignableFrom(f.FieldType) || f.FieldType == typeof(byte[]));
        }

        [Fact]
        public void ACredentialSignsAsTheSignerAndForgetsItsKeyWhenDisposed()
        {
            var now = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);
            var credential = new AccessKeyCredential("AKEXAMPLE1234567", "secret-key-value") { UtcNow = () => now };
            var url = new Uri("https://dcs.cn-north-4.myhuaweicloud.com/v2/p1/migration-tasks?limit=10");
            string Authorization()
            {
                using var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, url);
                credential.ApplyAsync(request, null, "p1", default).GetAwaiter().GetResult();
                return request.Headers.GetValues("Authorization").Single();
            }
            var headers = new Dictionary<string, string> { ["host"] = url.Host, ["x-sdk-date"] = SdkHmacSha256Signer.FormatDate(now), ["x-project-id"] = "p1" };
            string expected = SdkHmacSha256Signer.Sign("GET", url, headers, null, "AKEXAMPLE1234567", Encoding.UTF8.GetBytes("secret-key-value")).Authorization;
            Assert.Equal(expected, Authorization());
            Assert.Equal(expected, Authorization());
            Assert.True(credential.HoldsKeyMaterial);

            credential.Dispose();
            Assert.False(credential.HoldsKeyMaterial);
            var ex = Assert.Throws<HuaweiApiException>(() => Authorization());
            Assert.Equal("NotConnected", ex.ErrorCode);
        }
    }
}
