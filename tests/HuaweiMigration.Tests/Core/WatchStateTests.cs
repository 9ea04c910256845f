using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using HuaweiMigration.Core;
using HuaweiMigration.Watch;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>The -StatePath core alone: the document, its history thinning, the crash-safe file and its lock, and the resume rules.</summary>
    public sealed class WatchStateTests : IDisposable
    {
        static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        readonly string _dir = Path.Combine(Path.GetTempPath(), "hm-state-" + Guid.NewGuid().ToString("N"));

        public WatchStateTests() => Directory.CreateDirectory(_dir);
        public void Dispose() => Directory.Delete(_dir, true);

        string StatePath => Path.Combine(_dir, "watch.json");

        static WatchState Sample()
        {
            var state = new WatchState { Region = "cn-north-4", ProjectId = "0123456789abcdef0123456789abcdef" };
            state.Condition.Until = WatchCondition.CaughtUp;
            state.Condition.StallTimeout = TimeSpan.FromSeconds(900);
            var running = new WatchedMigration(MigrationService.Drs, "job-1") { Name = "orders \"db\" <x>" };
            running.LastStatus = new MigrationStatus
            {
                Service = MigrationService.Drs, Id = "job-1", Name = running.Name, Status = "INCRE_TRANSFER_STARTED", Phase = MigrationPhase.Incremental,
                Percent = 100, IncrementalDelay = TimeSpan.FromSeconds(42), SampledAtUtc = T0.AddMinutes(5).UtcDateTime, Condition = WatchCondition.CaughtUp,
            };
            running.ProgressKey = "INCRE_TRANSFER_STARTED|100||420000000";
            running.LastProgressAt = T0.AddMinutes(3);
            running.StallReported = true;
            running.ConsecutiveFailures = 2;
            running.FailingSince = T0.AddMinutes(4);
            running.Rate.Add(T0, 10);
            running.Rate.Add(T0.AddMinutes(1), 20);
            running.History.Add(new HistoryPoint { Time = T0, Status = "FULL_TRANSFER_STARTED", Phase = MigrationPhase.FullSync, Percent = 10 });
            running.History.Add(new HistoryPoint { Time = T0.AddMinutes(4), Error = "Http503" });
            var done = new WatchedMigration(MigrationService.Dcs, "task-1") { Name = "redis" };
            done.LastStatus = new MigrationStatus
            {
                Service = MigrationService.Dcs, Id = "task-1", Name = "redis", Status = "SUCCESS", Phase = MigrationPhase.Completed, Percent = 100,
                KeysRemaining = 0, SampledAtUtc = T0.AddMinutes(2).UtcDateTime, Condition = WatchCondition.CaughtUp, ConditionMet = true,
            };
            done.IsActive = false;
            done.Ended = new WatchEnding { Outcome = PollOutcome.ConditionMet, At = T0.AddMinutes(2) };
            var gone = new WatchedMigration(MigrationService.Dcs, "task-2") { IsActive = false };
            gone.Ended = new WatchEnding { Outcome = PollOutcome.GaveUp, At = T0.AddMinutes(1), Error = new HuaweiApiException("DCS.4133", "The task does not exist.", ApiErrorCategory.ObjectNotFound, 404, "req-9") };
            state.Items.AddRange(new[] { running, done, gone });
            return state;
        }

        [Fact]
        public void ADocumentReadsBackAsItWasWritten()
        {
            var back = WatchState.Parse(Sample().ToJson(T0.AddMinutes(6)), "x.json");
            Assert.Equal(("cn-north-4", "0123456789abcdef0123456789abcdef"), (back.Region, back.ProjectId));
            Assert.Equal((WatchCondition.CaughtUp, 900.0, 5.0, StallAction.Warning),
                (back.Condition.Until, back.Condition.StallTimeout.TotalSeconds, back.Condition.MaxDelay.TotalSeconds, back.Condition.StallAction));
            var running = back.Items[0];
            Assert.Equal((MigrationService.Drs, "job-1", "orders \"db\" <x>", true), (running.Service, running.Id, running.Name, running.IsActive));
            Assert.Null(running.Ended);
            Assert.Equal((MigrationPhase.Incremental, (TimeSpan?)TimeSpan.FromSeconds(42), T0.AddMinutes(5).UtcDateTime),
                (running.LastStatus.Phase, running.LastStatus.IncrementalDelay, running.LastStatus.SampledAtUtc));
            Assert.Null(running.LastStatus.KeysRemaining);
            Assert.Equal((T0.AddMinutes(3), true, 2, (DateTimeOffset?)T0.AddMinutes(4)),
                (running.LastProgressAt, running.StallReported, running.ConsecutiveFailures, running.FailingSince));
            Assert.Equal("INCRE_TRANSFER_STARTED|100||420000000", running.ProgressKey);
            Assert.Equal(10.0, running.Rate.Rate.Value, 6);
            Assert.Equal(new[] { "FULL_TRANSFER_STARTED", null }, running.History.Points.Select(p => p.Status));
            Assert.Equal("Http503", running.History.Points[1].Error);
            var done = back.Items[1];
            Assert.Equal((false, PollOutcome.ConditionMet, true), (done.IsActive, done.Ended.Outcome, done.LastStatus.ConditionMet));
            var gone = back.Items[2];
            Assert.Equal((PollOutcome.GaveUp, "DCS.4133", ApiErrorCategory.ObjectNotFound, (int?)404, "req-9"),
                (gone.Ended.Outcome, gone.Ended.Error.ErrorCode, gone.Ended.Error.Category, gone.Ended.Error.StatusCode, gone.Ended.Error.RequestId));
        }

        [Fact]
        public void AnEndForARejectedKeyIsNotSavedSoTheResumedWatchPollsAgain()
        {
            var state = Sample();
            var rejected = new WatchedMigration(MigrationService.Dcs, "task-3") { IsActive = false };
            rejected.Ended = new WatchEnding { Outcome = PollOutcome.GaveUp, At = T0, Error = new HuaweiApiException("APIG.0301", "Incorrect IAM authentication information.", ApiErrorCategory.AuthenticationError, 401) };
            state.Items.Add(rejected);
            var back = WatchState.Parse(state.ToJson(T0.AddMinutes(6)), "x.json");
            Assert.Equal((true, null), (back.Items[3].IsActive, back.Items[3].Ended));
            Assert.Equal(PollOutcome.GaveUp, back.Items[2].Ended.Outcome);
        }

        [Fact]
        public void TheDocumentKeepsTheNamesTheReportReads()
        {
            using var doc = JsonDocument.Parse(Sample().ToJson(T0));
            var root = doc.RootElement;
            Assert.Equal(("HuaweiMigration.WatchState", 1), (root.GetProperty("format").GetString(), root.GetProperty("version").GetInt32()));
            var item = root.GetProperty("items")[0];
            Assert.Equal("Drs", item.GetProperty("service").GetString());
            Assert.Equal(JsonValueKind.Null, item.GetProperty("ended").ValueKind);
            var point = item.GetProperty("history")[0];
            Assert.Equal("2026-03-01T08:00:00.000Z", point.GetProperty("t").GetString());
            Assert.Equal("FullSync", point.GetProperty("phase").GetString());
            Assert.Equal(10, point.GetProperty("percent").GetDouble());
            Assert.Equal(JsonValueKind.Null, point.GetProperty("delaySeconds").ValueKind);
            Assert.Equal(JsonValueKind.Null, point.GetProperty("keysRemaining").ValueKind);
            Assert.Equal(JsonValueKind.Object, root.GetProperty("items")[1].GetProperty("ended").ValueKind);
        }

        [Fact]
        public void HistoryStaysBoundedOverTheWholeSpanAndKeepsEveryChange()
        {
            var h = new SampleHistory();
            var changes = new System.Collections.Generic.List<DateTimeOffset>();
            string last = null;
            for (int i = 0; i < 50_000; i++)
            {
                var t = T0.AddSeconds(10 * i);
                HistoryPoint p;
                if (i % 7_000 == 3_500) p = new HistoryPoint { Time = t, Error = "Http502" };
                else p = new HistoryPoint { Time = t, Status = i < 20_000 ? "FULL" : "INCR", Phase = i < 20_000 ? MigrationPhase.FullSync : MigrationPhase.Incremental, Percent = i / 500.0 };
                string key = p.Error ?? p.Status;
                if (key != last) changes.Add(t);
                last = key;
                h.Add(p);
            }
            Assert.InRange(h.Points.Count, 1_000, SampleHistory.DefaultMaxPoints);
            Assert.Equal(T0, h.Points[0].Time);
            Assert.True(h.Points[h.Points.Count - 1].Time > T0.AddSeconds(10 * 49_000), "the recent end is there");
            foreach (var t in changes) Assert.Contains(h.Points, p => p.Time == t);
            // Even density: no stretch of the span is left without points.
            var gaps = h.Points.Zip(h.Points.Skip(1), (a, b) => b.Time - a.Time).ToList();
            Assert.True(gaps.Max() <= TimeSpan.FromSeconds(10 * h.Stride), $"largest gap {gaps.Max()}, stride {h.Stride}");
        }

        [Fact]
        public void ARestoredHistoryGoesOnThinningAtItsStride()
        {
            var h = new SampleHistory(100);
            for (int i = 0; i < 1000; i++) h.Add(new HistoryPoint { Time = T0.AddSeconds(i), Status = "S", Phase = MigrationPhase.FullSync });
            var state = new WatchState { Region = "r", ProjectId = "p" };
            var item = new WatchedMigration(MigrationService.Dcs, "t");
            foreach (var p in h.Points) item.History.Add(p, keep: true);
            state.Items.Add(item);
            var back = WatchState.Parse(state.ToJson(T0), "x").Items[0].History;
            Assert.Equal(item.History.Points.Count, back.Points.Count);
            Assert.Equal(item.History.Stride, back.Stride);
        }

        public static TheoryData<string, byte[]> BadFiles => new TheoryData<string, byte[]>
        {
            { "empty", new byte[0] },
            { "truncated", Encoding.UTF8.GetBytes("{\"format\":\"HuaweiMigration.WatchState\",\"version\":1,\"region\":\"cn-north-4\",\"items\":[{\"serv") },
            { "binary", new byte[] { 0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x01 } },
            { "foreign", Encoding.UTF8.GetBytes("{\"name\":\"package.json\",\"version\":\"1.0.0\"}") },
            { "no items", Encoding.UTF8.GetBytes("{\"format\":\"HuaweiMigration.WatchState\",\"version\":1,\"region\":\"r\",\"projectId\":\"p\",\"condition\":{\"until\":\"Completed\",\"maxDelaySeconds\":5,\"stallTimeoutSeconds\":600,\"stallAction\":\"Warning\"}}") },
            { "unknown phase", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Sample().ToJson(T0)).Replace("\"Incremental\"", "\"Sideways\"")) },
        };

        [Theory]
        [MemberData(nameof(BadFiles))]
        public void ABadFileIsUnreadableAndLeftAsItIs(string kind, byte[] bytes)
        {
            File.WriteAllBytes(StatePath, bytes);
            var ex = Assert.Throws<HuaweiApiException>(() => WatchCheckpoint.Open(StatePath, "cn-north-4", "p"));
            Assert.True(ex.ErrorCode == "StateFileUnreadable", kind + ": " + ex.ErrorCode);
            Assert.Contains(StatePath, ex.Message);
            Assert.Equal(bytes, File.ReadAllBytes(StatePath));
            // The lock was let go: the failed open does not block the next one.
            Assert.Equal("StateFileUnreadable", Assert.Throws<HuaweiApiException>(() => WatchCheckpoint.Open(StatePath, "cn-north-4", "p")).ErrorCode);
        }

        [Fact]
        public void ANewerVersionIsRefusedByName()
        {
            string json = Encoding.UTF8.GetString(Sample().ToJson(T0)).Replace("\"version\":1", "\"version\":2");
            File.WriteAllText(StatePath, json);
            var ex = Assert.Throws<HuaweiApiException>(() => WatchCheckpoint.Open(StatePath, "cn-north-4", "0123456789abcdef0123456789abcdef"));
            Assert.Equal("StateFileVersionNotSupported", ex.ErrorCode);
            Assert.Contains("version 2", ex.Message);
            Assert.Equal(json, File.ReadAllText(StatePath));
        }

        [Theory]
        [InlineData("cn-north-4", "ffffffffffffffffffffffffffffffff")]
        [InlineData("ap-southeast-1", "0123456789abcdef0123456789abcdef")]
        public void AnotherProjectOrRegionIsRefused(string region, string project)
        {
            File.WriteAllBytes(StatePath, Sample().ToJson(T0));
            var ex = Assert.Throws<HuaweiApiException>(() => WatchCheckpoint.Open(StatePath, region, project));
            Assert.Equal("StateProjectMismatch", ex.ErrorCode);
        }

        [Fact]
        public void OneWriterAtATimeAndTheLockGoesWithItsHolder()
        {
            using (var first = WatchCheckpoint.Open(StatePath, "r", "p"))
            {
                var ex = Assert.Throws<HuaweiApiException>(() => WatchCheckpoint.Open(StatePath, "r", "p"));
                Assert.Equal("StateFileInUse", ex.ErrorCode);
            }
            using (WatchCheckpoint.Open(StatePath, "r", "p")) { }
        }

        [Fact]
        public void ASaveReplacesTheWholeFileAndLeavesNoTemporaryFile()
        {
            var watcher = new MigrationWatcher(null, null) { Until = WatchCondition.FullSyncComplete };
            watcher.Adopt(new WatchedMigration(MigrationService.Dcs, "a"));
            // A stale temporary file of a killed writer is simply overwritten.
            File.WriteAllText(StatePath + ".tmp", "{torn");
            using (var cp = WatchCheckpoint.Open(StatePath, "r", "p"))
            {
                cp.Save(watcher, T0);
                watcher.Adopt(new WatchedMigration(MigrationService.Drs, "b"));
                cp.Save(watcher, T0.AddSeconds(10));
            }
            Assert.False(File.Exists(StatePath + ".tmp"));
            var back = WatchState.Parse(File.ReadAllBytes(StatePath), StatePath);
            Assert.Equal(new[] { "a", "b" }, back.Items.Select(i => i.Id));
            Assert.Equal(WatchCondition.FullSyncComplete, back.Condition.Until);
        }

        [Fact]
        public void AResumeTakesTheFilesConditionAndRefusesAnotherUnlessForced()
        {
            File.WriteAllBytes(StatePath, Sample().ToJson(T0));
            var defaults = new WatchStateCondition();
            using var cp = WatchCheckpoint.Open(StatePath, "cn-north-4", "0123456789abcdef0123456789abcdef");
            var taken = cp.Resolve(defaults, null, null, null, null, false);
            Assert.Equal((WatchCondition.CaughtUp, 900.0), (taken.Until, taken.StallTimeout.TotalSeconds));
            var same = cp.Resolve(defaults, WatchCondition.CaughtUp, TimeSpan.FromSeconds(5), null, null, false);
            Assert.Equal(WatchCondition.CaughtUp, same.Until);
            var ex = Assert.Throws<HuaweiApiException>(() => cp.Resolve(defaults, WatchCondition.Completed, null, TimeSpan.FromSeconds(60), null, false));
            Assert.Equal("StateMismatch", ex.ErrorCode);
            Assert.Contains("-Until Completed (the file has CaughtUp)", ex.Message);
            Assert.Contains("-StallTimeout 60 (the file has 900)", ex.Message);
            var forced = cp.Resolve(defaults, WatchCondition.Completed, null, TimeSpan.FromSeconds(60), null, true);
            Assert.Equal((WatchCondition.Completed, 60.0, 5.0), (forced.Until, forced.StallTimeout.TotalSeconds, forced.MaxDelay.TotalSeconds));
        }

        [Fact]
        public void AFailedSaveWarnsOnceAndTheWatchGoesOn()
        {
            var watcher = new MigrationWatcher(null, null);
            watcher.Adopt(new WatchedMigration(MigrationService.Dcs, "a"));
            using var cp = WatchCheckpoint.Open(StatePath, "r", "p");
            // A folder where the temporary file must go makes every save fail.
            Directory.CreateDirectory(StatePath + ".tmp");
            Assert.Contains(StatePath, cp.TrySave(watcher, T0));
            Assert.Null(cp.TrySave(watcher, T0));
            Directory.Delete(StatePath + ".tmp");
            Assert.Null(cp.TrySave(watcher, T0));
            Assert.Single(WatchState.Parse(File.ReadAllBytes(StatePath), StatePath).Items);
        }

        [Fact]
        public void AFolderThatIsNotThereIsAnErrorWithItsId()
        {
            var ex = Assert.Throws<HuaweiApiException>(() => WatchCheckpoint.Open(Path.Combine(_dir, "no-such-folder", "watch.json"), "r", "p"));
            Assert.Equal("StateFileUnreadable", ex.ErrorCode);
        }

        [Fact]
        public void ANewWatchTakesTheGivenConditionOrTheDefaults()
        {
            using var cp = WatchCheckpoint.Open(StatePath, "r", "p");
            Assert.Null(cp.Saved);
            var c = cp.Resolve(new WatchStateCondition(), WatchCondition.CaughtUp, null, null, StallAction.Error, false);
            Assert.Equal((WatchCondition.CaughtUp, 600.0, StallAction.Error), (c.Until, c.StallTimeout.TotalSeconds, c.StallAction));
        }

        [Fact]
        public void OnlyTheParametersGivenByNameAreCheckedAgainstTheFile()
        {
            File.WriteAllBytes(StatePath, Sample().ToJson(T0));
            using var cp = WatchCheckpoint.Open(StatePath, "cn-north-4", "0123456789abcdef0123456789abcdef");
            var values = new WatchStateCondition { Until = WatchCondition.Completed, StallTimeout = TimeSpan.FromSeconds(60), StallAction = StallAction.Error };
            var taken = cp.Resolve(values, name => false, false);
            Assert.Equal((WatchCondition.CaughtUp, 900.0, StallAction.Warning), (taken.Until, taken.StallTimeout.TotalSeconds, taken.StallAction));
            var ex = Assert.Throws<HuaweiApiException>(() => cp.Resolve(values, name => name == "StallTimeout" || name == "StallAction", false));
            Assert.Equal("StateMismatch", ex.ErrorCode);
            Assert.Contains("-StallTimeout 60 (the file has 900)", ex.Message);
            Assert.DoesNotContain("-Until", ex.Message);
            var forced = cp.Resolve(values, name => name == "Until", true);
            Assert.Equal((WatchCondition.Completed, 900.0), (forced.Until, forced.StallTimeout.TotalSeconds));
        }
    }
}
