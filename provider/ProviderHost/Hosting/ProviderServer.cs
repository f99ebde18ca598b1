using System.Net;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using ProviderHost.Logging;
using ProviderHost.Rpc;
using SecretText;

namespace ProviderHost.Hosting;

/// <summary>
/// Builds the provider, given the logger provider whose lines reach the engine and the process's secrets (the host
/// adds every value a request marks secret; the provider adds what it learns, e.g. credentials).
/// </summary>
public delegate ProviderDefinition ProviderDefinitionFactory(ILoggerProvider engineLogs, SecretRedactor secrets);

/// <summary>How a provider started with <see cref="ProviderServer.StartAsync"/> logs.</summary>
public sealed class ProviderServerOptions
{
    /// <summary>The engine's address for log lines; null until Handshake or Attach names one (attach mode).</summary>
    public string? EngineAddress { get; init; }

    /// <summary>Also echo every log line here (the engine's <c>--logtostderr</c>); null = don't.</summary>
    public TextWriter? LogEcho { get; init; }

    /// <summary>Lines below this level are not sent (the engine's <c>-v=N</c> lowers it to Debug).</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;
}

/// <summary>
/// Runs a provider as a Pulumi plugin: Kestrel on 127.0.0.1, an ephemeral port, cleartext HTTP/2 only; the port
/// number as the only line ever written to stdout; clean exit on SIGINT/SIGTERM.
/// </summary>
public static class ProviderServer
{
    private const int GrpcFrameHeaderBytes = 5;

    /// <summary>The engine's own message limit: replies may be that large (a listing of many resources is); requests
    /// are limited by <see cref="ProviderDefinition.MaxRequestBytes"/>.</summary>
    public const int MaxReplyBytes = 400 * 1024 * 1024;

    /// <summary>The plugin's entry point: serves until SIGINT or SIGTERM, then returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, ProviderDefinitionFactory define)
    {
        var arguments = PluginArguments.Parse(args);
        var options = new ProviderServerOptions
        {
            EngineAddress = arguments.EngineAddress,
            LogEcho = arguments.LogToStderr ? Console.Error : null,
            MinimumLogLevel = arguments.Verbosity > 0 ? LogLevel.Debug : LogLevel.Information,
        };

        using var stopping = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        await using var provider = await StartAsync(define, options, args, stopping.Token);
        var stdout = Console.OpenStandardOutput();
        await stdout.WriteAsync(System.Text.Encoding.ASCII.GetBytes(provider.Port + "\n"));
        await stdout.FlushAsync();
        ImageResidency.Release();

        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await provider.StopAsync();
        return 0;

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // we shut down ourselves, gracefully
            stopping.Cancel();
        }
    }

    /// <summary>
    /// Starts the provider on a loopback port and returns once it accepts calls: the plugin's server as it runs in
    /// the binary (request gate, limits, method table), for tests that drive a provider in their own process.
    /// Writes nothing to stdout.
    /// </summary>
    public static Task<RunningProvider> StartAsync(
        ProviderDefinitionFactory define, ProviderServerOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(define, options ?? new ProviderServerOptions(), [], cancellationToken);

    private static async Task<RunningProvider> StartAsync(
        ProviderDefinitionFactory define, ProviderServerOptions options, string[] args, CancellationToken cancellationToken)
    {
        var secrets = new SecretRedactor();
        var logSink = new EngineLogSink(options.LogEcho, secrets);
        WebApplication? app = null;
        try
        {
            if (options.EngineAddress is { } engine) logSink.SetEngineAddress(engine);
            var loggers = new EngineLoggerProvider(logSink, options.MinimumLogLevel);
            var runtime = new ProviderRuntime(define(loggers, secrets), logSink, loggers, secrets);
            app = Build(runtime, args);
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new RunningProvider(app, runtime, logSink, new Uri(address).Port);
        }
        catch
        {
            if (app is not null) await app.DisposeAsync();
            await logSink.DisposeAsync();
            throw;
        }
    }

    private static WebApplication Build(ProviderRuntime runtime, string[] args)
    {
        var maxRequestBytes = runtime.Definition.MaxRequestBytes;
        var gate = new RequestGate(runtime);

        // The empty builder reads no configuration files or environment and registers no console logger:
        // start-up stays short and nothing can reach stdout before the port line.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = args });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = maxRequestBytes + GrpcFrameHeaderBytes;
            var http2 = kestrel.Limits.Http2;
            http2.InitialStreamWindowSize = RequestGate.StreamWindowBytes;
            http2.InitialConnectionWindowSize = (http2.MaxStreamsPerConnection + 1) * RequestGate.StreamWindowBytes;
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(runtime);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = maxRequestBytes;
            grpc.MaxSendMessageSize = MaxReplyBytes;
            grpc.EnableDetailedErrors = false;
            // A compressed request's frame header tells its compressed size only, which the gate cannot go by.
            // The engine never compresses.
            grpc.CompressionProviders.Clear();
        });
        // Bind the service's methods and activate it without reflection or open generics (see ResourceProviderMethods).
        builder.Services.RemoveAll(typeof(IServiceMethodProvider<>));
        builder.Services.AddSingleton<IServiceMethodProvider<ResourceProviderService>, ResourceProviderMethods>();
        builder.Services.AddSingleton<IGrpcServiceActivator<ResourceProviderService>, ResourceProviderActivator>();

        var app = builder.Build();
        app.Use(gate.InvokeAsync);
        app.UseRouting();
        app.MapGrpcService<ResourceProviderService>();
        return app;
    }
}

/// <summary>A provider serving on a loopback port; disposing it stops it as SIGINT stops the plugin.</summary>
public sealed class RunningProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ProviderRuntime _runtime;
    private readonly EngineLogSink _logSink;
    private int _stopped;

    internal RunningProvider(WebApplication app, ProviderRuntime runtime, EngineLogSink logSink, int port)
    {
        _app = app;
        _runtime = runtime;
        _logSink = logSink;
        Port = port;
    }

    /// <summary>The port on 127.0.0.1: the number the plugin prints.</summary>
    public int Port { get; }

    /// <summary>The provider being served.</summary>
    public ProviderDefinition Definition => _runtime.Definition;

    /// <summary>Aborts the calls in flight (as the engine's Cancel does), then stops accepting and serving calls.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        _runtime.CancelInFlight();
        await _app.StopAsync(CancellationToken.None);
    }

    /// <summary>Stops, then delivers the log lines still queued (bounded) and lets go of the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        await _logSink.DisposeAsync();
    }
}
