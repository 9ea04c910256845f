using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
using HuaweiMigration.Dcs;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// Pages through the DCS task list for Get-DcsMigrationTask: one listing per exact name (the service's own filter), or
    /// one unfiltered listing for a wildcard, each task once, each page handed on as it arrives until the output is full.
    /// </summary>
    internal sealed class DcsTaskListing
    {
        readonly HuaweiCloudSessionCmdlet _cmdlet;
        readonly ListFilter _filter;

        public DcsTaskListing(HuaweiCloudSessionCmdlet cmdlet, ListFilter filter)
        {
            _cmdlet = cmdlet; _filter = filter;
        }

        /// <summary>False when an error or a repeating list ended the listing before its last page.</summary>
        public bool Complete { get; private set; } = true;

        /// <summary>Hands each listed task that passes the filter to <paramref name="found"/>, once, until <paramref name="isFull"/>.</summary>
        public void Run(Action<DcsMigrationTask> found, Func<bool> isFull)
        {
            var session = _cmdlet.ActiveSession;
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var serverNames = _filter.AllNamesExact ? _filter.ExactNames.ToArray() : new string[] { null };
            foreach (var serverName in serverNames)
            {
                int offset = 0;
                var limit = new PagingLimit("the DCS task list", DcsClient.MaxPageSize);
                try
                {
                    while (!isFull())
                    {
                        var page = _cmdlet.Run(ct => session.Dcs.ListTasksAsync(offset, DcsClient.MaxPageSize, serverName, _cmdlet.RequestLog, ct));
                        _cmdlet.Flush();
                        foreach (var task in page.Tasks)
                            if (_filter.Matches(task.TaskName, task.TaskId, task.Status) && seen.Add(task.TaskId ?? string.Empty)) found(task);
                        offset += page.Tasks.Count;
                        if (page.Tasks.Count == 0 || offset >= page.Total) break;
                        string stop = limit.Next(page.Tasks.Select(t => t.TaskId), page.Total);
                        if (stop != null) { _cmdlet.WriteWarning(stop); Complete = false; break; }
                    }
                }
                catch (HuaweiApiException ex)
                {
                    Complete = false;
                    _cmdlet.WriteError(HuaweiCloudCmdlet.ToErrorRecord(ex, session.ProjectId));
                    if (ex.Category == ApiErrorCategory.AuthenticationError) break;
                }
            }
        }

        /// <summary>
        /// Reads by id each exact name that no listed task matched, since a name may be an id: a task that matches goes to
        /// <paramref name="emit"/>, any other name gets DcsMigrationTaskNotFound.
        /// </summary>
        public void FindUnmatched(Action<DcsMigrationTask> emit)
        {
            foreach (var name in _filter.UnmatchedExactNames.ToList()) FindById(name, emit);
        }

        void FindById(string name, Action<DcsMigrationTask> emit)
        {
            try
            {
                var task = _cmdlet.Run(ct => _cmdlet.ActiveSession.Dcs.GetTaskAsync(name, _cmdlet.RequestLog, ct));
                _cmdlet.Flush();
                if (_filter.Matches(task.TaskName, task.TaskId, task.Status)) { emit(task); return; }
            }
            catch (HuaweiApiException ex) when (ex.Category == ApiErrorCategory.ObjectNotFound || ex.ErrorCode == "InvalidId")
            {
            }
            catch (HuaweiApiException ex)
            {
                _cmdlet.WriteError(HuaweiCloudCmdlet.ToErrorRecord(ex, MigrationService.Dcs, name));
                return;
            }
            _cmdlet.WriteError(HuaweiCloudCmdlet.NewError("DcsMigrationTaskNotFound", $"DCS: no migration task is named '{name}' or has that id.", ErrorCategory.ObjectNotFound, name));
        }
    }
}
