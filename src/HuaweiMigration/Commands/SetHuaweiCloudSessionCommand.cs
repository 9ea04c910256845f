using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Makes a session this runspace holds the default, the one the data cmdlets use without -Session.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "HuaweiCloudSession", DefaultParameterSetName = IdentitySet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(HuaweiCloudSession))]
    public sealed class SetHuaweiCloudSessionCommand : HuaweiCloudCmdlet
    {
        const string SessionSet = "Session";
        const string IdentitySet = "Identity";

        /// <summary>The session to make the default, from Connect-HuaweiCloud -PassThru or Get-HuaweiCloudSession -ListAvailable.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = SessionSet)]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(NoCompletion))]
        public HuaweiCloudSession Session { get; set; }

        /// <summary>Picks the held session of this region.</summary>
        [Parameter(ParameterSetName = IdentitySet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [Trimmed]
        public string Region { get; set; }

        /// <summary>Picks the held session of this project.</summary>
        [Parameter(ParameterSetName = IdentitySet)]
        [ValidateNotNullOrEmpty]
        [Trimmed]
        public string ProjectId { get; set; }

        /// <summary>Picks the held session whose credential came from this profile.</summary>
        [Parameter(ParameterSetName = IdentitySet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        [Trimmed]
        public string ProfileName { get; set; }

        /// <summary>Returns the session that became the default.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var session = ParameterSetName == SessionSet ? Session : Pick();
            if (!session.IsConnected)
                ThrowTerminatingError(HuaweiCloudSessionCmdlet.Closed(session));
            if (!ShouldProcess(session.ToString(), "Make the default Huawei Cloud session")) return;
            SessionStore.Select(session);
            WriteVerboseLine($"The default session is now {session}.");
            if (PassThru) WriteObject(session);
        }

        /// <summary>The one held session that matches -Region, -ProjectId and -ProfileName; with none given, the only one held.</summary>
        HuaweiCloudSession Pick()
        {
            var filter = new SessionFilter { Region = Region, ProjectId = ProjectId, ProfileName = ProfileName };
            var held = SessionStore.Held;
            var matches = filter.Select(held, s => (s.Region, s.ProjectId, s.CredentialSource));
            if (matches.Count == 1) return matches[0];
            string which = filter.ToString();
            if (matches.Count == 0)
                ThrowTerminatingError(NewError("SessionNotFound",
                    $"No session held in this runspace matches {which} ({held.Count} held). " +
                    "Get-HuaweiCloudSession -ListAvailable lists them; Connect-HuaweiCloud -PassThru adds one.",
                    ErrorCategory.ObjectNotFound, which));
            ThrowTerminatingError(NewError("AmbiguousSession",
                $"{matches.Count} sessions held in this runspace match {which}: {string.Join(", ", matches.Select(m => m.ToString()))}. " +
                "Add -Region, -ProjectId or -ProfileName, or pipe the one you mean from Get-HuaweiCloudSession -ListAvailable.",
                ErrorCategory.InvalidArgument, which));
            return null;
        }
    }
}
