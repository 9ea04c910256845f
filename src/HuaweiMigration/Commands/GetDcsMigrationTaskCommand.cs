using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets DCS (Redis) data migration tasks: by id, or every task in the project.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DcsMigrationTask", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(DcsMigrationTask))]
    public sealed class GetDcsMigrationTaskCommand : HuaweiCloudSessionCmdlet
    {
        const string ListSet = "List";
        const string ByIdSet = "ById";

        /// <summary>The ids of the tasks to get.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "task_id")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DcsTaskIdCompleter))]
        [Trimmed]
        public string[] TaskId { get; set; }

        /// <summary>Lists only tasks whose name matches this wildcard pattern.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [SupportsWildcards]
        [Trimmed]
        public string Name { get; set; }

        /// <summary>Lists only tasks in one of these statuses (e.g. SUCCESS, MIGRATING, FULLMIGRATING).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DcsStatusCompleter))]
        [Trimmed]
        public string[] Status { get; set; }

        /// <summary>How many requests may be in flight at once.</summary>
        [Parameter(ParameterSetName = ByIdSet)]
        [ValidateRange(1, DesktopRuntime.MaxThrottleLimit)]
        public int ThrottleLimit { get; set; } = 8;

        OrderedFanOut<DcsMigrationTask> _fanOut;

        WildcardPattern _pattern;

        protected override void BeginProcessing()
        {
            // WildcardPattern parses on first use, which would be after the first page; check before any request.
            _pattern = string.IsNullOrEmpty(Name) ? null : WildcardPattern.Get(Name, WildcardOptions.IgnoreCase);
            try { _pattern?.IsMatch(string.Empty); }
            catch (WildcardPatternException ex)
            {
                ThrowTerminatingError(NewError("InvalidWildcard", $"-Name '{Name}' is not a valid wildcard pattern: {ex.Message}",
                    ErrorCategory.InvalidArgument, Name));
            }
            base.BeginProcessing();
            _fanOut = new OrderedFanOut<DcsMigrationTask>(this, ThrottleLimit, (id, task) => Emit(task),
                (id, ex) => WriteError(ToErrorRecord(ex, id)));
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

            var pattern = _pattern;
            string serverName = Name != null && !WildcardPattern.ContainsWildcardCharacters(Name) ? Name : null;
            int offset = 0;
            try
            {
                while (true)
                {
                    var page = Run(ct => ActiveSession.Dcs.ListTasksAsync(offset, DcsClient.MaxPageSize, serverName, RequestLog, ct));
                    foreach (var task in page.Tasks)
                    {
                        if (pattern != null && !pattern.IsMatch(task.TaskName ?? string.Empty)) continue;
                        if (Status != null && !Status.Any(s => string.Equals(s, task.Status, System.StringComparison.OrdinalIgnoreCase))) continue;
                        Emit(task);
                    }
                    offset += page.Tasks.Count;
                    if (page.Tasks.Count == 0 || offset >= page.Total) break;
                }
            }
            catch (HuaweiApiException ex)
            {
                WriteError(ToErrorRecord(ex, ActiveSession.ProjectId));
            }
            Flush();
        }

        void Emit(DcsMigrationTask task)
        {
            if (task.TaskId != null) ActiveSession.SeenDcsTaskIds.TryAdd(task.TaskId, 0);
            WriteObject(task);
        }
    }
}
