using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PtSandbox.Client.Tests.Emulated;

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 whose every answer is scripted byte by byte (one request per connection): for
/// answers Kestrel would not produce, such as headers followed by a stalled or trickling body, or repeated headers.
/// </summary>
internal sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Func<int, Stream, CancellationToken, Task> answer;
    private readonly Task loop;
    private int requests;

    /// <param name="answer">Writes the answer to request number n (from 1); the connection is closed after it returns.</param>
    public ScriptedHttpServer(Func<int, Stream, CancellationToken, Task> answer)
    {
        this.answer = answer;
        listener.Start();
        loop = AcceptAsync();
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

    public string Host => BaseUrl.Authority;

    public int Requests => Volatile.Read(ref requests);

    /// <summary>Writes a whole answer: status line, headers (each "Name: value"), an empty line and the body.</summary>
    public static async Task WriteAsync(Stream stream, string statusLine, string[] headers, string body, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = statusLine + "\r\n" + string.Concat(headers.Select(h => h + "\r\n"))
            + $"Content-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
        await stream.WriteAsync(bytes, ct);
        await stream.FlushAsync(ct);
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient connection;
            try
            {
                connection = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(TcpClient connection)
    {
        using (connection)
        {
            try
            {
                var stream = connection.GetStream();
                await ReadRequestAsync(stream);
                var number = Interlocked.Increment(ref requests);
                await answer(number, stream, stop.Token);
            }
            catch (Exception)
            {
                // The client gave up (timeout, cancellation) or the server is stopping.
            }
        }
    }

    private async Task ReadRequestAsync(Stream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, stop.Token) == 0) throw new IOException("closed before the request ended");
            head.Append((char)one[0]);
        }
        var length = head.ToString().Split("\r\n")
            .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim()))
            .FirstOrDefault();
        var body = new byte[length];
        for (var read = 0; read < length;)
            read += await stream.ReadAsync(body.AsMemory(read), stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        await loop;
        stop.Dispose();
    }
}
