using System.Management.Automation;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// Trims the spaces, tabs and line breaks that pasting leaves around ids and names, before validation runs;
    /// arrays are trimmed item by item.
    /// </summary>
    internal sealed class TrimmedAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
            ArgumentItems.Each(inputData, item => (item is PSObject p ? p.BaseObject : item) is string text ? text.Trim() : item);
    }
}
