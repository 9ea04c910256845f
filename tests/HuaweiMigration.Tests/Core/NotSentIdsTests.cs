using System.Linq;
using HuaweiMigration.Core;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    public class NotSentIdsTests
    {
        static HuaweiApiException NotSent() => new HuaweiApiException("APIG.0301", "Not sent", ApiErrorCategory.AuthenticationError) { NotSent = true };

        [Fact]
        public void TakesOnlyRequestsNotSentAndGroupsThemByServiceDcsFirst()
        {
            var ids = new NotSentIds();
            Assert.False(ids.TryAdd(MigrationService.Dcs, "t0", new HuaweiApiException("APIG.0301", "rejected", ApiErrorCategory.AuthenticationError)));
            Assert.False(ids.TryAdd(MigrationService.Dcs, "t0", null));
            Assert.True(ids.TryAdd(MigrationService.Drs, "j1\nj2", NotSent()));
            Assert.True(ids.TryAdd(MigrationService.Dcs, "t1", NotSent()));
            Assert.True(ids.TryAdd(MigrationService.Dcs, "t1", NotSent()));
            Assert.Equal(4, ids.Count);
            var groups = ids.TakeByService();
            Assert.Equal(new[] { MigrationService.Dcs, MigrationService.Drs }, groups.Select(g => g.Key));
            Assert.Equal(new[] { "t1", "t1" }, groups[0].Value);
            Assert.Equal(new[] { "j1", "j2" }, groups[1].Value);
            Assert.Equal(0, ids.Count);
            Assert.Empty(ids.TakeByService());
        }
    }
}
