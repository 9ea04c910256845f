using System.Collections.Generic;
using System.Linq;

namespace HuaweiMigration.Core
{
    /// <summary>
    /// The ids whose requests a session did not send because its credential was rejected earlier, gathered over one
    /// command so that they get one RequestsNotSent error per service instead of one error each.
    /// </summary>
    internal sealed class NotSentIds
    {
        readonly List<MigrationId> _ids = new List<MigrationId>();

        /// <summary>The last not-sent failure taken, which names the rejection.</summary>
        public HuaweiApiException Rejection { get; private set; }

        public int Count => _ids.Count;

        /// <summary>
        /// Takes <paramref name="id"/> (several joined by line feeds, as a fan-out batch names them) when
        /// <paramref name="error"/> is a request not sent; false for any other error, which the caller reports itself.
        /// </summary>
        public bool TryAdd(MigrationService service, string id, HuaweiApiException error)
        {
            if (error == null || !error.NotSent) return false;
            Rejection = error;
            // An id given twice was two requests, so it counts twice, as the fan-out sent (or not) each.
            foreach (var one in id.Split('\n')) _ids.Add(new MigrationId(service, one, null));
            return true;
        }

        /// <summary>The ids of each service, in the order taken, DCS first; then empties the list.</summary>
        public IReadOnlyList<KeyValuePair<MigrationService, IReadOnlyList<string>>> TakeByService()
        {
            var groups = _ids.GroupBy(i => i.Service).OrderBy(g => g.Key)
                .Select(g => new KeyValuePair<MigrationService, IReadOnlyList<string>>(g.Key, g.Select(i => i.Id).ToList())).ToList();
            _ids.Clear();
            return groups;
        }
    }
}
