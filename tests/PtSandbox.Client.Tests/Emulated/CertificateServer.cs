using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PtSandbox.Client.Tests.Emulated;

/// <summary>
/// HTTPS on 127.0.0.1 with a given certificate (and the intermediates to send with it), one request per connection.
/// It answers the login's authorize step, so a client that accepts the certificate goes on to post its credentials,
/// and 401 to everything else. Records each request it read, head and body, as text.
/// </summary>
internal sealed class CertificateServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly SslStreamCertificateContext certificate;
    private readonly ConcurrentQueue<string> requests = new();
    private readonly Task accepting;

    public CertificateServer(X509Certificate2 certificate, params X509Certificate2[] intermediates)
    {
        this.certificate = SslStreamCertificateContext.Create(certificate, new X509Certificate2Collection(intermediates), offline: true);
        listener.Start();
        accepting = AcceptAsync();
    }

    public Uri BaseUrl => new($"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

    public IReadOnlyCollection<string> Requests => requests;

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient connection;
            try
            {
                connection = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(TcpClient connection)
    {
        using (connection)
        await using (var tls = new SslStream(connection.GetStream()))
        {
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = certificate }, stop.Token);
                // Under TLS 1.3 the server's side of the handshake ends before the client checks the certificate:
                // a client that refuses it closes the connection here, having sent nothing.
                var request = await ReadRequestAsync(tls);
                if (request.Length == 0) return;
                requests.Enqueue(request);
                await tls.WriteAsync(Encoding.ASCII.GetBytes(Answer(request)), stop.Token);
            }
            catch (Exception e) when (e is IOException or AuthenticationException or OperationCanceledException)
            {
                // The client refused the certificate, or went away.
            }
        }
    }

    /// <summary>The head, then a Content-Length or chunked body (JsonContent sends chunked).</summary>
    private async Task<string> ReadRequestAsync(Stream stream)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!IsComplete(received.ToString()))
        {
            var read = await stream.ReadAsync(buffer, stop.Token);
            if (read == 0) break;
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        return received.ToString();
    }

    private static bool IsComplete(string text)
    {
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headEnd < 0) return false;
        var head = text[..headEnd].ToLowerInvariant();
        if (head.Contains("transfer-encoding: chunked")) return text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
        var length = head.Split("\r\n").FirstOrDefault(h => h.StartsWith("content-length:", StringComparison.Ordinal));
        return length is null || text.Length - headEnd - 4 >= int.Parse(length["content-length:".Length..].Trim());
    }

    private string Answer(string request)
    {
        if (!request.StartsWith("GET /api/ui/auth/authorize", StringComparison.Ordinal))
            return "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        var body = $$$"""{"data":{"location":"{{{BaseUrl}}}ui/callback"}}""";
        return $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        await accepting;
        stop.Dispose();
    }
}
