using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace HuaweiMigration.Simulator
{
    /// <summary>
    /// The simulator's own routes under /_sim/, for tests that run it as a process. They need no authentication
    /// and are neither logged, faulted nor delayed.
    /// </summary>
    internal sealed class ControlApi
    {
        public const string Prefix = "/_sim/";

        readonly SimulatorServer _server;

        public ControlApi(SimulatorServer server) => _server = server;

        public async Task HandleAsync(HttpContext context)
        {
            string method = context.Request.Method;
            string path = context.Request.Path.Value!.Substring(Prefix.Length).TrimEnd('/');
            SimResponse response;
            try
            {
                response = (method, path) switch
                {
                    ("GET", "requests") => Requests(),
                    ("DELETE", "requests") => Done(() => _server.Requests.Clear()),
                    ("POST", "faults") => AddFault(await ReadBodyAsync(context).ConfigureAwait(false)),
                    ("DELETE", "faults") => Done(() => _server.Faults.Clear()),
                    ("GET", "clock") => ClockState(),
                    ("POST", "clock/advance") => AdvanceClock(context.Request.Query["seconds"]),
                    ("POST", "clock/scale") => ScaleClock(context.Request.Query["value"]),
                    ("POST", "latency") => SetLatency(context.Request.Query["ms"]),
                    ("GET", "alarms") => SimResponse.Json(200, _server.Cloud.AlarmsAsJson()),
                    _ => SimResponse.Error(404, "SIM.0404", $"No control route {method} {Prefix}{path}."),
                };
            }
            catch (Exception e) when (e is FormatException or JsonException or OverflowException or ArgumentException)
            {
                response = SimResponse.Error(400, "SIM.0400", e.Message);
            }
            await SimulatorServer.WriteAsync(context, response).ConfigureAwait(false);
        }

        SimResponse Requests()
        {
            var log = _server.Requests;
            var requests = new JsonArray();
            foreach (var r in log.All)
                requests.Add(new JsonObject
                {
                    ["method"] = r.Method,
                    ["path"] = r.Path,
                    ["query"] = r.Query,
                    ["route"] = r.Route,
                    ["id"] = r.Id,
                    ["body"] = r.Body,
                    ["headers"] = JsonSerializer.SerializeToNode(r.Headers),
                    ["at"] = r.At.ToString("O", CultureInfo.InvariantCulture),
                    ["statusCode"] = r.StatusCode,
                });
            return SimResponse.Json(200, new JsonObject
            {
                ["count"] = requests.Count,
                ["counts"] = JsonSerializer.SerializeToNode(log.CountsByRoute()),
                ["peakConcurrency"] = log.PeakConcurrency,
                ["unauthorized"] = log.Unauthorized(),
                ["requests"] = requests,
            });
        }

        SimResponse AddFault(string body)
        {
            var fault = Fault.FromJson(body);
            _server.Faults.Add(fault);
            return SimResponse.Json(201, fault.ToJson());
        }

        SimResponse ClockState() => SimResponse.Json(200, new JsonObject
        {
            ["now"] = _server.Clock.Now.ToString("O", CultureInfo.InvariantCulture),
            ["elapsedSeconds"] = _server.Clock.Elapsed.TotalSeconds,
            ["timeScale"] = _server.Clock.TimeScale,
        });

        SimResponse AdvanceClock(string seconds)
        {
            _server.Clock.Advance(TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)));
            return ClockState();
        }

        SimResponse ScaleClock(string value)
        {
            _server.Clock.TimeScale = double.Parse(value, CultureInfo.InvariantCulture);
            return ClockState();
        }

        SimResponse SetLatency(string ms)
        {
            _server.AddedLatency = TimeSpan.FromMilliseconds(double.Parse(ms, CultureInfo.InvariantCulture));
            return SimResponse.Json(200, new JsonObject { ["addedLatencyMs"] = _server.AddedLatency.TotalMilliseconds });
        }

        static SimResponse Done(Action action)
        {
            action();
            return new SimResponse { StatusCode = 204 };
        }

        static async Task<string> ReadBodyAsync(HttpContext context)
        {
            using var reader = new StreamReader(context.Request.Body);
            return await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }
}
