using System.Management.Automation;

namespace HuaweiMigration.Commands
{
    /// <summary>-Skip, -First and -IncludeTotalCount over objects written one by one, for a cmdlet with SupportsPaging.</summary>
    internal sealed class OutputPaging
    {
        readonly Cmdlet _cmdlet;
        readonly PagingParameters _paging;
        ulong _matched, _written;

        public OutputPaging(Cmdlet cmdlet, PagingParameters paging)
        {
            _cmdlet = cmdlet;
            _paging = paging;
        }

        /// <summary>True once -First objects are out: the caller may stop reading pages.</summary>
        public bool IsFull => _written >= _paging.First;

        public void Write(object item)
        {
            if (Admit()) _cmdlet.WriteObject(item);
        }

        /// <summary>Counts one matching item and says whether -Skip and -First let it out; the caller then writes it, perhaps later.</summary>
        public bool Admit()
        {
            if (IsFull) return false;
            if (_matched++ < _paging.Skip) return false;
            _written++;
            return true;
        }

        /// <summary>With -IncludeTotalCount: how many matched; exact only when every page was read.</summary>
        public void WriteTotalCount(bool complete)
        {
            if (_paging.IncludeTotalCount) _cmdlet.WriteObject(_paging.NewTotalCount(_matched, complete ? 1.0 : 0.0));
        }
    }
}
