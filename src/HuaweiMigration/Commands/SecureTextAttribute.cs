using System.Management.Automation;
using System.Security;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// On a SecureString parameter: a plain string fails with a message that says how to make a SecureString, instead of
    /// PowerShell's generic "Cannot convert the value of type System.String". The text itself is never repeated.
    /// </summary>
    public sealed class SecureTextAttribute : ArgumentTransformationAttribute
    {
        readonly string _parameter;

        public SecureTextAttribute(string parameter) => _parameter = parameter;

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is string)
                throw new ArgumentTransformationMetadataException(
                    $"-{_parameter} takes a SecureString, not plain text. Type it with (Read-Host -AsSecureString), or convert a value " +
                    $"you already hold with (ConvertTo-SecureString $text -AsPlainText -Force), for example from a pipeline secret.");
            return value is SecureString ? value : inputData;
        }
    }
}
