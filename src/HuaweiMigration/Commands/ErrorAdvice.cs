using System.Collections.Generic;
using System.Management.Automation;

namespace HuaweiMigration.Commands
{
    /// <summary>ErrorDetails.RecommendedAction for the errors users meet most, and the "DCS task &lt;id&gt;" subject of per-item messages.</summary>
    internal static class ErrorAdvice
    {
        static readonly Dictionary<string, string> Actions = new Dictionary<string, string>
        {
            ["NotConnected"] = "Run Connect-HuaweiCloud (inside each parallel block), or pass a -PassThru session with -Session.",
            ["NoCredentials"] = "Pass -AccessKey and -SecretKey, -Token, -Credential with -DomainName or -ProfileName, or set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK.",
            ["InvalidCredential"] = "Set both HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (or neither), and check that the keys are not empty.",
            ["RegionRequired"] = "Pass -Region (for example cn-north-4) or set HUAWEICLOUD_SDK_REGION.",
            ["APIG.0301"] = "Check the secret key and the clock (within 15 minutes of the gateway's), then run Connect-HuaweiCloud again. Five bad signatures lock the key for five minutes.",
            ["DCS.4133"] = "Check the task id and the project: Get-DcsMigrationTask lists the tasks.",
            ["DRS.M05003"] = "Check the job id and the region: Get-DrsJob lists the jobs.",
            ["DcsMigrationTaskNotFound"] = "Check the name or id; use wildcards to search (Get-DcsMigrationTask 'redis*').",
            ["DrsJobNotFound"] = "Check the name or id; use wildcards to search (Get-DrsJob 'mysql*').",
            ["APIG.0308"] = "Raise -Interval or lower -ThrottleLimit.",
            ["WatchTimeout"] = "Raise -Timeout, or look at the statuses in the error's TargetObject.",
            ["ProjectNotFound"] = "Pass -ProjectId.",
            ["AmbiguousId"] = "Pass the ids to -DcsTaskId or -DrsJobId.",
            ["RequestsNotSent"] = "Run Connect-HuaweiCloud again with a valid credential, then run the command again for the ids in the error's TargetObject.",
        };

        /// <summary>Sets RecommendedAction when the ErrorId is one of the common ones.</summary>
        public static ErrorRecord Advise(ErrorRecord record)
        {
            string id = record.FullyQualifiedErrorId;
            if (id != null && Actions.TryGetValue(id, out var action))
                record.ErrorDetails = new ErrorDetails(record.Exception.Message) { RecommendedAction = action };
            return record;
        }

        /// <summary>DCS or DRS, as text writes them.</summary>
        public static string Service(MigrationService service) => service == MigrationService.Dcs ? "DCS" : "DRS";

        /// <summary>"DCS task &lt;id&gt;" or "DRS job &lt;id&gt;".</summary>
        public static string Subject(MigrationService service, string id) =>
            service == MigrationService.Dcs ? "DCS task " + id : "DRS job " + id;
    }
}
