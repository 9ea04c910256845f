using System;
using System.Linq;
using System.Reflection;
using System.Text.Json.Serialization;
using HuaweiMigration.Core;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>
    /// WireReader names each wire type's members itself. A member added to a wire type but not to the reader would be
    /// read by WireJson.Parse and silently skipped by the reader, which is what the first calls use.
    /// </summary>
    public class WireReaderFieldsTests
    {
        [Theory]
        [InlineData("TaskFields", "HuaweiMigration.Dcs.DcsTaskWire")]
        [InlineData("InstanceFields", "HuaweiMigration.Dcs.DcsInstanceWire")]
        [InlineData("BackupFilesFields", "HuaweiMigration.Dcs.DcsBackupFilesWire")]
        [InlineData("BackupFileFields", "HuaweiMigration.Dcs.DcsBackupFileWire")]
        [InlineData("StatsFields", "HuaweiMigration.Dcs.DcsStatsWire")]
        [InlineData("TaskListFields", "HuaweiMigration.Dcs.DcsTaskListWire")]
        [InlineData("BatchFields", "HuaweiMigration.Drs.DrsBatchWire")]
        [InlineData("ProgressFields", "HuaweiMigration.Drs.DrsProgressWire")]
        [InlineData("PartFields", "HuaweiMigration.Drs.DrsPartWire")]
        [InlineData("ProjectListFields", "HuaweiMigration.Iam.ProjectListWire")]
        [InlineData("ProjectFields", "HuaweiMigration.Iam.ProjectWire")]
        public void TheReaderKnowsEveryMemberOfTheWireType(string fieldList, string wireType)
        {
            var assembly = typeof(WireJson).Assembly;
            var type = assembly.GetType(wireType, throwOnError: true);
            var declared = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name)
                .Where(n => n != null)
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToArray();
            var read = ((string[])typeof(WireReader).GetField(fieldList, BindingFlags.NonPublic | BindingFlags.Static).GetValue(null))
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToArray();
            Assert.NotEmpty(declared);
            Assert.Equal(declared, read);
        }
    }
}
