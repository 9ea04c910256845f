using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Stops DCS (Redis) data migration tasks, the last step of a cutover.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "DcsMigrationTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(DcsMigrationTask))]
    public sealed class StopDcsMigrationTaskCommand : HuaweiCloudSessionCmdlet
    {
        /// <summary>The ids of the tasks to stop.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("task_id")]
        [ServiceIdTransformation(MigrationService.Dcs)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DcsTaskIdCompleter))]
        [Trimmed]
        public string[] TaskId { get; set; }

        /// <summary>Waits until each task reads TERMINATED, showing a progress bar.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: seconds to wait before giving up with a StopTimeout error.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int Timeout { get; set; } = 600;

        /// <summary>Outputs each task as it is at the end: after the stop, or once it is TERMINATED with -Wait.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Stops without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        readonly List<DcsMigrationTask> _stopped = new List<DcsMigrationTask>();

        protected override void ProcessRecord()
        {
            foreach (var id in TaskId)
            {
                string name = ActiveSession.SeenDcsTaskIds.NameOf(id);
                string target = name == null ? id : $"{id} ({name})";
                if (!(Force && !WhatIfRequested) && !ShouldProcess(target, "Stop the DCS migration task")) continue;
                DcsMigrationTask task;
                try
                {
                    task = Run(ct => ActiveSession.Dcs.StopTaskAsync(id, RequestLog, ct));
                }
                catch (HuaweiApiException ex)
                {
                    Flush();
                    WriteError(ToErrorRecord(ex, MigrationService.Dcs, id));
                    continue;
                }
                Flush();
                ActiveSession.SeenDcsTaskIds.Add(id, task.TaskName);
                WriteVerboseLine($"DCS task {target}: stop requested, status {task.Status}.");
                if (Wait) _stopped.Add(task);
                else if (PassThru) WriteObject(task);
            }
        }

        protected override void EndProcessing()
        {
            if (_stopped.Count == 0) return;
            var wait = new DcsStopWait(this, _stopped, TimeSpan.FromSeconds(Timeout));
            var final = wait.Run();
            foreach (var task in _stopped)
            {
                if (!final.TryGetValue(task.TaskId, out var last)) continue;
                if (last.Status != null && !string.Equals(last.Status, "TERMINATED", StringComparison.OrdinalIgnoreCase) && wait.Ended.Contains(task.TaskId))
                    WriteWarning($"DCS task {task.TaskId} ended with status {last.Status} instead of TERMINATED.");
                if (PassThru) WriteObject(last);
            }
        }

        bool WhatIfRequested =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) ? ((SwitchParameter)w).IsPresent
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
    }
}
