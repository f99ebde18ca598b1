using Grpc.Core;
using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;
using PtSandbox.Harness.Fakes;

namespace PtSandbox.Hardening.Tests.Support;

/// <summary>
/// A <see cref="ProviderRig"/> whose providers talk to a <see cref="FakeSandbox"/> in front of a plain-HTTP emulator:
/// the emulator keeps the real state (what exists, what is deleted), the fake lets a test mangle, delay or lose any
/// answer. Every provider it launches runs with <c>--logtostderr -v=9</c>, so <see cref="AllText"/> holds every line
/// it wrote or sent to the engine.
/// </summary>
public sealed class FakeSandboxRig : IAsyncDisposable
{
    public const string ApiToken = "ptsandbox:index:ApiToken";
    public static readonly string[] Verbose = ["--logtostderr", "-v=9"];

    private FakeSandboxRig(ProviderRig rig, FakeSandbox fake)
    {
        Rig = rig;
        Fake = fake;
    }

    public ProviderRig Rig { get; }
    public FakeSandbox Fake { get; }
    public EmulatorControl Control => Rig.Emulator.Control;
    public string HostPort => Fake.HostPort;

    public static async Task<FakeSandboxRig> StartAsync(EmulatorOptions? options = null)
    {
        var rig = await ProviderRig.StartAsync((options ?? new EmulatorOptions()) with { Http = true });
        var fake = await FakeSandbox.StartAsync(rig.Emulator.BaseUrl);
        return new FakeSandboxRig(rig, fake);
    }

    /// <summary>Stack config pointing at the fake (plain HTTP, so no CA).</summary>
    public PropertyMap Config(string? password = null) => Rig.Config(password: password, host: Fake.BaseUrl.ToString().TrimEnd('/'));

    /// <summary>A verbose provider configured as at the start of `pulumi up` (or from state: refresh, destroy).</summary>
    public Task<EngineSession> SessionAsync(bool fromState = false, PropertyMap? config = null) =>
        Rig.SessionAsync(config ?? Config(), fromState, Verbose);

    /// <summary>Every provider's stderr and every line sent to the engine so far.</summary>
    public string AllText() =>
        string.Join("\n", Rig.Processes.Select(p => p.Stderr)) + "\n" + string.Join("\n", Rig.Engine.Logs.Select(l => $"{l.Severity}: {l.Message}"));

    public async Task<IReadOnlyList<EmulatorToken>> LiveTokensAsync(string? name = null) =>
        (await Control.GetTokensAsync()).Where(t => t.Deleted is null && (name is null || t.Name == name)).ToList();

    /// <summary>
    /// Runs a call that must fail; returns the error after checking it is one clean line with a clean status (a
    /// partial create's status does not count: the engine reads its ErrorResourceInitFailed detail instead).
    /// </summary>
    public static async Task<RpcException> FailsAsync(Func<Task> call)
    {
        var error = (await FluentActions.Awaiting(call).Should().ThrowAsync<RpcException>()).Which;
        error.Status.Detail.Should().NotContainAny(["\n", "\r", "\u001b", "\u0007"]);
        if (error.Trailers.GetValueBytes("grpc-status-details-bin") is null)
            error.StatusCode.Should().NotBe(StatusCode.Unknown, "Unknown tells the engine the state may be corrupt");
        return error;
    }

    /// <summary>The emulator's <c>key</c> of a token secret (SHA-256, lower-case hex): ties a secret in state to a live token.</summary>
    public static string KeyOf(string secret) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Rig.StopProvidersAsync();
        }
        finally
        {
            await Fake.DisposeAsync();
            await Rig.DisposeAsync();
        }
    }
}
