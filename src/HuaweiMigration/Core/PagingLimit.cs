using System;
using System.Collections.Generic;
using System.Globalization;

namespace HuaweiMigration.Core
{
    /// <summary>
    /// Ends a paged listing that would not end by itself: a server that repeats a page while claiming a huge total, or
    /// whose total grows page by page. Paging stops when a page adds no entry not seen before, or after
    /// ⌈total / page size⌉ + 1 pages (the total of the first page); <see cref="Next"/> then says why.
    /// </summary>
    public sealed class PagingLimit
    {
        readonly string _what;
        readonly int _pageSize;
        // Lists keep every key (a few thousand ids at most); row listings of any length keep only the last page's, so
        // their memory stays flat: a repeated page is caught, a longer cycle by the page bound.
        readonly bool _rememberAll;
        HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
        long _maxPages = -1;
        int _pages;

        /// <param name="what">What is listed, for the warning: "the DCS task list".</param>
        /// <param name="pageSize">The page size asked for.</param>
        /// <param name="rememberAll">True for lists of ids; false for rows, of which only the last page is remembered.</param>
        public PagingLimit(string what, int pageSize, bool rememberAll = true)
        {
            _what = what; _pageSize = Math.Max(1, pageSize); _rememberAll = rememberAll;
        }

        /// <summary>The number of pages read so far.</summary>
        public int Pages => _pages;

        /// <summary>
        /// Records a page; returns null when the next page may be read, or the warning that says why paging stops here.
        /// Call it only when the caller's own end (an empty page, the total reached) has not come.
        /// </summary>
        public string Next(IEnumerable<string> keys, long total)
        {
            _pages++;
            var page = _rememberAll ? _seen : new HashSet<string>(StringComparer.Ordinal);
            bool added = false;
            int rows = 0;
            foreach (var key in keys)
            {
                rows++;
                string k = key ?? string.Empty;
                if (page.Add(k) && (_rememberAll || !_seen.Contains(k))) added = true;
            }
            if (!_rememberAll) _seen = page;
            // A service may answer fewer rows than asked for: its first page's size is the one that counts.
            if (_maxPages < 0)
            {
                long size = rows > 0 ? Math.Min(_pageSize, rows) : _pageSize;
                _maxPages = (Math.Max(0, total) + size - 1) / size + 1;
            }
            bool any = rows > 0;
            string count = total.ToString("N0", CultureInfo.InvariantCulture);
            if (any && !added)
                return $"Stopped reading {_what} at page {_pages}: the page repeats entries already read, although the service claims {count} in all. The list may be incomplete.";
            if (_pages >= _maxPages)
                return $"Stopped reading {_what} after {_pages} pages, more than its first page's total of {count} allows. The list may be incomplete.";
            return null;
        }
    }
}
