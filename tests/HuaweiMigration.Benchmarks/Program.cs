using System;

namespace HuaweiMigration.Benchmarks
{
    /// <summary>
    /// dotnet run -c Release --project tests/HuaweiMigration.Benchmarks [-- step ...]
    /// Sub-commands (used by the run itself, in fresh processes): stream &lt;url&gt; &lt;project&gt; &lt;ak&gt; &lt;sk&gt; &lt;job&gt;, percall &lt;url&gt; &lt;project&gt; &lt;region&gt; &lt;ak&gt; &lt;sk&gt;, watchpoll &lt;url&gt; &lt;project&gt; &lt;ak&gt; &lt;sk&gt;.
    /// </summary>
    internal static class Program
    {
        static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == WatchCostChild.Command) return WatchCostChild.Run(args);
            if (args.Length > 0 && args[0] == StreamingChild.Command) return StreamingChild.Run(args);
            if (args.Length > 0 && args[0] == PerCallChild.Command) return PerCallChild.Run(args);
            using (var run = new BenchmarkRun(args)) return run.Run();
        }
    }
}
