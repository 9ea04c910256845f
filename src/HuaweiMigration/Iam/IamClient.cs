using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;

namespace HuaweiMigration.Iam
{
    internal sealed class ProjectListWire
    {
        [JsonPropertyName("projects")] public List<ProjectWire> Projects { get; set; }
    }

    internal sealed class ProjectWire
    {
        [JsonPropertyName("id"), JsonConverter(typeof(FlexibleStringConverter))] public string Id { get; set; }
        [JsonPropertyName("name"), JsonConverter(typeof(FlexibleStringConverter))] public string Name { get; set; }
    }

    /// <summary>The IAM APIs the module needs: project lookup (and, for password sessions, tokens).</summary>
    public sealed class IamClient
    {
        // As the official SDKs do: one lookup per identity (access key and secret), IAM endpoint and region for the life of the process.
        static readonly ConcurrentDictionary<string, string> ProjectIds = new ConcurrentDictionary<string, string>();

        readonly CloudHttpClient _http;
        readonly Uri _endpoint;

        public IamClient(CloudHttpClient http, Uri endpoint)
        {
            _http = http; _endpoint = endpoint;
        }

        /// <summary>
        /// Proves the credential with one GET /v3/projects?name={region}. Returns null when the service accepted it (an
        /// answer, or a 403 that only denies IAM permissions), otherwise the failure that left it unproven. Throws on a 401.
        /// The answer is not compared with a given project id: a region holds sub-projects too.
        /// </summary>
        public async Task<HuaweiApiException> CheckCredentialAsync(string region, IRequestLog log, CancellationToken ct)
        {
            try
            {
                await _http.GetAsync(ProjectsUrl(region), null, log, ct).ConfigureAwait(false);
                return null;
            }
            catch (HuaweiApiException ex) when (ex.StatusCode != 401)
            {
                return ex.StatusCode == 403 ? null : ex;
            }
        }

        Uri ProjectsUrl(string region) => ResourcePath.Combine(_endpoint, "v3/projects?name=" + Uri.EscapeDataString(region));

        /// <summary>The id of the project named after <paramref name="region"/>; exactly one must exist.</summary>
        public async Task<string> GetProjectIdAsync(string region, IRequestLog log, CancellationToken ct)
        {
            string identity = _http.Credential.IdentityKey;
            string key = identity + "|" + _endpoint + "|" + region;
            if (identity != null && ProjectIds.TryGetValue(key, out var cached)) return cached;

            var response = await _http.GetAsync(ProjectsUrl(region), null, log, ct).ConfigureAwait(false);
            var list = WireReader.ProjectList(response.Body, "IAM project list", response.RequestId);
            var matches = (list.Projects ?? new List<ProjectWire>()).Where(p => p != null && !string.IsNullOrEmpty(p.Id)).ToList();
            if (matches.Count != 1)
                throw new HuaweiApiException("ProjectNotFound",
                    matches.Count == 0
                        ? $"IAM has no project named '{region}' for this account. Pass -ProjectId."
                        : $"IAM returned {matches.Count} projects named '{region}'. Pass -ProjectId to choose one.",
                    ApiErrorCategory.ObjectNotFound, null, response.RequestId);
            if (identity != null) ProjectIds[key] = matches[0].Id;
            return matches[0].Id;
        }
    }
}
