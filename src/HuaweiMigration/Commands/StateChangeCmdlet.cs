using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
using HuaweiMigration.Readiness;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// Base of the cmdlets that end or switch a migration (Stop-DcsMigrationTask, Stop-DrsJob, Switch-DcsMigrationIp):
    /// their common parameters, one confirmation per id (a repeated id is one), the readiness check of -RequireReady
    /// before anything is sent, and the -Wait that ends with one result per id.
    /// </summary>
    public abstract class StateChangeCmdlet : HuaweiCloudSessionCmdlet
    {
        /// <param name="defaultTimeout">The default of -Timeout, in seconds.</param>
        protected StateChangeCmdlet(int defaultTimeout) { Timeout = defaultTimeout; }

        /// <summary>Waits until each change has taken effect, showing a progress bar.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: seconds to wait before giving up with a timeout error (a hard deadline).</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int Timeout { get; set; }

        /// <summary>Outputs each item as it is at the end.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Goes on without asking for confirmation (an explicit -Confirm still asks).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>
        /// Reads each item's readiness first (the verdict of Test-MigrationReadiness, read again even when piped in) and
        /// refuses, with NotReady and without sending anything, every item that is not ready or whose readiness cannot be read.
        /// </summary>
        [Parameter]
        public SwitchParameter RequireReady { get; set; }

        readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        readonly List<string> _toCheck = new List<string>();

        internal abstract MigrationService Service { get; }

        /// <summary>The ids bound for this pipeline object.</summary>
        internal abstract IEnumerable<string> Ids { get; }

        /// <summary>The prompt's action, e.g. "Stop the DRS job", and what it means for the user.</summary>
        internal abstract string Action { get; }
        internal abstract string Consequence { get; }

        /// <summary>
        /// Whether a verdict that is not ready shows that this change was already made (a stop run again). Such an item
        /// is not refused: it goes on to the cmdlet's idempotent path, which sends nothing for it.
        /// </summary>
        internal virtual bool AlreadyMade(MigrationReadiness verdict) => false;

        /// <summary>Acts on one confirmed id; <paramref name="verdict"/> is its readiness under -RequireReady, else null.</summary>
        internal abstract void Act(string id, string target, MigrationReadiness verdict);

        /// <summary>Runs once every id was confirmed: sends what was batched, then waits with -Wait.</summary>
        internal virtual void Finish() { }

        internal SeenIds SeenNames => Service == MigrationService.Dcs ? ActiveSession.SeenDcsTaskIds : ActiveSession.SeenDrsJobIds;

        protected sealed override void ProcessRecord()
        {
            foreach (var id in Ids)
            {
                if (!_seen.Add(id)) continue;
                if (RequireReady) _toCheck.Add(id);
                else Confirm(id, null);
            }
        }

        protected sealed override void EndProcessing()
        {
            if (_toCheck.Count > 0)
                foreach (var verdict in CheckReadiness())
                {
                    if (verdict.IsReady || AlreadyMade(verdict)) Confirm(verdict.Id, verdict);
                    else
                        WriteError(NewError("NotReady", $"{ErrorAdvice.Subject(Service, verdict.Id)}: not ready: " +
                            string.Join("; ", verdict.Blockers.Select(b => b.Message)) + " Nothing was sent. Test-MigrationReadiness shows the details.",
                            ErrorCategory.InvalidOperation, verdict.Id));
                }
            Finish();
            WriteHeldNotSent();
        }

        /// <summary>
        /// Whether <paramref name="error"/> is a request for <paramref name="id"/> not sent after a rejected credential: it
        /// is kept for the one RequestsNotSent error at the end, and the caller writes nothing for it.
        /// </summary>
        internal bool NotSent(string id, HuaweiApiException error) => HoldNotSent(Service, id, error);

        void Confirm(string id, MigrationReadiness verdict)
        {
            string name = SeenNames.NameOf(id);
            string target = name == null ? id : $"{id} ({name})";
            if (StateChangeConfirmation.Approve(this, Force, target, Action, Consequence)) Act(id, target, verdict);
        }

        IReadOnlyList<MigrationReadiness> CheckReadiness()
        {
            var checker = new ReadinessChecker(ActiveSession.Dcs, ActiveSession.Drs, ActiveSession.DrsComparisons) { Clock = ActiveSession.Clock };
            var targets = _toCheck.Select(id => new ReadinessTarget(Service, id, SeenNames.NameOf(id))).ToList();
            var rejectedBefore = ActiveSession.Http.Rejection;
            var verdicts = Await(checker.CheckAsync(targets, RequestLog, CancellationToken));
            // A rejected credential judges nothing: it ends the command, without a NotReady per id.
            EndIfRejected(ActiveSession, rejectedBefore, verdicts);
            foreach (var v in verdicts) SeenNames.Add(v.Id, v.Name);
            return verdicts;
        }

        /// <summary>A -Wait over <paramref name="count"/> items, e.g. "Stopping" 2 "DRS job" until "RELEASE_RESOURCE_COMPLETE".</summary>
        internal DeadlineWait<T> NewWait<T>(string verb, int count, string noun, string goal) where T : class => new DeadlineWait<T>(this, TimeSpan.FromSeconds(Timeout))
        {
            Activity = verb + " " + DeadlineWait<T>.Count(count, noun),
            Goal = goal,
            ChildActivity = id => ErrorAdvice.Service(Service) + " " + (SeenNames.NameOf(id) ?? id),
        };

        /// <summary>
        /// Runs <paramref name="wait"/> and writes each item's end: its read error, else what <paramref name="failed"/> makes
        /// of it (null when it ended well); with -PassThru, the item as last read.
        /// </summary>
        internal void WaitAndReport<T>(DeadlineWait<T> wait, IDictionary<string, T> initial, Func<string, WaitEnd<T>, ErrorRecord> failed) where T : class
        {
            var ends = wait.Run(initial);
            foreach (var id in initial.Keys)
            {
                var end = ends[id];
                var error = NotSent(id, end.Error) ? null : end.Error != null ? ToErrorRecord(end.Error, id) : failed(id, end);
                if (error != null) WriteError(error);
                if (PassThru && end.Last != null) WriteObject(end.Last);
            }
        }

        /// <summary>An error of the module's own (StopTimeout, StopFailed, SwitchTimeout) whose TargetObject is the last status read, or the id.</summary>
        internal static ErrorRecord Failure(string errorId, string message, ApiErrorCategory category, object target) =>
            Failure(new HuaweiApiException(errorId, message, category), target);

        internal static ErrorRecord Failure(HuaweiApiException ex, object target) => new ErrorRecord(ex, ex.ErrorCode, Map(ex.Category), target);
    }

    /// <summary>The state-changing cmdlets of DCS migration tasks: their -TaskId.</summary>
    public abstract class DcsTaskChangeCmdlet : StateChangeCmdlet
    {
        /// <param name="defaultTimeout">The default of -Timeout, in seconds.</param>
        protected DcsTaskChangeCmdlet(int defaultTimeout) : base(defaultTimeout) { }

        /// <summary>The ids of the tasks to change.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("task_id")]
        [ServiceIdTransformation(MigrationService.Dcs, Strict = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DcsTaskIdCompleter))]
        [Trimmed]
        public string[] TaskId { get; set; }

        internal override MigrationService Service => MigrationService.Dcs;
        internal override IEnumerable<string> Ids => TaskId;

        /// <summary>A -Wait that reads each task's details, all at once each round.</summary>
        internal DeadlineWait<DcsMigrationTask> NewTaskWait(string verb, int count, string goal)
        {
            var wait = NewWait<DcsMigrationTask>(verb, count, "DCS migration task", goal);
            var dcs = ActiveSession.Dcs;
            wait.Read = (ids, ct) => DeadlineWait<DcsMigrationTask>.EachAsync(ids, id => dcs.GetTaskAsync(id, RequestLog, ct));
            return wait;
        }
    }
}
