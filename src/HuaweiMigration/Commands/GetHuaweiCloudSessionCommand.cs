using System.Management.Automation;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the default Huawei Cloud session of this runspace, or every session it holds.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "HuaweiCloudSession")]
    [OutputType(typeof(HuaweiCloudSession))]
    public sealed class GetHuaweiCloudSessionCommand : HuaweiCloudCmdlet
    {
        /// <summary>
        /// Lists every open session of this runspace: the default (IsDefault) and those kept with Connect-HuaweiCloud -PassThru
        /// or left by Set-HuaweiCloudSession, in the order they were connected.
        /// </summary>
        [Parameter]
        public SwitchParameter ListAvailable { get; set; }

        protected override void EndProcessing()
        {
            if (ListAvailable)
            {
                foreach (var held in SessionStore.Held) WriteObject(held);
                return;
            }
            var session = SessionStore.Current;
            if (session != null) WriteObject(session);
        }
    }
}
