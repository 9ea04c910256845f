using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace HuaweiMigration
{
    /// <summary>Ids a session has returned or been asked about, with their names when known, for tab completion without an API call.</summary>
    internal sealed class SeenIds
    {
        readonly ConcurrentDictionary<string, string> _names = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Records an id; a null name keeps the name already known.</summary>
        public void Add(string id, string name = null)
        {
            if (string.IsNullOrEmpty(id)) return;
            _names.AddOrUpdate(id, name, (_, known) => string.IsNullOrEmpty(name) ? known : name);
        }

        public string NameOf(string id) => id != null && _names.TryGetValue(id, out var name) ? name : null;

        public IEnumerable<KeyValuePair<string, string>> Entries => _names;

        public int Count => _names.Count;
    }
}
