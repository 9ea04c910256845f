using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;

namespace HuaweiMigration.Commands
{
    /// <summary>Where a waited-for item stands after a read.</summary>
    internal enum WaitState { Pending, Done, Failed }

    /// <summary>How the wait ended for one item: its last read state, or the read error that ended it.</summary>
    internal sealed class WaitEnd<T>
    {
        public T Last { get; set; }
        public WaitState State { get; set; }
        public bool TimedOut { get; set; }
        public HuaweiApiException Error { get; set; }
    }

    /// <summary>
    /// The -Wait of the state-changing cmdlets: reads every pending item in parallel each round, under one hard deadline
    /// that also cancels reads in flight, with one progress bar per item under a parent. Ctrl+C ends it at once; running
    /// the command again resumes it, as the stops and switches are idempotent.
    /// </summary>
    internal sealed class DeadlineWait<T> where T : class
    {
        static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

        readonly HuaweiCloudSessionCmdlet _cmdlet;
        readonly TimeSpan _timeout;

        public DeadlineWait(HuaweiCloudSessionCmdlet cmdlet, TimeSpan timeout) { _cmdlet = cmdlet; _timeout = timeout; }

        /// <summary>"1 DCS migration task" or "2 DCS migration tasks".</summary>
        public static string Count(int n, string noun) => n + " " + noun + (n == 1 ? "" : "s");

        /// <summary>Reads the given ids; each one's value or error. Called with the round's deadline token.</summary>
        public Func<IReadOnlyList<string>, CancellationToken, Task<IDictionary<string, (T Value, HuaweiApiException Error)>>> Read { get; set; }
        public Func<T, WaitState> Judge { get; set; }
        public Func<T, string> Describe { get; set; }
        /// <summary>The parent bar's activity, e.g. "Stopping 2 DCS migration tasks".</summary>
        public string Activity { get; set; }
        /// <summary>What is waited for, e.g. "TERMINATED".</summary>
        public string Goal { get; set; }
        public Func<string, string> ChildActivity { get; set; } = id => id;

        public Dictionary<string, WaitEnd<T>> Run(IDictionary<string, T> initial)
        {
            var ends = initial.ToDictionary(p => p.Key, p => new WaitEnd<T> { Last = p.Value, State = p.Value == null ? WaitState.Pending : Judge(p.Value) },
                StringComparer.OrdinalIgnoreCase);
            var pending = ends.Where(e => e.Value.State == WaitState.Pending).Select(e => e.Key).ToList();
            var progress = new ProgressTree<string>(_cmdlet, StringComparer.OrdinalIgnoreCase);
            foreach (var id in pending) progress.Add(id);
            var started = Stopwatch.StartNew();
            try
            {
                while (pending.Count > 0)
                {
                    var left = _timeout - started.Elapsed;
                    if (left <= TimeSpan.Zero) break;
                    progress.WriteParent($"{Activity} ({ends.Count - pending.Count} done)",
                        $"Waiting for {Goal}; {(int)left.TotalSeconds} s left", (ends.Count - pending.Count) * 100 / ends.Count);
                    IDictionary<string, (T Value, HuaweiApiException Error)> round;
                    using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(_cmdlet.CancellationToken))
                    {
                        deadline.CancelAfter(left);
                        try
                        {
                            round = _cmdlet.Await(Read(pending.ToList(), deadline.Token));
                        }
                        catch (OperationCanceledException) when (!_cmdlet.CancellationToken.IsCancellationRequested)
                        {
                            break;
                        }
                    }
                    foreach (var id in pending.ToList())
                    {
                        if (!round.TryGetValue(id, out var read)) continue;
                        var end = ends[id];
                        if (read.Error != null)
                        {
                            if (read.Error.IsTransient)
                            {
                                _cmdlet.WriteWarning($"{ChildActivity(id)}: reading its status failed, retrying: {read.Error.Message}");
                                continue;
                            }
                            end.Error = read.Error;
                        }
                        else
                        {
                            end.Last = read.Value;
                            end.State = Judge(read.Value);
                        }
                        if (end.Error != null || end.State != WaitState.Pending)
                        {
                            pending.Remove(id);
                            progress.Complete(id, ChildActivity(id));
                        }
                        else
                            progress.WriteChild(id, ChildActivity(id), Describe(end.Last));
                    }
                    if (pending.Count == 0) break;
                    left = _timeout - started.Elapsed;
                    if (left <= TimeSpan.Zero) break;
                    _cmdlet.Await(Task.Delay(left < PollInterval ? left : PollInterval, _cmdlet.CancellationToken));
                }
            }
            finally
            {
                if (!_cmdlet.Stopping) progress.CompleteAll(ChildActivity, Activity);
            }
            foreach (var id in pending) ends[id].TimedOut = true;
            return ends;
        }

        /// <summary>Reads each id with its own request, all at once; a failed read is that id's error.</summary>
        public static async Task<IDictionary<string, (T Value, HuaweiApiException Error)>> EachAsync(IReadOnlyList<string> ids,
            Func<string, Task<T>> read)
        {
            var reads = ids.Select(async id =>
            {
                try { return (id, await read(id).ConfigureAwait(false), (HuaweiApiException)null); }
                catch (HuaweiApiException ex) { return (id, (T)null, ex); }
            }).ToList();
            var done = await Task.WhenAll(reads).ConfigureAwait(false);
            return done.ToDictionary(d => d.Item1, d => (d.Item2, d.Item3), StringComparer.OrdinalIgnoreCase);
        }
    }
}
