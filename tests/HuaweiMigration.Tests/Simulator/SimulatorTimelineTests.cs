using System;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using HuaweiMigration.Simulator;
using Xunit;
using static HuaweiMigration.Tests.Simulator.SimulatorTestKit;

namespace HuaweiMigration.Tests.Simulator
{
    public class SimulatorTimelineTests
    {
        static async Task<JsonElement> Stats(SimulatorServer server, string taskId)
        {
            var (status, json) = await GetAsync(server, P($"migration-task/{taskId}/stats"));
            Assert.Equal(HttpStatusCode.OK, status);
            return json;
        }

        static async Task<string> DcsStatus(SimulatorServer server, string taskId)
        {
            var (_, json) = await GetAsync(server, P($"migration-task/{taskId}"));
            return json.GetProperty("status").GetString();
        }

        [Fact]
        public async Task DcsFullMigrationIsLinearThenSucceeds()
        {
            await using var server = await StartAsync();
            // Starts at t=10 and takes 100 s.
            server.At(5);
            var s = await Stats(server, "dcs-complete");
            Assert.Equal("RUNNING", await DcsStatus(server, "dcs-complete"));
            Assert.Equal(0, s.Long("full_migration_progress"));
            Assert.False(s.GetProperty("is_migrating").GetBoolean());

            server.At(35);
            s = await Stats(server, "dcs-complete");
            Assert.Equal("FULLMIGRATING", await DcsStatus(server, "dcs-complete"));
            Assert.Equal(25, s.Long("full_migration_progress"));
            Assert.Equal(25000, s.Long("target_dbsize"));
            Assert.True(s.GetProperty("is_migrating").GetBoolean());
            Assert.True(s.Long("target_ops") > 0 && s.Long("target_input_kbps") > 0);
            long offset = s.Long("offset");

            server.At(85);
            s = await Stats(server, "dcs-complete");
            Assert.Equal(75, s.Long("full_migration_progress"));
            Assert.Equal(75000, s.Long("target_dbsize"));
            Assert.True(s.Long("offset") > offset);

            server.At(110);
            s = await Stats(server, "dcs-complete");
            Assert.Equal("SUCCESS", await DcsStatus(server, "dcs-complete"));
            Assert.Equal(100, s.Long("full_migration_progress"));
            Assert.Equal(100000, s.Long("target_dbsize"));
            Assert.False(s.GetProperty("is_migrating").GetBoolean());
            Assert.Equal(JsonValueKind.Number, s.GetProperty("source_dbsize").ValueKind);
        }

        [Fact]
        public async Task DcsIncrementalLagDecaysWithHalfLife()
        {
            await using var server = await StartAsync();
            server.At(100);
            Assert.Equal("INCRMIGEATING", await DcsStatus(server, "dcs-incr"));
            Assert.Equal(100000 - 8000, (await Stats(server, "dcs-incr")).Long("target_dbsize"));
            server.At(110);
            Assert.Equal(100000 - 4000, (await Stats(server, "dcs-incr")).Long("target_dbsize"));
            server.At(130);
            var s = await Stats(server, "dcs-incr");
            Assert.Equal(100000 - 1000, s.Long("target_dbsize"));
            Assert.True(s.GetProperty("is_migrating").GetBoolean());
            Assert.Equal(100, s.Long("full_migration_progress"));
            // 8000 * 0.5^14 = 0.49 keys: rounds to the final lag.
            server.At(240);
            Assert.Equal(100000, (await Stats(server, "dcs-incr")).Long("target_dbsize"));
        }

        [Fact]
        public async Task DcsFailFreezesAtFailPercent()
        {
            await using var server = await StartAsync();
            server.At(39);
            Assert.Equal("FULLMIGRATING", await DcsStatus(server, "dcs-fail"));
            server.At(40);
            Assert.Equal("MIGRATION_FAILED", await DcsStatus(server, "dcs-fail"));
            server.At(90);
            var s = await Stats(server, "dcs-fail");
            Assert.Equal("MIGRATION_FAILED", await DcsStatus(server, "dcs-fail"));
            Assert.Equal(40, s.Long("full_migration_progress"));
            Assert.Equal(40000, s.Long("target_dbsize"));
            Assert.False(s.GetProperty("is_migrating").GetBoolean());
        }

        [Fact]
        public async Task DcsStallStaysMigratingAtStallPercent()
        {
            await using var server = await StartAsync();
            server.At(500);
            var s = await Stats(server, "dcs-stall");
            Assert.Equal("FULLMIGRATING", await DcsStatus(server, "dcs-stall"));
            Assert.Equal(60, s.Long("full_migration_progress"));
            Assert.Equal(60000, s.Long("target_dbsize"));
            Assert.Equal(0, s.Long("target_ops"));
            Assert.True(s.GetProperty("is_migrating").GetBoolean());
        }

        [Fact]
        public async Task DcsPendingAndTerminated()
        {
            await using var server = await StartAsync();
            server.At(1000);
            Assert.Equal("RUNNING", await DcsStatus(server, "dcs-pending"));
            Assert.Equal(0, (await Stats(server, "dcs-pending")).Long("full_migration_progress"));
            Assert.Equal("TERMINATED", await DcsStatus(server, "dcs-terminated"));
            Assert.Equal(25, (await Stats(server, "dcs-terminated")).Long("full_migration_progress"));
        }

        [Fact]
        public async Task DcsNumbersAsStrings()
        {
            await using var server = await StartAsync();
            server.At(50);
            var s = await Stats(server, "dcs-strings");
            foreach (var name in new[] { "full_migration_progress", "offset", "source_dbsize", "target_dbsize", "target_input_kbps", "target_ops" })
                Assert.Equal(JsonValueKind.String, s.GetProperty(name).ValueKind);
            Assert.Equal("531221", s.GetProperty("source_dbsize").GetString());
            Assert.Equal("50", s.GetProperty("full_migration_progress").GetString());
            Assert.Equal(JsonValueKind.True, s.GetProperty("is_migrating").ValueKind);
        }

        [Fact]
        public async Task DrsFullJobCompletesWithLinearRemainingTime()
        {
            await using var server = await StartAsync();
            server.At(50);
            var (status, batch) = await BatchAsync(server, "drs-full");
            Assert.Equal(HttpStatusCode.Accepted, status);
            var job = Job(batch, "drs-full");
            Assert.Equal("FULL_TRANSFER_STARTED", job.GetProperty("transfer_status").GetString());
            Assert.Equal("25", job.GetProperty("progress").GetString());
            Assert.Equal("150", job.GetProperty("remaining_time").GetString());
            Assert.Equal("FULL_TRANS", job.GetProperty("task_mode").GetString());
            Assert.Equal(server.Clock.Now.ToUnixTimeMilliseconds().ToString(), job.GetProperty("process_time").GetString());
            var map = job.GetProperty("progress_map");
            Assert.Equal("25", map.GetProperty("data").GetProperty("completed").GetString());
            Assert.Equal("100", map.GetProperty("structure").GetProperty("completed").GetString());
            Assert.Equal("0", map.GetProperty("index").GetProperty("completed").GetString());

            server.At(150);
            job = Job((await BatchAsync(server, "drs-full")).Json, "drs-full");
            Assert.Equal("75", job.GetProperty("progress").GetString());
            Assert.Equal("50", job.GetProperty("remaining_time").GetString());

            server.At(200);
            job = Job((await BatchAsync(server, "drs-full")).Json, "drs-full");
            Assert.Equal("FULL_TRANSFER_COMPLETE", job.GetProperty("transfer_status").GetString());
            Assert.Equal("100", job.GetProperty("progress").GetString());
        }

        [Fact]
        public async Task DrsIncrementalDelayDecays()
        {
            await using var server = await StartAsync();
            server.At(100);
            var job = Job((await BatchAsync(server, "drs-incr")).Json, "drs-incr");
            Assert.Equal("INCRE_TRANSFER_STARTED", job.GetProperty("transfer_status").GetString());
            Assert.Equal("100", job.GetProperty("progress").GetString());
            Assert.Equal("120", job.GetProperty("incre_trans_delay").GetString());
            Assert.Equal(120000, job.GetProperty("incre_trans_delay_millis").GetInt64());
            server.At(160);
            job = Job((await BatchAsync(server, "drs-incr")).Json, "drs-incr");
            Assert.Equal("60", job.GetProperty("incre_trans_delay").GetString());
            Assert.Equal(60000, job.GetProperty("incre_trans_delay_millis").GetInt64());
            server.At(190);
            job = Job((await BatchAsync(server, "drs-incr")).Json, "drs-incr");
            Assert.Equal(Math.Round(60000 / Math.Sqrt(2)), job.GetProperty("incre_trans_delay_millis").GetInt64());
            Assert.Equal("42", job.GetProperty("incre_trans_delay").GetString());
        }

        [Fact]
        public async Task DrsFailStallPendingReleased()
        {
            await using var server = await StartAsync();
            server.At(95);
            var (_, batch) = await BatchAsync(server, "drs-fail", "drs-stall", "drs-pending", "drs-released");
            var fail = Job(batch, "drs-fail");
            Assert.Equal("FULL_TRANSFER_FAILED", fail.GetProperty("transfer_status").GetString());
            Assert.Equal("50", fail.GetProperty("progress").GetString());
            Assert.False(fail.TryGetProperty("remaining_time", out _));
            var stall = Job(batch, "drs-stall");
            Assert.Equal("FULL_TRANSFER_STARTED", stall.GetProperty("transfer_status").GetString());
            Assert.Equal("70", stall.GetProperty("progress").GetString());
            Assert.False(stall.TryGetProperty("remaining_time", out _));
            var pending = Job(batch, "drs-pending");
            Assert.Equal("WAITING_FOR_START", pending.GetProperty("transfer_status").GetString());
            Assert.False(pending.TryGetProperty("remaining_time", out _));
            Assert.Equal("RELEASE_RESOURCE_COMPLETE", Job(batch, "drs-released").GetProperty("transfer_status").GetString());
        }

        [Fact]
        public async Task DrsNumbersWhenAsked()
        {
            await using var server = await StartAsync();
            server.At(40);
            var job = Job((await BatchAsync(server, "drs-numbers")).Json, "drs-numbers");
            Assert.Equal(40, job.GetProperty("progress").GetInt32());
            Assert.Equal(60, job.GetProperty("remaining_time").GetInt32());
            Assert.Equal(JsonValueKind.Number, job.GetProperty("process_time").ValueKind);
            Assert.Equal(JsonValueKind.Number, job.GetProperty("progress_map").GetProperty("data").GetProperty("completed").ValueKind);
            Assert.False(job.TryGetProperty("incre_trans_delay_millis", out _));
        }

        [Fact]
        public void TimeScaleMultipliesRealTimeAndAdvanceAdds()
        {
            var clock = new SimulatedClock(DateTimeOffset.UnixEpoch, timeScale: 0);
            Assert.Equal(TimeSpan.Zero, clock.Elapsed);
            clock.Advance(TimeSpan.FromSeconds(30));
            Assert.Equal(TimeSpan.FromSeconds(30), clock.Elapsed);
            clock.TimeScale = 1000;
            System.Threading.Thread.Sleep(50);
            Assert.InRange(clock.Elapsed.TotalSeconds, 30 + 40, 30 + 5000);
            clock.TimeScale = 0;
            var frozen = clock.Elapsed;
            System.Threading.Thread.Sleep(20);
            Assert.Equal(frozen, clock.Elapsed);
            Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
        }

        [Theory]
        [InlineData(0, 0, 100, 0)]
        [InlineData(50, 37, 100, 100)]
        [InlineData(50, 50, 100, 50)]
        [InlineData(50, 63, 100, 0)]
        [InlineData(100, 99, 100, 100)]
        public void ObjectProgressIsStaggered(double jobPercent, long index, long count, int expected) =>
            Assert.Equal(expected, Timeline.ObjectProgress(jobPercent, index, count));
    }
}
