using System;
using System.Collections.Generic;

namespace HuaweiMigration.Core
{
    /// <summary>One migration a cmdlet was given: its service, id and the name bound with it (or null).</summary>
    public sealed class MigrationId
    {
        public MigrationId(MigrationService service, string id, string name) { Service = service; Id = id; Name = name; }
        public MigrationService Service { get; }
        public string Id { get; }
        public string Name { get; }
    }

    /// <summary>
    /// The ids a cmdlet collects from its parameters and the pipeline: each service and id once (ids compare without
    /// case), in the order first given, with the name that came with it when it came alone.
    /// </summary>
    public sealed class MigrationIdList
    {
        readonly List<MigrationId> _items = new List<MigrationId>();
        readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public IReadOnlyList<MigrationId> Items => _items;

        /// <summary>A name bound with <paramref name="idCount"/> ids names them only when there is one.</summary>
        public static string NameFor(int idCount, string name) => idCount == 1 && !string.IsNullOrEmpty(name) ? name : null;

        /// <summary>The ids of one record, DCS first, each with the name when it names them; empty ids stay, for the caller to judge.</summary>
        public static IReadOnlyList<MigrationId> Of(string[] dcsTaskIds, string[] drsJobIds, string name)
        {
            var dcs = dcsTaskIds ?? new string[0];
            var drs = drsJobIds ?? new string[0];
            string named = NameFor(dcs.Length + drs.Length, name);
            var ids = new List<MigrationId>();
            foreach (var id in dcs) ids.Add(new MigrationId(MigrationService.Dcs, id, named));
            foreach (var id in drs) ids.Add(new MigrationId(MigrationService.Drs, id, named));
            return ids;
        }

        /// <summary>Adds the id unless it is empty or already there; true when added.</summary>
        public bool Add(MigrationService service, string id, string name)
        {
            if (string.IsNullOrEmpty(id) || !_seen.Add(service + "/" + id)) return false;
            _items.Add(new MigrationId(service, id, name));
            return true;
        }

        public void AddRange(IEnumerable<MigrationId> ids)
        {
            foreach (var m in ids) Add(m.Service, m.Id, m.Name);
        }
    }
}
