using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
using HuaweiMigration.Drs;
using HuaweiMigration.Readiness;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the data comparisons of DRS jobs, or their per-table and per-object results.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DrsComparison")]
    [OutputType(typeof(DrsComparison))]
    [OutputType(typeof(DrsComparisonItem))]
    public sealed class GetDrsComparisonCommand : DrsComparisonCmdlet
    {
        /// <summary>The job's name, copied to the output. Bound from piped objects; it applies when one id is given.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        public string JobName { get; set; }

        /// <summary>Only comparisons of these types: Object, Rows, Contents. Default: all.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public DrsComparisonType[] Type { get; set; }

        /// <summary>Every comparison the job has, not only the latest of each type (the service keeps only the latest object-level one).</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        /// <summary>Streams the per-table (rows, values) or per-object (object level) results instead of the comparisons.</summary>
        [Parameter]
        public SwitchParameter Detail { get; set; }

        protected override void ProcessRecord() => ForEachJob(id =>
        {
            var client = ActiveSession.DrsComparisons;
            string name = NameFor(JobName);
            foreach (var c in Read(client, id, name))
            {
                if (!Detail) { WriteObject(c); continue; }
                foreach (var part in c.Parts) WriteDetails(client, c, part);
            }
            ActiveSession.SeenDrsJobIds.Add(id, name);
        });

        IEnumerable<DrsComparison> Read(DrsComparisonClient client, string id, string name)
        {
            var types = Type ?? new[] { DrsComparisonType.Object, DrsComparisonType.Rows, DrsComparisonType.Contents };
            IEnumerable<DrsComparison> found;
            if (!All)
            {
                var latest = Run(ct => new ReadinessChecker(ActiveSession.Dcs, ActiveSession.Drs, client).ReadLatestAsync(id, name, RequestLog, ct));
                found = new[] { latest.Object, latest.Rows, latest.Contents };
            }
            else
            {
                var obj = types.Contains(DrsComparisonType.Object) ? Run(ct => client.GetObjectComparisonAsync(id, RequestLog, ct)) : null;
                var data = Run(ct => client.ListDataComparisonsAsync(id, RequestLog, ct)).Where(c => types.Contains(c.Type)).ToList();
                foreach (var c in data.Where(c => c.Status == DrsComparisonStatus.Succeeded))
                    Run(async ct => { await client.ReadDataOverviewAsync(c, RequestLog, ct).ConfigureAwait(false); return true; });
                found = new[] { obj }.Concat(data);
            }
            foreach (var c in found.Where(c => c != null && types.Contains(c.Type)))
            {
                c.JobName = name;
                yield return c;
            }
        }

        void WriteDetails(DrsComparisonClient client, DrsComparison c, DrsComparisonItem part)
        {
            long offset = 0;
            while (true)
            {
                var page = Run(ct => client.GetDetailsAsync(c, part, offset, DrsComparisonClient.MaxPageSize, RequestLog, ct));
                foreach (var item in page.Items) WriteObject(item);
                offset += page.Items.Count;
                if (page.Items.Count == 0 || offset >= page.Total) break;
            }
        }
    }
}
