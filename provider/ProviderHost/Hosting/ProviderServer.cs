using System.Net;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
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
/// Runs a provider as a Pulumi plugin: Kestrel on 127.0.0.1, an ephemeral port, cleartext HTTP/2 only; the port
/// number as the only line ever written to stdout; clean exit on SIGINT/SIGTERM.
/// </summary>
public static class ProviderServer
{
    private const int GrpcFrameHeaderBytes = 5;

    /// <summary>The engine's own message limit: replies may be that large (a listing of many resources is); requests
    /// are limited by <see cref="ProviderDefinition.MaxRequestBytes"/>.</summary>
    public const int MaxReplyBytes = 400 * 1024 * 1024;

    /// <param name="define">
    /// Builds the provider, given the logger provider whose lines reach the engine and the process's secrets (the
    /// host adds every value a request marks secret; the provider adds what it learns, e.g. credentials).
    /// </param>
    public static async Task<int> RunAsync(string[] args, Func<ILoggerProvider, SecretRedactor, ProviderDefinition> define)
    {
        var arguments = PluginArguments.Parse(args);
        var secrets = new SecretRedactor();
        await using var logSink = new EngineLogSink(arguments.LogToStderr ? Console.Error : null, secrets);
        if (arguments.EngineAddress is { } engine) logSink.SetEngineAddress(engine);

        var minimumLevel = arguments.Verbosity > 0 ? LogLevel.Debug : LogLevel.Information;
        var loggers = new EngineLoggerProvider(logSink, minimumLevel);
        var runtime = new ProviderRuntime(define(loggers, secrets), logSink, loggers, secrets);
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

        await using var app = builder.Build();
        app.Use(gate.InvokeAsync);
        app.UseRouting();
        app.MapGrpcService<ResourceProviderService>();

        using var stopping = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        await app.StartAsync(stopping.Token);
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var stdout = Console.OpenStandardOutput();
        await stdout.WriteAsync(System.Text.Encoding.ASCII.GetBytes(new Uri(address).Port + "\n"));
        await stdout.FlushAsync();

        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }
        runtime.CancelInFlight();
        await app.StopAsync(CancellationToken.None);
        return 0;

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // we shut down ourselves, gracefully
            stopping.Cancel();
        }
    }
}
