using Google.Protobuf.WellKnownTypes;
using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;

namespace PtSandbox.Hardening.Tests.Support;

/// <summary>
/// What every hardening suite starts from: a <see cref="ProviderRig"/> with the hardening credentials. The emulator
/// can be restarted on the same port (and --state file).
/// </summary>
public sealed class SandboxRig : ProviderRig
{
    public const string ApiToken = "ptsandbox:index:ApiToken";
    public const string GetApiTokens = "ptsandbox:index:getApiTokens";
    public const string Username = "admin";
    // Non-ASCII and every character JSON, URLs, forms and HTML escape: a server echoing it has many forms to show it in.
    public const string Password = "Hardening-Pä55 & + ' < > \" \\ w0rd-q7Zk";

    private SandboxRig(FakeEngine engine, EmulatorServer emulator, EmulatorOptions options) : base(engine, emulator, options) { }

    public EmulatorControl Control => Emulator.Control;

    /// <summary>host:port of the emulator, as error messages name it.</summary>
    public string HostPort => Emulator.BaseUrl.Authority;

    /// <summary>Starts the rig with <paramref name="options"/>, the account always <see cref="Username"/> / <see cref="Password"/>.</summary>
    public static new Task<SandboxRig> StartAsync(EmulatorOptions? options = null)
    {
        options = (options ?? new EmulatorOptions()) with { Username = Username, Password = Password };
        return StartAsync(options, (engine, emulator) => new SandboxRig(engine, emulator, options));
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

    /// <inheritdoc cref="ProviderRig.TokenInputs"/>
    public static new PropertyMap TokenInputs(string name, string[]? permissions = null, string? comment = null, IDictionary<string, string>? triggers = null) =>
        ProviderRig.TokenInputs(name, permissions, comment, triggers);

    /// <summary>True when the process is alive and still answers the protocol.</summary>
    public static async Task<bool> AnswersAsync(ProviderProcess process)
    {
        if (process.ExitCode is not null) return false;
        var info = await process.Client.GetPluginInfoAsync(new Empty(), deadline: DateTime.UtcNow.AddSeconds(10));
        return info.Version.Length > 0;
    }
}
