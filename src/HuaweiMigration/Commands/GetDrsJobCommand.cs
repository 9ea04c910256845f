using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
using HuaweiMigration.Drs;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the DRS (database) jobs of the project: migration, synchronization and disaster-recovery jobs.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DrsJob", SupportsPaging = true)]
    [OutputType(typeof(DrsJob))]
    public sealed class GetDrsJobCommand : HuaweiCloudSessionCmdlet
    {
        /// <summary>Gets only jobs whose name matches one of these patterns; an exact name or id is also sent to the service's filter.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [Trimmed]
        public string[] Name { get; set; }

        /// <summary>Gets the jobs with these ids.</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ServiceIdTransformation(MigrationService.Drs)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DrsJobIdCompleter))]
        [Trimmed]
        public string[] JobId { get; set; }

        /// <summary>Gets only jobs in one of these statuses (e.g. FULL_TRANSFER_STARTED, INCRE_TRANSFER_STARTED).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DrsStatusCompleter))]
        public string[] Status { get; set; }

        /// <summary>The scenes to list: migration, sync, cloudDataGuard. All three by default.</summary>
        [Parameter]
        [ValidateSet("migration", "sync", "cloudDataGuard")]
        public string[] JobType { get; set; }

        readonly List<string> _ids = new List<string>();

        protected override void BeginProcessing()
        {
            var invalid = ListFilter.InvalidWildcard(Name);
            if (invalid != null) ThrowTerminatingError(invalid);
            base.BeginProcessing();
        }

        protected override void ProcessRecord()
        {
            if (JobId != null) _ids.AddRange(JobId);
        }

        protected override void EndProcessing()
        {
            var filter = new ListFilter(Name, Status, DrsStatusCompleter.Statuses);
            var warning = filter.UnknownStatusWarning;
            if (warning != null) WriteWarning(warning);

            var ids = new HashSet<string>(_ids, StringComparer.OrdinalIgnoreCase);
            var listing = new DrsJobListing(this, JobType ?? DrsClient.JobTypes, PagingParameters);
            var results = listing.Run(ServerFilters(filter, ids), job => (ids.Count == 0 || ids.Contains(job.Id)) && filter.Matches(job.Name, job.Id, job.Status));

            if (listing.Complete)
            {
                foreach (var id in ids.Where(id => !results.Contains(id)))
                    WriteError(NewError("DrsJobNotFound", $"No DRS job has the id '{id}'.", ErrorCategory.ObjectNotFound, id));
                foreach (var name in filter.UnmatchedExactNames)
                    WriteError(NewError("DrsJobNotFound", $"No DRS job has the name or id '{name}'.", ErrorCategory.ObjectNotFound, name));
            }
            if (PagingParameters.IncludeTotalCount)
                WriteObject(PagingParameters.NewTotalCount((ulong)results.Count, listing.Complete ? 1.0 : 0.0));
        }

        /// <summary>The service-side name filters to list with: id lists of up to 100, each exact name, or none.</summary>
        static IEnumerable<string> ServerFilters(ListFilter filter, HashSet<string> ids)
        {
            if (ids.Count > 0)
            {
                var all = ids.ToList();
                for (int i = 0; i < all.Count; i += DrsClient.MaxIdsPerNameFilter)
                    yield return string.Join(",", all.Skip(i).Take(DrsClient.MaxIdsPerNameFilter));
            }
            else if (filter.AllNamesExact)
                foreach (var name in filter.ExactNames) yield return name;
            else
                yield return null;
        }
    }
}
