using ProviderHost.Values;
using PtSandbox.Emulator;

namespace PtSandbox.Harness;

/// <summary>
/// The one way the tests start "engine + emulator + binary": a <see cref="FakeEngine"/>, an in-process emulator (its
/// certificate in a temp PEM), the stack config pointing at it, and the built provider binary launched as the engine
/// launches it with no PTSANDBOX_* variables. Disposal stops the providers, then the emulator, the engine, the PEM.
/// </summary>
public class ProviderRig : IAsyncDisposable
{
    private readonly List<ProviderProcess> _processes = [];

    protected ProviderRig(FakeEngine engine, EmulatorServer emulator, EmulatorOptions options)
    {
        Engine = engine;
        Emulator = emulator;
        Options = options;
    }

    public FakeEngine Engine { get; }

    /// <summary>The running emulator; a suite may replace it (e.g. restart it on the same port).</summary>
    public EmulatorServer Emulator { get; protected set; }

    /// <summary>The emulator's options; its username and password are what <see cref="Config"/> sends.</summary>
    public EmulatorOptions Options { get; protected set; }

    /// <summary>The emulator's certificate as first started, the provider's caCertificate.</summary>
    public string CaPath { get; } = Path.Combine(Path.GetTempPath(), $"ptsandbox-ca-{Guid.NewGuid():N}.pem");

    /// <summary>Every provider launched and not yet stopped.</summary>
    public IReadOnlyList<ProviderProcess> Processes { get { lock (_processes) return _processes.ToList(); } }

    public static Task<ProviderRig> StartAsync(EmulatorOptions options) =>
        StartAsync(options, (engine, emulator) => new ProviderRig(engine, emulator, options));

    /// <summary>Starts the engine and the emulator, lets <paramref name="create"/> build the rig, writes the CA PEM.</summary>
    protected static async Task<TRig> StartAsync<TRig>(EmulatorOptions options, Func<FakeEngine, EmulatorServer, TRig> create)
        where TRig : ProviderRig
    {
        var engine = await FakeEngine.StartAsync();
        var emulator = await EmulatorServer.StartAsync(options);
        var rig = create(engine, emulator);
        await File.WriteAllTextAsync(rig.CaPath, emulator.CertificatePem ?? "");
        return rig;
    }

    /// <summary>
    /// Stack config as the engine sends it (strings, password secret). Over HTTPS the emulator's own certificate is
    /// the CA, unless <paramref name="insecure"/> (needed when a restart brings a new certificate) or another host.
    /// </summary>
    public PropertyMap Config(string? password = null, bool insecure = false, string? host = null)
    {
        var map = Values.Map(
            ("host", host ?? Emulator.BaseUrl.ToString().TrimEnd('/')),
            ("username", Options.Username),
            ("password", Values.Secret(password ?? Options.Password)));
        if (Emulator.CertificatePem is null || host is not null) return map;
        return insecure ? map.Set("insecureSkipVerify", PropertyValue.From("true")) : map.Set("caCertificate", PropertyValue.From(CaPath));
    }

    /// <summary>Launches the binary with no PTSANDBOX_* variables (so only the config counts) unless given.</summary>
    public async Task<ProviderProcess> LaunchAsync(IEnumerable<string>? flags = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var env = ProviderEnvironment.WithoutConfigFallbacks(environment);
        var process = await ProviderProcess.StartAsync(Engine.Address, flags, env);
        lock (_processes) _processes.Add(process);
        return process;
    }

    /// <summary>A provider as at the start of `pulumi up` (CheckConfig + Configure), or of refresh/destroy (Configure alone).</summary>
    public async Task<EngineSession> SessionAsync(PropertyMap? config = null, bool fromState = false, IEnumerable<string>? flags = null)
    {
        var session = new EngineSession(await LaunchAsync(flags));
        await session.HandshakeAsync(Engine.Address);
        if (fromState) await session.ConfigureFromStateAsync(config ?? Config());
        else await session.ConfigureAsync(config ?? Config());
        return session;
    }

    /// <summary>An ApiToken's inputs as a program declares them (permissions default to one predefined-scan right).</summary>
    public static PropertyMap TokenInputs(string name, string[]? permissions = null, string? comment = null, IDictionary<string, string>? triggers = null)
    {
        var map = Values.Map(("name", name), ("permissions", permissions ?? ["SCAN_WITH_PREDEFINED_SETTINGS"]));
        if (comment is not null) map = map.Set("comment", PropertyValue.From(comment));
        if (triggers is not null) map = map.Set("rotationTriggers", Values.Of(triggers));
        return map;
    }

    /// <summary>
    /// Stops every provider as the engine does (Cancel, SIGINT); their stderr and logs are complete after. Fails on a
    /// provider that wrote to stdout after its port line.
    /// </summary>
    public async Task StopProvidersAsync()
    {
        List<ProviderProcess> processes;
        lock (_processes)
        {
            processes = _processes.ToList();
            _processes.Clear();
        }
        var strays = new List<string>();
        foreach (var process in processes)
        {
            // Checked once stopped: disposal drains stdout, so lines written while shutting down count too.
            var pid = process.ProcessId;
            await process.DisposeAsync();
            if (process.ExtraStdout.Count > 0)
                strays.Add($"pid {pid}: {string.Join(" | ", process.ExtraStdout)}");
        }
        if (strays.Count > 0)
            throw new InvalidOperationException(
                "a provider wrote to stdout after its port line, which a plugin must not: " + string.Join("; ", strays));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopProvidersAsync();
        }
        finally
        {
            await Emulator.DisposeAsync();
            await Engine.DisposeAsync();
            File.Delete(CaPath);
        }
    }
}
