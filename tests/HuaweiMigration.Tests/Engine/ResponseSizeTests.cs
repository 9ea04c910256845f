using System;
using System.Threading;
using HuaweiMigration.Simulator;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>
    /// An answer over 16 MB, declared, streamed or inflated, is one non-retried ResponseTooLarge error after one
    /// request, and the process never holds much more than the cap.
    /// </summary>
    public class ResponseSizeTests
    {
        const long FarBelowThePayload = 256L * 1024 * 1024;

        /// <summary>How far managed memory rose above its level before <paramref name="run"/>, sampled while it ran.</summary>
        static long PeakGrowthDuring(Action run)
        {
            long baseline = GC.GetTotalMemory(true), peak = baseline;
            bool done = false;
            var sampler = new Thread(() =>
            {
                while (!Volatile.Read(ref done))
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(false));
                    Thread.Sleep(5);
                }
            }) { IsBackground = true };
            sampler.Start();
            try { run(); }
            finally
            {
                Volatile.Write(ref done, true);
                sampler.Join();
            }
            return peak - baseline;
        }

        public static TheoryData<string, string> Bodies => new TheoryData<string, string>
        {
            { "endless", "dcs.task" },
            { "huge", "dcs.task" },
            { "gzip", "dcs.task" },
            { "endless", "drs.batch" },
            { "gzip", "dcs.stats" },
        };

        static Fault Hostile(string kind) => kind switch
        {
            "endless" => Fault.EndlessBody(),
            "huge" => Fault.HugeContentLength(),
            _ => Fault.GzipBomb(),
        };

        [Theory]
        [MemberData(nameof(Bodies))]
        public void AnOversizedAnswerIsOneRequestAndOneResponseTooLargeError(string kind, string route)
        {
            using var h = SimHost.Start(connectArgs: "-MaxRetryCount 3");
            h.Sim.Faults.Add(Hostile(kind).On(route).Forever());
            string id = route.StartsWith("dcs") ? h.Scenario.DcsTasks[0].TaskId : h.Scenario.DrsJobs[0].JobId;
            string command = route == "dcs.task" ? "Get-DcsMigrationTask -TaskId" : route == "dcs.stats" ? "Get-DcsMigrationStats -TaskId" : "Get-DrsJobProgress -JobId";
            ScriptResult r = null;
            long growth = PeakGrowthDuring(() => r = h.Run($"{command} {id}"));

            Assert.Empty(r.Output);
            var e = r.SingleError;
            Assert.Equal("ResponseTooLarge", e.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(id, e.TargetObject);
            Assert.Contains("16 MB", e.Exception.Message);
            Assert.Equal(1, h.Sim.Requests.Count(route));
            Assert.True(growth < FarBelowThePayload, $"managed memory grew by {growth / (1024 * 1024)} MB");
        }

        [Fact]
        public void ALargeButPossibleAnswerIsStillRead()
        {
            using var h = SimHost.Start();
            // 8 MB of JSON whitespace around a real body parses: the cap is on size, not on what the answer looks like.
            string id = h.Scenario.DcsTasks[0].TaskId;
            var real = h.Run($"Get-DcsMigrationTask -TaskId {id}");
            Assert.Single(real.Output);
            h.Sim.Faults.Add(Fault.Malformed("{\"task_id\":\"" + id + "\",\"status\":\"MIGRATING\"" + new string(' ', 8 * 1024 * 1024) + "}").On("dcs.task"));
            var r = h.Run($"Get-DcsMigrationTask -TaskId {id}");
            Assert.Empty(r.AllErrors);
            Assert.Single(r.Output);
        }
    }
}
