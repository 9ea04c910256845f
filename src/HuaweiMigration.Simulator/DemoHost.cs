using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace HuaweiMigration.Simulator
{
    /// <summary>
    /// The demo's PowerShell host: Out-Default writes here, so objects print through the module's own views as in a
    /// console, at the terminal's width. Progress bars are drawn below the output on a terminal, and not at all when
    /// the output is redirected. It never prompts: the demo answers every confirmation with -Force or -Confirm:$false.
    /// </summary>
    internal sealed class DemoHost : PSHost
    {
        readonly DemoUserInterface _ui;

        public DemoHost(TextWriter output, bool terminal, int width)
        {
            _ui = new DemoUserInterface(output, terminal, width);
        }

        public override string Name => "HuaweiMigrationDemoHost";
        public override Version Version => new Version(1, 0);
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override PSHostUserInterface UI => _ui;
        public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;
        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }

        /// <summary>Erases the progress bars still shown (a pipeline that ended without completing them).</summary>
        public void EndProgress() => _ui.EndProgress();

        sealed class DemoUserInterface : PSHostUserInterface
        {
            readonly TextWriter _out;
            static readonly System.Text.RegularExpressions.Regex AnsiSequence = new System.Text.RegularExpressions.Regex("\u001b\\[[0-9;?]*[A-Za-z]");
            readonly bool _terminal;
            readonly int _width;
            readonly ProgressPane _progress = new ProgressPane();
            readonly object _lock = new object();
            readonly RawUserInterface _raw;
            bool _atLineStart = true;

            public DemoUserInterface(TextWriter output, bool terminal, int width)
            {
                _out = output;
                _terminal = terminal;
                _width = width;
                _raw = new RawUserInterface(width);
            }

            public override bool SupportsVirtualTerminal => _terminal;
            public override PSHostRawUserInterface RawUI => _raw;

            void Emit(string text)
            {
                lock (_lock)
                {
                    if (_terminal && _atLineStart) _out.Write(_progress.Erase());
                    // Redirected output is plain text, as pwsh writes it: the views' colour sequences are dropped.
                    if (!_terminal) text = AnsiSequence.Replace(text, string.Empty);
                    _out.Write(text);
                    if (text.Length > 0) _atLineStart = text.EndsWith("\n", StringComparison.Ordinal);
                    if (_terminal && _atLineStart) _out.Write(_progress.Draw(_width));
                    _out.Flush();
                }
            }

            public void EndProgress()
            {
                lock (_lock)
                {
                    _progress.Clear();
                    if (_terminal) _out.Write(_progress.Erase());
                    _out.Flush();
                }
            }

            public override void Write(string value) => Emit(value ?? string.Empty);
            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Emit(value ?? string.Empty);
            public override void WriteLine(string value) => Emit((value ?? string.Empty) + "\n");
            public override void WriteErrorLine(string value) => Emit(value + "\n");
            public override void WriteDebugLine(string message) => Emit("DEBUG: " + message + "\n");
            public override void WriteVerboseLine(string message) => Emit("VERBOSE: " + message + "\n");
            public override void WriteWarningLine(string message) => Emit("WARNING: " + message + "\n");

            public override void WriteProgress(long sourceId, ProgressRecord record)
            {
                if (!_terminal) return;
                lock (_lock)
                {
                    _progress.Update(sourceId, record);
                    if (!_atLineStart) return;
                    _out.Write(_progress.Erase());
                    _out.Write(_progress.Draw(_width));
                    _out.Flush();
                }
            }

            static Exception NoPrompt(string what) =>
                new PSInvalidOperationException("The demo does not prompt (" + what + "); pass -Force or -Confirm:$false.");

            public override string ReadLine() => throw NoPrompt("ReadLine");
            public override SecureString ReadLineAsSecureString() => throw NoPrompt("ReadLineAsSecureString");
            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw NoPrompt(message);
            public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw NoPrompt(message);
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw NoPrompt(message);
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
                PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw NoPrompt(message);
        }

        /// <summary>Only the size: Out-Default lays tables out at its width.</summary>
        sealed class RawUserInterface : PSHostRawUserInterface
        {
            readonly Size _size;
            public RawUserInterface(int width) { _size = new Size(width, 50); }
            public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
            public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
            public override Size BufferSize { get => _size; set { } }
            public override Coordinates CursorPosition { get; set; }
            public override int CursorSize { get; set; }
            public override Coordinates WindowPosition { get; set; }
            public override Size WindowSize { get => _size; set { } }
            public override Size MaxWindowSize => _size;
            public override Size MaxPhysicalWindowSize => _size;
            public override bool KeyAvailable => false;
            public override string WindowTitle { get; set; } = string.Empty;
            public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();
            public override void FlushInputBuffer() { }
            public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotSupportedException();
            public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw new NotSupportedException();
            public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
            public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) =>
                throw new NotSupportedException();
        }
    }

    /// <summary>
    /// The progress bars shown under the output: one line per active record, children indented under their parent,
    /// a record gone once Completed. Names and statuses come from the service, so control characters are dropped.
    /// </summary>
    internal sealed class ProgressPane
    {
        const int BarWidth = 20;
        readonly List<(long Source, ProgressRecord Record)> _records = new List<(long, ProgressRecord)>();
        int _drawn;

        public void Update(long sourceId, ProgressRecord record)
        {
            int at = _records.FindIndex(r => r.Source == sourceId && r.Record.ActivityId == record.ActivityId);
            if (record.RecordType == ProgressRecordType.Completed)
            {
                if (at >= 0) Remove(sourceId, record.ActivityId);
                return;
            }
            if (at >= 0) _records[at] = (sourceId, record);
            else _records.Add((sourceId, record));
        }

        public void Clear() => _records.Clear();

        void Remove(long source, int activityId)
        {
            _records.RemoveAll(r => r.Source == source && r.Record.ActivityId == activityId);
            foreach (var child in _records.Where(r => r.Source == source && r.Record.ParentActivityId == activityId).ToList())
                Remove(source, child.Record.ActivityId);
        }

        /// <summary>The lines to show, parents before their children, each shorter than <paramref name="width"/>.</summary>
        public IReadOnlyList<string> Lines(int width)
        {
            var lines = new List<string>();
            void Add(long source, int parent, int depth)
            {
                foreach (var (s, r) in _records.Where(x => x.Source == source && x.Record.ParentActivityId == parent))
                {
                    lines.Add(Line(r, depth, width));
                    Add(s, r.ActivityId, depth + 1);
                }
            }
            foreach (var source in _records.Select(r => r.Source).Distinct().ToList())
            {
                var ids = new HashSet<int>(_records.Where(r => r.Source == source).Select(r => r.Record.ActivityId));
                foreach (var (s, r) in _records.Where(x => x.Source == source && (x.Record.ParentActivityId < 0 || !ids.Contains(x.Record.ParentActivityId))))
                {
                    lines.Add(Line(r, 0, width));
                    Add(s, r.ActivityId, 1);
                }
            }
            return lines;
        }

        static string Line(ProgressRecord r, int depth, int width)
        {
            var text = new StringBuilder(new string(' ', 2 * depth)).Append(Printable(r.Activity));
            string status = Printable(r.StatusDescription);
            if (status.Length > 0) text.Append(": ").Append(status);
            string bar = "";
            if (r.PercentComplete >= 0)
            {
                int filled = Math.Min(BarWidth, r.PercentComplete * BarWidth / 100);
                bar = " [" + new string('#', filled) + new string(' ', BarWidth - filled) + "] " + r.PercentComplete.ToString(CultureInfo.InvariantCulture) + "%";
            }
            if (r.PercentComplete >= 0 && width - 1 - bar.Length < 20) bar = " " + r.PercentComplete.ToString(CultureInfo.InvariantCulture) + "%";
            int room = Math.Max(4, width - 1 - bar.Length);
            string head = text.Length > room ? text.ToString(0, room - 3) + "..." : text.ToString();
            return head + bar;
        }

        static string Printable(string text) =>
            text == null ? string.Empty : new string(text.Where(c => !char.IsControl(c)).ToArray());

        /// <summary>The escape sequence that removes the lines drawn last (cursor up to their first line, erase below).</summary>
        public string Erase()
        {
            if (_drawn == 0) return string.Empty;
            string erase = "\x1b[" + _drawn.ToString(CultureInfo.InvariantCulture) + "F\x1b[J";
            _drawn = 0;
            return erase;
        }

        /// <summary>The current bars as text, each line ended; remembered so that <see cref="Erase"/> can remove them.</summary>
        public string Draw(int width)
        {
            var lines = Lines(width);
            _drawn = lines.Count;
            return lines.Count == 0 ? string.Empty : string.Join("\n", lines) + "\n";
        }
    }
}
