using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;

namespace PtSandbox.Provider.Tests.Support;

/// <summary>
/// What every lifecycle test starts from: a <see cref="ProviderRig"/> (fake engine, in-process emulator over real
/// TLS, the built binary) with the `admin` account, started and stopped by xUnit.
/// </summary>
public sealed class ProviderTestContext : IAsyncLifetime
{
    public const string ApiToken = "ptsandbox:index:ApiToken";
    public const string Password = "s3cret-Adm1n-pass";

    public ProviderRig Rig { get; private set; } = null!;
    public FakeEngine Engine => Rig.Engine;
    public EmulatorServer Emulator => Rig.Emulator;

    /// <summary>Options for the emulator; override before InitializeAsync by constructing with them.</summary>
    public EmulatorOptions EmulatorOptions { get; init; } = new() { Username = "admin", Password = Password };

    public async Task InitializeAsync() => Rig = await ProviderRig.StartAsync(EmulatorOptions);

    /// <summary>Stack config as the engine sends it: strings, the password secret, the emulator's CA.</summary>
    public PropertyMap Config => Rig.Config();

    /// <inheritdoc cref="ProviderRig.LaunchAsync"/>
    public Task<ProviderProcess> LaunchAsync(IEnumerable<string>? flags = null, IReadOnlyDictionary<string, string?>? environment = null) =>
        Rig.LaunchAsync(flags, environment);

    /// <summary>A launched provider, handshaken and configured for the emulator, as at the start of `pulumi up`.</summary>
    public Task<EngineSession> ConfiguredSessionAsync(IEnumerable<string>? flags = null) => Rig.SessionAsync(flags: flags);

    /// <inheritdoc cref="ProviderRig.TokenInputs"/>
    public static PropertyMap TokenInputs(string name, string[]? permissions = null, string? comment = null, IDictionary<string, string>? triggers = null) =>
        ProviderRig.TokenInputs(name, permissions, comment, triggers);

    public Task DisposeAsync() => Rig.DisposeAsync().AsTask();
}
