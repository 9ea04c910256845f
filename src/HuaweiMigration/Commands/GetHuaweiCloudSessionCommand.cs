using System.Management.Automation;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the default Huawei Cloud session of this runspace.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "HuaweiCloudSession")]
    [OutputType(typeof(HuaweiCloudSession))]
    public sealed class GetHuaweiCloudSessionCommand : HuaweiCloudCmdlet
    {
        protected override void EndProcessing()
        {
            var session = SessionStore.Current;
            if (session != null) WriteObject(session);
        }
    }
}
