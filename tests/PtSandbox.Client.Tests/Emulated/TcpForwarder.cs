using System.Net;
using System.Net.Sockets;

namespace PtSandbox.Client.Tests.Emulated;

/// <summary>Relays TCP from 127.0.0.2 to a target, so the emulator can be reached under a name its certificate lacks.</summary>
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

    private async Task RelayAsync(TcpClient inbound, IPEndPoint target)
    {
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
