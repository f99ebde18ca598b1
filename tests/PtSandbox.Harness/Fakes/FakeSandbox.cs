using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace PtSandbox.Harness.Fakes;

/// <summary>
/// A scriptable PT Sandbox for tests: a raw HTTP/1.1 server on 127.0.0.1 (TcpListener, its own parser and writer, so
/// nothing can refuse or normalise what a test wants sent) that answers requests matching a <see cref="FakeRule"/> as
/// scripted and forwards the rest to a real backend (usually an in-process emulator), so the normal login and token
/// calls still work. Optionally HTTPS with a given certificate.
/// </summary>
public sealed class FakeSandbox : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2? _serverCertificate;
    private readonly BackendForwarder? _forwarder;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<FakeRule> _rules = [];
    private readonly List<FakeRequest> _requests = [];
    private readonly Dictionary<Socket, Task> _connections = [];
    private readonly Task _acceptLoop;
    private int _accepted;
    private int _disposed;

    private FakeSandbox(TcpListener listener, Uri? backend, string? backendCaPem, X509Certificate2? serverCertificate)
    {
        _listener = listener;
        _serverCertificate = serverCertificate;
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        HostPort = $"127.0.0.1:{port}";
        BaseUrl = new Uri($"{(serverCertificate is null ? "http" : "https")}://{HostPort}");
        Backend = backend;
        _forwarder = backend is null ? null : new BackendForwarder(backend, backendCaPem, BaseUrl);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>
    /// Starts listening on 127.0.0.1, a free port. Unmatched requests go to <paramref name="backend"/> (an https one is
    /// trusted by exactly the certificate <paramref name="backendCaPem"/>, else by the system), or get 404 with
    /// <c>{}</c> when there is none. With <paramref name="serverCertificate"/> (private key included) it speaks HTTPS.
    /// </summary>
    public static Task<FakeSandbox> StartAsync(Uri? backend = null, string? backendCaPem = null, X509Certificate2? serverCertificate = null)
    {
        if (serverCertificate is { HasPrivateKey: false })
            throw new ArgumentException("the server certificate needs its private key", nameof(serverCertificate));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return Task.FromResult(new FakeSandbox(listener, backend, backendCaPem, serverCertificate));
    }

    /// <summary>http://127.0.0.1:PORT or https://127.0.0.1:PORT.</summary>
    public Uri BaseUrl { get; }

    /// <summary>"127.0.0.1:PORT".</summary>
    public string HostPort { get; }

    /// <summary>Where unmatched requests and <see cref="FakeRule.Forward"/> go; null when there is none.</summary>
    public Uri? Backend { get; }

    /// <summary>
    /// A rule for requests with this method (null = any) and path: exact, with "{id}" for one segment, or ending in "*"
    /// for a prefix; the query string is ignored. Rules are tried in the order they were added; the first matching
    /// rule with uses left handles the request.
    /// </summary>
    public FakeRule On(string? method, string pathPattern)
    {
        var rule = new FakeRule(new PathPattern(method, pathPattern), _forwarder is not null);
        lock (_lock) _rules.Add(rule);
        return rule;
    }

    /// <summary>Connections accepted so far (a client that reuses its connection adds none).</summary>
    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>Connections open now, hung ones included.</summary>
    public int OpenConnections { get { lock (_lock) return _connections.Count; } }

    /// <summary>A copy of every request received so far, in order, forwarded or not.</summary>
    public IReadOnlyList<FakeRequest> Requests { get { lock (_lock) return _requests.ToList(); } }

    /// <summary>How many received requests match the method (null = any) and path pattern.</summary>
    public int Count(string? method, string pathPattern)
    {
        var pattern = new PathPattern(method, pathPattern);
        return Requests.Count(pattern.Matches);
    }

    public void ClearRules()
    {
        lock (_lock) _rules.Clear();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // a connection that failed while being accepted
            }
            socket.NoDelay = true; // a trickle must leave at once, not wait for Nagle
            Interlocked.Increment(ref _accepted);
            lock (_lock)
            {
                if (_stop.IsCancellationRequested)
                {
                    socket.Dispose();
                    return;
                }
                _connections[socket] = Task.Run(() => ServeConnectionAsync(socket));
            }
        }
    }

    private async Task ServeConnectionAsync(Socket socket)
    {
        var ct = _stop.Token;
        var after = AfterResponse.Close;
        try
        {
            await using var network = new NetworkStream(socket, ownsSocket: false);
            await using var tls = _serverCertificate is null ? null : new SslStream(network, leaveInnerStreamOpen: true);
            if (tls is not null)
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _serverCertificate,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                    ClientCertificateRequired = false,
                }, ct);
            }
            Stream stream = (Stream?)tls ?? network;
            after = await ServeRequestsAsync(stream, ct);
            if (after == AfterResponse.Hang)
            {
                // Until the client gives up (or sends more, which a hung server never reads) or the fake is disposed.
                var reader = new HttpRequestReader(stream);
                while (await reader.ReadAnythingAsync(ct)) { }
                after = AfterResponse.Close;
            }
        }
        catch (Exception)
        {
            // The client went away, TLS failed, or the fake is being disposed: the connection just ends.
        }
        finally
        {
            try
            {
                if (after == AfterResponse.Reset)
                    socket.LingerState = new LingerOption(true, 0); // closing now sends RST, not FIN
            }
            catch (ObjectDisposedException)
            {
                // DisposeAsync closed it first
            }
            socket.Dispose();
            lock (_lock) _connections.Remove(socket);
        }
    }

    private async Task<AfterResponse> ServeRequestsAsync(Stream stream, CancellationToken ct)
    {
        var reader = new HttpRequestReader(stream);
        while (true)
        {
            FakeRequest? request;
            try
            {
                request = await reader.ReadAsync(() => WriteContinueAsync(stream, ct), ct);
            }
            catch (MalformedRequestException ex)
            {
                await FakeResponseWriter.WriteAsync(stream, FakeResponse.Text(400, ex.Message) with { Headers = [new("Connection", "close")] }, true, ct);
                return AfterResponse.Close;
            }
            if (request is null) return AfterResponse.Close;
            lock (_lock) _requests.Add(request);

            var response = await AnswerAsync(request, ct);
            var clientAsksClose = string.Equals(request.Header("Connection"), "close", StringComparison.OrdinalIgnoreCase);
            var after = await FakeResponseWriter.WriteAsync(stream, response, clientAsksClose, ct);
            if (after != AfterResponse.KeepAlive) return after;
        }
    }

    private static async Task WriteContinueAsync(Stream stream, CancellationToken ct)
    {
        await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), ct);
        await stream.FlushAsync(ct);
    }

    private async Task<FakeResponse> AnswerAsync(FakeRequest request, CancellationToken ct)
    {
        RuleAction? action = null;
        lock (_lock)
        {
            foreach (var rule in _rules)
                if ((action = rule.TryClaim(request)) is not null)
                    break;
        }
        try
        {
            if (action?.Respond is { } respond)
                return respond(request);
            if (_forwarder is null)
                return FakeResponse.Json(404, "{}");
            var answer = await _forwarder.SendAsync(request, ct);
            return action?.Rewrite is { } rewrite ? rewrite(request, answer) : answer;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // A throwing rule or an unreachable backend: say so, rather than a silent dropped connection.
            var status = ex is HttpRequestException or IOException ? 502 : 500;
            return FakeResponse.Text(status, $"FakeSandbox: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Closes the listener and every connection; hung and delayed responses end at once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        Task[] connections;
        lock (_lock)
        {
            _stop.Cancel();
            connections = _connections.Values.ToArray();
            foreach (var socket in _connections.Keys)
                socket.Dispose();
        }
        _listener.Stop();
        await Task.WhenAll(connections.Append(_acceptLoop)).ContinueWith(_ => { }, TaskScheduler.Default);
        _forwarder?.Dispose();
        _stop.Dispose();
    }
}
