using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace HuaweiMigration.Commands
{
    /// <summary>Base of the data cmdlets: takes -Session, or falls back to the runspace's default session.</summary>
    public abstract class HuaweiCloudSessionCmdlet : HuaweiCloudCmdlet
    {
        /// <summary>The session to use. Defaults to the one Connect-HuaweiCloud set for this runspace.</summary>
        [Parameter]
        [ValidateNotNull]
        public HuaweiCloudSession Session { get; set; }

        /// <summary>The session this command runs with, resolved in BeginProcessing.</summary>
        internal HuaweiCloudSession ActiveSession { get; private set; }

        protected override void BeginProcessing()
        {
            ActiveSession = Session ?? SessionStore.Current;
            if (ActiveSession == null)
                ThrowTerminatingError(NewError("NotConnected",
                    "You are not connected to Huawei Cloud. Run Connect-HuaweiCloud first, or pass -Session.",
                    ErrorCategory.ConnectionError, null));
            else if (!ActiveSession.IsConnected)
                ThrowTerminatingError(NewError("NotConnected",
                    $"The session {ActiveSession} was closed by Disconnect-HuaweiCloud. Run Connect-HuaweiCloud again.",
                    ErrorCategory.ConnectionError, ActiveSession));
        }
    }

    /// <summary>The default session of each runspace, so that runspaces never share credentials.</summary>
    internal static class SessionStore
    {
        sealed class Holder { public HuaweiCloudSession Session; }

        static readonly ConditionalWeakTable<Runspace, Holder> Sessions = new ConditionalWeakTable<Runspace, Holder>();
        static readonly Holder NoRunspace = new Holder();

        static Holder Slot
        {
            get
            {
                var runspace = Runspace.DefaultRunspace;
                return runspace == null ? NoRunspace : Sessions.GetValue(runspace, _ => new Holder());
            }
        }

        public static HuaweiCloudSession Current
        {
            get => Slot.Session;
            set => Slot.Session = value;
        }
    }
}
