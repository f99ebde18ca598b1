using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace PtSandbox.Hardening.Tests.Support;

/// <summary>A plain-HTTP server on 127.0.0.1 that answers every request with 200 and a huge JSON-typed body,
/// streamed in chunks without a Content-Length (generated on the fly: no memory held).</summary>
public sealed class FloodServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _sent;

    private FloodServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public long BytesSent => Interlocked.Read(ref _sent);

    public static async Task<FloodServer> StartAsync(long bytes)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var server = new FloodServer(app);
        app.Run(async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'[');
            try
            {
                for (long written = 0; written < bytes; written += chunk.Length)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                    Interlocked.Add(ref server._sent, chunk.Length);
                }
            }
            catch (Exception) when (context.RequestAborted.IsCancellationRequested)
            {
                // the client gave up reading: what we want
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUrl = new Uri(address).GetLeftPart(UriPartial.Authority);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
