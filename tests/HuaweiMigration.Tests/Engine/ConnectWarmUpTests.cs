using HuaweiMigration.Core;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    public class ConnectWarmUpTests
    {
        [Fact]
        public void ConnectStartsTheFirstCallWarmUp()
        {
            using var h = SimHost.Start(connect: false);
            int before = FirstCallWarmUp.StartRequests;
            h.Run(h.ConnectCommand());
            Assert.True(FirstCallWarmUp.StartRequests > before, "Connect-HuaweiCloud did not start the warm-up");
        }
    }
}
