using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;
using HuaweiMigration.Simulator;
using HuaweiMigration.Tests.Engine;
using Xunit;

namespace HuaweiMigration.Tests.Core
{
    /// <summary>A request log that keeps its warnings.</summary>
    internal sealed class ListLog : IRequestLog
    {
        public readonly List<string> Warnings = new List<string>();
        public bool IsVerboseEnabled => false;
        public bool IsDebugEnabled => false;
        public void Verbose(string message) { }
        public void Debug(string message) { }
        public void Warning(string message) { lock (Warnings) Warnings.Add(message); }
    }

    /// <summary>
    /// One optional field that does not parse is left empty with one warning per item and field; a bad entry of a
    /// batch fails that job alone; a field a condition reads still fails its item; an answer about another task is refused.
    /// </summary>
    public sealed class BadFieldTests : IAsyncLifetime
    {
        SimulatorServer _sim;
        CloudHttpClient _http;
        readonly ListLog _log = new ListLog();

        public async Task InitializeAsync()
        {
            _sim = await SimulatorServer.StartAsync(SimHost.FrozenDemo());
            var c = _sim.Scenario.Credentials[0];
            _http = new CloudHttpClient(new HuaweiMigration.Core.AccessKeyCredential(c.AccessKey, c.SecretKey), TimeSpan.FromSeconds(10), new RetryPolicy { MaxRetries = 0 });
        }

        public async Task DisposeAsync()
        {
            _http.Dispose();
            await _sim.DisposeAsync();
        }

        DcsClient Dcs => new DcsClient(_http, _sim.BaseUrl, _sim.Scenario.ProjectId);
        string TaskId => _sim.Scenario.DcsTasks[0].TaskId;

        static string Entry(string id, string extra = "") =>
            $"{{\"job_id\": \"{id}\", \"progress\": 50, \"transfer_status\": \"FULL_TRANSFER_STARTED\", \"task_mode\": \"FULL_TRANS\"{extra}}}";

        [Fact]
        public async Task AnUnparsableOptionalFieldIsEmptyWithOneWarningPerItemAndField()
        {
            var dcs = Dcs;
            _sim.Faults.Add(Fault.Malformed($"{{\"task_id\": \"{TaskId}\", \"status\": \"FULLMIGRATING\", \"task_name\": \"t\", " +
                "\"created_at\": {\"x\": 1}, \"source_instance\": {\"name\": \"src\", \"port\": [1]}, \"supported_features\": 7}").On(Routes.DcsTask).Repeat(2));
            for (int i = 0; i < 2; i++)
            {
                var task = await dcs.GetTaskAsync(TaskId, _log, CancellationToken.None);
                Assert.Equal(("FULLMIGRATING", "src"), (task.Status, task.SourceInstance.Name));
                Assert.Null(task.CreatedAt);
                Assert.Null(task.SourceInstance.Port);
                Assert.Empty(task.SupportedFeatures);
            }
            Assert.Equal(3, _log.Warnings.Count);
            Assert.All(_log.Warnings, w => Assert.StartsWith("DCS task " + TaskId, w));
            Assert.Contains(_log.Warnings, w => w.Contains("$.source_instance.port"));
        }

        [Fact]
        public async Task ABadEntryInABatchFailsThatJobAlone()
        {
            var ids = Enumerable.Range(0, 10).Select(i => $"job-{i:00}").ToList();
            var entries = ids.Select((id, i) => i == 3 ? Entry(id, ", \"process_time\": {\"a\": 1}, \"progress_map\": {\"data\": {\"completed\": [1]}}")
                : i == 6 ? Entry(id).Replace("\"progress\": 50", "\"progress\": \"abc\"") : Entry(id));
            _sim.Faults.Add(Fault.Malformed("{\"results\": [" + string.Join(",", entries) + "]}").On(Routes.DrsBatch));
            var drs = new DrsClient(_http, _sim.BaseUrl, _sim.Scenario.ProjectId);
            var results = await drs.GetJobProgressAsync(ids, _log, CancellationToken.None);
            Assert.Equal(ids, results.Select(r => r.JobId));
            for (int i = 0; i < 10; i++)
            {
                if (i == 6)
                {
                    Assert.Equal(("InvalidResponse", ApiErrorCategory.InvalidResponse), (results[i].Error.ErrorCode, results[i].Error.Category));
                    Assert.Contains("progress", results[i].Error.Message);
                    continue;
                }
                Assert.Null(results[i].Error);
                Assert.Equal(50.0, results[i].Progress.Progress);
            }
            Assert.Empty(results[3].Progress.Parts);
            Assert.Equal(2, _log.Warnings.Count);
            Assert.All(_log.Warnings, w => Assert.StartsWith("DRS job job-03", w));
            Assert.Contains(_log.Warnings, w => w.Contains("$.results[3].progress_map") && w.Contains("entry 'data'") && w.Contains("completed"));
        }

        [Theory]
        [InlineData("{\"full_migration_progress\": {\"x\": 1}, \"source_dbsize\": 5, \"target_dbsize\": 5}")]
        [InlineData("{\"full_migration_progress\": 100, \"source_dbsize\": [5], \"target_dbsize\": 5}")]
        [InlineData("{\"full_migration_progress\": 100, \"source_dbsize\": 5, \"target_dbsize\": \"five\"}")]
        public async Task AFieldAConditionReadsStillFailsTheItem(string stats)
        {
            _sim.Faults.Add(Fault.Malformed(stats).On(Routes.DcsStats));
            var e = await Assert.ThrowsAsync<HuaweiApiException>(() => Dcs.GetStatsAsync(TaskId, _log, CancellationToken.None));
            Assert.Equal("InvalidResponse", e.ErrorCode);
            Assert.Empty(_log.Warnings);
        }

        [Fact]
        public async Task AStatusThatDoesNotParseFailsTheTask()
        {
            _sim.Faults.Add(Fault.Malformed($"{{\"task_id\": \"{TaskId}\", \"status\": {{\"a\": 1}}}}").On(Routes.DcsTask));
            Assert.Equal("InvalidResponse", (await Assert.ThrowsAsync<HuaweiApiException>(() => Dcs.GetTaskAsync(TaskId, _log, CancellationToken.None))).ErrorCode);
        }

        [Theory]
        [InlineData("{\"task_id\": \"another-task\", \"status\": \"INCRMIGEATING\"}")]
        [InlineData("{\"task_id\": \"{id}\", \"status\": \"INCRMIGEATING\", \"task_id\": \"another-task\"}")]
        [InlineData("{\"task_id\": \"another-task\", \"status\": \"INCRMIGEATING\", \"task_id\": \"{id}\"}")]
        public async Task DetailsAboutAnotherTaskAreRefused(string body)
        {
            _sim.Faults.Add(Fault.Malformed(body.Replace("{id}", TaskId)).On(Routes.DcsTask));
            var e = await Assert.ThrowsAsync<HuaweiApiException>(() => Dcs.GetTaskAsync(TaskId, _log, CancellationToken.None));
            Assert.Equal(("InvalidResponse", ApiErrorCategory.InvalidResponse), (e.ErrorCode, e.Category));
            Assert.Contains(TaskId, e.Message);
            _sim.Faults.Add(Fault.Malformed($"{{\"task_id\": \"{TaskId.ToUpperInvariant()}\", \"status\": \"INCRMIGEATING\"}}").On(Routes.DcsTask));
            Assert.Equal("INCRMIGEATING", (await Dcs.GetTaskAsync(TaskId, _log, CancellationToken.None)).Status);
        }
    }
}
