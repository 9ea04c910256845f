using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
using HuaweiMigration.Reports;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Writes an HTML or Markdown report of migrations: a summary, charts over time, comparisons and readiness findings.</para>
    /// </summary>
    [Cmdlet(VerbsData.Export, "MigrationReport", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportMigrationReportCommand : HuaweiCloudCmdlet
    {
        /// <summary>The file to write. Its folder must exist.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        /// <summary>Html (the default, or Markdown for a .md path) or Markdown.</summary>
        [Parameter]
        public ReportFormat Format { get; set; }

        /// <summary>The report's heading.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; }

        /// <summary>MigrationStatus samples, DCS tasks and stats, DRS jobs and progress, readiness and comparison objects, or error records whose TargetObject is one of those.</summary>
        [Parameter(ValueFromPipeline = true)]
        public object InputObject { get; set; }

        /// <summary>Watch-Migration -StatePath files whose history the report draws.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] StatePath { get; set; }

        /// <summary>The incremental delay, in seconds, drawn as a line on DRS delay charts (Watch-Migration's -MaxDelay).</summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int MaxDelay { get; set; } = 5;

        /// <summary>Replaces an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Outputs the written file.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        readonly MigrationReportBuilder _builder = new MigrationReportBuilder();
        string _path;

        protected override void BeginProcessing()
        {
            _path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            try { ReportFile.CheckTarget(_path, Force); }
            catch (HuaweiApiException ex) { ThrowTerminatingError(ToErrorRecord(ex, _path)); }
        }

        protected override void ProcessRecord() => Gather(InputObject, 0);

        void Gather(object input, int depth)
        {
            object o = input is PSObject ps ? ps.BaseObject : input;
            switch (o)
            {
                case null: return;
                case MigrationStatus s: _builder.Add(s); return;
                case DcsMigrationTask t: _builder.Add(t); return;
                case DcsMigrationStats st: _builder.Add(st); return;
                case DrsJob j: _builder.Add(j); return;
                case DrsJobProgress p: _builder.Add(p); return;
                case ErrorRecord e when depth == 0:
                    Gather(e.TargetObject, depth + 1);
                    // The error that ended a watch (WatchTimeout, MigrationStalled, ...) is why each status it carries ended.
                    foreach (var ended in LanguagePrimitives.GetEnumerable(e.TargetObject)?.Cast<object>() ?? new[] { e.TargetObject })
                        if ((ended is PSObject p ? p.BaseObject : ended) is MigrationStatus s)
                            _builder.Migration(s.Service, s.Id).EndedReason = e.FullyQualifiedErrorId.Split(',')[0];
                    return;
                case IEnumerable list when !(o is string) && depth < 2:
                    foreach (var item in list) Gather(item, depth + 1);
                    return;
            }
            var names = PSObject.AsPSObject(input).TypeNames;
            try
            {
                if (names.Contains(ReportInputAdapters.ReadinessType)) { ReportInputAdapters.AddReadiness(_builder, input, Property); return; }
                if (names.Contains(ReportInputAdapters.ComparisonType)) { ReportInputAdapters.AddComparison(_builder, input, Property); return; }
                if (names.Contains(ReportInputAdapters.ComparisonItemType)) { ReportInputAdapters.AddComparisonItem(_builder, input, Property); return; }
            }
            catch (ArgumentException ex) { WriteError(NewError("UnsupportedReportInput", ex.Message, ErrorCategory.InvalidData, input)); return; }
            // An error record that carries no migration (NotConnected, InvalidId) adds nothing, silently.
            if (depth == 1 && input is ErrorRecord) return;
            if (depth > 0) return;
            WriteError(NewError("UnsupportedReportInput",
                $"Export-MigrationReport does not take a {names.FirstOrDefault()}. Pipe Watch-Migration output, DCS tasks or stats, DRS jobs or progress.",
                ErrorCategory.InvalidArgument, input));
        }

        static object Property(object o, string name) => PSObject.AsPSObject(o).Properties[name]?.Value;

        protected override void EndProcessing()
        {
            foreach (var state in StatePath ?? new string[0])
            {
                string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(state);
                try
                {
                    if (!File.Exists(file))
                        throw new HuaweiApiException("StateFileUnreadable", $"The watch state file {file} does not exist.", ApiErrorCategory.ObjectNotFound);
                    _builder.Add(WatchStateHistory.Parse(File.ReadAllText(file), file));
                }
                catch (HuaweiApiException ex) { ThrowTerminatingError(ToErrorRecord(ex, file)); }
            }
            if (_builder.IsEmpty)
                ThrowTerminatingError(NewError("NothingToReport",
                    "There is nothing to report. Pipe Watch-Migration output (or DCS tasks and stats, DRS jobs and progress) into Export-MigrationReport, or give -StatePath.",
                    ErrorCategory.InvalidArgument, null));

            var format = MyInvocation.BoundParameters.ContainsKey(nameof(Format)) ? Format : ReportFile.FormatFor(_path);
            var report = _builder.Build(Title, MaxDelay);
            WriteVerboseLine($"Report of {report.Migrations.Count} migration(s), {report.Migrations.Sum(m => m.Samples.Count)} sample(s), as {format}.");
            if (!ShouldProcess(_path, $"Write the report ({format}) of {report.Migrations.Count} migration(s)")) return;
            try { ReportFile.Write(report, format, _path, Force); }
            catch (HuaweiApiException ex) { ThrowTerminatingError(ToErrorRecord(ex, _path)); }
            if (PassThru) WriteObject(new FileInfo(_path));
        }
    }
}
