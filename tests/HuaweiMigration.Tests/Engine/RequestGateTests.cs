using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;
using HuaweiMigration.Simulator;
using HuaweiMigration.Watch;
using Xunit;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>
    /// A key that goes bad mid-session (an expired STS token, a disabled key, a clock step) costs one rejected signature:
    /// after 10 s without an accepted answer, and at the start of every watch poll, the next request goes alone.
    /// </summary>
    public sealed class RequestGateTests : IAsyncLifetime
    {
        SimulatorServer _sim;
        CloudHttpClient _http;
        TimeSpan _clock = TimeSpan.FromHours(1);

        public async Task InitializeAsync()
        {
            _sim = await SimulatorServer.StartAsync(SimHost.FrozenDemo());
            var c = _sim.Scenario.Credentials[0];
            _http = new CloudHttpClient(new HuaweiMigration.Core.AccessKeyCredential(c.AccessKey, c.SecretKey), TimeSpan.FromSeconds(10),
                new RetryPolicy { MaxRetries = 0 }) { Monotonic = () => _clock };
        }

        public async Task DisposeAsync()
        {
            _http.Dispose();
            await _sim.DisposeAsync();
        }

        DcsClient Dcs => new DcsClient(_http, _sim.BaseUrl, _sim.Scenario.ProjectId);

        async Task<int> FanOut(int count)
        {
            var ids = Enumerable.Range(0, count).Select(i => _sim.Scenario.DcsTasks[i % 4].TaskId);
            var all = ids.Select(async id =>
            {
                try { await Dcs.GetStatsAsync(id, null, CancellationToken.None); return 0; }
                catch (HuaweiApiException) { return 1; }
            }).ToList();
            return (await Task.WhenAll(all)).Sum();
        }

        [Fact]
        public async Task AfterAQuietSpellAKeyGoneBadCostsOneRejectedSignature()
        {
            Assert.Equal(0, await FanOut(4));
            _clock += CloudHttpClient.QuietSpell + TimeSpan.FromSeconds(1);
            _sim.Requests.Clear();
            _sim.Faults.Add(Fault.Unauthorized().Forever());
            Assert.Equal(20, await FanOut(20));
            Assert.Equal(1, _sim.Requests.Unauthorized());
            Assert.Equal(1, _sim.Requests.Count());
        }

        [Fact]
        public async Task WithinTheQuietSpellRequestsGoOutTogether()
        {
            Assert.Equal(0, await FanOut(1));
            _clock += CloudHttpClient.QuietSpell - TimeSpan.FromSeconds(1);
            Assert.True(_http.IsFreshlyProven);
            _clock += TimeSpan.FromSeconds(2);
            Assert.False(_http.IsFreshlyProven);
            Assert.Equal(0, await FanOut(8));
            Assert.True(_http.IsFreshlyProven);
        }

        [Fact]
        public async Task EachWatchPollStartsWithOneRequestAlone()
        {
            var w = new MigrationWatcher(Dcs, new DrsClient(_http, _sim.BaseUrl, _sim.Scenario.ProjectId)) { Until = WatchCondition.CaughtUp, ThrottleLimit = 64 };
            foreach (var t in _sim.Scenario.DcsTasks.Take(4)) w.Add(MigrationService.Dcs, t.TaskId);
            foreach (var j in _sim.Scenario.DrsJobs.Take(4)) w.Add(MigrationService.Drs, j.JobId);
            var first = await w.PollAsync(null, CancellationToken.None);
            Assert.DoesNotContain(first, r => r.Error != null);
            // No time passes: the key goes bad between two polls.
            _sim.Requests.Clear();
            _sim.Faults.Add(Fault.Unauthorized().Forever());
            var second = await w.PollAsync(null, CancellationToken.None);
            Assert.All(second.Where(r => r.Item.IsActive || r.Error != null), r => Assert.Equal("APIG.0301", r.Error?.ErrorCode));
            Assert.Equal(1, _sim.Requests.Unauthorized());
            Assert.Equal(1, _sim.Requests.Count());
        }
    }
}
