using System.Linq;
using HuaweiMigration.Core;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    public class MigrationIdListTests
    {
        [Fact]
        public void ANameNamesOneIdOnly()
        {
            Assert.Equal("orders", MigrationIdList.NameFor(1, "orders"));
            Assert.Null(MigrationIdList.NameFor(2, "orders"));
            Assert.Null(MigrationIdList.NameFor(1, ""));
        }

        [Fact]
        public void ARecordGivesDcsIdsThenDrsIds()
        {
            var one = MigrationIdList.Of(new[] { "t1" }, null, "cache");
            Assert.Equal("Dcs t1 cache", string.Join(";", one.Select(m => $"{m.Service} {m.Id} {m.Name}")));
            var two = MigrationIdList.Of(new[] { "t1" }, new[] { "j1" }, "cache");
            Assert.Equal("Dcs t1 ;Drs j1 ", string.Join(";", two.Select(m => $"{m.Service} {m.Id} {m.Name}")));
            Assert.Empty(MigrationIdList.Of(null, null, "cache"));
        }

        [Fact]
        public void KeepsEachServiceAndIdOnceInTheOrderFirstGiven()
        {
            var list = new MigrationIdList();
            Assert.True(list.Add(MigrationService.Drs, "j1", "first"));
            Assert.False(list.Add(MigrationService.Drs, "J1", "second"));
            Assert.True(list.Add(MigrationService.Dcs, "j1", null));
            Assert.False(list.Add(MigrationService.Dcs, "", null));
            Assert.False(list.Add(MigrationService.Dcs, null, null));
            list.AddRange(MigrationIdList.Of(new[] { "t2" }, new[] { "j1" }, null));
            Assert.Equal("Drs j1 first;Dcs j1 ;Dcs t2 ", string.Join(";", list.Items.Select(m => $"{m.Service} {m.Id} {m.Name}")));
        }
    }
}
