using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Watch;

namespace HuaweiMigration.Commands
{
    /// <summary>Watch-Migration's progress display: one parent record and one child record per migration, each ended with a Completed record.</summary>
    internal sealed class WatchProgress
    {
        readonly MigrationWatcher _watcher;
        readonly string _status;
        readonly ProgressTree<WatchedMigration> _tree;

        public WatchProgress(Cmdlet cmdlet, MigrationWatcher watcher, WatchCondition until, int interval)
        {
            _tree = new ProgressTree<WatchedMigration>(cmdlet);
            _watcher = watcher;
            _status = $"Until {until}; next poll in {interval} s";
        }

        public void Add(WatchedMigration item) => _tree.Add(item);

        public void WriteParent()
        {
            int total = _watcher.Items.Count, done = total - _watcher.Active.Count();
            _tree.WriteParent($"Watching {total} migrations ({done} done)", _status, total == 0 ? 0 : done * 100 / total);
        }

        public void WriteChild(WatchedMigration item, MigrationStatus s) =>
            _tree.WriteChild(item, $"{ErrorAdvice.Service(s.Service)} {s.Name ?? s.Id}", $"{s.Phase}{WatchReport.Figures(s)}",
                s.Percent.HasValue ? (int)Math.Max(0, Math.Min(100, s.Percent.Value)) : -1,
                s.EstimatedTimeRemaining.HasValue ? (int)Math.Min(int.MaxValue, s.EstimatedTimeRemaining.Value.TotalSeconds) : -1);

        public void Complete(WatchedMigration item) => _tree.Complete(item, Activity(item));

        public void CompleteAll() => _tree.CompleteAll(Activity, "Watching migrations");

        static string Activity(WatchedMigration item) => $"{ErrorAdvice.Service(item.Service)} {item.Name ?? item.Id}";
    }
}
