using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace HuaweiMigration.Simulator
{
    public static class Program
    {
        public const int DefaultPort = 5080;

        public static async Task<int> Main(string[] args)
        {
            // The first argument names a sub-command; none, or an option, means the server.
            bool named = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal);
            string command = named ? args[0] : "serve";
            string[] rest = named ? args[1..] : args;
            try
            {
                switch (command)
                {
                    case "serve":
                        return await ServeAsync(ServeOptions.Parse(rest)).ConfigureAwait(false);
                    case "demo":
                        return await Demo.RunAsync(rest).ConfigureAwait(false);
                    case "help":
                    case "-h":
                    case "-?":
                        PrintUsage();
                        return 0;
                    default:
                        Console.Error.WriteLine($"Unknown command '{command}'.");
                        PrintUsage();
                        return 2;
                }
            }
            catch (Exception e) when (e is FormatException or System.IO.IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        }

        static void PrintUsage() => Console.Error.WriteLine(
            "Usage: HuaweiMigration.Simulator [serve] [--port 5080] [--scenario path.json] [--time-scale 1]\n" +
            "  Simulates Huawei Cloud IAM, DCS and DRS on http://127.0.0.1:<port>/ until Ctrl+C.\n" +
            "       HuaweiMigration.Simulator demo [--time-scale 30]\n" +
            "  Runs the built module (out/HuaweiMigration) against the demo scenario in a hosted PowerShell engine.");

        static async Task<int> ServeAsync(ServeOptions options)
        {
            if (options.Help)
            {
                PrintUsage();
                return 0;
            }
            var scenario = options.ScenarioPath == null ? Scenario.Demo() : Scenario.LoadFile(options.ScenarioPath);
            if (options.TimeScale is double scale) scenario.TimeScale = scale;

            await using var server = await SimulatorServer.StartAsync(scenario, options.Port).ConfigureAwait(false);
            PrintBanner(server);

            var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.TrySetResult();
            };
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                stop.TrySetResult();
            });
            await stop.Task.ConfigureAwait(false);
            Console.WriteLine("Stopping.");
            return 0;
        }

        static void PrintBanner(SimulatorServer server)
        {
            var s = server.Scenario;
            string endpoint = server.BaseUrl.GetLeftPart(UriPartial.Authority);
            string scale = server.Clock.TimeScale.ToString(CultureInfo.InvariantCulture);
            Console.WriteLine($"HuaweiMigration simulator listening on {server.BaseUrl} (scenario: {s.Name}, time x{scale})");
            var credential = s.Credentials.FirstOrDefault();
            var user = s.Users.FirstOrDefault();
            Console.WriteLine("Paste into PowerShell:");
            Console.WriteLine("  Import-Module ./out/HuaweiMigration");
            if (credential != null)
            {
                Console.WriteLine($"  $sk = ConvertTo-SecureString '{credential.SecretKey}' -AsPlainText -Force");
                string token = string.IsNullOrEmpty(credential.SecurityToken) ? "" : " -SecurityToken $token";
                if (token.Length > 0) Console.WriteLine($"  $token = ConvertTo-SecureString '{credential.SecurityToken}' -AsPlainText -Force");
                Console.WriteLine($"  Connect-HuaweiCloud -Region {s.Region} -ProjectId {s.ProjectId} -AccessKey {credential.AccessKey} -SecretKey $sk{token} -Endpoint {endpoint}");
            }
            else if (user != null)
            {
                Console.WriteLine($"  # password sign-in: domain '{user.Domain}', user '{user.Name}', password '{user.Password}'");
            }
            if (s.DcsTasks.Count > 0)
                Console.WriteLine("  DCS tasks: " + string.Join(", ", s.DcsTasks.Select(t => $"{t.TaskId} ({t.TaskName}, {t.Behavior.Kind.ToString().ToLowerInvariant()})")));
            if (s.DrsJobs.Count > 0)
                Console.WriteLine("  DRS jobs:  " + string.Join(", ", s.DrsJobs.Select(j => $"{j.JobId} ({j.TaskMode}, {j.Behavior.Kind.ToString().ToLowerInvariant()})")));
            Console.WriteLine("Press Ctrl+C to stop.");
        }

        sealed class ServeOptions
        {
            public int Port { get; private set; } = DefaultPort;
            public string ScenarioPath { get; private set; }
            public double? TimeScale { get; private set; }
            public bool Help { get; private set; }

            public static ServeOptions Parse(IReadOnlyList<string> args)
            {
                var o = new ServeOptions();
                for (int i = 0; i < args.Count; i++)
                {
                    string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{args[i]} needs a value.");
                    switch (args[i])
                    {
                        case "--port":
                            o.Port = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
                                ? port : throw new FormatException("--port must be a number from 0 to 65535.");
                            break;
                        case "--scenario":
                            o.ScenarioPath = Value();
                            break;
                        case "--time-scale":
                            o.TimeScale = double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && scale >= 0
                                ? scale : throw new FormatException("--time-scale must be a number of 0 or more.");
                            break;
                        case "--help":
                        case "-h":
                            o.Help = true;
                            break;
                        default:
                            throw new FormatException($"Unknown option '{args[i]}'. Try --help.");
                    }
                }
                return o;
            }
        }
    }
}
