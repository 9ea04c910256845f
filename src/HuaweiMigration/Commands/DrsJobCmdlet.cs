using System;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
using HuaweiMigration.Drs;

namespace HuaweiMigration.Commands
{
    /// <summary>Base of the cmdlets that act on DRS jobs given by -JobId (the comparison cmdlets, Set-DrsJobAlarm).</summary>
    public abstract class DrsJobCmdlet : HuaweiCloudSessionCmdlet
    {
        /// <summary>The ids of the DRS jobs. DrsJob, DrsJobProgress, DrsComparison and DRS MigrationStatus objects bind by their JobId.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ServiceIdTransformation(MigrationService.Drs)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DrsJobIdCompleter))]
        [Trimmed]
        public string[] JobId { get; set; }

        /// <summary>A name bound with the ids applies only when one id came with it.</summary>
        internal string NameFor(string name) => MigrationIdList.NameFor(JobId.Length, name);
    }

    /// <summary>Base of Get-, Start- and Stop-DrsComparison: -JobId and the read of one comparison.</summary>
    public abstract class DrsComparisonCmdlet : DrsJobCmdlet
    {
        /// <summary>Runs <paramref name="body"/> for each -JobId: a failed request is that job's error, and the next job goes on.</summary>
        internal void ForEachJob(Action<string> body)
        {
            foreach (var id in JobId)
            {
                try
                {
                    body(id);
                }
                catch (HuaweiApiException ex)
                {
                    if (!HoldNotSent(MigrationService.Drs, id, ex)) WriteError(ToErrorRecord(ex, id));
                }
            }
        }

        /// <summary>The ids not sent after a rejected credential, one error for all of them.</summary>
        protected override void EndProcessing() => WriteHeldNotSent();

        /// <summary>The job's data comparison <paramref name="compareJobId"/> as the service reads it now, or null.</summary>
        internal DrsComparison ReadDataComparison(string jobId, string compareJobId) =>
            Run(ct => ActiveSession.DrsComparisons.ListDataComparisonsAsync(jobId, RequestLog, ct)).FirstOrDefault(c => c.CompareJobId == compareJobId);
    }
}
