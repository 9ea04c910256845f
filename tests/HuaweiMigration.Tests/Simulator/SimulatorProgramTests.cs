using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace HuaweiMigration.Tests.Simulator
{
    /// <summary>The simulator as a user starts it: a child process, its stdout and stderr.</summary>
    public class SimulatorProgramTests
    {
        static Process Start(params string[] args)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(typeof(HuaweiMigration.Simulator.Program).Assembly.Location);
            foreach (var a in args) info.ArgumentList.Add(a);
            return Process.Start(info);
        }

        [Fact]
        public async System.Threading.Tasks.Task APortInUseIsOneLineOnStandardError()
        {
            using var taken = new TcpListener(IPAddress.Loopback, 0);
            taken.Start();
            int port = ((IPEndPoint)taken.LocalEndpoint).Port;
            using var p = Start("--port", port.ToString());
            var stderr = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(60_000));
            Assert.Equal(2, p.ExitCode);
            Assert.Equal("", stdout);
            var lines = (await stderr).Trim().Split('\n');
            Assert.Single(lines);
            Assert.Contains("address already in use", lines[0]);
        }

        [Fact]
        public void ThePasteLineCarriesTheSecurityTokenOfATemporaryKey()
        {
            string path = Path.Combine(Path.GetTempPath(), "hm-sim-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(path, SimulatorTestKit.ScenarioJson.Replace(
                """{ "accessKey": "TESTAK0000000000", "secretKey": "test-secret-key" },""", ""));
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            using var p = Start("--port", port.ToString(), "--scenario", path);
            var text = new StringBuilder();
            try
            {
                string line;
                while ((line = p.StandardOutput.ReadLine()) != null && !line.StartsWith("Press Ctrl+C")) text.AppendLine(line);
            }
            finally
            {
                if (!p.HasExited) p.Kill();
                File.Delete(path);
            }
            string banner = text.ToString();
            Assert.Contains("ConvertTo-SecureString 'temporary-security-token'", banner);
            Assert.Contains("-SecretKey $sk -SecurityToken $token", banner);
        }
    }
}
