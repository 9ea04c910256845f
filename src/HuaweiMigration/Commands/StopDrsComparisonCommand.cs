using System;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
using HuaweiMigration.Drs;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Cancels the unfinished row or value comparison of DRS jobs.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "DrsComparison", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DrsComparison))]
    public sealed class StopDrsComparisonCommand : HuaweiCloudSessionCmdlet
    {
        /// <summary>The ids of the DRS jobs. DrsJob, DrsComparison and DRS MigrationStatus objects bind by their JobId.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ServiceIdTransformation(MigrationService.Drs)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DrsJobIdCompleter))]
        [Trimmed]
        public string[] JobId { get; set; }

        /// <summary>The comparison to cancel; piped DrsComparison objects bind by their CompareJobId. Default: the job's unfinished one.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Trimmed]
        public string CompareJobId { get; set; }

        /// <summary>Outputs the cancelled comparisons.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var client = ActiveSession.DrsComparisons;
            foreach (var id in JobId)
            {
                try
                {
                    var list = Run(ct => client.ListDataComparisonsAsync(id, RequestLog, ct));
                    var target = !string.IsNullOrEmpty(CompareJobId) && JobId.Length == 1
                        ? list.FirstOrDefault(c => c.CompareJobId == CompareJobId)
                        : list.FirstOrDefault(c => !DrsComparisonCodes.IsFinished(c.Status) && c.Status != DrsComparisonStatus.Unknown);
                    if (target == null || DrsComparisonCodes.IsFinished(target.Status))
                    {
                        WriteError(NewError("NoRunningComparison", target == null
                            ? $"DRS job {id}: {(string.IsNullOrEmpty(CompareJobId) ? "no row or value comparison is running" : "the job has no data comparison " + CompareJobId)}."
                            : $"DRS job {id}: the comparison {target.CompareJobId} has already ended ({target.Status}).", ErrorCategory.ObjectNotFound, id));
                        continue;
                    }
                    if (!ShouldProcess($"DRS job {id}, {target.Type} comparison {target.CompareJobId}", "Cancel")) continue;
                    try
                    {
                        Run(async ct => { await client.CancelDataComparisonAsync(id, target.CompareJobId, RequestLog, ct).ConfigureAwait(false); return true; });
                    }
                    catch (HuaweiApiException ex) when (ex.IsTransient || ex.Category == ApiErrorCategory.InvalidResponse)
                    {
                        // No answer: read whether the cancel took effect rather than send it again.
                        var now = Run(ct => client.ListDataComparisonsAsync(id, RequestLog, ct)).FirstOrDefault(c => c.CompareJobId == target.CompareJobId);
                        if (now?.Status != DrsComparisonStatus.Cancelled) throw;
                    }
                    WriteVerboseLine($"DRS job {id}: cancelled the {target.Type} comparison {target.CompareJobId}.");
                    if (PassThru)
                        WriteObject(Run(ct => client.ListDataComparisonsAsync(id, RequestLog, ct)).FirstOrDefault(c => c.CompareJobId == target.CompareJobId) ?? target);
                }
                catch (HuaweiApiException ex)
                {
                    WriteError(ToErrorRecord(ex, id));
                }
            }
        }
    }
}
