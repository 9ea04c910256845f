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
    /// <para type="synopsis">Starts DRS data comparisons (object level and rows by default) on jobs in incremental migration.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "DrsComparison", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DrsComparison))]
    public sealed class StartDrsComparisonCommand : DrsComparisonCmdlet
    {
        /// <summary>The job's name, shown in progress and output. Bound from piped objects; it applies when one id is given.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        public string JobName { get; set; }

        /// <summary>Object (object level), Rows (row counts) and Contents (values: slow, tables with primary keys only). Default: Object, Rows.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public DrsComparisonType[] Type { get; set; } = { DrsComparisonType.Object, DrsComparisonType.Rows };

        /// <summary>Limits the row and value comparisons to these tables, as database.table. Default: every migrated table.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Trimmed]
        public string[] Table { get; set; }

        /// <summary>Waits until every comparison started has finished, with a progress bar per job.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: seconds to wait in all before the error ComparisonTimeout.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue / 1000)]
        public int Timeout { get; set; } = 3600;

        /// <summary>With -Wait: seconds between polls.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int Interval { get; set; } = 10;

        /// <summary>Outputs the comparisons (their final state with -Wait).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        readonly MigrationIdList _jobs = new MigrationIdList();

        protected override void ProcessRecord()
        {
            foreach (var id in JobId) _jobs.Add(MigrationService.Drs, id, NameFor(JobName));
        }

        protected override void EndProcessing()
        {
            var types = Type.Distinct().ToList();
            string what = "Start " + ComparisonRules.Describe(types, Table);
            // Asked first, so that -WhatIf sends nothing at all, not even the status read.
            var approved = _jobs.Items.Where(j => ShouldProcess($"DRS job {j.Id}{(j.Name == null ? "" : " (" + j.Name + ")")}", what)).ToList();
            if (approved.Count == 0) return;
            var status = Await(ReadinessChecker.ReadProgressAsync(ActiveSession.Drs, approved.Select(j => j.Id).ToList(), 8, RequestLog, CancellationToken));
            var runner = new ComparisonRunner(ActiveSession.DrsComparisons);
            var started = new List<DrsComparison>();
            foreach (var job in approved)
            {
                var r = status[job.Id];
                if (r.Error != null) { if (!HoldNotSent(MigrationService.Drs, job.Id, r.Error)) WriteError(ToErrorRecord(r.Error, job.Id)); continue; }
                ActiveSession.SeenDrsJobIds.Add(job.Id, job.Name);
                if (!ComparisonRunner.MayCompare(r.Progress)) WriteError(ToErrorRecord(ComparisonRunner.NotAllowed(job.Id, r.Progress.TransferStatus), job.Id));
                else started.AddRange(Start(runner, job.Id, job.Name, types));
            }
            if (Wait && started.Count > 0) started = ComparisonWait.Run(this, runner, started, Timeout, Interval).ToList();
            if (PassThru) foreach (var c in started) WriteObject(c);
            WriteHeldNotSent();
        }

        IEnumerable<DrsComparison> Start(ComparisonRunner runner, string id, string name, IReadOnlyList<DrsComparisonType> types)
        {
            IReadOnlyList<ComparisonStart> results;
            try
            {
                results = Run(ct => runner.StartAsync(id, types, Table, RequestLog, ct));
            }
            catch (HuaweiApiException ex)
            {
                if (!HoldNotSent(MigrationService.Drs, id, ex)) WriteError(ToErrorRecord(ex, id));
                yield break;
            }
            foreach (var s in results)
            {
                if (s.Error != null) { WriteError(ToErrorRecord(s.Error, id)); continue; }
                s.Comparison.JobName = name;
                if (s.Reused) WriteWarning($"DRS job {id}: the {s.Type} comparison {s.Comparison.CompareJobId} is already running; using it.");
                WriteVerboseLine($"DRS job {id}: {s.Type} comparison {s.Comparison.CompareJobId} {(s.Reused ? "reused" : "started")}.");
                yield return s.Comparison;
            }
        }
    }
}
