using System.Management.Automation;
using HuaweiMigration.Core;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the progress of DCS (Redis) online migration tasks.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DcsMigrationStats")]
    [OutputType(typeof(DcsMigrationStats))]
    public sealed class GetDcsMigrationStatsCommand : HuaweiCloudSessionCmdlet
    {
        /// <summary>The ids of the tasks to read.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("task_id")]
        [ServiceIdTransformation(MigrationService.Dcs)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DcsTaskIdCompleter))]
        [Trimmed]
        public string[] TaskId { get; set; }

        /// <summary>The task's name, copied to the output's TaskName. Bound from piped tasks; it applies when one id is given.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string TaskName { get; set; }

        /// <summary>How many requests may be in flight at once.</summary>
        [Parameter]
        [ValidateRange(1, DesktopRuntime.MaxThrottleLimit)]
        public int ThrottleLimit { get; set; } = 8;

        OrderedFanOut<DcsMigrationStats> _fanOut;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _fanOut = new OrderedFanOut<DcsMigrationStats>(this, MigrationService.Dcs, ThrottleLimit,
                (id, stats) =>
                {
                    ActiveSession.SeenDcsTaskIds.Add(id, stats.TaskName);
                    WriteObject(stats);
                },
                (id, ex) => WriteError(ToErrorRecord(ex, MigrationService.Dcs, id)));
        }

        protected override void ProcessRecord()
        {
            string name = TaskId.Length == 1 ? TaskName : null;
            foreach (var id in TaskId)
                _fanOut.Add(id, async ct =>
                {
                    var stats = await ActiveSession.Dcs.GetStatsAsync(id, RequestLog, ct).ConfigureAwait(false);
                    stats.TaskName = name;
                    return stats;
                });
        }

        protected override void EndProcessing() => _fanOut.Drain();
    }
}
