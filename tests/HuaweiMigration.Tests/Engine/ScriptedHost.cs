using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>
    /// A host with a UI whose user answers every choice prompt (ShouldProcess's confirmation) with a fixed label, or,
    /// given none, refuses every prompt as pwsh -NonInteractive does. The default host of a bare runspace has no UI,
    /// and PowerShell never prompts without one, so prompts only show up with a host like this.
    /// </summary>
    public sealed class ScriptedHost : PSHost
    {
        readonly UserInterface _ui;

        public ScriptedHost(string choiceAnswer = null) { _ui = new UserInterface(choiceAnswer); }

        /// <summary>Every prompt the engine or a cmdlet tried to show.</summary>
        public List<string> Prompts => _ui.Prompts;
        /// <summary>Lines written straight to the host (Windows PowerShell's -Debug route among them).</summary>
        public List<string> HostLines => _ui.Lines;

        public override string Name => "ScriptedTestHost";
        public override Version Version => new Version(1, 0);
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override PSHostUserInterface UI => _ui;
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }

        sealed class UserInterface : PSHostUserInterface
        {
            readonly string _choiceAnswer;
            public UserInterface(string choiceAnswer) { _choiceAnswer = choiceAnswer; }
            public readonly List<string> Prompts = new List<string>();
            public readonly List<string> Lines = new List<string>();

            Exception Refuse(string what)
            {
                lock (Prompts) Prompts.Add(what);
                return new PSInvalidOperationException("PowerShell is in NonInteractive mode. Read and Prompt functionality is not available. (" + what + ")");
            }

            void Line(string text) { lock (Lines) Lines.Add(text); }

            public override PSHostRawUserInterface RawUI => null;
            public override string ReadLine() => throw Refuse("ReadLine");
            public override SecureString ReadLineAsSecureString() => throw Refuse("ReadLineAsSecureString");
            public override void Write(string value) => Line(value);
            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Line(value);
            public override void WriteLine(string value) => Line(value);
            public override void WriteErrorLine(string value) => Line(value);
            public override void WriteDebugLine(string message) => Line("DEBUG: " + message);
            public override void WriteProgress(long sourceId, ProgressRecord record) { }
            public override void WriteVerboseLine(string message) => Line("VERBOSE: " + message);
            public override void WriteWarningLine(string message) => Line("WARNING: " + message);
            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
                throw Refuse("Prompt: " + message);
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
                throw Refuse("PromptForCredential: " + message);
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
                PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw Refuse("PromptForCredential: " + message);
            public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
            {
                if (_choiceAnswer == null) throw Refuse("PromptForChoice: " + caption + " " + message);
                lock (Prompts) Prompts.Add(caption + ": " + message);
                for (int i = 0; i < choices.Count; i++)
                    if (choices[i].Label.Replace("&", "") == _choiceAnswer) return i;
                throw new InvalidOperationException($"No choice '{_choiceAnswer}' among: {string.Join(", ", choices)}");
            }
        }
    }
}
