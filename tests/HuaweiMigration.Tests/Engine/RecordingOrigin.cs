using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace HuaweiMigration.Tests.Engine
{
    /// <summary>One request as <see cref="RecordingOrigin"/> received it, head and body.</summary>
    public sealed class OriginRequest
    {
        public string RequestLine { get; init; }
        public IReadOnlyDictionary<string, string> Headers { get; init; }
        public string Body { get; init; }
    }

    /// <summary>
    /// A second origin on 127.0.0.1 that records every request it receives, headers and body, and answers each with
    /// a forged "everything succeeded" page: what a hostile host at the end of a redirect would do.
    /// </summary>
    public sealed class RecordingOrigin : IDisposable
    {
        public static readonly string[] CredentialHeaders = { "X-Auth-Token", "X-Security-Token", "X-Project-Id", "Authorization" };

        const string Forged = "{\"task_id\":\"forged\",\"task_name\":\"forged\",\"status\":\"SUCCESS\",\"count\":1," +
            "\"migration_tasks\":[{\"task_id\":\"forged\",\"status\":\"SUCCESS\"}],\"projects\":[{\"id\":\"forgedproject\",\"name\":\"x\"}]," +
            "\"token\":{\"expires_at\":\"2099-01-01T00:00:00.000000Z\",\"project\":{\"id\":\"forgedproject\"}}}";

        readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        readonly List<OriginRequest> _requests = new List<OriginRequest>();
        readonly CancellationTokenSource _stop = new CancellationTokenSource();

        public RecordingOrigin()
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(AcceptAsync);
        }

        public int Port { get; }
        public string BaseUrl => "http://127.0.0.1:" + Port;

        public IReadOnlyList<OriginRequest> Requests { get { lock (_requests) return _requests.ToList(); } }

        async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(); }
                catch (Exception) { return; }
                _ = Task.Run(() => ServeAsync(client));
            }
        }

        async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    var head = new MemoryStream();
                    int b;
                    while ((b = stream.ReadByte()) >= 0)
                    {
                        head.WriteByte((byte)b);
                        var h = head.GetBuffer();
                        long n = head.Length;
                        if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') break;
                    }
                    var lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
                    if (lines.Length == 0) return;
                    var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var line in lines.Skip(1))
                    {
                        int colon = line.IndexOf(':');
                        if (colon > 0) headers[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
                    }
                    var body = new byte[headers.TryGetValue("Content-Length", out var cl) && int.TryParse(cl, out var len) ? len : 0];
                    for (int read = 0; read < body.Length;)
                    {
                        int r = await stream.ReadAsync(body, read, body.Length - read);
                        if (r == 0) break;
                        read += r;
                    }
                    lock (_requests) _requests.Add(new OriginRequest { RequestLine = lines[0], Headers = headers, Body = Encoding.UTF8.GetString(body) });
                    var payload = Encoding.UTF8.GetBytes(Forged);
                    var answer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Subject-Token: forged-token\r\n" +
                        $"Content-Length: {payload.Length}\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(answer, 0, answer.Length);
                    await stream.WriteAsync(payload, 0, payload.Length);
                }
                catch (IOException) { }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
