using Google.Protobuf.WellKnownTypes;
using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;

namespace PtSandbox.Hardening.Tests.Support;

/// <summary>
/// What every hardening suite starts from: a fake engine, an in-process emulator, and the built provider binary
/// launched as the engine launches it. The emulator can be restarted on the same port (and --state file).
/// </summary>
public sealed class SandboxRig : IAsyncDisposable
{
    public const string ApiToken = "ptsandbox:index:ApiToken";
    public const string GetApiTokens = "ptsandbox:index:getApiTokens";
    public const string Username = "admin";
    public const string Password = "Hardening-Pa55w0rd-q7Zk";

    private readonly List<ProviderProcess> _processes = [];
    private readonly string _caPath = Path.Combine(Path.GetTempPath(), $"ptsandbox-hardening-ca-{Guid.NewGuid():N}.pem");

    private SandboxRig(FakeEngine engine, EmulatorServer emulator, EmulatorOptions options)
    {
        Engine = engine;
        Emulator = emulator;
        Options = options;
    }

    public FakeEngine Engine { get; }
    public EmulatorServer Emulator { get; private set; }
    public EmulatorOptions Options { get; private set; }
    public EmulatorControl Control => Emulator.Control;

    /// <summary>host:port of the emulator, as error messages name it.</summary>
    public string HostPort => Emulator.BaseUrl.Authority;

    public IReadOnlyList<ProviderProcess> Processes { get { lock (_processes) return _processes.ToList(); } }

    public static async Task<SandboxRig> StartAsync(EmulatorOptions? options = null)
    {
        options ??= new EmulatorOptions();
        options = options with { Username = Username, Password = Password };
        var engine = await FakeEngine.StartAsync();
        var emulator = await EmulatorServer.StartAsync(options);
        var rig = new SandboxRig(engine, emulator, options);
        await File.WriteAllTextAsync(rig._caPath, emulator.CertificatePem ?? "");
        return rig;
    }

    /// <summary>
    /// Stack config as the engine sends it (strings, password secret). Over HTTPS the emulator's own certificate is
    /// the CA, unless <paramref name="insecure"/> (needed when a restart brings a new certificate).
    /// </summary>
    public PropertyMap Config(string? password = null, bool insecure = false, string? host = null)
    {
        var map = Values.Map(
            ("host", host ?? Emulator.BaseUrl.ToString().TrimEnd('/')),
            ("username", Username),
            ("password", Values.Secret(password ?? Password)));
        if (Emulator.CertificatePem is null || host is not null) return map;
        return insecure ? map.Set("insecureSkipVerify", PropertyValue.From("true")) : map.Set("caCertificate", PropertyValue.From(_caPath));
    }

    /// <summary>Launches the binary with no PTSANDBOX_* variables, so only the config counts.</summary>
    public async Task<ProviderProcess> LaunchAsync(IEnumerable<string>? flags = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["PTSANDBOX_HOST"] = null, ["PTSANDBOX_USERNAME"] = null, ["PTSANDBOX_PASSWORD"] = null,
            ["PTSANDBOX_CA_CERT"] = null, ["PTSANDBOX_INSECURE"] = null, ["PTSANDBOX_AUTH_TYPE"] = null,
        };
        var process = await ProviderProcess.StartAsync(Engine.Address, flags, env);
        lock (_processes) _processes.Add(process);
        return process;
    }

    /// <summary>A provider as at the start of `pulumi up` (CheckConfig + Configure), or of refresh/destroy (Configure alone).</summary>
    public async Task<EngineSession> SessionAsync(PropertyMap? config = null, bool fromState = false, IEnumerable<string>? flags = null)
    {
        var process = await LaunchAsync(flags);
        var session = new EngineSession(process);
        await session.HandshakeAsync(Engine.Address);
        if (fromState) await session.ConfigureFromStateAsync(config ?? Config());
        else await session.ConfigureAsync(config ?? Config());
        return session;
    }

    /// <summary>Stops the emulator and starts a new one on the same port with the same options (and --state file).</summary>
    public async Task RestartEmulatorAsync()
    {
        var port = Emulator.BaseUrl.Port;
        await Emulator.DisposeAsync();
        Options = Options with { Port = port };
        Exception? last = null;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            try
            {
                Emulator = await EmulatorServer.StartAsync(Options);
                return;
            }
            catch (IOException ex)
            {
                last = ex; // the port may linger for a moment
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"could not restart the emulator on port {port}", last);
    }

    public async Task<int> RequestCountAsync() => (await Control.GetStatsAsync()).Requests.Values.Sum();

    /// <summary>Tokens the sandbox holds that are not deleted.</summary>
    public async Task<IReadOnlyList<EmulatorToken>> LiveTokensAsync() =>
        (await Control.GetTokensAsync()).Where(t => t.Deleted is null).ToList();

    public static PropertyMap TokenInputs(string name, string[]? permissions = null, string? comment = null, IDictionary<string, string>? triggers = null)
    {
        var map = Values.Map(("name", name), ("permissions", permissions ?? ["SCAN_WITH_PREDEFINED_SETTINGS"]));
        if (comment is not null) map = map.Set("comment", PropertyValue.From(comment));
        if (triggers is not null) map = map.Set("rotationTriggers", Values.Of(triggers));
        return map;
    }

    /// <summary>True when the process is alive and still answers the protocol.</summary>
    public static async Task<bool> AnswersAsync(ProviderProcess process)
    {
        if (process.ExitCode is not null) return false;
        var info = await process.Client.GetPluginInfoAsync(new Empty(), deadline: DateTime.UtcNow.AddSeconds(10));
        return info.Version.Length > 0;
    }

    /// <summary>Stops every provider as the engine does (Cancel, SIGINT); their stderr and logs are complete after.</summary>
    public async Task StopProvidersAsync()
    {
        List<ProviderProcess> processes;
        lock (_processes)
        {
            processes = _processes.ToList();
            _processes.Clear();
        }
        foreach (var process in processes)
        {
            process.ExtraStdout.Should().BeEmpty("a plugin writes nothing to stdout but its port line");
            await process.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopProvidersAsync();
        await Emulator.DisposeAsync();
        await Engine.DisposeAsync();
        File.Delete(_caPath);
    }
}
