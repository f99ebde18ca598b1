using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace ProviderHost.Testing;

/// <summary>A gRPC server as the engine runs its own: 127.0.0.1, an ephemeral port, HTTP/2 without TLS, 400 MiB messages.</summary>
public static class LoopbackGrpcHost
{
    /// <summary>Starts the server; returns it and its address as <c>127.0.0.1:PORT</c> (no scheme, as the engine passes addresses).</summary>
    public static async Task<(WebApplication App, string Address)> StartAsync(Action<IServiceCollection> services, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddRoutingCore();
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = 400 * 1024 * 1024;
            o.MaxSendMessageSize = 400 * 1024 * 1024;
        });
        services(builder.Services);
        var app = builder.Build();
        app.UseRouting();
        map(app);
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return (app, $"127.0.0.1:{new Uri(url).Port}");
    }
}
