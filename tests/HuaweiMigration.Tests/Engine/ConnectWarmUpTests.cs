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

        /// <summary>
        /// Started at import, the warm-up overlaps the engine's loading of the format file and Connect's binding, not
        /// only Connect's own request.
        /// </summary>
        [Fact]
        public void ImportStartsTheFirstCallWarmUp()
        {
            int before = FirstCallWarmUp.StartRequests;
            using (new PowerShellHost())
                Assert.True(FirstCallWarmUp.StartRequests > before, "Import-Module did not start the warm-up");
        }
    }
}
