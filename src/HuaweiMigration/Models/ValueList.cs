using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace HuaweiMigration
{
    /// <summary>
    /// A read-only list whose text is its items joined with ", ", so Export-Csv and string expansion show
    /// "data 100%, index 40%" instead of a type name; ConvertTo-Json still writes an array and -contains still works.
    /// </summary>
    public sealed class ValueList<T> : ReadOnlyCollection<T>
    {
        public ValueList(IList<T> items) : base(items) { }

        public static implicit operator ValueList<T>(T[] items) => items == null ? null : new ValueList<T>(items);

        public override string ToString() => string.Join(", ", this);
    }
}
