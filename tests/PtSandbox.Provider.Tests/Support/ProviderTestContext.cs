using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;

namespace PtSandbox.Provider.Tests.Support;

/// <summary>
/// A fake engine, an in-process emulator over real TLS, and helpers to launch the built provider binary
/// configured for that emulator: what every lifecycle test starts from.
/// </summary>
public sealed class ProviderTestContext : IAsyncLifetime
{
    public const string ApiToken = "ptsandbox:index:ApiToken";
    public const string Password = "s3cret-Adm1n-pass";

    private readonly List<ProviderProcess> _processes = [];

    public FakeEngine Engine { get; private set; } = null!;
    public EmulatorServer Emulator { get; private set; } = null!;
    public string CaPath { get; private set; } = "";

    /// <summary>Options for the emulator; override before InitializeAsync by constructing with them.</summary>
    public EmulatorOptions EmulatorOptions { get; init; } = new() { Username = "admin", Password = Password };

    public async Task InitializeAsync()
    {
        Engine = await FakeEngine.StartAsync();
        Emulator = await EmulatorServer.StartAsync(EmulatorOptions);
        CaPath = Path.Combine(Path.GetTempPath(), $"ptsandbox-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(CaPath, Emulator.CertificatePem ?? "");
    }

    /// <summary>Stack config as the engine sends it: strings, the password secret.</summary>
    public PropertyMap Config => Values.Map(
        ("host", Emulator.BaseUrl.ToString().TrimEnd('/')),
        ("username", "admin"),
        ("password", Values.Secret(Password)),
        ("caCertificate", CaPath));

    /// <summary>Launches the binary with no PTSANDBOX_* variables (so only config counts) unless given.</summary>
    public async Task<ProviderProcess> LaunchAsync(IEnumerable<string>? flags = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["PTSANDBOX_HOST"] = null, ["PTSANDBOX_USERNAME"] = null, ["PTSANDBOX_PASSWORD"] = null,
            ["PTSANDBOX_CA_CERT"] = null, ["PTSANDBOX_INSECURE"] = null, ["PTSANDBOX_AUTH_TYPE"] = null,
        };
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) env[k] = v;
        var process = await ProviderProcess.StartAsync(Engine.Address, flags, env);
        lock (_processes) _processes.Add(process);
        return process;
    }

    /// <summary>A launched provider, handshaken and configured for the emulator, as at the start of `pulumi up`.</summary>
    public async Task<EngineSession> ConfiguredSessionAsync(IEnumerable<string>? flags = null)
    {
        var session = new EngineSession(await LaunchAsync(flags));
        await session.HandshakeAsync(Engine.Address);
        await session.ConfigureAsync(Config);
        return session;
    }

    public static PropertyMap TokenInputs(string name, string[]? permissions = null, string? comment = null, IDictionary<string, string>? triggers = null)
    {
        var map = Values.Map(("name", name), ("permissions", permissions ?? ["SCAN_WITH_PREDEFINED_SETTINGS"]));
        if (comment is not null) map = map.Set("comment", PropertyValue.From(comment));
        if (triggers is not null) map = map.Set("rotationTriggers", Values.Of(triggers));
        return map;
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.ExtraStdout.Should().BeEmpty("a plugin writes nothing to stdout but its port line");
            await process.DisposeAsync();
        }
        await Emulator.DisposeAsync();
        await Engine.DisposeAsync();
        File.Delete(CaPath);
    }
}
