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
        [ArgumentCompleter(typeof(NoCompletion))]
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

    /// <summary>
    /// The default session of each runspace, so that runspaces never share credentials. It lasts only until the
    /// runspace's state is reset (Runspace.ResetRunspaceState, which ForEach-Object -Parallel and runspace pools
    /// run before reusing a runspace): the reset replaces the runspace's event manager, so a default set under
    /// another event manager belongs to a previous user of the runspace and is dropped.
    /// </summary>
    internal static class SessionStore
    {
        sealed class Holder
        {
            public HuaweiCloudSession Session;
            public object Generation;
        }

        static readonly ConditionalWeakTable<Runspace, Holder> Sessions = new ConditionalWeakTable<Runspace, Holder>();
        static readonly Holder NoRunspace = new Holder();

        /// <summary>The default session of the calling thread's runspace; read it on the pipeline thread.</summary>
        public static HuaweiCloudSession Current
        {
            get
            {
                var runspace = Runspace.DefaultRunspace;
                if (runspace == null) return NoRunspace.Session;
                var holder = Sessions.GetValue(runspace, _ => new Holder());
                lock (holder)
                {
                    if (holder.Session != null && !ReferenceEquals(holder.Generation, GenerationOf(runspace)))
                        Replace(holder, null, null);
                    return holder.Session;
                }
            }
            set
            {
                var runspace = Runspace.DefaultRunspace;
                if (runspace == null) { NoRunspace.Session = value; return; }
                var holder = Sessions.GetValue(runspace, _ => new Holder());
                lock (holder) Replace(holder, value, GenerationOf(runspace));
            }
        }

        static object GenerationOf(Runspace runspace) => runspace.Events;

        /// <summary>Sets the default; the one it replaces is closed unless it was handed out with -PassThru.</summary>
        static void Replace(Holder holder, HuaweiCloudSession session, object generation)
        {
            var previous = holder.Session;
            holder.Session = session;
            holder.Generation = generation;
            if (previous != null && !ReferenceEquals(previous, session) && !previous.IsHandedOut) previous.Dispose();
        }
    }
}
