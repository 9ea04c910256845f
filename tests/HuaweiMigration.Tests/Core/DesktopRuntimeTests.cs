using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Reflection;
using HuaweiMigration.Core;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>The Windows PowerShell 5.1 (.NET Framework) settings, as far as they run on .NET here.</summary>
    public class DesktopRuntimeTests
    {
        [Fact]
        public void SystemDefaultProtocolsAreLeftToTheOs()
        {
            Assert.Equal((SecurityProtocolType)0, DesktopRuntime.WithTls12((SecurityProtocolType)0));
            Assert.Equal(SecurityProtocolType.Tls | SecurityProtocolType.Tls12, DesktopRuntime.WithTls12(SecurityProtocolType.Tls));
            Assert.Equal(SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13, DesktopRuntime.WithTls12(SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13));
        }

        [Fact]
        public void EveryEndpointOfASessionGetsConnectionsForTheLargestThrottleLimit()
        {
            var points = new Dictionary<string, ServicePoint>();
            var asked = new List<Uri>();
            ServicePoint Of(Uri u)
            {
                asked.Add(u);
                string key = u.GetLeftPart(UriPartial.Authority);
                if (!points.TryGetValue(key, out var p))
#pragma warning disable SYSLIB0014 // ServicePoint is what .NET Framework's HttpClientHandler obeys.
                    points[key] = p = ServicePointManager.FindServicePoint(new Uri("http://127.0.0.1:" + (40000 + points.Count) + "/"));
#pragma warning restore SYSLIB0014
                return p;
            }
            var dcs = new Uri("https://dcs.cn-north-4.myhuaweicloud.com/");
            var drs = new Uri("https://drs.cn-north-4.myhuaweicloud.com/");
            var iam = new Uri("https://iam.cn-north-4.myhuaweicloud.com/");
            var kept = DesktopRuntime.RaiseConnectionLimits(new[] { dcs, drs, iam, new Uri(dcs, "v2/") }, servicePointOf: Of);
            Assert.Equal(new[] { dcs, drs, iam }, asked);
            // The caller keeps these: .NET Framework holds service points only weakly.
            Assert.Equal(points.Values, kept);
            Assert.All(points.Values, p => Assert.True(p.ConnectionLimit >= DesktopRuntime.MaxThrottleLimit));

            points.Values.First().ConnectionLimit = 500;
            DesktopRuntime.RaiseConnectionLimits(new[] { dcs }, 8, Of);
            Assert.Equal(500, points.Values.First().ConnectionLimit);

            // The real lookup (through the default proxy) runs on this runtime too.
            DesktopRuntime.RaiseConnectionLimits(new[] { new Uri("http://127.0.0.1:40999/") });
        }

        [Fact]
        public void TheLargestThrottleLimitIsTheOneTheCmdletsAccept()
        {
            var limits = typeof(HuaweiCloudSession).Assembly.GetTypes()
                .Where(t => typeof(System.Management.Automation.Cmdlet).IsAssignableFrom(t))
                .SelectMany(t => t.GetProperties()).Where(p => p.Name == "ThrottleLimit")
                .Select(p => p.GetCustomAttribute<System.Management.Automation.ValidateRangeAttribute>())
                .ToList();
            Assert.NotEmpty(limits);
            Assert.All(limits, a => Assert.Equal(DesktopRuntime.MaxThrottleLimit, Convert.ToInt32(a.MaxRange)));
        }

        [Theory]
        [InlineData("7.0.13", false, true)]
        [InlineData("7.3.12", false, true)]
        [InlineData("7.4.0", false, false)]
        [InlineData("7.6.9", false, false)]
        [InlineData("5.1.19041.4648", true, false)]
        public void PowerShellBefore74IsRefusedWithAClearMessage(string version, bool desktop, bool refused)
        {
            string message = DesktopRuntime.UnsupportedPowerShell(new Version(version), desktop);
            Assert.Equal(refused, message != null);
            if (refused) Assert.Contains("7.4 or later", message);
        }

        [Fact]
        public void TheResolverAnswersOnlyForShippedNamesAndPrefersASatisfyingLoadedAssembly()
        {
            var loads = new List<string>();
            var fake = typeof(DesktopRuntimeTests).Assembly;
            string file = Path.GetTempFileName();
            try
            {
                var shipped = new ShippedAssemblies(new Dictionary<string, string> { ["System.Text.Json"] = file, ["System.Memory"] = file },
                    p => { loads.Add(p); return fake; }, p => new AssemblyName("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"));
                var loaded = AppDomain.CurrentDomain.GetAssemblies();
                var json = typeof(System.Text.Json.JsonSerializer).Assembly;

                Assert.Null(shipped.Resolve(new AssemblyName("Newtonsoft.Json, Version=13.0.0.0"), loaded));
                Assert.Null(shipped.Resolve(new AssemblyName("HuaweiMigration"), loaded));
                Assert.Same(json, shipped.Resolve(new AssemblyName("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"), loaded));
                Assert.Empty(loads);

                // The shipped file answers only what it satisfies: not a later version, not another key.
                Assert.Null(shipped.Resolve(new AssemblyName("System.Text.Json, Version=99.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"), loaded));
                Assert.Null(shipped.Resolve(new AssemblyName("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=0123456789abcdef"), new Assembly[0]));
                Assert.Empty(loads);
                Assert.Same(fake, shipped.Resolve(new AssemblyName("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"), new Assembly[0]));
                Assert.Same(fake, shipped.Resolve(new AssemblyName("System.Memory, Version=4.0.1.2"), new Assembly[0]));
                Assert.Equal(new[] { file, file }, loads);
            }
            finally { File.Delete(file); }
        }

        [Fact]
        public void TheShippedSetIsTheModuleFolderButTheModule()
        {
            var shipped = ShippedAssemblies.In(Path.GetDirectoryName(TestPaths.ModuleManifest));
            var loads = new List<string>();
            var probe = new ShippedAssemblies(new Dictionary<string, string>(), p => { loads.Add(p); return null; });
            Assert.Null(probe.Resolve(new AssemblyName("System.Text.Json"), new Assembly[0]));
            Assert.NotNull(shipped.Resolve(new AssemblyName("System.Text.Json, Version=1.0.0.0"), AppDomain.CurrentDomain.GetAssemblies()));
            Assert.Null(shipped.Resolve(new AssemblyName("HuaweiMigration"), new Assembly[0]));
            Assert.Null(shipped.Resolve(new AssemblyName("System.Management.Automation"), new Assembly[0]));

            // The real shipped System.Text.Json, read by reflection: its own version and key are what a request must fit.
            var dir = Path.GetDirectoryName(TestPaths.ModuleManifest);
            var fileName = AssemblyName.GetAssemblyName(Path.Combine(dir, "System.Text.Json.dll"));
            var real = new ShippedAssemblies(new Dictionary<string, string> { ["System.Text.Json"] = Path.Combine(dir, "System.Text.Json.dll") }, p => { loads.Add(p); return null; });
            var newer = new AssemblyName(fileName.FullName) { Version = new Version(fileName.Version.Major + 1, 0, 0, 0) };
            Assert.Null(real.Resolve(newer, new Assembly[0]));
            Assert.Empty(loads);
            real.Resolve(fileName, new Assembly[0]);
            Assert.Single(loads);
        }
    }
}
