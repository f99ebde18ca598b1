using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace PtSandbox.Hardening.Tests.Support;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a plain-HTTP emulator that keeps a copy of every byte both ways, so a test
/// learns the bearers, cookies and secrets that really crossed the wire (the emulator never reveals bearers).
/// </summary>
public sealed partial class RecordingProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _toServer = new();
    private readonly StringBuilder _toClient = new();
    private readonly int _targetPort;

    public RecordingProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _ = Task.Run(AcceptLoopAsync);
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public string ToServer { get { lock (_toServer) return _toServer.ToString(); } }
    public string ToClient { get { lock (_toClient) return _toClient.ToString(); } }

    /// <summary>Every bearer sent in an Authorization header or issued in an accessToken answer.</summary>
    public IReadOnlySet<string> Bearers =>
        SentBearers().Matches(ToServer).Select(m => m.Groups[1].Value)
            .Concat(IssuedBearers().Matches(ToClient).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Values of every cookie the server set.</summary>
    public IReadOnlySet<string> CookieValues =>
        SetCookies().Matches(ToClient).Select(m => m.Groups[1].Value).Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = RelayAsync(inbound);
        }
    }

    private async Task RelayAsync(TcpClient inbound)
    {
        using (inbound)
        using (var outbound = new TcpClient())
        {
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                var up = PumpAsync(inbound.GetStream(), outbound.GetStream(), _toServer);
                var down = PumpAsync(outbound.GetStream(), inbound.GetStream(), _toClient);
                await Task.WhenAny(up, down);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
            }
            catch (SocketException)
            {
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, StringBuilder copy)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                lock (copy) copy.Append(Encoding.Latin1.GetString(buffer, 0, read));
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            try { to.Socket.Shutdown(SocketShutdown.Send); } catch (Exception) { /* already gone */ }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    [GeneratedRegex(@"Authorization: Bearer ([^\r\n]+)", RegexOptions.IgnoreCase)]
    private static partial Regex SentBearers();

    [GeneratedRegex("\"accessToken\"\\s*:\\s*\"([^\"]+)\"")]
    private static partial Regex IssuedBearers();

    [GeneratedRegex(@"Set-Cookie: [^=\r\n]+=([^;\r\n]*)", RegexOptions.IgnoreCase)]
    private static partial Regex SetCookies();
}
