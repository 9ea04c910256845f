using System;
using System.Collections.Generic;
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
                ThrowTerminatingError(Closed(ActiveSession));
        }

        internal static ErrorRecord Closed(HuaweiCloudSession session) => NewError("NotConnected",
            $"The session {session} was closed by Disconnect-HuaweiCloud. Run Connect-HuaweiCloud again.", ErrorCategory.ConnectionError, session);
    }

    /// <summary>
    /// The default session of each runspace and the sessions it holds, so that runspaces never share credentials.
    /// They last only until the runspace's state is reset (Runspace.ResetRunspaceState, which ForEach-Object -Parallel
    /// and runspace pools run before reusing a runspace): the reset replaces the runspace's event manager, so sessions
    /// kept under another event manager belong to a previous user of the runspace and are dropped.
    /// </summary>
    internal static class SessionStore
    {
        sealed class Holder
        {
            public HuaweiCloudSession Session;
            public readonly List<HuaweiCloudSession> Held = new List<HuaweiCloudSession>();
            public object Generation;
        }

        static readonly ConditionalWeakTable<Runspace, Holder> Sessions = new ConditionalWeakTable<Runspace, Holder>();
        static readonly Holder NoRunspace = new Holder();

        /// <summary>The default session of the calling thread's runspace; read it on the pipeline thread.</summary>
        public static HuaweiCloudSession Current
        {
            get => Read(holder => holder.Session);
            set => Write(holder => Replace(holder, value, closeReplaced: true));
        }

        /// <summary>
        /// Makes a session the default and keeps the one it replaces open (Set-HuaweiCloudSession): the user chose to
        /// switch, and may switch back.
        /// </summary>
        public static void Select(HuaweiCloudSession session) => Write(holder => Replace(holder, session, closeReplaced: false));

        /// <summary>The open sessions of this runspace, in the order they were connected or selected.</summary>
        public static IReadOnlyList<HuaweiCloudSession> Held => Read(holder =>
        {
            holder.Held.RemoveAll(s => !s.IsConnected);
            return holder.Held.ToArray();
        });

        /// <summary>Whether a session is the default of the calling thread's runspace.</summary>
        public static bool IsDefault(HuaweiCloudSession session) => session != null && ReferenceEquals(Current, session);

        static T Read<T>(Func<Holder, T> read)
        {
            var runspace = Runspace.DefaultRunspace;
            var holder = runspace == null ? NoRunspace : Sessions.GetValue(runspace, _ => new Holder());
            lock (holder)
            {
                if (runspace != null && holder.Generation != null && !ReferenceEquals(holder.Generation, GenerationOf(runspace)))
                    Drop(holder);
                return read(holder);
            }
        }

        static void Write(Action<Holder> write) => Read(holder =>
        {
            var runspace = Runspace.DefaultRunspace;
            holder.Generation = runspace == null ? null : GenerationOf(runspace);
            write(holder);
            return true;
        });

        static object GenerationOf(Runspace runspace) => runspace.Events;

        /// <summary>A previous user's sessions: forgotten, and closed unless -PassThru handed them out.</summary>
        static void Drop(Holder holder)
        {
            foreach (var s in holder.Held) if (!s.IsHandedOut) s.Dispose();
            if (holder.Session != null && !holder.Session.IsHandedOut) holder.Session.Dispose();
            holder.Held.Clear();
            holder.Session = null;
            holder.Generation = null;
        }

        /// <summary>Sets the default; Connect closes the one it replaces unless it was handed out with -PassThru.</summary>
        static void Replace(Holder holder, HuaweiCloudSession session, bool closeReplaced)
        {
            var previous = holder.Session;
            holder.Session = session;
            if (session != null && !holder.Held.Contains(session)) holder.Held.Add(session);
            if (closeReplaced && previous != null && !ReferenceEquals(previous, session) && !previous.IsHandedOut)
            {
                previous.Dispose();
                holder.Held.Remove(previous);
            }
        }
    }
}
