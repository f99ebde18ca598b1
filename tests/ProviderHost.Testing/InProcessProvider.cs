using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using ProviderHost.Hosting;
using ProviderHost.Values;
using Pulumirpc;

namespace ProviderHost.Testing;

/// <summary>
/// A provider served in the test's own process by the plugin's server (<see cref="ProviderServer.StartAsync"/>:
/// the request gate, the limits and the method table the binary has) on a loopback port, its log lines going to a
/// <see cref="FakeEngine"/>, and a gRPC client over that real wire. No binary, no stdout.
/// </summary>
public sealed class InProcessProvider : IProviderConnection, IAsyncDisposable
{
    private readonly RunningProvider _server;
    private readonly GrpcChannel _channel;

    private InProcessProvider(FakeEngine engine, RunningProvider server)
    {
        Engine = engine;
        _server = server;
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{server.Port}", new GrpcChannelOptions
        {
            // One HTTP/2 connection and the engine's message limits, as the engine's grpc-go client has.
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false },
            MaxReceiveMessageSize = ProviderServer.MaxReplyBytes,
            MaxSendMessageSize = ProviderServer.MaxReplyBytes,
        });
        Client = new ResourceProvider.ResourceProviderClient(_channel);
    }

    /// <summary>Starts the provider <paramref name="define"/> builds, and a fake engine for its log lines.</summary>
    /// <param name="minimumLogLevel">Lines below it are not sent, as without <c>-v</c> (Debug = as with it).</param>
    public static async Task<InProcessProvider> StartAsync(
        ProviderDefinitionFactory define, LogLevel minimumLogLevel = LogLevel.Information, CancellationToken cancellationToken = default)
    {
        var engine = await FakeEngine.StartAsync();
        try
        {
            var options = new ProviderServerOptions { EngineAddress = engine.Address, MinimumLogLevel = minimumLogLevel };
            return new InProcessProvider(engine, await ProviderServer.StartAsync(define, options, cancellationToken));
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a provider that needs neither the engine's logger nor the process's secrets.</summary>
    public static Task<InProcessProvider> StartAsync(ProviderDefinition definition) => StartAsync((_, _) => definition);

    /// <inheritdoc />
    public string Package => _server.Definition.Name;

    /// <summary>The fake engine's address, as the engine passes its own to a plugin.</summary>
    public string EngineAddress => Engine.Address;

    /// <summary>Receives the provider's log lines.</summary>
    public FakeEngine Engine { get; }

    public int Port => _server.Port;

    public ProviderDefinition Definition => _server.Definition;

    public ResourceProvider.ResourceProviderClient Client { get; }

    public CallInvoker CallInvoker => _channel.CreateCallInvoker();

    /// <summary>A session as at the start of `pulumi up`: Handshake, CheckConfig and Configure with <paramref name="config"/>.</summary>
    public async Task<EngineSession> ConfiguredSessionAsync(PropertyMap? config = null)
    {
        var session = new EngineSession(this);
        await session.HandshakeAsync(EngineAddress);
        await session.ConfigureAsync(config ?? PropertyMap.Empty);
        return session;
    }

    /// <summary>Stops serving as SIGINT stops the plugin: the calls in flight are cancelled.</summary>
    public Task StopAsync() => _server.StopAsync();

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
        await Engine.DisposeAsync();
    }
}
