using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
using HuaweiMigration.Drs;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the progress of DRS jobs, or the per-object progress of one job.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DrsJobProgress", DefaultParameterSetName = JobSet, SupportsPaging = true)]
    [OutputType(typeof(DrsJobProgress), ParameterSetName = new[] { JobSet })]
    [OutputType(typeof(DrsObjectProgress), ParameterSetName = new[] { ObjectSet })]
    public sealed class GetDrsJobProgressCommand : HuaweiCloudSessionCmdlet
    {
        const string JobSet = "Job";
        const string ObjectSet = "Object";

        /// <summary>The ids of the DRS jobs.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = JobSet)]
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ObjectSet)]
        [Alias("job_id")]
        [ServiceIdTransformation(MigrationService.Drs)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DrsJobIdCompleter))]
        [Trimmed]
        public string[] JobId { get; set; }

        /// <summary>Lists the progress of each object of this type instead of the job's overall progress.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ObjectSet)]
        [ValidateSet("table", "event", "table_structure", "procedure", "view", "function", "database", "trigger", "table_indexs")]
        public string ObjectType { get; set; }

        /// <summary>Only objects whose name contains this text (the API's search_name).</summary>
        [Parameter(ParameterSetName = ObjectSet)]
        [ValidateNotNullOrEmpty]
        [Trimmed]
        public string Filter { get; set; }

        /// <summary>The job's name, copied to the output's JobName. Bound from piped Get-DrsJob output; it applies when one id is given.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = JobSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ObjectSet)]
        [Alias("Name")]
        public string JobName { get; set; }

        /// <summary>How many batch requests may be in flight at once.</summary>
        [Parameter(ParameterSetName = JobSet)]
        [ValidateRange(1, DesktopRuntime.MaxThrottleLimit)]
        public int ThrottleLimit { get; set; } = 8;

        readonly List<string> _buffer = new List<string>(DrsClient.MaxBatchSize);
        readonly Dictionary<string, string> _names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        OrderedFanOut<IReadOnlyList<DrsJobResult>> _batches;
        DrsObjectListing _objects;

        protected override void BeginProcessing()
        {
            if (ParameterSetName == JobSet)
                foreach (var paging in new[] { "First", "Skip", "IncludeTotalCount" })
                    if (MyInvocation.BoundParameters.ContainsKey(paging))
                        ThrowTerminatingError(NewError("PagingNotSupported",
                            $"-{paging} pages the objects of one job; use it with -ObjectType. The job form returns one progress object per job.",
                            ErrorCategory.InvalidArgument, paging));
            if (Filter != null && WildcardPattern.ContainsWildcardCharacters(Filter))
                WriteWarning($"-Filter '{Filter}' is sent as text, not as a wildcard pattern: the API's search_name matches names that contain it, " +
                    "so '*' or '?' match nothing. Leave them out (-Filter table_0000 finds table_00001), or filter the output with Where-Object -like.");
            base.BeginProcessing();
            _batches = new OrderedFanOut<IReadOnlyList<DrsJobResult>>(this, MigrationService.Drs, ThrottleLimit, (_, results) =>
            {
                foreach (var r in results)
                {
                    if (r.Error != null) WriteError(ToErrorRecord(r.Error, MigrationService.Drs, r.JobId));
                    else
                    {
                        if (_names.TryGetValue(r.JobId, out var name)) r.Progress.JobName = name;
                        ActiveSession.SeenDrsJobIds.Add(r.JobId, r.Progress.JobName);
                        WriteObject(r.Progress);
                    }
                }
            },
            (batch, ex) =>
            {
                foreach (var id in batch.Split('\n')) WriteError(ToErrorRecord(ex, MigrationService.Drs, id));
            });
        }

        protected override void ProcessRecord()
        {
            foreach (var id in JobId)
            {
                if (ParameterSetName == ObjectSet)
                {
                    WriteObjects(id, JobId.Length == 1 && !string.IsNullOrEmpty(JobName) ? JobName : ActiveSession.SeenDrsJobIds.NameOf(id));
                    continue;
                }
                if (JobId.Length == 1 && !string.IsNullOrEmpty(JobName)) _names[id] = JobName;
                _buffer.Add(id);
                if (_buffer.Count == DrsClient.MaxBatchSize) SendBuffer();
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName != JobSet) { WriteHeldNotSent(); return; }
            if (_buffer.Count > 0) SendBuffer();
            _batches.Drain();
        }

        void SendBuffer()
        {
            var ids = _buffer.ToArray();
            _buffer.Clear();
            _batches.Add(string.Join("\n", ids), ct => ActiveSession.Drs.GetJobProgressAsync(ids, RequestLog, ct));
        }

        /// <summary>Streams one job's objects page by page, honouring -Skip, -First and -IncludeTotalCount.</summary>
        void WriteObjects(string jobId, string jobName)
        {
            var error = (_objects ?? (_objects = new DrsObjectListing(this, PagingParameters, ObjectType, Filter))).Write(jobId, jobName);
            if (error != null && !HoldNotSent(MigrationService.Drs, jobId, error)) WriteError(ToErrorRecord(error, MigrationService.Drs, jobId));
        }
    }
}
