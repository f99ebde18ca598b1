using System.Net;
using System.Net.Sockets;

namespace PtSandbox.Client.Tests.Emulated;

/// <summary>
/// Relays TCP from 127.0.0.2 to a target, so the emulator can be reached under a name its certificate lacks; or, once
/// <see cref="AnswersPlainText"/> is set, answers each new connection as a plain HTTP server would and closes it.
/// </summary>
internal sealed class TcpForwarder : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Parse("127.0.0.2"), 0);
    private readonly CancellationTokenSource stop = new();

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

    public bool AnswersPlainText { get; set; }

    private async Task RelayAsync(TcpClient inbound, IPEndPoint target)
    {
        if (AnswersPlainText)
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
