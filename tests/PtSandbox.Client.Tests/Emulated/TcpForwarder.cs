using System.Net;
using System.Net.Sockets;

namespace PtSandbox.Client.Tests.Emulated;

/// <summary>
/// Relays TCP from 127.0.0.2 to a target, so the emulator can be reached under a name its certificate lacks; or, for
/// a connection <see cref="AnswersPlainText"/> picks (given its number, from 1), answers as a plain HTTP server would
/// and closes it.
/// </summary>
internal sealed class TcpForwarder : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Parse("127.0.0.2"), 0);
    private readonly CancellationTokenSource stop = new();
    private int connections;

    public TcpForwarder(IPEndPoint target)
    {
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var inbound = await listener.AcceptTcpClientAsync(stop.Token);
                _ = RelayAsync(inbound, target);
            }
        });
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Whether connection n answers in plain HTTP; it may wait before it says, and the connection waits with it.</summary>
    public Func<int, Task<bool>> AnswersPlainText { get; set; } = _ => Task.FromResult(false);

    private async Task RelayAsync(TcpClient inbound, IPEndPoint target)
    {
        if (await AnswersPlainText(Interlocked.Increment(ref connections)))
        {
            using (inbound)
                await inbound.GetStream().WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), stop.Token);
            return;
        }
        using (inbound)
        using (var outbound = new TcpClient())
        {
            await outbound.ConnectAsync(target, stop.Token);
            var a = inbound.GetStream().CopyToAsync(outbound.GetStream(), stop.Token);
            var b = outbound.GetStream().CopyToAsync(inbound.GetStream(), stop.Token);
            await Task.WhenAny(a, b);
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
    }
}
