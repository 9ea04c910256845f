using System;
using System.Collections.Generic;
using System.Linq;
using HuaweiMigration.Core;

namespace HuaweiMigration.Watch
{
    /// <summary>
    /// A watch's -StatePath: the locked file, the state saved by an earlier run (null for a new watch) and the rules
    /// of a resume: the same region and project, and the same condition unless the caller forces new values.
    /// </summary>
    public sealed class WatchCheckpoint : IDisposable
    {
        readonly WatchStateFile _file;
        readonly string _region, _projectId;

        WatchCheckpoint(WatchStateFile file, WatchState saved, string region, string projectId)
        {
            _file = file;
            Saved = saved;
            _region = region;
            _projectId = projectId;
        }

        public string Path => _file.Path;
        /// <summary>The state an earlier run left, or null.</summary>
        public WatchState Saved { get; }

        /// <summary>Locks and reads the file. StateFileInUse, StateFileUnreadable, StateFileVersionNotSupported, StateProjectMismatch.</summary>
        public static WatchCheckpoint Open(string path, string region, string projectId)
        {
            var file = WatchStateFile.Open(path);
            try
            {
                var saved = file.Load();
                if (saved != null && (!string.Equals(saved.Region, region, StringComparison.OrdinalIgnoreCase) ||
                    !string.Equals(saved.ProjectId, projectId, StringComparison.OrdinalIgnoreCase)))
                    throw new HuaweiApiException("StateProjectMismatch",
                        $"The watch state file {path} belongs to project {saved.ProjectId} in {saved.Region}, and this session is connected to project {projectId} in {region}. " +
                        "Connect to that project, or give another -StatePath.", ApiErrorCategory.InvalidArgument);
                return new WatchCheckpoint(file, saved, region, projectId);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        /// <summary>
        /// The condition of this run: the saved one, with the values given (non-null) checked against it. A given value
        /// that differs is StateMismatch, unless <paramref name="force"/> takes it.
        /// </summary>
        public WatchStateCondition Resolve(WatchStateCondition defaults, WatchCondition? until, TimeSpan? maxDelay, TimeSpan? stallTimeout, StallAction? stallAction, bool force)
        {
            var saved = Saved?.Condition;
            if (saved == null)
                return new WatchStateCondition
                {
                    Until = until ?? defaults.Until, MaxDelay = maxDelay ?? defaults.MaxDelay,
                    StallTimeout = stallTimeout ?? defaults.StallTimeout, StallAction = stallAction ?? defaults.StallAction,
                };
            var differences = new List<string>();
            void Check<T>(string name, T? given, T was, Func<T, string> show) where T : struct
            {
                if (given.HasValue && !EqualityComparer<T>.Default.Equals(given.Value, was)) differences.Add($"-{name} {show(given.Value)} (the file has {show(was)})");
            }
            Check("Until", until, saved.Until, v => v.ToString());
            Check("MaxDelay", maxDelay, saved.MaxDelay, v => v.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Check("StallTimeout", stallTimeout, saved.StallTimeout, v => v.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Check("StallAction", stallAction, saved.StallAction, v => v.ToString());
            if (differences.Count > 0 && !force)
                throw new HuaweiApiException("StateMismatch",
                    $"The watch state file {Path} was written for another condition: {string.Join(", ", differences)}. " +
                    "Leave these parameters out to go on with the file's, add -Force to take the new ones, or give another -StatePath.",
                    ApiErrorCategory.InvalidArgument);
            return new WatchStateCondition
            {
                Until = until ?? saved.Until, MaxDelay = maxDelay ?? saved.MaxDelay,
                StallTimeout = stallTimeout ?? saved.StallTimeout, StallAction = stallAction ?? saved.StallAction,
            };
        }

        /// <summary>The same, with the values of this run, of which <paramref name="given"/> tells the ones the caller gave by parameter name.</summary>
        public WatchStateCondition Resolve(WatchStateCondition values, Func<string, bool> given, bool force) =>
            Resolve(values, given("Until") ? values.Until : (WatchCondition?)null, given("MaxDelay") ? values.MaxDelay : (TimeSpan?)null,
                given("StallTimeout") ? values.StallTimeout : (TimeSpan?)null, given("StallAction") ? values.StallAction : (StallAction?)null, force);

        /// <summary>Saves what the watcher knows now.</summary>
        public void Save(MigrationWatcher watcher, DateTimeOffset now)
        {
            var state = new WatchState
            {
                Region = _region,
                ProjectId = _projectId,
                Condition = new WatchStateCondition
                {
                    Until = watcher.Until, MaxDelay = watcher.MaxDelay, StallTimeout = watcher.StallTimeout, StallAction = watcher.StallAction,
                },
            };
            state.Items.AddRange(watcher.Items);
            _file.Save(state.ToJson(now));
        }

        bool _saveFailed;

        /// <summary>
        /// Saves, and returns a warning the first time a save fails (null otherwise): the watch goes on, and the file
        /// keeps the last state that was written.
        /// </summary>
        public string TrySave(MigrationWatcher watcher, DateTimeOffset now)
        {
            try
            {
                Save(watcher, now);
                return null;
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                bool first = !_saveFailed;
                _saveFailed = true;
                return first ? $"The watch state could not be saved to {Path}: {ex.Message} The watch goes on; the file keeps its last state." : null;
            }
        }

        public void Dispose() => _file.Dispose();
    }
}
