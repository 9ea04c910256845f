using System.Linq;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>A Retry-After over 5 s is honoured and announced with one warning, so a quiet prompt has a reason.</summary>
    public class RetryAfterTests
    {
        [Fact]
        public void AWaitOverFiveSecondsIsOneWarningNamingTheWaitAndTheReason()
        {
            using var h = SimHost.Start();
            string id = h.Scenario.DcsTasks[0].TaskId;
            h.Sim.Faults.Add(Fault.Throttle429(6).On("dcs.stats", id));
            var r = h.Run($"Get-DcsMigrationStats -TaskId {id}");
            Assert.Empty(r.AllErrors);
            Assert.Single(r.Output);
            var warning = Assert.Single(r.Warnings);
            Assert.Contains("APIG.0308", warning);
            Assert.Contains("6 s", warning);
            Assert.Contains("Retry-After", warning);
            var at = h.Sim.Requests.All.Where(q => q.Route == "dcs.stats").Select(q => q.At).ToArray();
            Assert.Equal(2, at.Length);
            Assert.True((at[1] - at[0]).TotalSeconds >= 5.5, "Retry-After was not honoured");
        }
    }
}
