using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Simulator;
using HuaweiMigration.Watch;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>
    /// Every fault the simulator can inject, through the cmdlets: each ends in success after bounded retries or in ONE
    /// error record whose ErrorId is the service code, Http&lt;status&gt;, Timeout, ConnectionFailed or InvalidResponse,
    /// whose TargetObject is the task or job id, and whose message carries the request id when the service sent one.
    /// </summary>
    public class FaultTests
    {
        const string RequestIdPattern = @"request id [0-9a-f]{32}";

        static string Dcs(SimHost h) => h.Scenario.DcsTasks[0].TaskId;
        static string Drs(SimHost h) => h.Scenario.DrsJobs[0].JobId;

        static ErrorRecord OneError(ScriptResult r, string errorId, object target)
        {
            Assert.Empty(r.Output);
            var e = r.SingleError;
            Assert.Equal(errorId, e.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(target, e.TargetObject);
            Assert.False(string.IsNullOrWhiteSpace(e.Exception.Message));
            return e;
        }

        static double GapSeconds(SimHost h, string route, int first, int second)
        {
            var at = h.Sim.Requests.All.Where(q => q.Route == route).Select(q => q.At).ToArray();
            return (at[second] - at[first]).TotalSeconds;
        }

        [Fact]
        public void AConnectionResetIsRetriedToSuccess()
        {
            using var h = SimHost.Start(connectArgs: "-MaxRetryCount 2");
            h.Sim.Faults.Add(Fault.Reset().On("dcs.stats", Dcs(h)).Repeat(2));
            var r = h.Run($"Get-DcsMigrationStats -TaskId {Dcs(h)}");
            Assert.Empty(r.AllErrors);
            Assert.Equal(Dcs(h), r.Objects<DcsMigrationStats>().Single().TaskId);
            Assert.Equal(3, h.Sim.Requests.Count("dcs.stats", Dcs(h)));
        }

        [Fact]
        public void ConnectionResetsThatGoOnEndInOneConnectionFailedError()
        {
            using var h = SimHost.Start(connectArgs: "-MaxRetryCount 2");
            h.Sim.Faults.Add(Fault.Reset().On("dcs.task", Dcs(h)).Forever());
            var r = h.Run($"Get-DcsMigrationTask -TaskId {Dcs(h)}");
            var e = OneError(r, "ConnectionFailed", Dcs(h));
            Assert.Equal(ErrorCategory.ConnectionError, e.CategoryInfo.Category);
            Assert.Equal(3, h.Sim.Requests.Count("dcs.task", Dcs(h)));
        }

        [Fact]
        public void AStallBeforeTheHeadersTimesOutPerAttempt()
        {
            using var h = SimHost.Start(connectArgs: "-TimeoutSec 1 -MaxRetryCount 1");
            h.Sim.Faults.Add(Fault.StallBeforeHeaders().On("dcs.stats", Dcs(h)).Forever());
            var watch = Stopwatch.StartNew();
            var r = h.Run($"Get-DcsMigrationStats -TaskId {Dcs(h)}");
            watch.Stop();
            var e = OneError(r, "Timeout", Dcs(h));
            Assert.Equal(ErrorCategory.OperationTimeout, e.CategoryInfo.Category);
            // The time across both tries, not one try's.
            Assert.Contains("in 2 tries over", e.Exception.Message);
            Assert.Contains("each try may take 1 s", e.Exception.Message);
            Assert.InRange(watch.Elapsed.TotalSeconds, 1.9, 4.5);
            Assert.Equal(2, h.Sim.Requests.Count("dcs.stats", Dcs(h)));
        }

        [Fact]
        public void HeadersThenAStalledBodyTimeOutPerAttempt()
        {
            using var h = SimHost.Start(connectArgs: "-TimeoutSec 1 -MaxRetryCount 1");
            h.Sim.Faults.Add(Fault.StallBody().On("drs.batch").Forever());
            var watch = Stopwatch.StartNew();
            var r = h.Run($"Get-DrsJobProgress -JobId {Drs(h)}");
            watch.Stop();
            var e = OneError(r, "Timeout", Drs(h));
            Assert.Equal(ErrorCategory.OperationTimeout, e.CategoryInfo.Category);
            Assert.InRange(watch.Elapsed.TotalSeconds, 1.9, 4.5);
            Assert.Equal(2, h.Sim.Requests.Count("drs.batch"));
        }

        [Fact]
        public void AStalledBodyOnceIsRetriedToSuccess()
        {
            using var h = SimHost.Start(connectArgs: "-TimeoutSec 1 -MaxRetryCount 1");
            h.Sim.Faults.Add(Fault.StallBody().On("dcs.stats", Dcs(h)));
            var r = h.Run($"Get-DcsMigrationStats -TaskId {Dcs(h)}");
            Assert.Empty(r.AllErrors);
            Assert.Single(r.Output);
            Assert.Equal(2, h.Sim.Requests.Count("dcs.stats", Dcs(h)));
        }

        [Theory]
        [InlineData("dcs.task")]
        [InlineData("dcs.stats")]
        [InlineData("drs.batch")]
        public void TruncatedJsonIsOneInvalidResponseErrorWithTheRequestId(string route)
        {
            using var h = SimHost.Start();
            h.Sim.Faults.Add(Fault.Truncate().On(route).Forever());
            string id = route.StartsWith("dcs") ? Dcs(h) : Drs(h);
            string command = route == "dcs.task" ? "Get-DcsMigrationTask -TaskId" : route == "dcs.stats" ? "Get-DcsMigrationStats -TaskId" : "Get-DrsJobProgress -JobId";
            var r = h.Run($"{command} {id}");
            var e = OneError(r, "InvalidResponse", id);
            Assert.Equal(ErrorCategory.InvalidResult, e.CategoryInfo.Category);
            Assert.Matches(RequestIdPattern, e.Exception.Message);
            Assert.Equal(1, h.Sim.Requests.Count(route));
        }

        [Fact]
        public void MalformedJsonNeverEchoesTheBody()
        {
            using var h = SimHost.Start();
            string body = "{\"task_id\":\"x\",\"source_instance\":{\"port\":nope,\"password\":\"hunter2-redis\"}}";
            h.Sim.Faults.Add(Fault.Malformed(body).On("dcs.task").Forever());
            var r = h.Run($"Get-DcsMigrationTask -TaskId {Dcs(h)}");
            var e = OneError(r, "InvalidResponse", Dcs(h));
            Assert.DoesNotContain("hunter2-redis", string.Join("\n", r.AllText().Where(t => t != null)));
            Assert.Matches(RequestIdPattern, e.Exception.Message);
        }

        [Fact]
        public void Throttle429HonoursRetryAfter()
        {
            using var h = SimHost.Start();
            h.Sim.Faults.Add(Fault.Throttle429(2).On("dcs.stats", Dcs(h)));
            var r = h.Run($"Get-DcsMigrationStats -TaskId {Dcs(h)}");
            Assert.Empty(r.AllErrors);
            Assert.Single(r.Output);
            Assert.Equal(2, h.Sim.Requests.Count("dcs.stats", Dcs(h)));
            double gap = GapSeconds(h, "dcs.stats", 0, 1);
            Assert.True(gap >= 1.95, $"the retry came {gap:0.00} s after a Retry-After of 2 s");
        }

        [Fact]
        public void Throttle429WithoutRetryAfterBacksOffAndSucceeds()
        {
            using var h = SimHost.Start();
            h.Sim.Faults.Add(Fault.Throttle429().On("drs.batch").Repeat(2));
            var r = h.Run($"Get-DrsJobProgress -JobId {Drs(h)} -Verbose");
            Assert.Empty(r.AllErrors);
            Assert.Equal(Drs(h), r.Objects<DrsJobProgress>().Single().JobId);
            Assert.Equal(3, h.Sim.Requests.Count("drs.batch"));
            // Jittered exponential backoff from 500 ms: 250-500 ms, then 500-1000 ms.
            Assert.InRange(GapSeconds(h, "drs.batch", 0, 1), 0.2, 1.5);
            Assert.InRange(GapSeconds(h, "drs.batch", 1, 2), 0.45, 2.5);
            Assert.Equal(2, r.Verbose.Count(v => v.StartsWith("Retrying") && v.Contains("APIG.0308")));
        }

        [Fact]
        public void Apig0308ThatGoesOnIsOneLimitsExceededErrorWithTheRequestId()
        {
            using var h = SimHost.Start(connectArgs: "-MaxRetryCount 1");
            h.Sim.Faults.Add(Fault.Apig0308().On("dcs.stats", Dcs(h)).Forever());
            var r = h.Run($"Get-DcsMigrationStats -TaskId {Dcs(h)}");
            var e = OneError(r, "APIG.0308", Dcs(h));
            Assert.Equal(ErrorCategory.LimitsExceeded, e.CategoryInfo.Category);
            Assert.Contains("The request is throttled.", e.Exception.Message);
            Assert.Matches(RequestIdPattern, e.Exception.Message);
            Assert.Equal(2, h.Sim.Requests.Count("dcs.stats", Dcs(h)));
        }

        [Fact]
        public void Apig0308IsRetriedWhateverTheStatus()
        {
            using var h = SimHost.Start();
            h.Sim.Faults.Add(Fault.ServiceError(400, "APIG.0308", "The request is throttled.").On("dcs.stats", Dcs(h)));
            var r = h.Run($"Get-DcsMigrationStats -TaskId {Dcs(h)}");
            Assert.Empty(r.AllErrors);
            Assert.Equal(2, h.Sim.Requests.Count("dcs.stats", Dcs(h)));
        }

        [Theory]
        [InlineData(502, "Bad Gateway")]
        [InlineData(503, "Service Temporarily Unavailable")]
        public void HtmlErrorPagesEndInOneErrorNamingTheStatusWithoutHtml(int status, string title)
        {
            using var h = SimHost.Start(connectArgs: "-MaxRetryCount 1");
            h.Sim.Faults.Add(Fault.HtmlError(status).On("drs.batch").Forever());
            var r = h.Run($"Get-DrsJobProgress -JobId {Drs(h)}");
            var e = OneError(r, "Http" + status, Drs(h));
            Assert.Equal(ErrorCategory.ResourceUnavailable, e.CategoryInfo.Category);
            Assert.Contains("HTTP " + status, e.Exception.Message);
            Assert.Contains(title, e.Exception.Message);
            Assert.DoesNotContain("<", e.Exception.Message);
            Assert.DoesNotContain("nginx", e.Exception.Message);
            Assert.Matches(RequestIdPattern, e.Exception.Message);
            Assert.Equal(2, h.Sim.Requests.Count("drs.batch"));
        }

        [Theory]
        [InlineData("dcs.task")]
        [InlineData("drs.batch")]
        [InlineData("drs.objects")]
        public void Apig0301IsNeverRetried(string route)
        {
            using var h = SimHost.Start(connectArgs: "-MaxRetryCount 5");
            h.Sim.Faults.Add(Fault.Unauthorized().On(route).Forever());
            string id = route.StartsWith("dcs") ? Dcs(h) : h.Scenario.DrsJobs[3].JobId;
            string command = route == "dcs.task" ? $"Get-DcsMigrationTask -TaskId {id}"
                : route == "drs.batch" ? $"Get-DrsJobProgress -JobId {id}" : $"Get-DrsJobProgress -JobId {id} -ObjectType table -First 5";
            var r = h.Run(command);
            var e = OneError(r, "APIG.0301", id);
            Assert.Equal(ErrorCategory.AuthenticationError, e.CategoryInfo.Category);
            Assert.Matches(RequestIdPattern, e.Exception.Message);
            Assert.Equal(1, h.Sim.Requests.Count(route));
        }

        [Fact]
        public void TotalRetryTimeIsBounded()
        {
            using var h = SimHost.Start(connectArgs: "-MaxRetryCount 2");
            h.Sim.Faults.Add(Fault.HtmlError(503).On("dcs.stats").Forever());
            var watch = Stopwatch.StartNew();
            var r = h.Run($"Get-DcsMigrationStats -TaskId {Dcs(h)}");
            watch.Stop();
            OneError(r, "Http503", Dcs(h));
            Assert.Equal(3, h.Sim.Requests.Count("dcs.stats"));
            // Two jittered backoffs of at most 0.5 + 1 s.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"a forever 503 took {watch.Elapsed} to give up");
        }

        [Fact]
        public void OneFailingIdAmongManyGivesOneErrorAndTheOthersStillArrive()
        {
            using var h = SimHost.Start(connectArgs: "-MaxRetryCount 1");
            var ids = h.Scenario.DcsTasks.Select(t => t.TaskId).ToArray();
            h.Sim.Faults.Add(Fault.Reset().On("dcs.stats", ids[1]).Forever());
            h.Ps.SetVariable("ids", ids);
            var r = h.Run("$ids | Get-DcsMigrationStats");
            var e = r.SingleError;
            Assert.Equal("ConnectionFailed", e.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ids[1], e.TargetObject);
            Assert.Equal(ids.Where((_, i) => i != 1), r.Objects<DcsMigrationStats>().Select(s => s.TaskId));
        }
    }

    public class WatchFaultTests
    {
        [Fact]
        public void WatchGoesOnThroughATransientFault()
        {
            var s = WatchScenarios.Build(100, x => x.DcsTasks.Add(WatchScenarios.Dcs("dcs-t", new MigrationBehavior { FullSyncSeconds = 200 })));
            using var h = SimHost.Start(s, connectArgs: "-MaxRetryCount 0");
            h.Sim.Faults.Add(Fault.Reset().On("dcs.stats", "dcs-t"));
            var r = h.Run("Watch-Migration -DcsTaskId dcs-t -Interval 1 -Timeout 30");
            Assert.Empty(r.AllErrors);
            var status = r.Objects<MigrationStatus>().Single();
            Assert.True(status.ConditionMet);
            Assert.Equal("SUCCESS", status.Status);
            Assert.Equal(1, r.Warnings.Count(w => w.Contains("dcs-t") && w.Contains("retrying") && w.Contains("connection")));
        }

        [Fact]
        public void WatchRetriesInsideOnePollWhenTheSessionAllowsRetries()
        {
            var s = WatchScenarios.Build(100, x => x.DrsJobs.Add(WatchScenarios.Drs("drs-r", new MigrationBehavior { FullSyncSeconds = 150 })));
            using var h = SimHost.Start(s, connectArgs: "-MaxRetryCount 2");
            h.Sim.Faults.Add(Fault.HtmlError(502).On("drs.batch").Repeat(2));
            var r = h.Run("Watch-Migration -DrsJobId drs-r -Interval 1 -Timeout 30");
            Assert.Empty(r.AllErrors);
            Assert.Empty(r.Warnings);
            Assert.True(r.Objects<MigrationStatus>().Single().ConditionMet);
        }

        [Fact]
        public void AForeverFaultOnOneTaskNeverLosesAnotherTasksStatus()
        {
            var s = WatchScenarios.Build(100, x =>
            {
                x.DcsTasks.Add(WatchScenarios.Dcs("dcs-good", new MigrationBehavior { FullSyncSeconds = 150 }));
                x.DcsTasks.Add(WatchScenarios.Dcs("dcs-bad", new MigrationBehavior { FullSyncSeconds = 150 }));
                x.DrsJobs.Add(WatchScenarios.Drs("drs-good", new MigrationBehavior { FullSyncSeconds = 150 }));
            });
            using var h = SimHost.Start(s, connectArgs: "-MaxRetryCount 0");
            h.Sim.Faults.Add(Fault.Reset().On("dcs.stats", "dcs-bad").Forever());
            var r = h.Run("Watch-Migration -DcsTaskId dcs-good, dcs-bad -DrsJobId drs-good -Interval 1 -Timeout 30");
            var error = r.Errors.Single();
            Assert.Equal("ConnectionFailed", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal("dcs-bad", error.TargetObject);
            Assert.Null(r.Terminating);
            var statuses = r.Objects<MigrationStatus>();
            var good = statuses.Single(x => x.Id == "dcs-good");
            Assert.Equal(("SUCCESS", true), (good.Status, good.ConditionMet));
            Assert.True(statuses.Single(x => x.Id == "drs-good").ConditionMet);
            Assert.DoesNotContain(statuses, x => x.Id == "dcs-bad");
            Assert.Equal(MigrationWatcher.MaxConsecutiveFailures, h.Sim.Requests.Count("dcs.stats", "dcs-bad"));
        }
    }
}
