using System.Collections.Generic;
using System.Management.Automation;
using HuaweiMigration.Core;

namespace HuaweiMigration.Commands
{
    /// <summary>Base of the cmdlets that take DCS tasks and DRS jobs together (Watch-Migration, Test-MigrationReadiness).</summary>
    public abstract class MigrationIdCmdlet : HuaweiCloudSessionCmdlet
    {
        /// <summary>DCS task ids. DcsMigrationTask, DcsMigrationStats and DCS MigrationStatus objects bind by their TaskId.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("TaskId")]
        [ServiceIdTransformation(MigrationService.Dcs)]
        [ArgumentCompleter(typeof(DcsTaskIdCompleter))]
        [Trimmed]
        public string[] DcsTaskId { get; set; }

        /// <summary>DRS job ids. DrsJob, DrsJobProgress and DRS MigrationStatus objects bind by their JobId.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("JobId")]
        [ServiceIdTransformation(MigrationService.Drs)]
        [ArgumentCompleter(typeof(DrsJobIdCompleter))]
        [Trimmed]
        public string[] DrsJobId { get; set; }

        /// <summary>The migration's name, shown in progress and copied to the output. Bound from piped tasks and jobs; it applies when one id is given.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("TaskName", "JobName")]
        public string Name { get; set; }

        /// <summary>The ids bound for the current record, DCS first, named when there is one.</summary>
        internal IReadOnlyList<MigrationId> BoundIds() => MigrationIdList.Of(DcsTaskId, DrsJobId, Name);
    }
}
