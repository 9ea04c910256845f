using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// The client-side part of a list cmdlet's -Name and -Status filters: wildcard names (an exact name may also be
    /// an id), known statuses with their spelling variants, and which exact names were never seen.
    /// </summary>
    internal sealed class ListFilter
    {
        readonly WildcardPattern[] _patterns;
        readonly HashSet<string> _statuses;
        readonly IReadOnlyCollection<string> _knownStatuses;
        readonly Dictionary<string, bool> _exactSeen = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);

        /// <param name="names">-Name: wildcard patterns; an exact one may also be an id.</param>
        /// <param name="statuses">-Status: the statuses to keep.</param>
        /// <param name="knownStatuses">The statuses the service documents, for the warning about unknown ones.</param>
        /// <param name="statusVariants">Pairs of spellings that mean the same status (e.g. INCRMIGRATING and the service's INCRMIGEATING).</param>
        public ListFilter(string[] names, string[] statuses, IReadOnlyCollection<string> knownStatuses, params (string, string)[] statusVariants)
        {
            _knownStatuses = knownStatuses;
            _patterns = (names ?? new string[0]).Where(n => !string.IsNullOrEmpty(n))
                .Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
            foreach (var n in (names ?? new string[0]).Where(n => !string.IsNullOrEmpty(n) && !WildcardPattern.ContainsWildcardCharacters(n)))
                _exactSeen[n] = false;
            if (statuses != null && statuses.Length > 0)
            {
                _statuses = new HashSet<string>(statuses, StringComparer.OrdinalIgnoreCase);
                foreach (var (a, b) in statusVariants)
                {
                    if (_statuses.Contains(a)) _statuses.Add(b);
                    if (_statuses.Contains(b)) _statuses.Add(a);
                }
                var known = new HashSet<string>(knownStatuses.Concat(statusVariants.SelectMany(v => new[] { v.Item1, v.Item2 })), StringComparer.OrdinalIgnoreCase);
                UnknownStatuses = statuses.Where(s => !known.Contains(s)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            }
            else UnknownStatuses = new string[0];
        }

        /// <summary>
        /// InvalidWildcard for the first name that is not a valid wildcard pattern (an unclosed '[', say), else null.
        /// A pattern is parsed only when first matched, after the first page, so cmdlets check before any request.
        /// </summary>
        public static ErrorRecord InvalidWildcard(string[] names)
        {
            foreach (var name in names ?? new string[0])
            {
                if (string.IsNullOrEmpty(name)) continue;
                try { WildcardPattern.Get(name, WildcardOptions.IgnoreCase).IsMatch(string.Empty); }
                catch (WildcardPatternException ex)
                {
                    return HuaweiCloudCmdlet.NewError("InvalidWildcard", $"-Name '{name}' is not a valid wildcard pattern: {ex.Message}",
                        ErrorCategory.InvalidArgument, name);
                }
            }
            return null;
        }

        /// <summary>Names without wildcards, which the server's name filter can take.</summary>
        public IReadOnlyCollection<string> ExactNames => _exactSeen.Keys;

        /// <summary>True when every name is exact, so that each can go to the server's filter.</summary>
        public bool AllNamesExact => _patterns.Length > 0 && _exactSeen.Count == _patterns.Length;

        public string[] UnknownStatuses { get; }

        /// <summary>Whether an item passes the filters; an exact name also matches the item's id.</summary>
        public bool Matches(string name, string id, string status)
        {
            bool matched = _patterns.Length == 0;
            foreach (var p in _patterns)
                if (p.IsMatch(name ?? string.Empty)) matched = true;
            foreach (var exact in _exactSeen.Keys.ToList())
            {
                if (string.Equals(exact, name, StringComparison.OrdinalIgnoreCase) || string.Equals(exact, id, StringComparison.OrdinalIgnoreCase))
                {
                    _exactSeen[exact] = true;
                    matched = true;
                }
            }
            return matched && (_statuses == null || _statuses.Contains(status ?? string.Empty));
        }

        /// <summary>Exact names that matched nothing (meaningful only after a complete listing).</summary>
        public IEnumerable<string> UnmatchedExactNames => _exactSeen.Where(kv => !kv.Value).Select(kv => kv.Key);

        /// <summary>The warning for unknown statuses, or null.</summary>
        public string UnknownStatusWarning => UnknownStatuses.Length == 0 ? null :
            $"Unknown status {string.Join(", ", UnknownStatuses.Select(s => "'" + s + "'"))}; it may match nothing. Known statuses: {string.Join(", ", _knownStatuses)}.";
    }
}
