using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace HuaweiMigration.Commands
{
    /// <summary>Completes DCS task ids this runspace's session has already seen; it makes no API call.</summary>
    public sealed class DcsTaskIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var session = SessionStore.Current;
            return session == null ? new CompletionResult[0] : Completions.Matching(session.SeenDcsTaskIds.Entries, wordToComplete);
        }
    }

    /// <summary>Completes the DCS task statuses the API documents (the service may add more).</summary>
    public sealed class DcsStatusCompleter : IArgumentCompleter
    {
        internal static readonly string[] Statuses =
        {
            "SUCCESS", "FAILED", "MIGRATING", "TERMINATED", "TERMINATING", "INCRMIGEATING", "FULLMIGRATING", "RUNNING", "MIGRATION_FAILED", "RELEASED",
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completions.Matching(Statuses, wordToComplete);
    }

    /// <summary>Completes the DRS job statuses the API documents (the service may add more).</summary>
    public sealed class DrsStatusCompleter : IArgumentCompleter
    {
        internal static readonly string[] Statuses =
        {
            "CREATING", "CREATE_FAILED", "CONFIGURATION", "STARTJOBING", "WAITING_FOR_START", "START_JOB_FAILED",
            "FULL_TRANSFER_STARTED", "FULL_TRANSFER_FAILED", "FULL_TRANSFER_COMPLETE",
            "INCRE_TRANSFER_STARTED", "INCRE_TRANSFER_FAILED", "PAUSING", "RELEASE_RESOURCE_STARTED",
            "RELEASE_RESOURCE_FAILED", "RELEASE_RESOURCE_COMPLETE", "CHILD_TRANSFER_STARTING", "CHILD_TRANSFER_STARTED",
            "CHILD_TRANSFER_COMPLETE", "CHILD_TRANSFER_FAILED", "RELEASE_CHILD_TRANSFER_STARTED", "RELEASE_CHILD_TRANSFER_COMPLETE",
            "DELETED",
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completions.Matching(Statuses, wordToComplete);
    }

    /// <summary>Completes DRS job ids this runspace's session has already seen; it makes no API call.</summary>
    public sealed class DrsJobIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var session = SessionStore.Current;
            return session == null ? new CompletionResult[0] : Completions.Matching(session.SeenDrsJobIds.Entries, wordToComplete);
        }
    }
}
