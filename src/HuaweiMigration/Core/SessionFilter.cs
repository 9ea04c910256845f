using System;
using System.Collections.Generic;
using System.Linq;

namespace HuaweiMigration.Core
{
    /// <summary>
    /// Picks a held session by what it points at: region, project id and the profile its credential came from.
    /// A field left null matches any session.
    /// </summary>
    public sealed class SessionFilter
    {
        public string Region { get; set; }
        public string ProjectId { get; set; }
        public string ProfileName { get; set; }

        public bool Matches(string region, string projectId, string credentialSource) =>
            (Region == null || string.Equals(Region, region, StringComparison.OrdinalIgnoreCase)) &&
            (ProjectId == null || string.Equals(ProjectId, projectId, StringComparison.Ordinal)) &&
            (ProfileName == null || string.Equals("Profile:" + ProfileName, credentialSource, StringComparison.OrdinalIgnoreCase));

        public IReadOnlyList<T> Select<T>(IEnumerable<T> sessions, Func<T, (string Region, string ProjectId, string Source)> identity) =>
            sessions.Where(s => { var i = identity(s); return Matches(i.Region, i.ProjectId, i.Source); }).ToList();

        /// <summary>The filter as the user gave it, e.g. "-Region cn-north-4 -ProfileName prod"; "no filter" when empty.</summary>
        public override string ToString()
        {
            var parts = new List<string>();
            if (Region != null) parts.Add("-Region " + Region);
            if (ProjectId != null) parts.Add("-ProjectId " + ProjectId);
            if (ProfileName != null) parts.Add("-ProfileName " + ProfileName);
            return parts.Count == 0 ? "no filter" : string.Join(" ", parts);
        }
    }
}
