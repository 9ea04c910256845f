using HuaweiMigration.Core;
using HuaweiMigration.Drs;
using HuaweiMigration.Readiness;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>How a failed comparison cancel or start is judged from what is read afterwards.</summary>
    public class ComparisonJudgeTests
    {
        static readonly HuaweiApiException Lost = new HuaweiApiException("Http502", "bad gateway", ApiErrorCategory.ResourceUnavailable, 502);
        static readonly HuaweiApiException Refused = new HuaweiApiException("DRS.10000024", "ended", ApiErrorCategory.InvalidOperation, 400);

        static DrsComparison C(DrsComparisonStatus status, string id = "c1", string text = null) =>
            new DrsComparison { JobId = "j", CompareJobId = id, Type = DrsComparisonType.Rows, Status = status, StatusText = text };

        [Theory]
        [InlineData(DrsComparisonStatus.Cancelled)]
        [InlineData(DrsComparisonStatus.Succeeded)]
        [InlineData(DrsComparisonStatus.Failed)]
        public void AnEndedComparisonIsTheCancelsResult(DrsComparisonStatus status)
        {
            Assert.Equal(status, DrsComparisonClient.JudgeCancel("c1", Lost, C(status)).Status);
            Assert.Equal(status, DrsComparisonClient.JudgeCancel("c1", Refused, C(status)).Status);
        }

        [Fact]
        public void ARunningComparisonMeansTheCancelDidNotTakeEffect()
        {
            Assert.Null(DrsComparisonClient.JudgeCancel("c1", Lost, C(DrsComparisonStatus.Running)));
            Assert.Null(DrsComparisonClient.JudgeCancel("c1", Refused, C(DrsComparisonStatus.Waiting)));
            Assert.Null(DrsComparisonClient.JudgeCancel("c1", Refused, null));
        }

        [Fact]
        public void AnUnknownStatusOrAComparisonGoneCannotTellAfterALostAnswer()
        {
            var e = Assert.Throws<HuaweiApiException>(() => DrsComparisonClient.JudgeCancel("c1", Lost, C(DrsComparisonStatus.Unknown, text: "PAUSED")));
            Assert.Same(Lost, e.InnerException);
            Assert.Contains("'PAUSED'", e.Message);
            e = Assert.Throws<HuaweiApiException>(() => DrsComparisonClient.JudgeCancel("c1", Lost, null));
            Assert.Same(Lost, e.InnerException);
            Assert.Contains("no longer listed", e.Message);
        }

        [Fact]
        public void ALostObjectStartIsJudgedByTheComparisonId()
        {
            Assert.Null(ComparisonRunner.NewObjectComparison(Lost, null, null));
            Assert.Null(ComparisonRunner.NewObjectComparison(Lost, C(DrsComparisonStatus.Succeeded, "old"), C(DrsComparisonStatus.Succeeded, "old")));
            Assert.Equal("new", ComparisonRunner.NewObjectComparison(Lost, C(DrsComparisonStatus.Succeeded, "old"), C(DrsComparisonStatus.Running, "new")).CompareJobId);
            Assert.Equal("new", ComparisonRunner.NewObjectComparison(Lost, null, C(DrsComparisonStatus.Running, "new")).CompareJobId);
            Assert.Same(Lost, Assert.Throws<HuaweiApiException>(() => ComparisonRunner.NewObjectComparison(Lost, null, C(DrsComparisonStatus.Running, ""))).InnerException);
        }
    }
}
