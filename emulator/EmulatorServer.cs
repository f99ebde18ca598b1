using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using PtSandbox.Emulator.Http;
using PtSandbox.Emulator.Middleware;

namespace PtSandbox.Emulator;

/// <summary>An emulator listening on 127.0.0.1, started in-process (tests) or by Program.cs (the binary).</summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2? _certificate;
    private readonly EmulatorServices _services;
    private int _disposed;

    private EmulatorServer(WebApplication app, EmulatorServices services, X509Certificate2? certificate, Uri baseUrl, EmulatorOptions options)
    {
        _app = app;
        _services = services;
        _certificate = certificate;
        BaseUrl = baseUrl;
        CertificatePem = certificate?.ExportCertificatePem();
        Options = options;
        Control = new EmulatorControl(baseUrl, CertificatePem);
    }

    public Uri BaseUrl { get; }

    public string? CertificatePem { get; }

    public EmulatorOptions Options { get; }

    public EmulatorControl Control { get; }

    /// <summary>
    /// Every bearer this emulator has issued: lets in-process tests check that no text shows one, without the
    /// client under test exposing its own. Not served over HTTP.
    /// </summary>
    public IReadOnlyList<string> IssuedBearers => _services.Auth.IssuedBearers();

    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Port, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.BearerTtl, TimeSpan.Zero);
        if (options.ListLimit is < 0)
            throw new ArgumentOutOfRangeException(nameof(options), "ListLimit must not be negative");

        var services = new EmulatorServices(options); // loads --state, so a bad file fails before listening
        var certificate = options.Http ? null : SelfSignedCertificate.Create();
        try
        {
            if (certificate is not null && options.CertOut is not null)
                await File.WriteAllTextAsync(options.CertOut, certificate.ExportCertificatePem(), cancellationToken);

            var app = Build(options, services, certificate);
            services.Stopping = app.Lifetime.ApplicationStopping;
            await app.StartAsync(cancellationToken);

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var baseUrl = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority));
            return new EmulatorServer(app, services, certificate, baseUrl, options);
        }
        catch
        {
            certificate?.Dispose();
            throw;
        }
    }

    private static WebApplication Build(EmulatorOptions options, EmulatorServices services, X509Certificate2? certificate)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        // stdout belongs to Program.cs (the base URL line); no logging at all, so no secret can leak into logs.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, SilentHostLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                if (certificate is not null)
                    listen.UseHttps(certificate);
            });
        });

        var app = builder.Build();
        app.UseRouting(); // explicit, so the middlewares below see the matched route template
        app.Use(LoopbackOnlyControl.InvokeAsync);
        app.Use((context, next) => RequestCounter.InvokeAsync(context, next, services));
        app.Use((context, next) => FaultInjector.InvokeAsync(context, next, services));
        AuthEndpoints.Map(app, services);
        TokenEndpoints.Map(app, services);
        ControlEndpoints.Map(app, services);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        Control.Dispose();
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            _certificate?.Dispose();
        }
    }
}
