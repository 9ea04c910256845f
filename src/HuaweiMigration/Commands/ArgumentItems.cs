using System;
using System.Collections;
using System.Management.Automation;

namespace HuaweiMigration.Commands
{
    /// <summary>The walk every argument transformation of the module shares: one argument, or each item of a list.</summary>
    internal static class ArgumentItems
    {
        public static object Each(object inputData, Func<object, object> one)
        {
            object input = inputData is PSObject ps ? ps.BaseObject : inputData;
            if (!(input is IList list) || input is string) return one(inputData);
            var items = new object[list.Count];
            for (int i = 0; i < items.Length; i++) items[i] = one(list[i]);
            return items;
        }
    }
}
