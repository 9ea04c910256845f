using System;
using System.Management.Automation;
using System.Management.Automation.Host;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// The confirmation of the module's state-changing cmdlets: -WhatIf always wins, -Force skips the prompt unless -Confirm
    /// was given explicitly (PowerShell's convention), and a host that cannot prompt (pwsh -NonInteractive) ends the
    /// command with ConfirmationRequired naming -Force, instead of the host's generic "Read and Prompt" error.
    /// </summary>
    internal static class StateChangeConfirmation
    {
        public static bool Approve(PSCmdlet cmdlet, bool force, string target, string action, string consequence)
        {
            bool whatIf = Requested(cmdlet, "WhatIf", "WhatIfPreference");
            bool confirm = cmdlet.MyInvocation.BoundParameters.TryGetValue("Confirm", out var c) && ((SwitchParameter)c).IsPresent;
            if (force && !whatIf && !confirm) return true;
            try
            {
                return cmdlet.ShouldProcess($"Performing the operation \"{action}\" on target \"{target}\".",
                    $"{action} {target}? {consequence}", "Confirm");
            }
            catch (Exception ex) when (ex is PSInvalidOperationException || ex is HostException || ex is NotImplementedException)
            {
                cmdlet.ThrowTerminatingError(HuaweiCloudCmdlet.NewError("ConfirmationRequired",
                    $"{action} {target} needs a confirmation, and this host cannot prompt (pwsh -NonInteractive or a runbook). " +
                    "Add -Force (or -Confirm:$false) to go on without the prompt.", ErrorCategory.InvalidOperation, target, ex));
                return false;
            }
        }

        static bool Requested(PSCmdlet cmdlet, string parameter, string preference) =>
            cmdlet.MyInvocation.BoundParameters.TryGetValue(parameter, out var w) ? ((SwitchParameter)w).IsPresent
                : LanguagePrimitives.IsTrue(cmdlet.GetVariableValue(preference));
    }
}
