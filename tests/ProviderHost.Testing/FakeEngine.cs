using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Pulumirpc;

namespace ProviderHost.Testing;

/// <summary>
/// The engine's side of the plugin protocol: a <c>pulumirpc.Engine</c> gRPC server on 127.0.0.1 that records
/// every Log call, so tests can assert what a user would see (and that no secret is ever in it).
/// </summary>
public sealed class FakeEngine : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeEngine(WebApplication app, string address, ConcurrentQueue<LogRequest> logs)
    {
        _app = app;
        Address = address;
        Logs = logs;
    }

    /// <summary><c>127.0.0.1:PORT</c>, without a scheme, as the engine passes it on the command line.</summary>
    public string Address { get; }

    public ConcurrentQueue<LogRequest> Logs { get; }

    public static async Task<FakeEngine> StartAsync()
    {
        var logs = new ConcurrentQueue<LogRequest>();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddRoutingCore();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(logs);
        var app = builder.Build();
        app.UseRouting();
        app.MapGrpcService<EngineService>();
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new FakeEngine(app, $"127.0.0.1:{new Uri(url).Port}", logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class EngineService(ConcurrentQueue<LogRequest> logs) : Engine.EngineBase
    {
        public override Task<Empty> Log(LogRequest request, ServerCallContext context)
        {
            logs.Enqueue(request);
            return Task.FromResult(new Empty());
        }
    }
}
