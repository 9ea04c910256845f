using System.Collections;
using System.Management.Automation;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// Trims the spaces, tabs and line breaks that pasting leaves around ids and names, before validation runs;
    /// arrays are trimmed item by item.
    /// </summary>
    internal sealed class TrimmedAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value is string text) return text.Trim();
            if (value is IList list && !(value is string))
            {
                var copy = new object[list.Count];
                for (int i = 0; i < list.Count; i++)
                {
                    var item = list[i] is PSObject p ? p.BaseObject : list[i];
                    copy[i] = item is string s ? s.Trim() : list[i];
                }
                return copy;
            }
            return inputData;
        }
    }
}
