using System;
using System.Collections.Generic;
using HuaweiMigration.Drs;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>Set-DrsJobAlarm's decisions alone: which jobs are refused before any request, and the alarm reported once set.</summary>
    public class DrsAlarmRuleTests
    {
        static DrsJob Job(string id, string status = "INCRE_TRANSFER_STARTED", string mode = "FULL_INCR_TRANS") =>
            new DrsJob { Id = id, Name = "n-" + id, Status = status, TaskMode = mode, EngineType = "mysql" };

        static readonly Dictionary<string, DrsJob> Jobs = new Dictionary<string, DrsJob>(StringComparer.OrdinalIgnoreCase)
        {
            ["ok"] = Job("ok"), ["gone"] = Job("gone", status: "RELEASE_RESOURCE_COMPLETE"), ["full"] = Job("full", mode: "FULL_TRANS"),
        };

        [Theory]
        [InlineData("ok", null)]
        [InlineData("gone", "JobStopped")]
        [InlineData("full", "JobNotIncremental")]
        [InlineData("typo", "JobNotFound")]
        public void RefusesWhatIsNotThereOrCannotHaveTheAlarm(string id, string errorId)
        {
            var refusal = DrsAlarmRule.Refusal(id, Jobs, out var job);
            Assert.Equal(errorId, refusal?.ErrorCode);
            Assert.Equal(errorId == "JobNotFound", job == null);
            if (errorId == "JobNotFound") Assert.StartsWith("DRS job typo: ", refusal.ServiceMessage);
        }

        [Fact]
        public void TheAlarmSetCarriesTheJobAndTheSettings()
        {
            var settings = new DrsAlarmSettings { DelayThresholdSeconds = 30, RpoThresholdSeconds = 10, NotifyOnFailure = true, Emails = new[] { "ops@example.com" } };
            var alarm = DrsAlarmRule.Applied(Jobs["ok"], settings);
            Assert.Equal(("ok", "n-ok", "INCRE_TRANSFER_STARTED", "mysql"), (alarm.JobId, alarm.JobName, alarm.Status, alarm.EngineType));
            Assert.Equal((30, (int?)null, (int?)10, true, "email: ops@example.com"),
                (alarm.DelayThresholdSeconds, alarm.RtoThresholdSeconds, alarm.RpoThresholdSeconds, alarm.NotifyOnFailure, alarm.Recipients));
        }
    }
}
