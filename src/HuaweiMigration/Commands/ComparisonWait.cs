using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using HuaweiMigration.Drs;
using HuaweiMigration.Readiness;

namespace HuaweiMigration.Commands
{
    /// <summary>The -Wait of Start-DrsComparison: follows the comparisons started under one deadline, with a bar per job.</summary>
    internal static class ComparisonWait
    {
        /// <summary>The comparisons as they ended; ComparisonTimeout or ComparisonFailed for each that did not succeed.</summary>
        public static IReadOnlyList<DrsComparison> Run(HuaweiCloudCmdlet cmdlet, ComparisonRunner runner, IReadOnlyList<DrsComparison> comparisons,
            int timeoutSeconds, int intervalSeconds)
        {
            var bars = new ComparisonProgress(cmdlet, comparisons);
            IReadOnlyList<DrsComparison> final;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cmdlet.CancellationToken))
            {
                deadline.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
                final = cmdlet.Await(runner.WaitAsync(comparisons, TimeSpan.FromSeconds(intervalSeconds), c => cmdlet.Post(() => bars.Update(c)),
                    (c, e) => cmdlet.Post(() => cmdlet.WriteWarning($"DRS job {c.JobId}: the {c.Type} comparison could not be read ({e.ErrorCode}); trying again.")),
                    cmdlet.RequestLog, deadline.Token));
                if (cmdlet.CancellationToken.IsCancellationRequested) throw new PipelineStoppedException();
            }
            bars.CompleteAll();
            foreach (var c in final)
            {
                var end = ComparisonRules.WaitEnd(c, timeoutSeconds);
                if (end != null) cmdlet.WriteError(HuaweiCloudCmdlet.NewError(end, c.JobId));
            }
            return final;
        }
    }
}
