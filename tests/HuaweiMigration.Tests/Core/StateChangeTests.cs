using System;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>The decisions of the state-changing requests, without a server: when to send again, and how a read is judged.</summary>
    public class StateChangeTests
    {
        static readonly HuaweiApiException Lost = new HuaweiApiException("Http502", "Bad gateway", ApiErrorCategory.ResourceUnavailable, 502);
        static readonly HuaweiApiException Refused = new HuaweiApiException("DCS.4127", "Cannot stop", ApiErrorCategory.InvalidArgument, 400);

        static DcsMigrationTask Task(string status, string taskStatus = null) => new DcsMigrationTask { TaskId = "t", Status = status, TaskStatus = taskStatus };

        static async Task<(string Result, int Sends, int Reads)> Run(Func<int, HuaweiApiException> failSend, Func<int, string> judge)
        {
            int sends = 0, reads = 0;
            string result = await StateChange.SendAsync(
                ct => { sends++; var f = failSend(sends); return f == null ? System.Threading.Tasks.Task.FromResult("sent") : System.Threading.Tasks.Task.FromException<string>(f); },
                (failure, ct) => { reads++; return System.Threading.Tasks.Task.FromResult(judge(reads)); }, CancellationToken.None);
            return (result, sends, reads);
        }

        [Fact]
        public async Task ALostAnswerThatTookEffectIsNotSentAgain()
        {
            var r = await Run(_ => Lost, _ => "stopped");
            Assert.Equal(("stopped", 1, 1), r);
        }

        [Fact]
        public async Task ALostAnswerThatDidNotTakeEffectIsSentOnceMore()
        {
            var r = await Run(n => n == 1 ? Lost : null, _ => null);
            Assert.Equal(("sent", 2, 1), r);
        }

        [Fact]
        public async Task NeverMoreThanTwoSends()
        {
            var e = await Assert.ThrowsAsync<HuaweiApiException>(() => Run(_ => Lost, _ => null));
            Assert.Equal("Http502", e.ErrorCode);
        }

        [Fact]
        public async Task ARefusalIsNotSentAgainEvenWhenTheReadShowsNoEffect()
        {
            int sends = 0;
            var e = await Assert.ThrowsAsync<HuaweiApiException>(() => Run(n => { sends = n; return Refused; }, _ => null));
            Assert.Same(Refused, e);
            Assert.Equal(1, sends);
        }

        [Fact]
        public async Task AFailedReadAfterALostAnswerSaysItCannotTell()
        {
            var e = await Assert.ThrowsAsync<HuaweiApiException>(() => StateChange.SendAsync<string>(
                ct => System.Threading.Tasks.Task.FromException<string>(Lost),
                (f, ct) => System.Threading.Tasks.Task.FromException<string>(new HuaweiApiException("Timeout", "t", ApiErrorCategory.OperationTimeout)),
                CancellationToken.None));
            Assert.Equal("Http502", e.ErrorCode);
            Assert.Contains("not sent again", e.Message);
        }

        [Theory]
        [InlineData("TERMINATING", true, StopOutcome.Requested)]
        [InlineData("TERMINATING", false, StopOutcome.AlreadyStopping)]
        [InlineData("TERMINATED", true, StopOutcome.Requested)]
        [InlineData("TERMINATED", false, StopOutcome.AlreadyEnded)]
        [InlineData("SUCCESS", false, StopOutcome.AlreadyEnded)]
        [InlineData("MIGRATION_FAILED", true, StopOutcome.AlreadyEnded)]
        public void DcsStopIsJudgedByTheTaskStatus(string status, bool lost, StopOutcome outcome) =>
            Assert.Equal(outcome, DcsTaskStop.Judge(lost ? Lost : Refused, Task(status)).Outcome);

        [Fact]
        public void ARunningDcsTaskMeansTheStopDidNotTakeEffect() => Assert.Null(DcsTaskStop.Judge(Lost, Task("INCRMIGEATING")));

        [Fact]
        public void AnUnknownDcsStatusIsNeverTakenAsStoppedNorSentAgain()
        {
            var e = Assert.Throws<HuaweiApiException>(() => DcsTaskStop.Judge(Lost, Task("PAUSED_BY_OPS")));
            Assert.Contains("PAUSED_BY_OPS", e.Message);
            Assert.Same(Lost, e.InnerException);
        }

        static DrsJobResult Read(string status) =>
            new DrsJobResult("j", new DrsJobProgress { JobId = "j", TransferStatus = status, TaskMode = "FULL_INCR_TRANS" }, null);

        [Theory]
        [InlineData("RELEASE_RESOURCE_STARTED", false, StopOutcome.AlreadyStopping)]
        [InlineData("RELEASE_RESOURCE_COMPLETE", false, StopOutcome.AlreadyEnded)]
        [InlineData("RELEASE_RESOURCE_STARTED", true, StopOutcome.Requested)]
        public void DrsStopIsJudgedByTheJobStatus(string status, bool lost, StopOutcome outcome)
        {
            var r = DrsJobStop.Judge("j", lost ? Lost : Refused, Read(status));
            Assert.Null(r.Error);
            Assert.Equal(outcome, r.Outcome);
        }

        [Fact]
        public void DrsReleaseFailedIsStopFailedAndUnknownIsNeverStopped()
        {
            Assert.Equal("StopFailed", DrsJobStop.Judge("j", Refused, Read("RELEASE_RESOURCE_FAILED")).Error.ErrorCode);
            Assert.NotNull(DrsJobStop.Judge("j", Lost, Read("SOMETHING_NEW")).Error);
            Assert.Null(DrsJobStop.Judge("j", Lost, Read("INCRE_TRANSFER_STARTED")));
        }

        [Theory]
        [InlineData("INCRMIGEATING", null, false, null)]
        [InlineData("FULLMIGRATING", null, false, "FULLMIGRATING")]
        [InlineData("INCRMIGEATING", "EXCHANGING", false, "EXCHANGING")]
        [InlineData("INCRMIGEATING", "ROLLBACK_SUCCESS", false, null)]
        [InlineData("INCRMIGEATING", null, true, "not switched")]
        [InlineData("INCRMIGEATING", "EXCHANGE_SUCCESS", true, null)]
        public void TheIpSwitchIsRefusedOutsideItsPhaseNamingTheStatus(string status, string taskStatus, bool rollback, string named)
        {
            string refusal = DcsIpSwitch.Refusal(Task(status, taskStatus), rollback);
            if (named == null) Assert.Null(refusal);
            else Assert.Contains(named, refusal);
        }
    }
}
