using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using HuaweiMigration.Core;

namespace HuaweiMigration.Commands
{
    /// <summary>Completes the profile names of ~/.huaweicloud/credentials and ~/.hcloud/config.json.</summary>
    public sealed class ProfileNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completions.Matching(CredentialProfiles.Names(new CredentialChain().Home), wordToComplete);
    }

    /// <summary>Completes nothing: a session is an object, so file names are never the right answer.</summary>
    public sealed class NoCompletion : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) => new CompletionResult[0];
    }
}
