using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading.Tasks;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>What one script run produced, stream by stream.</summary>
    public sealed class ScriptResult
    {
        public List<PSObject> Output { get; } = new List<PSObject>();
        public List<ErrorRecord> Errors { get; } = new List<ErrorRecord>();
        public List<string> Verbose { get; } = new List<string>();
        public List<string> Debug { get; } = new List<string>();
        public List<string> Warnings { get; } = new List<string>();
        public List<ProgressRecord> Progress { get; } = new List<ProgressRecord>();
        public List<string> Information { get; } = new List<string>();
        /// <summary>The terminating error, if the script ended with one.</summary>
        public Exception Terminating { get; set; }

        public ErrorRecord TerminatingRecord => (Terminating as IContainsErrorRecord)?.ErrorRecord;

        /// <summary>Every error record: written ones, statement-terminating ones (which a script reports and goes on from) and a script-terminating one.</summary>
        public List<ErrorRecord> AllErrors => Errors.Concat(TerminatingRecord == null ? new ErrorRecord[0] : new[] { TerminatingRecord }).ToList();

        /// <summary>The single error the run produced.</summary>
        public ErrorRecord SingleError => Xunit.Assert.Single(AllErrors);

        public T[] Objects<T>() => Output.Select(o => (T)o.BaseObject).ToArray();

        /// <summary>All text of every stream, for secret audits.</summary>
        public IEnumerable<string> AllText()
        {
            foreach (var o in Output) yield return o?.ToString();
            foreach (var e in Errors.Concat(TerminatingRecord == null ? new ErrorRecord[0] : new[] { TerminatingRecord }))
            {
                yield return e.ToString();
                yield return e.Exception?.ToString();
                yield return e.ErrorDetails?.Message;
                yield return e.TargetObject?.ToString();
                yield return e.FullyQualifiedErrorId;
            }
            if (Terminating != null) yield return Terminating.ToString();
            foreach (var s in Verbose.Concat(Debug).Concat(Warnings).Concat(Information)) yield return s;
            foreach (var p in Progress) { yield return p.Activity; yield return p.StatusDescription; yield return p.CurrentOperation; }
        }
    }

    /// <summary>Hosts the real PowerShell engine with the built module imported from out/HuaweiMigration.</summary>
    public sealed class PowerShellHost : IDisposable
    {
        readonly Runspace _runspace;

        /// <param name="host">A host with a UI (see <see cref="ScriptedHost"/>); without one, PowerShell never prompts.</param>
        public PowerShellHost(System.Management.Automation.Host.PSHost host = null)
        {
            _runspace = host == null
                ? RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2())
                : RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
            _runspace.Open();
            var import = Run("Import-Module -Name $args[0] -ErrorAction Stop".Replace("$args[0]", "'" + TestPaths.ModuleManifest.Replace("'", "''") + "'"));
            if (import.Terminating != null || import.Errors.Count > 0)
                throw new InvalidOperationException("Import-Module failed: " + (import.Terminating?.Message ?? import.Errors[0].ToString()));
        }

        public Runspace Runspace => _runspace;

        public void SetVariable(string name, object value) => _runspace.SessionStateProxy.SetVariable(name, value);

        /// <summary>Runs a script and collects every stream. Parameters become variables first.</summary>
        public ScriptResult Run(string script, IDictionary<string, object> variables = null) =>
            RunAsync(script, variables, null).GetAwaiter().GetResult();

        /// <summary>Starts a script; <paramref name="onStarted"/> gets the PowerShell instance (e.g. to Stop it).</summary>
        public async Task<ScriptResult> RunAsync(string script, IDictionary<string, object> variables, Action<PowerShell> onStarted)
        {
            if (variables != null)
                foreach (var kv in variables) SetVariable(kv.Key, kv.Value);
            var result = new ScriptResult();
            using (var ps = PowerShell.Create())
            {
                ps.Runspace = _runspace;
                ps.AddScript(script);
                ps.Streams.Error.DataAdded += (s, e) => result.Errors.Add(ps.Streams.Error[e.Index]);
                ps.Streams.Verbose.DataAdded += (s, e) => result.Verbose.Add(ps.Streams.Verbose[e.Index].Message);
                ps.Streams.Debug.DataAdded += (s, e) => result.Debug.Add(ps.Streams.Debug[e.Index].Message);
                ps.Streams.Warning.DataAdded += (s, e) => result.Warnings.Add(ps.Streams.Warning[e.Index].Message);
                ps.Streams.Progress.DataAdded += (s, e) => { lock (result.Progress) result.Progress.Add(ps.Streams.Progress[e.Index]); };
                ps.Streams.Information.DataAdded += (s, e) => result.Information.Add(ps.Streams.Information[e.Index].MessageData?.ToString());
                var output = new PSDataCollection<PSObject>();
                output.DataAdded += (s, e) => { lock (result.Output) result.Output.Add(output[e.Index]); };
                try
                {
                    var handle = ps.BeginInvoke<PSObject, PSObject>(null, output);
                    onStarted?.Invoke(ps);
                    await Task.Factory.FromAsync(handle, ps.EndInvoke).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    result.Terminating = ex;
                }
            }
            return result;
        }

        public void Dispose() => _runspace.Dispose();
    }
}
