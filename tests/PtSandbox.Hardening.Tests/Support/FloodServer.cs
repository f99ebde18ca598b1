using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PtSandbox.Hardening.Tests.Support;

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 (a bare socket, so a write to a connection the client closed fails at once) that
/// answers every request with 200, a JSON content type and a chunked body of the given size, generated on the fly.
/// </summary>
public sealed class FloodServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly long _bytes;
    private readonly Task _loop;
    private long _sent;
    private int _connections;

    private FloodServer(long bytes)
    {
        _bytes = bytes;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Body bytes the kernel accepted before the client went away.</summary>
    public long BytesSent => Interlocked.Read(ref _sent);

    public int Connections => Volatile.Read(ref _connections);

    public static Task<FloodServer> StartAsync(long bytes) => Task.FromResult(new FloodServer(bytes));

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                _ = FloodAsync(client);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task FloodAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = new byte[8192];
                var seen = new StringBuilder();
                while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(request, _stop.Token);
                    if (read == 0) return;
                    seen.Append(Encoding.Latin1.GetString(request, 0, read));
                }
                await stream.WriteAsync(Encoding.ASCII.GetBytes(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"), _stop.Token);
                var payload = new byte[64 * 1024];
                Array.Fill(payload, (byte)'[');
                var chunk = Encoding.ASCII.GetBytes($"{payload.Length:x}\r\n").Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();
                for (long written = 0; written < _bytes; written += payload.Length)
                {
                    await stream.WriteAsync(chunk, _stop.Token);
                    Interlocked.Add(ref _sent, payload.Length);
                }
                await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), _stop.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // the client closed the connection: what a client that refuses the body should do
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _loop.ContinueWith(_ => { });
    }
}
