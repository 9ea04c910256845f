using System;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>The watch view's computed columns: Lag for both services, and an ETA only when it says something.</summary>
    public class ViewColumnsTests
    {
        static MigrationStatus Status(MigrationService service, MigrationPhase phase, bool met, TimeSpan? eta = null,
            long? keys = null, TimeSpan? delay = null) => new MigrationStatus
            {
                Service = service, Id = "x", Phase = phase, ConditionMet = met, EstimatedTimeRemaining = eta,
                KeysRemaining = keys, IncrementalDelay = delay, Condition = WatchCondition.CaughtUp,
            };

        [Fact]
        public void LagIsKeysLeftForDcsAndTheDelayForDrs()
        {
            Assert.Equal("137k keys", ViewColumns.Lag(Status(MigrationService.Dcs, MigrationPhase.FullSync, false, keys: 136628)));
            Assert.Equal("0 keys", ViewColumns.Lag(Status(MigrationService.Dcs, MigrationPhase.Incremental, true, keys: 0)));
            Assert.Equal("2m05s", ViewColumns.Lag(Status(MigrationService.Drs, MigrationPhase.Incremental, false, delay: TimeSpan.FromSeconds(125))));
            Assert.Null(ViewColumns.Lag(Status(MigrationService.Drs, MigrationPhase.FullSync, false)));
        }

        [Fact]
        public void TheEtaIsBlankWhileUnmetWithNothingToSay()
        {
            // Full sync done, lag still above -MaxDelay: the watcher's estimate is zero, which is not "ready in 0s".
            Assert.Null(ViewColumns.Eta(Status(MigrationService.Drs, MigrationPhase.Incremental, false, TimeSpan.Zero, delay: TimeSpan.FromMinutes(3))));
            Assert.Null(ViewColumns.Eta(Status(MigrationService.Dcs, MigrationPhase.FullSync, false)));
            Assert.Null(ViewColumns.Eta(Status(MigrationService.Dcs, MigrationPhase.Incremental, true, TimeSpan.Zero)));
            Assert.Equal("12m05s", ViewColumns.Eta(Status(MigrationService.Dcs, MigrationPhase.FullSync, false, TimeSpan.FromSeconds(725))));
        }

        [Fact]
        public void TheEndpointColumnSaysPublicOrTheOneHost()
        {
            var one = new Uri("http://127.0.0.1:45123/");
            Assert.Equal("127.0.0.1:45123", ViewColumns.Endpoint(one, one, one));
            var gw = new Uri("https://gw.example.com/");
            Assert.Equal("gw.example.com", ViewColumns.Endpoint(gw, gw, gw));
            var region = HuaweiMigration.Core.ServiceEndpoints.ForRegion("eu-west-101", _ => null);
            Assert.Equal("public", ViewColumns.Endpoint(region.Dcs, region.Drs, region.Iam));
            Assert.Equal("custom", ViewColumns.Endpoint(gw, region.Drs, region.Iam));
        }

        [Theory]
        [InlineData(0, "0")]
        [InlineData(950, "950")]
        [InlineData(9499, "9.5k")]
        [InlineData(9960, "10k")]
        [InlineData(999499, "999k")]
        [InlineData(999500, "1.0M")]
        [InlineData(12345678, "12M")]
        [InlineData(2000000000, "2.0G")]
        public void CountsFitFourCharacters(long value, string text)
        {
            Assert.Equal(text, ViewColumns.Count(value));
            Assert.True(text.Length <= 4);
        }
    }
}
