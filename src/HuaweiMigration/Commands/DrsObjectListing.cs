using System;
using System.Linq;
using System.Management.Automation;
using HuaweiMigration.Core;
using HuaweiMigration.Drs;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// Pages through the per-object progress of one DRS job for Get-DrsJobProgress -ObjectType: -Skip rows are never
    /// requested, each page is written as it arrives, and the listing stops at -First or when the list repeats.
    /// </summary>
    internal sealed class DrsObjectListing
    {
        readonly HuaweiCloudSessionCmdlet _cmdlet;
        readonly PagingParameters _paging;
        readonly string _objectType;
        readonly string _filter;

        public DrsObjectListing(HuaweiCloudSessionCmdlet cmdlet, PagingParameters paging, string objectType, string filter)
        {
            _cmdlet = cmdlet; _paging = paging; _objectType = objectType; _filter = filter;
        }

        /// <summary>Writes the objects of <paramref name="jobId"/>, each named with <paramref name="jobName"/>; a failed read is returned, not written.</summary>
        public HuaweiApiException Write(string jobId, string jobName)
        {
            var session = _cmdlet.ActiveSession;
            ulong first = _paging.First;
            ulong offset = _paging.Skip;
            ulong written = 0;
            bool countWritten = false;
            var pages = new PagingLimit($"the {_objectType} objects of DRS job {jobId}", DrsClient.MaxPageSize, rememberAll: false);
            try
            {
                while (written < first)
                {
                    int limit = (int)Math.Min((ulong)DrsClient.MaxPageSize, first - written);
                    var page = _cmdlet.Run(ct => session.Drs.GetObjectProgressAsync(jobId, _objectType, (long)offset, limit, _filter, _cmdlet.RequestLog, ct));
                    if (_paging.IncludeTotalCount && !countWritten)
                    {
                        _cmdlet.WriteObject(_paging.NewTotalCount((ulong)Math.Max(0, page.Total), 1.0));
                        countWritten = true;
                    }
                    session.SeenDrsJobIds.Add(jobId, jobName);
                    foreach (var row in page.Rows.Take((int)Math.Min((ulong)page.Rows.Count, first - written)))
                    {
                        row.JobName = jobName;
                        _cmdlet.WriteObject(row);
                        written++;
                    }
                    offset += (ulong)page.Rows.Count;
                    if (page.Rows.Count == 0 || offset >= (ulong)Math.Max(0, page.Total)) break;
                    string stop = pages.Next(page.Rows.Select(r => string.Join("\n", r.SourceDatabase, r.SourceObject, r.TargetDatabase, r.TargetObject)), page.Total);
                    if (stop != null) { _cmdlet.WriteWarning(stop); break; }
                }
                return null;
            }
            catch (HuaweiApiException ex)
            {
                return ex;
            }
            finally
            {
                _cmdlet.Flush();
            }
        }
    }
}
