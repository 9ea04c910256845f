using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets DCS (Redis) data migration tasks: by id, or every task in the project.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DcsMigrationTask", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(DcsMigrationTask))]
    public sealed class GetDcsMigrationTaskCommand : HuaweiCloudSessionCmdlet
    {
        const string ListSet = "List";
        const string ByIdSet = "ById";

        /// <summary>The ids of the tasks to get.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("task_id")]
        [ServiceIdTransformation(MigrationService.Dcs)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DcsTaskIdCompleter))]
        [Trimmed]
        public string[] TaskId { get; set; }

        /// <summary>
        /// Lists only tasks whose name matches one of these wildcard patterns; an exact task id also matches. An exact
        /// value that matches nothing is an ObjectNotFound error.
        /// </summary>
        [Parameter(Position = 0, ParameterSetName = ListSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [Trimmed]
        public string[] Name { get; set; }

        /// <summary>Lists only tasks in one of these statuses (e.g. SUCCESS, MIGRATING, FULLMIGRATING).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DcsStatusCompleter))]
        [Trimmed]
        public string[] Status { get; set; }

        /// <summary>
        /// Reads the details of each listed task (one request per task, up to -ThrottleLimit in flight), so that the
        /// properties only the detailed read fills are filled too; IsDetailed is then True.
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter Detailed { get; set; }

        /// <summary>How many requests may be in flight at once.</summary>
        [Parameter(ParameterSetName = ByIdSet)]
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, DesktopRuntime.MaxThrottleLimit)]
        public int ThrottleLimit { get; set; } = 8;

        OrderedFanOut<DcsMigrationTask> _fanOut;

        protected override void BeginProcessing()
        {
            var invalid = ListFilter.InvalidWildcard(Name);
            if (invalid != null) ThrowTerminatingError(invalid);
            base.BeginProcessing();
            _paging = new OutputPaging(this, PagingParameters);
            _fanOut = new OrderedFanOut<DcsMigrationTask>(this, MigrationService.Dcs, ThrottleLimit, (id, task) =>
                {
                    if (_details == null) Emit(task);
                    else WriteDetails(task);
                },
                (id, ex) =>
                {
                    WriteError(ToErrorRecord(ex, MigrationService.Dcs, id));
                    _details?.Done();
                });
            if (Detailed) _details = new CountedProgress(this, "Reading the details of DCS migration tasks");
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != ByIdSet) return;
            foreach (var id in TaskId)
                _fanOut.Add(id, ct => ActiveSession.Dcs.GetTaskAsync(id, RequestLog, ct));
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == ByIdSet)
            {
                _fanOut.Drain();
                return;
            }

            var filter = new ListFilter(Name, Status, DcsStatusCompleter.Statuses, ("INCRMIGRATING", "INCRMIGEATING"));
            var warning = filter.UnknownStatusWarning;
            if (warning != null) WriteWarning(warning);
            var listing = new DcsTaskListing(this, filter);
            listing.Run(Found, () => _paging.IsFull);
            _fanOut.Drain();
            _details?.Complete();
            if (listing.Complete && !_paging.IsFull) listing.FindUnmatched(Emit);
            Flush();
            _paging.WriteTotalCount(listing.Complete && !_paging.IsFull);
        }

        OutputPaging _paging;
        CountedProgress _details;

        void Emit(DcsMigrationTask task)
        {
            ActiveSession.SeenDcsTaskIds.Add(task.TaskId, task.TaskName);
            _paging.Write(task);
        }

        /// <summary>A listed task: written, or with -Detailed, its details read (when -Skip and -First let it out).</summary>
        void Found(DcsMigrationTask task)
        {
            if (_details == null) { Emit(task); return; }
            if (!_paging.Admit()) return;
            _details.Queued();
            string id = task.TaskId;
            _fanOut.Add(id, ct => ActiveSession.Dcs.GetTaskAsync(id, RequestLog, ct));
        }

        void WriteDetails(DcsMigrationTask task)
        {
            ActiveSession.SeenDcsTaskIds.Add(task.TaskId, task.TaskName);
            WriteObject(task);
            _details.Done(task.TaskName ?? task.TaskId);
        }
    }
}
