using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// Base of every cmdlet: a token source that Ctrl+C (StopProcessing) cancels, and a pump that runs
    /// background work while writing its log lines on the pipeline thread, where PowerShell requires them.
    /// </summary>
    public abstract class HuaweiCloudCmdlet : PSCmdlet, IDisposable
    {
        readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        readonly ConcurrentQueue<Action> _writes = new ConcurrentQueue<Action>();
        // Set when a write is queued or awaited work ends. It never spins: a spinning pipeline thread takes
        // the CPU from the very requests it waits for, which costs most on small machines.
        readonly ManualResetEventSlim _wake = new ManualResetEventSlim(false, 0);
        CmdletRequestLog _requestLog;

        protected internal CancellationToken CancellationToken => _cancellation.Token;

        /// <summary>A log that background requests may call from any thread.</summary>
        internal IRequestLog RequestLog => _requestLog ?? (_requestLog = new CmdletRequestLog(this));

        protected override void StopProcessing() => _cancellation.Cancel();

        /// <summary>Queues a write to run on the pipeline thread at the next pump.</summary>
        internal void Post(Action write)
        {
            _writes.Enqueue(write);
            _wake.Set();
        }

        /// <summary>Blocks until <paramref name="task"/> ends, writing queued log lines meanwhile; Ctrl+C ends the wait at once.</summary>
        internal T Await<T>(Task<T> task)
        {
            Pump(task);
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        internal void Await(Task task) => Await(AsResult(task));

        /// <summary>Runs one request on the pipeline thread, where the runtime allows, and returns its result.</summary>
        internal T Run<T>(Func<CancellationToken, Task<T>> request) => Await(CallingThread.Run(() => request(CancellationToken)));

        static async Task<bool> AsResult(Task task)
        {
            await task.ConfigureAwait(false);
            return true;
        }

        void Pump(Task task)
        {
            if (!task.IsCompleted)
                task.ContinueWith(_ => _wake.Set(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            try
            {
                while (true)
                {
                    _wake.Reset();
                    Flush();
                    if (task.IsCompleted) break;
                    _wake.Wait(_cancellation.Token);
                }
                Flush();
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Writes any queued log lines now.</summary>
        internal void Flush()
        {
            while (_writes.TryDequeue(out var write)) write?.Invoke();
        }

        internal static ErrorCategory Map(ApiErrorCategory category)
        {
            switch (category)
            {
                case ApiErrorCategory.InvalidArgument: return ErrorCategory.InvalidArgument;
                case ApiErrorCategory.AuthenticationError: return ErrorCategory.AuthenticationError;
                case ApiErrorCategory.PermissionDenied: return ErrorCategory.PermissionDenied;
                case ApiErrorCategory.ObjectNotFound: return ErrorCategory.ObjectNotFound;
                case ApiErrorCategory.LimitsExceeded: return ErrorCategory.LimitsExceeded;
                case ApiErrorCategory.ResourceUnavailable: return ErrorCategory.ResourceUnavailable;
                case ApiErrorCategory.OperationTimeout: return ErrorCategory.OperationTimeout;
                case ApiErrorCategory.ConnectionError: return ErrorCategory.ConnectionError;
                case ApiErrorCategory.InvalidResponse: return ErrorCategory.InvalidResult;
                case ApiErrorCategory.InvalidData: return ErrorCategory.InvalidData;
                default: return ErrorCategory.InvalidOperation;
            }
        }

        /// <summary>An ErrorRecord whose ErrorId is the service's code and whose TargetObject is the resource id.</summary>
        internal static ErrorRecord ToErrorRecord(HuaweiApiException ex, object target) =>
            ErrorAdvice.Advise(new ErrorRecord(ex, ex.ErrorCode, Map(ex.Category), target));

        /// <summary>
        /// The same for one task or job: the message shown starts with the service and the id ("DCS task a276...: "),
        /// so that two failed ids give two messages that say which is which.
        /// </summary>
        internal static ErrorRecord ToErrorRecord(HuaweiApiException ex, MigrationService service, string id)
        {
            var record = ToErrorRecord(ex, id);
            string action = record.ErrorDetails?.RecommendedAction;
            record.ErrorDetails = new ErrorDetails(ErrorAdvice.Subject(service, id) + ": " + ex.Message) { RecommendedAction = action };
            return record;
        }

        /// <summary>
        /// One error for every request a fan-out did not send because the session's credential was rejected earlier: the
        /// count and the ids (all of them in TargetObject), instead of one record per id.
        /// </summary>
        internal static ErrorRecord NotSentError(HuaweiApiException rejection, MigrationService service, IReadOnlyList<string> ids)
        {
            const int Shown = 5;
            string kind = service == MigrationService.Dcs ? "task" : "job";
            string list = string.Join(", ", ids.Take(Shown)) + (ids.Count > Shown ? $" and {ids.Count - Shown} more" : "");
            string message = $"{ErrorAdvice.Service(service)}: {ids.Count} request{(ids.Count == 1 ? " was" : "s were")} not sent, for {kind}{(ids.Count == 1 ? "" : "s")} {list}: " +
                $"this session's credential was rejected earlier ({rejection.ErrorCode}), and it is not tried again so that the key is not locked. " +
                "Run Connect-HuaweiCloud again.";
            return NewError("RequestsNotSent", message, ErrorCategory.AuthenticationError, ids.ToArray(), rejection);
        }

        NotSentIds _held;

        /// <summary>
        /// Whether <paramref name="error"/> is a request for <paramref name="id"/> not sent after a rejected credential: it is
        /// held for the one RequestsNotSent error that <see cref="WriteHeldNotSent"/> writes, and the caller writes nothing for it.
        /// </summary>
        internal bool HoldNotSent(MigrationService service, string id, HuaweiApiException error) =>
            (_held ?? (_held = new NotSentIds())).TryAdd(service, id, error);

        /// <summary>Writes the RequestsNotSent errors of the ids held so far.</summary>
        internal void WriteHeldNotSent()
        {
            if (_held != null) WriteNotSent(_held);
        }

        /// <summary>Writes one RequestsNotSent error for each service among <paramref name="notSent"/>, and empties it.</summary>
        internal void WriteNotSent(NotSentIds notSent)
        {
            foreach (var record in NotSentErrors(notSent)) WriteError(record);
        }

        static List<ErrorRecord> NotSentErrors(NotSentIds notSent) =>
            notSent.TakeByService().Select(g => NotSentError(notSent.Rejection, g.Key, g.Value)).ToList();

        /// <summary>
        /// After a readiness check, ends the command when <paramref name="session"/>'s credential is rejected, as a rejected
        /// credential judges nothing: the rejection itself when this check met it (the session as TargetObject), then one
        /// RequestsNotSent per service for the ids whose reads were not sent; the last error terminates.
        /// </summary>
        /// <param name="session">The session the check ran on.</param>
        /// <param name="before">The session's rejection before the check began, if any.</param>
        /// <param name="verdicts">The check's verdicts, whose read errors tell which ids were not sent.</param>
        internal void EndIfRejected(HuaweiCloudSession session, HuaweiApiException before, IEnumerable<MigrationReadiness> verdicts)
        {
            var rejection = session.Http.Rejection;
            if (rejection == null) return;
            var notSent = new NotSentIds();
            foreach (var v in verdicts) notSent.TryAdd(v.Service, v.Id, v.ReadError);
            var records = new List<ErrorRecord>();
            if (before == null || notSent.Count == 0) records.Add(ToErrorRecord(rejection, session));
            records.AddRange(NotSentErrors(notSent));
            for (int i = 0; i < records.Count - 1; i++) WriteError(records[i]);
            ThrowTerminatingError(records[records.Count - 1]);
        }

        internal static ErrorRecord NewError(string errorId, string message, ErrorCategory category, object target, Exception inner = null) =>
            ErrorAdvice.Advise(new ErrorRecord(new HuaweiApiException(errorId, message, ApiErrorCategory.InvalidOperation, inner: inner), errorId, category, target));

        /// <summary>The module's own error that a plain class decided: its code as ErrorId, its text and category.</summary>
        internal static ErrorRecord NewError(HuaweiApiException decided, object target) =>
            NewError(decided.ErrorCode, decided.ServiceMessage, Map(decided.Category), target);

        // Background work may still log after the cmdlet ends, so the queue and token source are left to the GC.
        public void Dispose() => _cancellation.Cancel();

        bool? _showsVerbose, _showsDebug, _debugPrompts;

        /// <summary>
        /// Whether a verbose line shows without a prompt: -Verbose, else the caller's $VerbosePreference, but never
        /// under -Debug without -Verbose. For a compiled cmdlet, -Debug turns the verbose preference into Inquire,
        /// which asks "Continue with this operation?" on every line and fails under pwsh -NonInteractive.
        /// Read on the pipeline thread, so background requests can skip building lines nobody will see.
        /// </summary>
        internal bool ShowsVerbose => _showsVerbose ?? (_showsVerbose = Wants("Verbose", "VerbosePreference") && !(Switch("Verbose") == null && Switch("Debug") == true)).Value;

        /// <summary>Whether a debug line shows: -Debug, else the caller's $DebugPreference.</summary>
        internal bool ShowsDebug => _showsDebug ?? (_showsDebug = Wants("Debug", "DebugPreference")).Value;

        // Windows PowerShell 5.1 turns -Debug into Inquire for the debug stream too (PowerShell 7 into Continue).
        bool DebugPrompts => _debugPrompts ?? (_debugPrompts = Switch("Debug") == true && typeof(PSCmdlet).Assembly.GetName().Version.Major < 6 && Host?.UI != null).Value;

        /// <summary>WriteVerbose, guarded so that it never prompts (see <see cref="ShowsVerbose"/>). Every cmdlet writes verbose lines through this.</summary>
        internal void WriteVerboseLine(string message)
        {
            if (ShowsVerbose) WriteVerbose(message);
        }

        /// <summary>WriteDebug, guarded so that it never prompts. Every cmdlet writes debug lines through this.</summary>
        internal void WriteDebugLine(string message)
        {
            if (!ShowsDebug) return;
            if (DebugPrompts) Host.UI.WriteDebugLine(message);
            else WriteDebug(message);
        }

        bool? Switch(string name) =>
            MyInvocation.BoundParameters.TryGetValue(name, out var bound) && bound is SwitchParameter s ? s.IsPresent : (bool?)null;

        /// <summary>Whether this invocation shows a stream: its -Verbose/-Debug switch, else the caller's preference variable.</summary>
        bool Wants(string switchName, string preferenceVariable)
        {
            var bound = Switch(switchName);
            if (bound.HasValue) return bound.Value;
            var value = GetVariableValue(preferenceVariable);
            if (value == null) return false;
            return !LanguagePrimitives.TryConvertTo(value, out ActionPreference preference) ||
                (preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore);
        }

        sealed class CmdletRequestLog : IRequestLog
        {
            readonly HuaweiCloudCmdlet _cmdlet;
            public CmdletRequestLog(HuaweiCloudCmdlet cmdlet)
            {
                _cmdlet = cmdlet;
                IsVerboseEnabled = cmdlet.ShowsVerbose;
                IsDebugEnabled = cmdlet.ShowsDebug;
            }
            public bool IsVerboseEnabled { get; }
            public bool IsDebugEnabled { get; }
            public void Verbose(string message) => _cmdlet.Post(() => _cmdlet.WriteVerboseLine(message));
            public void Debug(string message) => _cmdlet.Post(() => _cmdlet.WriteDebugLine(message));
            public void Warning(string message) => _cmdlet.Post(() => _cmdlet.WriteWarning(message));
        }
    }
}
