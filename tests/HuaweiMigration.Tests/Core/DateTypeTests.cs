using System;
using System.Linq;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>Every time an admin can read is a DateTime, as in AWS Tools and Az, so that it subtracts from Get-Date.</summary>
    public class DateTypeTests
    {
        static readonly Type[] OutputTypes = typeof(HuaweiCloudSession).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == "HuaweiMigration" && t.IsClass).ToArray();

        [Fact]
        public void NoOutputTypeHasADateTimeOffsetProperty()
        {
            var offenders = OutputTypes.SelectMany(t => t.GetProperties().Where(p =>
                    p.PropertyType == typeof(DateTimeOffset) || p.PropertyType == typeof(DateTimeOffset?))
                .Select(p => t.Name + "." + p.Name)).ToList();
            Assert.NotEmpty(OutputTypes);
            Assert.Empty(offenders);
        }

        [Fact]
        public void EveryLocalTimeHasAUtcTwin()
        {
            var times = OutputTypes.SelectMany(t => t.GetProperties().Where(p =>
                (p.PropertyType == typeof(DateTime) || p.PropertyType == typeof(DateTime?)) && !p.Name.EndsWith("Utc"))
                .Select(p => (Type: t, Property: p))).ToList();
            Assert.Contains(times, x => x.Type == typeof(DcsMigrationTask) && x.Property.Name == "CreatedAt");
            Assert.All(times, x => Assert.Equal(x.Property.PropertyType, x.Type.GetProperty(x.Property.Name + "Utc")?.PropertyType));
        }

        [Fact]
        public void TheLocalTimeIsTheUtcTimeInTheLocalZone()
        {
            var stats = new DcsMigrationStats { SampledAtUtc = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc) };
            Assert.Equal(DateTimeKind.Local, stats.SampledAt.Kind);
            Assert.Equal(stats.SampledAtUtc, stats.SampledAt.ToUniversalTime());
        }
    }
}
