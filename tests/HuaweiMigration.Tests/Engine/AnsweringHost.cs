using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>A host whose user answers every choice prompt (ShouldProcess's confirmation) with a fixed label, and records the prompts.</summary>
    public sealed class AnsweringHost : PSHost
    {
        readonly AnsweringUI _ui;

        public AnsweringHost(string answerLabel) { _ui = new AnsweringUI(answerLabel); }

        public List<string> Prompts => _ui.Prompts;

        public override string Name => "AnsweringHost";
        public override Version Version => new Version(1, 0);
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override PSHostUserInterface UI => _ui;
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { }

        sealed class AnsweringUI : PSHostUserInterface
        {
            readonly string _answer;
            public AnsweringUI(string answer) { _answer = answer; }
            public List<string> Prompts { get; } = new List<string>();

            public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
            {
                Prompts.Add(caption + ": " + message);
                for (int i = 0; i < choices.Count; i++)
                    if (choices[i].Label.Replace("&", "") == _answer) return i;
                throw new InvalidOperationException($"No choice '{_answer}' among: {string.Join(", ", choices)}");
            }

            public override PSHostRawUserInterface RawUI => null;
            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException();
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
            public override string ReadLine() => throw new NotSupportedException();
            public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();
            public override void Write(string value) { }
            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { }
            public override void WriteDebugLine(string message) { }
            public override void WriteErrorLine(string value) { }
            public override void WriteLine(string value) { }
            public override void WriteProgress(long sourceId, ProgressRecord record) { }
            public override void WriteVerboseLine(string message) { }
            public override void WriteWarningLine(string message) { }
        }
    }
}
