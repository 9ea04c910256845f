using System;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HuaweiMigration.Core;

namespace HuaweiMigration.Benchmarks
{
    /// <summary>The baseline: a bare HttpClient whose requests are signed with the module's signer, and nothing else.</summary>
    public sealed class RawSignedClient : IDisposable
    {
        static readonly System.Net.Http.Headers.MediaTypeHeaderValue Json = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        readonly HttpClient _http = new HttpClient();
        readonly AccessKeyCredential _credential;
        readonly Uri _base;
        readonly string _projectId;

        public RawSignedClient(Uri baseUrl, string projectId, string accessKey, string secretKey)
        {
            _base = baseUrl;
            _projectId = projectId;
            _credential = new AccessKeyCredential(accessKey, secretKey);
        }

        public Uri DcsStatsUrl(string taskId) => new Uri(_base, $"v2/{_projectId}/migration-task/{taskId}/stats");
        public Uri DrsBatchUrl() => new Uri(_base, $"v3/{_projectId}/jobs/batch-progress");

        public Task<byte[]> GetAsync(Uri url, CancellationToken ct = default) => SendAsync(HttpMethod.Get, url, null, ct);

        /// <summary>GetAsync, waited for: the call a script would make.</summary>
        public byte[] Get(Uri url) => GetAsync(url).GetAwaiter().GetResult();

        public Task<byte[]> PostBatchAsync(string[] jobIds, CancellationToken ct = default) =>
            SendAsync(HttpMethod.Post, DrsBatchUrl(), Encoding.UTF8.GetBytes("{\"jobs\":[\"" + string.Join("\",\"", jobIds) + "\"]}"), ct);

        async Task<byte[]> SendAsync(HttpMethod method, Uri url, byte[] body, CancellationToken ct)
        {
            using (var request = new HttpRequestMessage(method, url))
            {
                if (body != null)
                {
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = Json;
                }
                await _credential.ApplyAsync(request, body, _projectId, ct).ConfigureAwait(false);
                using (var response = await _http.SendAsync(request, ct).ConfigureAwait(false))
                {
                    var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                        throw new InvalidOperationException($"{method} {url} -> {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
                    return bytes;
                }
            }
        }

        public void Dispose() => _http.Dispose();
    }
}
