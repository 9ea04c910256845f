using System;
using System.Globalization;

namespace HuaweiMigration.Benchmarks
{
    /// <summary>
    /// Peak live managed memory while object rows stream through a pipeline that keeps nothing, measured in a child
    /// process so that the simulator (in the parent, with its request log) is not counted.
    /// </summary>
    internal static class StreamingChild
    {
        public const string Command = "stream";

        /// <summary>Child side: args url project ak sk jobId; prints "PEAK bytes rows".</summary>
        public static int Run(string[] args)
        {
            string url = args[1], project = args[2], accessKey = args[3], secretKey = args[4], jobId = args[5];
            using (var ps = HostedPowerShell.Connected(new Uri(url), project, "cn-north-4", accessKey, secretKey))
            {
                // Warm the path once, unmeasured.
                ps.Invoke($"Get-DrsJobProgress -JobId {jobId} -ObjectType table -First 2000 | ForEach-Object {{ }}");

                // Live memory is read with a full collection every 500 rows from inside the pipeline, so runs of
                // any length sample at the same points of a page; the consumer keeps nothing but the count.
                long before = GC.GetTotalMemory(true);
                var result = ps.Invoke(
                    "$n = 0; $peak = 0; Get-DrsJobProgress -JobId " + jobId + " -ObjectType table | ForEach-Object { $n++; " +
                    "if ($n % 500 -eq 0) { $m = [GC]::GetTotalMemory($true); if ($m -gt $peak) { $peak = $m } } }; $n; $peak");
                long rows = Convert.ToInt64(result[0].BaseObject, CultureInfo.InvariantCulture);
                long peak = Convert.ToInt64(result[1].BaseObject, CultureInfo.InvariantCulture);
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "PEAK {0} {1}", Math.Max(0, peak - before), rows));
            }
            return 0;
        }
    }
}
