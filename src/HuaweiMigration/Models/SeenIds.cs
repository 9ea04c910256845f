using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace HuaweiMigration
{
    /// <summary>Ids a session has returned or been asked about, with their names when known, for tab completion without an API call.</summary>
    internal sealed class SeenIds
    {
        readonly ConcurrentDictionary<string, string> _names = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The longest id kept; the services' ids are 32 to 40 characters.</summary>
        internal const int MaxIdLength = 128;

        /// <summary>Records an id; a null name keeps the name already known. An id that is not id-shaped (letters, digits, _ . -) is never kept, so it is never offered.</summary>
        public void Add(string id, string name = null)
        {
            if (!IsIdShaped(id)) return;
            _names.AddOrUpdate(id, name, (_, known) => string.IsNullOrEmpty(name) ? known : name);
        }

        public string NameOf(string id) => id != null && _names.TryGetValue(id, out var name) ? name : null;

        public IEnumerable<KeyValuePair<string, string>> Entries => _names;

        public int Count => _names.Count;

        internal static bool IsIdShaped(string id)
        {
            if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength || id[0] == '-') return false;
            foreach (char c in id)
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-')) return false;
            return true;
        }
    }
}
