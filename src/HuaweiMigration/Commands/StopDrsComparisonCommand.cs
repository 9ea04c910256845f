using System;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Drs;
using HuaweiMigration.Readiness;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Cancels the unfinished row or value comparison of DRS jobs.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "DrsComparison", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DrsComparison))]
    public sealed class StopDrsComparisonCommand : DrsComparisonCmdlet
    {
        /// <summary>The comparison to cancel; piped DrsComparison objects bind by their CompareJobId. Default: the job's unfinished one.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Trimmed]
        public string CompareJobId { get; set; }

        /// <summary>Outputs the cancelled comparisons.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord() => ForEachJob(id =>
        {
            var client = ActiveSession.DrsComparisons;
            var target = ComparisonRules.PickToCancel(id, Run(ct => client.ListDataComparisonsAsync(id, RequestLog, ct)), CompareJobId, JobId.Length == 1, out var none);
            if (target == null)
            {
                WriteError(NewError(none, id));
                return;
            }
            if (!ShouldProcess($"DRS job {id}, {target.Type} comparison {target.CompareJobId}", "Cancel")) return;
            // After a failed or lost answer the client reads the comparison: one that has ended is no error.
            var ended = Run(ct => client.CancelDataComparisonAsync(id, target.CompareJobId, RequestLog, ct));
            WriteVerboseLine(ended == null || ended.Status == DrsComparisonStatus.Cancelled
                ? $"DRS job {id}: cancelled the {target.Type} comparison {target.CompareJobId}."
                : $"DRS job {id}: the {target.Type} comparison {target.CompareJobId} had already ended ({ended.Status}).");
            if (PassThru) WriteObject(ended ?? ReadDataComparison(id, target.CompareJobId) ?? target);
        });
    }
}
