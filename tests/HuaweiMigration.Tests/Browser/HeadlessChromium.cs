using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace HuaweiMigration.Tests.Browser
{
    /// <summary>A fact that runs only where Chromium is installed; build.ps1 -Test installs Debian's chromium when it runs as root.</summary>
    public sealed class ChromiumFactAttribute : FactAttribute
    {
        public ChromiumFactAttribute()
        {
            if (HeadlessChromium.Find() == null)
                Skip = "Chromium is not installed. build.ps1 -Test installs Debian's chromium (apt-get install -y chromium) when it runs as root; " +
                    "otherwise install it, or set CHROMIUM_PATH.";
        }
    }

    /// <summary>
    /// Headless Chromium driven over the DevTools protocol (a WebSocket on 127.0.0.1), with nothing but the BCL: loads a
    /// page, collects console messages, exceptions and log entries, evaluates script and takes screenshots. A test tool only.
    /// </summary>
    public sealed class HeadlessChromium : IDisposable
    {
        readonly Process _process;
        readonly ClientWebSocket _socket = new ClientWebSocket();
        readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new ConcurrentDictionary<int, TaskCompletionSource<JsonNode>>();
        readonly ConcurrentQueue<JsonNode> _events = new ConcurrentQueue<JsonNode>();
        readonly CancellationTokenSource _stop = new CancellationTokenSource();
        readonly string _profile;
        int _nextId;
        string _session;

        public static string Find()
        {
            var fromEnv = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
            if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv)) return fromEnv;
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
                foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" })
                {
                    if (string.IsNullOrEmpty(dir)) continue;
                    var path = Path.Combine(dir, name);
                    if (File.Exists(path)) return path;
                }
            return null;
        }

        HeadlessChromium(Process process, string profile)
        {
            _process = process;
            _profile = profile;
        }

        public static async Task<HeadlessChromium> StartAsync(string workDir, CancellationToken ct)
        {
            string profile = Path.Combine(workDir, "chromium-profile-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(profile);
            var psi = new ProcessStartInfo(Find())
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--hide-scrollbars", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank" })
                psi.ArgumentList.Add(a);
            var process = Process.Start(psi);
            var browser = new HeadlessChromium(process, profile);
            var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.ErrorDataReceived += (_, e) =>
            {
                const string marker = "DevTools listening on ";
                if (e.Data != null && e.Data.Contains(marker)) listening.TrySetResult(e.Data.Substring(e.Data.IndexOf(marker) + marker.Length).Trim());
            };
            process.OutputDataReceived += (_, e) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            using (ct.Register(() => listening.TrySetCanceled()))
            {
                var url = await listening.Task;
                await browser._socket.ConnectAsync(new Uri(url), ct);
            }
            _ = browser.ReceiveLoop();
            var target = await browser.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, ct, browserLevel: true);
            var attached = await browser.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, ct, browserLevel: true);
            browser._session = attached["sessionId"]!.GetValue<string>();
            foreach (var domain in new[] { "Runtime.enable", "Log.enable", "Page.enable" })
                await browser.SendAsync(domain, new JsonObject(), ct);
            return browser;
        }

        public async Task<JsonNode> SendAsync(string method, JsonObject parameters, CancellationToken ct, bool browserLevel = false)
        {
            int id = Interlocked.Increment(ref _nextId);
            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
            if (!browserLevel) message["sessionId"] = _session;
            var tcs = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = tcs;
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, ct);
            using (ct.Register(() => tcs.TrySetCanceled()))
                return await tcs.Task;
        }

        async Task ReceiveLoop()
        {
            var buffer = new byte[1 << 16];
            var message = new MemoryStream();
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var r = await _socket.ReceiveAsync(buffer, _stop.Token);
                    if (r.MessageType == WebSocketMessageType.Close) break;
                    message.Write(buffer, 0, r.Count);
                    if (!r.EndOfMessage) continue;
                    var node = JsonNode.Parse(message.ToArray());
                    message.SetLength(0);
                    if (node["id"] != null && _pending.TryRemove(node["id"]!.GetValue<int>(), out var tcs))
                    {
                        if (node["error"] != null) tcs.TrySetException(new InvalidOperationException("DevTools: " + node["error"]!.ToJsonString()));
                        else tcs.TrySetResult(node["result"] ?? new JsonObject());
                    }
                    else if (node["method"] != null) _events.Enqueue(node);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is WebSocketException || ex is ObjectDisposedException)
            {
            }
            foreach (var p in _pending.Values) p.TrySetCanceled();
        }

        /// <summary>Sets a 1280x800 viewport, loads the page, and waits for its load event.</summary>
        public async Task LoadAsync(string path, int width, int height, CancellationToken ct)
        {
            await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false }, ct);
            var uri = new Uri(Path.GetFullPath(path)).AbsoluteUri;
            await SendAsync("Page.navigate", new JsonObject { ["url"] = uri }, ct);
            while (!_events.Any(e => (string)e["method"] == "Page.loadEventFired"))
                await Task.Delay(50, ct);
        }

        /// <summary>Evaluates an expression in the page and returns its value (JSON-serialisable values only).</summary>
        public async Task<JsonNode> EvaluateAsync(string expression, CancellationToken ct)
        {
            var r = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true }, ct);
            if (r["exceptionDetails"] != null) throw new InvalidOperationException("Evaluation failed: " + r["exceptionDetails"]!.ToJsonString());
            return r["result"]?["value"];
        }

        public async Task<byte[]> ScreenshotAsync(CancellationToken ct)
        {
            var r = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, ct);
            return Convert.FromBase64String(r["data"]!.GetValue<string>());
        }

        /// <summary>Console errors and warnings, uncaught exceptions, and error log entries (CSP violations, failed loads).</summary>
        public IReadOnlyList<string> Problems => _events.Where(e =>
        {
            string m = (string)e["method"];
            if (m == "Runtime.exceptionThrown") return true;
            if (m == "Runtime.consoleAPICalled") return (string)e["params"]!["type"] is "error" or "warning" or "assert";
            if (m == "Log.entryAdded") return (string)e["params"]!["entry"]!["level"] is "error" or "warning";
            return false;
        }).Select(e => e.ToJsonString()).ToList();

        public void Dispose()
        {
            _stop.Cancel();
            try { _socket.Abort(); } catch (Exception) { }
            try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); _process.WaitForExit(10000); } catch (Exception) { }
            _process.Dispose();
            try { Directory.Delete(_profile, true); } catch (Exception) { }
        }
    }
}
