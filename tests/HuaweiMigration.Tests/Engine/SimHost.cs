using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Threading.Tasks;
using HuaweiMigration.Simulator;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>A simulator on a random loopback port and a PowerShell runspace with the module, connected to it.</summary>
    public sealed class SimHost : IDisposable
    {
        public SimulatorServer Sim { get; private set; }
        public PowerShellHost Ps { get; private set; }
        public Scenario Scenario => Sim.Scenario;

        /// <summary>A frozen-clock copy of the demo scenario, so tests move time with Sim.Clock.Advance.</summary>
        public static Scenario FrozenDemo()
        {
            var s = Scenario.Demo();
            s.TimeScale = 0;
            return s;
        }

        public static SimHost Start(Scenario scenario = null, bool connect = true, string connectArgs = "-MaxRetryCount 3",
            System.Management.Automation.Host.PSHost psHost = null)
        {
            var host = new SimHost();
            scenario = scenario ?? FrozenDemo();
            // Simulated time starts once the runspace is up and connected, so timelines do not depend on start-up speed.
            double timeScale = scenario.TimeScale;
            scenario.TimeScale = 0;
            host.Sim = SimulatorServer.StartAsync(scenario).GetAwaiter().GetResult();
            host.Ps = new PowerShellHost(psHost);
            host.Ps.SetVariable("sk", Secure(host.Scenario.Credentials[0].SecretKey));
            host.Ps.SetVariable("endpoint", host.Sim.BaseUrl.AbsoluteUri);
            if (connect)
            {
                var r = host.Ps.Run(host.ConnectCommand() + " " + connectArgs);
                if (r.AllErrors.Count > 0) throw new InvalidOperationException("Connect failed: " + r.AllErrors[0]);
                host.UseSimulatorClock();
                // Connect proves the credential with one IAM request; tests count what their own commands send.
                host.Sim.Requests.Clear();
            }
            scenario.TimeScale = timeScale;
            host.Sim.Clock.TimeScale = timeScale;
            return host;
        }

        /// <summary>
        /// Runs the default session's watch clock (failure budget, stall detection) on simulated time, so tests of
        /// minutes-long rules take seconds. Connect calls it; call it again after connecting by hand.
        /// </summary>
        public void UseSimulatorClock()
        {
            var session = (HuaweiCloudSession)Ps.Run("Get-HuaweiCloudSession").Output.Single().BaseObject;
            var clock = Sim.Clock;
            session.Clock = () => clock.Now;
        }

        /// <summary>The Connect-HuaweiCloud line for the scenario's first access key ($sk holds the secret).</summary>
        public string ConnectCommand(bool withProjectId = true) =>
            $"Connect-HuaweiCloud -Region {Scenario.Region}" + (withProjectId ? $" -ProjectId {Scenario.ProjectId}" : "") +
            $" -AccessKey {Scenario.Credentials[0].AccessKey} -SecretKey $sk -Endpoint $endpoint";

        public ScriptResult Run(string script, IDictionary<string, object> variables = null) => Ps.Run(script, variables);

        /// <summary>
        /// Runs a script, presses Ctrl+C (PowerShell.Stop) <paramref name="afterMs"/> after the first request on
        /// <paramref name="route"/>, and returns how long the pipeline took to stop, with what it produced.
        /// </summary>
        public (TimeSpan StopTook, ScriptResult Result) StopAfterFirstRequest(string script, string route, int afterMs)
        {
            var stopwatch = new System.Diagnostics.Stopwatch();
            var run = Ps.RunAsync(script, null, ps => Task.Run(async () =>
            {
                while (Sim.Requests.Count(route) == 0) await Task.Delay(10);
                await Task.Delay(afterMs);
                stopwatch.Start();
                ps.Stop();
            }));
            if (!run.Wait(TimeSpan.FromSeconds(10))) throw new TimeoutException("The pipeline did not stop within 10 s.");
            stopwatch.Stop();
            return (stopwatch.Elapsed, run.Result);
        }

        public static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (char c in text) s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }

        /// <summary>Every secret the scenario holds, for audits.</summary>
        public IEnumerable<string> ScenarioSecrets()
        {
            foreach (var c in Scenario.Credentials) { yield return c.SecretKey; if (c.SecurityToken != null) yield return c.SecurityToken; }
            foreach (var u in Scenario.Users) yield return u.Password;
            foreach (var t in Scenario.Tokens) yield return t;
            foreach (var t in Scenario.DcsTasks)
            {
                if (!string.IsNullOrEmpty(t.SourceInstance?.Password)) yield return t.SourceInstance.Password;
                if (!string.IsNullOrEmpty(t.TargetInstance?.Password)) yield return t.TargetInstance.Password;
            }
        }

        public void Dispose()
        {
            Ps?.Dispose();
            Sim?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
