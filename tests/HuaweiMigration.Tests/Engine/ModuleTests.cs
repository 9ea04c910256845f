using System.Linq;
using HuaweiMigration.Tests.Engine;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    public class ModuleTests
    {
        static readonly string[] Cmdlets =
        {
            "Connect-HuaweiCloud", "Disconnect-HuaweiCloud", "Export-MigrationReport", "Get-DcsMigrationStats", "Get-DcsMigrationTask",
            "Get-DrsComparison", "Get-DrsJob", "Get-DrsJobProgress", "Get-HuaweiCloudSession", "Set-DrsJobAlarm", "Set-HuaweiCloudSession", "Start-DrsComparison",
            "Stop-DcsMigrationTask", "Stop-DrsComparison", "Stop-DrsJob", "Switch-DcsMigrationIp", "Test-MigrationReadiness", "Watch-Migration",
        };

        [Fact]
        public void ImportsFromOutAndExportsTheCmdlets()
        {
            using var host = new PowerShellHost();
            var r = host.Run("(Get-Module HuaweiMigration).ExportedCmdlets.Keys");
            Assert.Null(r.Terminating);
            var names = r.Output.Select(o => o.ToString()).OrderBy(n => n).ToArray();
            Assert.Equal(Cmdlets, names);
            var path = host.Run("(Get-Module HuaweiMigration).ModuleBase").Output.Single().ToString();
            Assert.Equal(System.IO.Path.GetFullPath(TestPaths.ModuleDir).TrimEnd('/'), path.TrimEnd('/'));
        }

        [Theory]
        [InlineData("Get-DcsMigrationTask")]
        [InlineData("Get-DcsMigrationStats -TaskId x")]
        public void DataCmdletWithoutSessionSaysNotConnected(string command)
        {
            using var host = new PowerShellHost();
            var r = host.Run(command);
            var error = r.SingleError;
            Assert.Equal("NotConnected", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("Connect-HuaweiCloud", error.Exception.Message);
            Assert.Empty(r.Output);
        }
    }
}
