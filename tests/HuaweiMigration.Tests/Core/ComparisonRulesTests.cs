using HuaweiMigration.Core;
using HuaweiMigration.Drs;
using HuaweiMigration.Readiness;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    public class ComparisonRulesTests
    {
        static DrsComparison C(string id, DrsComparisonStatus status) =>
            new DrsComparison { JobId = "job", CompareJobId = id, Type = DrsComparisonType.Rows, Status = status, StatusText = status.ToString() };

        [Fact]
        public void DescribesTheTypesAndTables()
        {
            Assert.Equal("Object comparison", ComparisonRules.Describe(new[] { DrsComparisonType.Object }, null));
            Assert.Equal("Object, Rows comparisons of db.a, db.b",
                ComparisonRules.Describe(new[] { DrsComparisonType.Object, DrsComparisonType.Rows }, new[] { "db.a", "db.b" }));
        }

        [Fact]
        public void CancelsTheUnfinishedOneButNeverOneOfUnknownStatus()
        {
            var list = new[] { C("done", DrsComparisonStatus.Succeeded), C("odd", DrsComparisonStatus.Unknown), C("run", DrsComparisonStatus.Running) };
            Assert.Equal("run", ComparisonRules.PickToCancel("job", list, null, true, out var error).CompareJobId);
            Assert.Null(error);
        }

        [Fact]
        public void NothingRunningIsNoRunningComparison()
        {
            var list = new[] { C("done", DrsComparisonStatus.Succeeded), C("odd", DrsComparisonStatus.Unknown) };
            Assert.Null(ComparisonRules.PickToCancel("job", list, null, true, out var error));
            Assert.Equal("NoRunningComparison", error.ErrorCode);
            Assert.Equal(ApiErrorCategory.ObjectNotFound, error.Category);
            Assert.Contains("no row or value comparison is running", error.Message);
        }

        [Fact]
        public void ANamedComparisonThatEndedIsNotCancelled()
        {
            var list = new[] { C("done", DrsComparisonStatus.Succeeded), C("run", DrsComparisonStatus.Running) };
            Assert.Null(ComparisonRules.PickToCancel("job", list, "done", true, out var error));
            Assert.Contains("the comparison done has already ended (Succeeded)", error.Message);
            Assert.Null(ComparisonRules.PickToCancel("job", list, "gone", true, out error));
            Assert.Contains("the job has no data comparison gone", error.Message);
        }

        [Fact]
        public void ANamedComparisonAppliesToOneJobOnly()
        {
            var list = new[] { C("done", DrsComparisonStatus.Succeeded), C("run", DrsComparisonStatus.Running) };
            Assert.Equal("run", ComparisonRules.PickToCancel("job", list, "done", false, out _).CompareJobId);
        }

        [Theory]
        [InlineData(DrsComparisonStatus.Succeeded, null)]
        [InlineData(DrsComparisonStatus.Running, "ComparisonTimeout")]
        [InlineData(DrsComparisonStatus.Waiting, "ComparisonTimeout")]
        [InlineData(DrsComparisonStatus.Unknown, "ComparisonTimeout")]
        [InlineData(DrsComparisonStatus.Failed, "ComparisonFailed")]
        [InlineData(DrsComparisonStatus.Cancelled, "ComparisonFailed")]
        public void AWaitEndsWellOnlyOnSuccess(DrsComparisonStatus status, string errorId)
        {
            var end = ComparisonRules.WaitEnd(C("c1", status), 30);
            Assert.Equal(errorId, end?.ErrorCode);
            if (errorId == "ComparisonTimeout") Assert.Contains("did not finish within 30 s", end.Message);
        }
    }
}
