using System;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;

namespace HuaweiMigration.Iam
{
    /// <summary>
    /// What Connect-HuaweiCloud does once its parameters are bound: opens the HTTP client, gets a password credential's
    /// first token, finds the project id, and proves the credential with IAM unless told not to. On failure it closes
    /// what it opened, the credential included.
    /// </summary>
    internal static class SessionConnector
    {
        internal sealed class Result
        {
            public CloudHttpClient Http;
            public string ProjectId;
            /// <summary>IAM's answer when it could not prove the credential (the session then starts one request at a time), else null.</summary>
            public HuaweiApiException Unproven;
        }

        /// <summary>
        /// Connects with <paramref name="projectId"/> (-ProjectId, or null), else the password token's project, else
        /// <paramref name="configuredProjectId"/> (the profile's or environment's, read only when needed), else IAM's lookup.
        /// </summary>
        public static async Task<Result> ConnectAsync(CloudCredential credential, ServiceEndpoints endpoints, string region, string projectId,
            Func<string> configuredProjectId, TimeSpan timeout, RetryPolicy retry, bool checkCredential, IRequestLog log, CancellationToken ct)
        {
            var http = new CloudHttpClient(credential, timeout, retry);
            try
            {
                if (credential is PasswordCredential password)
                {
                    // Get the first token now, so a wrong password fails here and not on the first data request.
                    await password.GetTokenAsync(log, ct).ConfigureAwait(false);
                    projectId = projectId ?? password.ProjectId;
                }
                projectId = projectId ?? configuredProjectId();
                var iam = new IamClient(http, endpoints.Iam);
                if (projectId == null)
                    projectId = await iam.GetProjectIdAsync(region, log, ct).ConfigureAwait(false);
                HuaweiApiException unproven = null;
                if (checkCredential && !http.IsCredentialProven)
                    unproven = await iam.CheckCredentialAsync(region, log, ct).ConfigureAwait(false);
                return new Result { Http = http, ProjectId = projectId, Unproven = unproven };
            }
            catch
            {
                http.Dispose();
                (credential as IDisposable)?.Dispose();
                throw;
            }
        }
    }
}
