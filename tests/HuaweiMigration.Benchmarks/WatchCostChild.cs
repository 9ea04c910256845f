using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;
using HuaweiMigration.Drs;
using HuaweiMigration.Watch;

namespace HuaweiMigration.Benchmarks
{
    /// <summary>
    /// CPU time of one Watch-Migration poll, measured in a child process so that the simulator's own work
    /// (it runs in the parent) is not counted. Baseline: the same 250 requests sent raw, 8 in flight.
    /// </summary>
    internal static class WatchCostChild
    {
        public const string Command = "watchpoll";
        public const int DcsTasks = 200;
        public const int DrsJobs = 500;
        public const int ThrottleLimit = 8;
        const int MeasuredPolls = 15;
        const int WarmUpPolls = 10;
        static readonly TimeSpan WarmUpPause = TimeSpan.FromMilliseconds(500);

        /// <summary>Child side. Lines: READY (warm) ... wait ... POLLED (one steady poll done) ... wait ... CPU watcher-ms raw-ms cold-watcher-ms cold-raw-ms.</summary>
        public static int Run(string[] args)
        {
            var baseUrl = new Uri(args[1]);
            string projectId = args[2], accessKey = args[3], secretKey = args[4];
            using (var http = new CloudHttpClient(new AccessKeyCredential(accessKey, secretKey), TimeSpan.FromSeconds(30)))
            using (var raw = new RawSignedClient(baseUrl, projectId, accessKey, secretKey))
            {
                var watcher = new MigrationWatcher(new DcsClient(http, baseUrl, projectId), new DrsClient(http, baseUrl, projectId)) { ThrottleLimit = ThrottleLimit };
                for (int i = 0; i < DcsTasks; i++) watcher.Add(MigrationService.Dcs, BenchmarkScenario.DcsId(i));
                for (int i = 0; i < DrsJobs; i++) watcher.Add(MigrationService.Drs, BenchmarkScenario.DrsId(i));

                // The first poll also reads each DCS task's details, so the cold figures are the second poll's.
                // The warm-up then paces its polls as Watch-Migration does: the runtime moves hot code to its
                // optimised tier in the quiet between polls, and back-to-back polls would keep delaying that.
                Poll(watcher);
                RawRound(raw);
                double coldPoll = CpuMs(() => Poll(watcher)), coldRaw = CpuMs(() => RawRound(raw));
                for (int i = 0; i < WarmUpPolls; i++)
                {
                    Poll(watcher);
                    RawRound(raw);
                    Thread.Sleep(WarmUpPause);
                }
                Console.WriteLine("READY");
                Console.ReadLine();
                Poll(watcher);
                Console.WriteLine("POLLED");
                Console.ReadLine();

                var polls = new List<double>();
                var rounds = new List<double>();
                for (int i = 0; i < MeasuredPolls; i++)
                {
                    polls.Add(CpuMs(() => Poll(watcher)));
                    rounds.Add(CpuMs(() => RawRound(raw)));
                }
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "CPU {0:0.###} {1:0.###} {2:0.###} {3:0.###}",
                    ResultTable.Median(polls), ResultTable.Median(rounds), coldPoll, coldRaw));
            }
            return 0;
        }

        static void Poll(MigrationWatcher watcher)
        {
            var results = watcher.PollAsync(NullRequestLog.Instance, CancellationToken.None).GetAwaiter().GetResult();
            var bad = results.FirstOrDefault(r => r.Outcome != PollOutcome.Sampled);
            if (bad != null || results.Count != DcsTasks + DrsJobs)
                throw new InvalidOperationException($"Unexpected poll: {results.Count} results, {bad?.Item.Id} {bad?.Outcome} {bad?.Error?.Message}");
        }

        static void RawRound(RawSignedClient raw)
        {
            using (var slots = new SemaphoreSlim(ThrottleLimit))
            {
                async Task Throttled(Func<Task> work)
                {
                    await slots.WaitAsync().ConfigureAwait(false);
                    try { await work().ConfigureAwait(false); }
                    finally { slots.Release(); }
                }
                var work = new List<Task>();
                for (int i = 0; i < DcsTasks; i++)
                {
                    var url = raw.DcsStatsUrl(BenchmarkScenario.DcsId(i));
                    work.Add(Throttled(() => raw.GetAsync(url)));
                }
                for (int i = 0; i < DrsJobs; i += DrsClient.MaxBatchSize)
                {
                    var ids = Enumerable.Range(i, DrsClient.MaxBatchSize).Select(BenchmarkScenario.DrsId).ToArray();
                    work.Add(Throttled(() => raw.PostBatchAsync(ids)));
                }
                Task.WhenAll(work).GetAwaiter().GetResult();
            }
        }

        static double CpuMs(Action action)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            action();
            return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds;
        }
    }
}
