using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
using HuaweiMigration.Drs;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// Pages through the DRS job list for a cmdlet: each server filter, each scene, 100 jobs a page, writing each page
    /// as it arrives and stopping as soon as -First is reached.
    /// </summary>
    internal sealed class DrsJobListing
    {
        readonly HuaweiCloudSessionCmdlet _cmdlet;
        readonly IReadOnlyList<string> _jobTypes;
        readonly PagingParameters _paging;
        ulong _skipped, _written;

        public DrsJobListing(HuaweiCloudSessionCmdlet cmdlet, IReadOnlyList<string> jobTypes, PagingParameters paging)
        {
            _cmdlet = cmdlet; _jobTypes = jobTypes; _paging = paging;
        }

        /// <summary>False when -First, an error or Ctrl+C ended the listing before its last page.</summary>
        public bool Complete { get; private set; } = true;

        /// <summary>Lists and writes the jobs that pass <paramref name="keep"/>, once each; returns the ids of all that passed.</summary>
        public HashSet<string> Run(IEnumerable<string> serverFilters, Func<DrsJob, bool> keep)
        {
            var session = _cmdlet.ActiveSession;
            var matched = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in serverFilters)
            {
                foreach (var jobType in _jobTypes)
                {
                    int page = 1;
                    long seen = 0;
                    var limit = new PagingLimit("the DRS job list", DrsClient.MaxJobListPageSize);
                    while (true)
                    {
                        if (_paging != null && _written >= _paging.First) { Complete = false; return matched; }
                        DrsJobPage result;
                        try
                        {
                            result = _cmdlet.Run(ct => session.Drs.ListJobsAsync(jobType, page, DrsClient.MaxJobListPageSize, name, _cmdlet.RequestLog, ct));
                        }
                        catch (HuaweiApiException ex)
                        {
                            Complete = false;
                            _cmdlet.WriteError(HuaweiCloudCmdlet.ToErrorRecord(ex, session.ProjectId));
                            // A rejected signature or token fails every scene alike, and repeated failures can lock the key.
                            if (ex.Category == ApiErrorCategory.AuthenticationError || ex.Category == ApiErrorCategory.PermissionDenied) return matched;
                            break;
                        }
                        _cmdlet.Flush();
                        foreach (var job in result.Jobs)
                        {
                            Remember(session, job);
                            if (!keep(job) || matched.Contains(job.Id)) continue;
                            if (_paging != null && _skipped >= _paging.Skip && _written >= _paging.First) { Complete = false; return matched; }
                            matched.Add(job.Id);
                            if (_paging != null && _skipped < _paging.Skip) { _skipped++; continue; }
                            _cmdlet.WriteObject(job);
                            _written++;
                        }
                        seen += result.Jobs.Count;
                        if (result.Jobs.Count == 0 || seen >= result.Total) break;
                        string stop = limit.Next(result.Jobs.Select(j => j.Id), result.Total);
                        if (stop != null) { _cmdlet.WriteWarning(stop); Complete = false; break; }
                        page++;
                    }
                }
            }
            return matched;
        }

        static void Remember(HuaweiCloudSession session, DrsJob job)
        {
            session.SeenDrsJobIds.Add(job.Id, job.Name);
            foreach (var child in job.Children) Remember(session, child);
        }
    }
}
