using System;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;

namespace HuaweiMigration.Benchmarks
{
    /// <summary>One runspace of the real engine; a script that writes an error fails the benchmark.</summary>
    internal sealed class HostedPowerShell : IDisposable
    {
        readonly Runspace _runspace;

        public HostedPowerShell()
        {
            _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            _runspace.Open();
        }

        /// <summary>A runspace with the built module imported and connected to a simulator with an access key.</summary>
        public static HostedPowerShell Connected(Uri endpoint, string projectId, string region, string accessKey, string secretKey)
        {
            var ps = new HostedPowerShell();
            ps.Invoke("Import-Module -Name " + Quote(RepoPaths.ModuleManifest) + " -ErrorAction Stop");
            var sk = new SecureString();
            foreach (char c in secretKey) sk.AppendChar(c);
            sk.MakeReadOnly();
            ps.Set("sk", sk);
            ps.Set("endpoint", endpoint.AbsoluteUri);
            ps.Invoke($"Connect-HuaweiCloud -Region {region} -ProjectId {projectId} -AccessKey {accessKey} -SecretKey $sk -Endpoint $endpoint");
            return ps;
        }

        public void Set(string name, object value) => _runspace.SessionStateProxy.SetVariable(name, value);

        public Collection<PSObject> Invoke(string script)
        {
            using (var ps = PowerShell.Create())
            {
                ps.Runspace = _runspace;
                ps.AddScript(script);
                var output = ps.Invoke();
                if (ps.Streams.Error.Count > 0)
                    throw new InvalidOperationException($"'{script}' failed: {ps.Streams.Error[0]}");
                return output;
            }
        }

        public static string Quote(string text) => "'" + text.Replace("'", "''") + "'";

        public void Dispose() => _runspace.Dispose();
    }
}
