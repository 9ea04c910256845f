using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
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
    public sealed class StartDrsComparisonCommand : HuaweiCloudSessionCmdlet
    {
        /// <summary>The ids of the DRS jobs. DrsJob, DrsJobProgress and DRS MigrationStatus objects bind by their JobId.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ServiceIdTransformation(MigrationService.Drs)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DrsJobIdCompleter))]
        [Trimmed]
        public string[] JobId { get; set; }

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

        readonly List<(string Id, string Name)> _jobs = new List<(string, string)>();

        protected override void ProcessRecord()
        {
            foreach (var id in JobId)
                if (!_jobs.Any(j => string.Equals(j.Id, id, StringComparison.OrdinalIgnoreCase)))
                    _jobs.Add((id, JobId.Length == 1 && !string.IsNullOrEmpty(JobName) ? JobName : null));
        }

        protected override void EndProcessing()
        {
            var types = Type.Distinct().ToList();
            string what = string.Join(", ", types) + " comparison" + (types.Count > 1 ? "s" : "") + (Table == null ? "" : " of " + string.Join(", ", Table));
            // Asked first, so that -WhatIf sends nothing at all, not even the status read.
            var approved = _jobs.Where(j => ShouldProcess($"DRS job {j.Id}{(j.Name == null ? "" : " (" + j.Name + ")")}", "Start " + what)).ToList();
            if (approved.Count == 0) return;
            var status = Await(ReadinessChecker.ReadProgressAsync(ActiveSession.Drs, approved.Select(j => j.Id).ToList(), 8, RequestLog, CancellationToken));
            var runner = new ComparisonRunner(ActiveSession.DrsComparisons);
            var started = new List<DrsComparison>();
            foreach (var (id, name) in approved)
            {
                var r = status[id];
                if (r.Error != null) { WriteError(ToErrorRecord(r.Error, id)); continue; }
                ActiveSession.SeenDrsJobIds.Add(id, name);
                if (!ComparisonRunner.MayCompare(r.Progress))
                {
                    WriteError(ToErrorRecord(ComparisonRunner.NotAllowed(id, r.Progress.TransferStatus), id));
                    continue;
                }
                IReadOnlyList<ComparisonStart> results;
                try
                {
                    results = Run(ct => runner.StartAsync(id, types, Table, RequestLog, ct));
                }
                catch (HuaweiApiException ex)
                {
                    WriteError(ToErrorRecord(ex, id));
                    continue;
                }
                foreach (var s in results)
                {
                    if (s.Error != null) { WriteError(ToErrorRecord(s.Error, id)); continue; }
                    s.Comparison.JobName = name;
                    if (s.Reused) WriteWarning($"DRS job {id}: the {s.Type} comparison {s.Comparison.CompareJobId} is already running; using it.");
                    WriteVerboseLine($"DRS job {id}: {s.Type} comparison {s.Comparison.CompareJobId} {(s.Reused ? "reused" : "started")}.");
                    started.Add(s.Comparison);
                }
            }
            if (Wait && started.Count > 0) started = WaitFor(runner, started).ToList();
            if (PassThru) foreach (var c in started) WriteObject(c);
        }

        IReadOnlyList<DrsComparison> WaitFor(ComparisonRunner runner, IReadOnlyList<DrsComparison> comparisons)
        {
            var bars = new ComparisonProgress(this, comparisons);
            IReadOnlyList<DrsComparison> final;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken))
            {
                deadline.CancelAfter(TimeSpan.FromSeconds(Timeout));
                final = Await(runner.WaitAsync(comparisons, TimeSpan.FromSeconds(Interval), c => Post(() => bars.Update(c)),
                    (c, e) => Post(() => WriteWarning($"DRS job {c.JobId}: the {c.Type} comparison could not be read ({e.ErrorCode}); trying again.")),
                    RequestLog, deadline.Token));
                if (CancellationToken.IsCancellationRequested) throw new PipelineStoppedException();
            }
            bars.CompleteAll();
            foreach (var c in final)
            {
                if (!DrsComparisonCodes.IsFinished(c.Status))
                    WriteError(NewError("ComparisonTimeout", $"DRS job {c.JobId}: the {c.Type} comparison {c.CompareJobId} did not finish within {Timeout} s (status '{c.StatusText}').",
                        ErrorCategory.OperationTimeout, c.JobId));
                else if (c.Status != DrsComparisonStatus.Succeeded)
                    WriteError(NewError("ComparisonFailed", $"DRS job {c.JobId}: the {c.Type} comparison {c.CompareJobId} ended {c.Status} (status '{c.StatusText}').",
                        ErrorCategory.InvalidResult, c.JobId));
            }
            return final;
        }
    }
}
