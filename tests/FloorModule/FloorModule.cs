using System;
using System.Management.Automation;
using System.Net.Http;

// The least a binary module can cost for the cold-start script: the engine imports a dll with a view, binds two compiled
// cmdlets, and the runtime makes its first two HTTP requests. No signing, no JSON, no credential, no retry, no warm-up.
namespace FloorModule
{
    public sealed class FloorTask
    {
        public string TaskId { get; set; }
        public int StatusCode { get; set; }
        public int Length { get; set; }
    }

    internal static class Floor
    {
        internal static HttpClient Client;
        internal static Uri Endpoint;

        internal static (int Status, int Length) Get(string relative)
        {
            using (var response = Client.GetAsync(new Uri(Endpoint, relative)).GetAwaiter().GetResult())
                return ((int)response.StatusCode, response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult().Length);
        }
    }

    [Cmdlet(VerbsCommunications.Connect, "Floor")]
    public sealed class ConnectFloorCommand : PSCmdlet
    {
        [Parameter(Mandatory = true)]
        public string Endpoint { get; set; }

        protected override void EndProcessing()
        {
            Floor.Endpoint = new Uri(Endpoint.TrimEnd('/') + "/");
            Floor.Client = new HttpClient();
            Floor.Get("v3/projects");
        }
    }

    [Cmdlet(VerbsCommon.Get, "FloorTask")]
    [OutputType(typeof(FloorTask))]
    public sealed class GetFloorTaskCommand : PSCmdlet
    {
        [Parameter(Mandatory = true)]
        public string ProjectId { get; set; }

        [Parameter(Mandatory = true)]
        public string TaskId { get; set; }

        protected override void ProcessRecord()
        {
            var (status, length) = Floor.Get($"v2/{ProjectId}/migration-task/{TaskId}");
            WriteObject(new FloorTask { TaskId = TaskId, StatusCode = status, Length = length });
        }
    }
}
