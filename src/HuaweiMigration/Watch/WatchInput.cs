using System;
using System.Collections.Generic;
using System.Linq;
using HuaweiMigration.Core;

namespace HuaweiMigration.Watch
{
    /// <summary>
    /// What Watch-Migration is given besides ids it can watch: plain strings, which could be either service's ids and
    /// are refused; ids that cannot be sent, refused once each; a -Name typed for several ids.
    /// </summary>
    public sealed class WatchInput
    {
        readonly List<string> _strings = new List<string>();
        readonly HashSet<string> _invalid = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        bool _nameWarningDue;

        /// <param name="nameTyped">-Name was typed by the user, not bound from a piped task or job.</param>
        public WatchInput(bool nameTyped) { _nameWarningDue = nameTyped; }

        public IReadOnlyList<string> Strings => _strings;
        public bool HasInvalidIds => _invalid.Count > 0;

        public void RefuseString(string text) => _strings.Add(text);

        /// <summary>The message of AmbiguousId for the strings received, or null when none came.</summary>
        public string AmbiguousIdMessage => _strings.Count == 0 ? null :
            $"Received {_strings.Count} {(_strings.Count == 1 ? "string" : "strings")} ({string.Join(", ", _strings.Take(3))}{(_strings.Count > 3 ? ", ..." : "")}), " +
            "which could be DCS task or DRS job ids; pass them to -DcsTaskId or -DrsJobId.";

        /// <summary>Whether the id can be watched. When not, <paramref name="error"/> says why the first time that id comes, and is null after.</summary>
        public bool Accept(MigrationService service, string id, out HuaweiApiException error)
        {
            error = null;
            try
            {
                ResourcePath.Segment(id, service == MigrationService.Dcs ? "DCS task id" : "DRS job id");
                return true;
            }
            catch (HuaweiApiException ex)
            {
                if (_invalid.Add(service + "/" + id)) error = ex;
                return false;
            }
        }

        /// <summary>The warning, once, when a typed -Name came with several ids and so names none of them.</summary>
        public string NameIgnoredWarning(int idCount, string name)
        {
            if (!_nameWarningDue || idCount < 2 || string.IsNullOrEmpty(name)) return null;
            _nameWarningDue = false;
            return $"-Name '{name}' applies to one id; it is ignored for the {idCount} ids given. Pipe in tasks or jobs to name each one.";
        }
    }
}
