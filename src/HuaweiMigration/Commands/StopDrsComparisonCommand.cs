using System;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
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
            try
            {
                Run(async ct => { await client.CancelDataComparisonAsync(id, target.CompareJobId, RequestLog, ct).ConfigureAwait(false); return true; });
            }
            catch (HuaweiApiException ex) when (ex.IsTransient || ex.Category == ApiErrorCategory.InvalidResponse)
            {
                // No answer: read whether the cancel took effect rather than send it again.
                if (ReadDataComparison(id, target.CompareJobId)?.Status != DrsComparisonStatus.Cancelled) throw;
            }
            WriteVerboseLine($"DRS job {id}: cancelled the {target.Type} comparison {target.CompareJobId}.");
            if (PassThru) WriteObject(ReadDataComparison(id, target.CompareJobId) ?? target);
        });
    }
}
