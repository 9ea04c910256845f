using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Threading;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;

namespace HuaweiMigration.Benchmarks
{
    /// <summary>
    /// Per-call overhead, measured in a child process: 300 one-id cmdlet calls against 300 raw signed calls, with
    /// the splits beside them. The simulator runs in the parent. In one process, its heap (every simulated task and
    /// job, and the request log) made each collection of the client's short-lived objects take 5 to 25 ms, and
    /// the engine's own allocations paid that price; a user's PowerShell holds no simulated cloud.
    /// </summary>
    internal static class PerCallChild
    {
        public const string Command = "percall";
        public const int Calls = 300;
        const int PrimeCalls = 30;
        const int MeasuredRounds = 15, MinWarmUps = 6, MaxWarmUps = 60, QuietRounds = 3, QuietMethods = 10;
        static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(300);

        /// <summary>One round: each way of making the 300 calls, timed back to back, in ms.</summary>
        public sealed class Round
        {
            public double Raw, Cmdlet, Floor, Library, ScriptRaw, BareCmdlet, BareLibrary, PrimedRaw, PrimedCmdlet, PrimedBareCmdlet;

            /// <summary>The round as one output line: the tag, then the ten figures.</summary>
            public string Line(string tag) => string.Format(CultureInfo.InvariantCulture,
                "{0} {1:0.###} {2:0.###} {3:0.###} {4:0.###} {5:0.###} {6:0.###} {7:0.###} {8:0.###} {9:0.###} {10:0.###}",
                tag, Raw, Cmdlet, Floor, Library, ScriptRaw, BareCmdlet, BareLibrary, PrimedRaw, PrimedCmdlet, PrimedBareCmdlet);

            /// <summary>Reads a line written by <see cref="Line"/>, whatever its tag.</summary>
            public static Round Parse(string line)
            {
                var f = line.Split(' ');
                double At(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
                return new Round { Raw = At(1), Cmdlet = At(2), Floor = At(3), Library = At(4), ScriptRaw = At(5), BareCmdlet = At(6), BareLibrary = At(7),
                    PrimedRaw = At(8), PrimedCmdlet = At(9), PrimedBareCmdlet = At(10) };
            }
        }

        /// <summary>
        /// Child side: args url project region ak sk. Prints "WARMUPS rounds methods-compiled-while-measured",
        /// "COLD" with the second warm-up round, then one "ROUND" line per measured round.
        /// </summary>
        public static int Run(string[] args)
        {
            var baseUrl = new Uri(args[1]);
            string projectId = args[2], region = args[3], accessKey = args[4], secretKey = args[5];
            string id = BenchmarkScenario.DcsId(0);
            using (var ps = HostedPowerShell.Connected(baseUrl, projectId, region, accessKey, secretKey))
            using (var raw = new RawSignedClient(baseUrl, projectId, accessKey, secretKey))
            using (var http = new CloudHttpClient(new AccessKeyCredential(accessKey, secretKey), TimeSpan.FromSeconds(30)))
            {
                var dcs = new DcsClient(http, baseUrl, projectId);
                var url = raw.DcsStatsUrl(id);
                ps.Set("id", id);
                ps.Set("raw", raw);
                ps.Set("url", url);
                ps.Invoke("Import-Module -Name " + HostedPowerShell.Quote(typeof(GetRawSignedCallCommand).Assembly.Location) + " -ErrorAction Stop");
                GetRawSignedCallCommand.Client = raw;
                GetRawSignedCallCommand.LibraryClient = dcs;
                GetRawSignedCallCommand.TaskId = id;

                double Time(Action calls)
                {
                    var watch = Stopwatch.StartNew();
                    calls();
                    return watch.Elapsed.TotalMilliseconds;
                }
                void RawCalls(int count)
                {
                    for (int i = 0; i < count; i++) raw.GetAsync(url).GetAwaiter().GetResult();
                }
                // One PowerShell loop of `command`; a counted loop must give one result per call.
                double Loop(string command, bool counted = true) => Time(() =>
                {
                    var output = ps.Invoke($"foreach ($i in 1..{Calls}) {{ {command} }}");
                    if (counted && output.Count != Calls) throw new InvalidOperationException($"{output.Count} results instead of {Calls}.");
                });
                void Prime(string command) => ps.Invoke($"foreach ($i in 1..{PrimeCalls}) {{ {command} }}");

                const string StatsCall = "Get-DcsMigrationStats -TaskId $id", BareCall = "Get-RawSignedCall -Url $url";
                Round Measure()
                {
                    var round = new Round
                    {
                        Raw = Time(() => RawCalls(Calls)),
                        Cmdlet = Loop(StatsCall),
                        // The engine's own cost of invoking a compiled cmdlet, with no request: the floor of the ratio.
                        Floor = Loop("Get-HuaweiCloudSession", counted: false),
                        // The module's client alone, without PowerShell.
                        Library = Time(() => { for (int i = 0; i < Calls; i++) dcs.GetStatsAsync(id, NullRequestLog.Instance, CancellationToken.None).GetAwaiter().GetResult(); }),
                        // The raw call from the same PowerShell loop: what the cmdlet adds over doing it by hand.
                        ScriptRaw = Loop("$null = $raw.Get($url)", counted: false),
                        // A compiled cmdlet with nothing but the raw call: what the engine charges any binary cmdlet that makes it.
                        BareCmdlet = Loop(BareCall),
                        // The same bare cmdlet calling the module's client instead: the library's share inside the engine.
                        BareLibrary = Loop(BareCall + " -Library"),
                    };
                    // The same three again, each first run unmeasured for a few calls: the first PowerShell loop after the
                    // pause reloads the engine's working set into caches that other processes used meanwhile, which the
                    // rows above charge to whichever PowerShell row comes first; a user's loop pays it once, not per 300 calls.
                    RawCalls(PrimeCalls);
                    round.PrimedRaw = Time(() => RawCalls(Calls));
                    Prime(StatsCall);
                    round.PrimedCmdlet = Loop(StatsCall);
                    Prime(BareCall);
                    round.PrimedBareCmdlet = Loop(BareCall);
                    // The runtime's tiering works in the quiet between rounds, as it would between a user's commands.
                    Thread.Sleep(Pause);
                    return round;
                }

                // Warm up until the JIT settles. The runtime moves hot methods to its optimised tier only after a
                // quiet spell, and the engine has thousands of them: that takes 15 to 40 rounds, and until then
                // every round runs slower and noisier than the one before.
                int warmUps = 0, quiet = 0;
                Round cold = null;
                while (warmUps < MaxWarmUps && (warmUps < MinWarmUps || quiet < QuietRounds))
                {
                    long before = JitInfo.GetCompiledMethodCount();
                    var round = Measure();
                    quiet = JitInfo.GetCompiledMethodCount() - before <= QuietMethods ? quiet + 1 : 0;
                    if (++warmUps == 2) cold = round;
                }
                long settled = JitInfo.GetCompiledMethodCount();
                var rounds = new List<Round>();
                for (int i = 0; i < MeasuredRounds; i++) rounds.Add(Measure());
                Console.WriteLine($"WARMUPS {warmUps} {JitInfo.GetCompiledMethodCount() - settled}");
                Console.WriteLine(cold.Line("COLD"));
                foreach (var round in rounds) Console.WriteLine(round.Line("ROUND"));
            }
            return 0;
        }
    }

    /// <summary>
    /// The per-call floor of a binary cmdlet: one raw signed call, its body as the output, no module code; with -Library,
    /// DcsClient.GetStatsAsync instead (the module's client, without its cmdlet layer).
    /// </summary>
    [System.Management.Automation.Cmdlet(System.Management.Automation.VerbsCommon.Get, "RawSignedCall")]
    public sealed class GetRawSignedCallCommand : System.Management.Automation.PSCmdlet
    {
        internal static RawSignedClient Client;
        internal static DcsClient LibraryClient;
        internal static string TaskId;

        [System.Management.Automation.Parameter(Mandatory = true)]
        public Uri Url { get; set; }

        [System.Management.Automation.Parameter]
        public System.Management.Automation.SwitchParameter Library { get; set; }

        protected override void ProcessRecord() => WriteObject(Library
            ? (object)LibraryClient.GetStatsAsync(TaskId, NullRequestLog.Instance, CancellationToken.None).GetAwaiter().GetResult()
            : Client.GetAsync(Url).GetAwaiter().GetResult());
    }
}
