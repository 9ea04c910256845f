using System;
using System.Linq;
using HuaweiMigration.Simulator;
using HuaweiMigration.Tests.Core;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>
    /// The comparison starts and cancel are state changes: with the default retries, a lost answer is judged by reading
    /// the comparisons, and the request is sent again only when the read shows the first did not take effect.
    /// </summary>
    public sealed class ComparisonStateChangeTests
    {
        static SimHost Start()
        {
            var h = SimHost.Start(Scenario.Parse(ReadinessCheckerTests.ScenarioJson), connectArgs: "-MaxRetryCount 3");
            h.Sim.Clock.Advance(TimeSpan.FromSeconds(200));
            return h;
        }

        [Fact]
        public void ACancelThatTookEffectIsNotSentAgain()
        {
            using var h = Start();
            Assert.Empty(h.Run("Start-DrsComparison -JobId never -Type Rows -Confirm:$false").AllErrors);
            h.Sim.Faults.Add(Fault.HtmlError(502).AfterActing().On(Routes.DrsDataCompareCancel).Repeat(1));
            var r = h.Run("Stop-DrsComparison -JobId never -Confirm:$false -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Equal(DrsComparisonStatus.Cancelled, r.Objects<DrsComparison>().Single().Status);
            Assert.Equal(1, h.Sim.Requests.Count(Routes.DrsDataCompareCancel));
        }

        [Fact]
        public void ACancelThatDidNotTakeEffectIsSentOnceMoreAfterTheRead()
        {
            using var h = Start();
            Assert.Empty(h.Run("Start-DrsComparison -JobId never -Type Rows -Confirm:$false").AllErrors);
            h.Sim.Faults.Add(Fault.HtmlError(502).On(Routes.DrsDataCompareCancel).Repeat(1));
            var r = h.Run("Stop-DrsComparison -JobId never -Confirm:$false -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Equal(DrsComparisonStatus.Cancelled, r.Objects<DrsComparison>().Single().Status);
            Assert.Equal(2, h.Sim.Requests.Count(Routes.DrsDataCompareCancel));
            var log = h.Sim.Requests.All.Select(x => x.Route).ToList();
            Assert.Equal(Routes.DrsDataCompareList, log[log.IndexOf(Routes.DrsDataCompareCancel) + 1]);
        }

        [Fact]
        public void ACancelWhoseSecondTryIsLostTooIsOneErrorNamingTheComparison()
        {
            using var h = Start();
            Assert.Empty(h.Run("Start-DrsComparison -JobId never -Type Rows -Confirm:$false").AllErrors);
            h.Sim.Faults.Add(Fault.HtmlError(502).On(Routes.DrsDataCompareCancel).Repeat(5));
            var e = h.Run("Stop-DrsComparison -JobId never -Confirm:$false").SingleError;
            Assert.StartsWith("Http502,", e.FullyQualifiedErrorId);
            Assert.Equal("never", e.TargetObject);
            Assert.Equal(2, h.Sim.Requests.Count(Routes.DrsDataCompareCancel));
        }

        [Theory]
        [InlineData("Rows", Routes.DrsDataCompareStart)]
        [InlineData("Object", Routes.DrsObjectCompareStart)]
        public void AStartThatTookEffectIsNotSentAgain(string type, string route)
        {
            using var h = Start();
            h.Sim.Faults.Add(Fault.HtmlError(502).AfterActing().On(route).Repeat(1));
            var r = h.Run($"Start-DrsComparison -JobId never -Type {type} -Confirm:$false -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Equal(type, r.Objects<DrsComparison>().Single().TypeName);
            Assert.Equal(1, h.Sim.Requests.Count(route));
        }

        [Theory]
        [InlineData("Rows", Routes.DrsDataCompareStart, Routes.DrsDataCompareList)]
        [InlineData("Object", Routes.DrsObjectCompareStart, Routes.DrsObjectCompare)]
        public void AStartThatDidNotTakeEffectIsSentOnceMoreAfterTheRead(string type, string route, string read)
        {
            using var h = Start();
            h.Sim.Faults.Add(Fault.HtmlError(502).On(route).Repeat(1));
            var r = h.Run($"Start-DrsComparison -JobId never -Type {type} -Confirm:$false -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Equal(type, r.Objects<DrsComparison>().Single().TypeName);
            Assert.Equal(2, h.Sim.Requests.Count(route));
            var log = h.Sim.Requests.All.Select(x => x.Route).ToList();
            Assert.Equal(read, log[log.IndexOf(route) + 1]);
        }

        [Fact]
        public void AThrottledStartIsRetriedWithoutARead()
        {
            using var h = Start();
            h.Sim.Faults.Add(Fault.Throttle429(0).On(Routes.DrsObjectCompareStart).Repeat(1));
            var r = h.Run("Start-DrsComparison -JobId never -Type Object -Confirm:$false -PassThru");
            Assert.Empty(r.AllErrors);
            Assert.Equal(2, h.Sim.Requests.Count(Routes.DrsObjectCompareStart));
        }
    }
}
