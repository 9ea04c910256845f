using System.Management.Automation;

namespace HuaweiMigration.Commands
{
    /// <summary>
    /// <para type="synopsis">Ends a Huawei Cloud session and forgets its credentials.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "HuaweiCloud")]
    [OutputType(typeof(void))]
    public sealed class DisconnectHuaweiCloudCommand : HuaweiCloudCmdlet
    {
        /// <summary>The session to end. Defaults to this runspace's default session.</summary>
        [Parameter(ValueFromPipeline = true)]
        public HuaweiCloudSession Session { get; set; }

        protected override void ProcessRecord()
        {
            var current = SessionStore.Current;
            var target = Session ?? current;
            if (target == null)
            {
                WriteVerboseLine("There is no session to disconnect.");
                return;
            }
            if (ReferenceEquals(target, current)) SessionStore.Current = null;
            target.Dispose();
            WriteVerboseLine($"Disconnected from {target}.");
        }
    }
}
