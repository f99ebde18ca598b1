using System.Diagnostics;
using Grpc.Core;
using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;
using PtSandbox.Hardening.Tests.Support;
using Pulumirpc;
using static PtSandbox.Hardening.Tests.Support.SandboxRig;

namespace PtSandbox.Hardening.Tests;

/// <summary>
/// A create whose answer was lost is reconciled with the listing; when the engine cancels (or customTimeouts expire)
/// during that reconciliation, the token the lost attempt made stays in the sandbox with its secret gone, and the
/// engine records nothing. The provider cannot finish the clean-up then, but the user must be told what to look for.
/// </summary>
public sealed class AbandonedCreateTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string TokensPath = "/api/ui/public-api/tokens";
    private SandboxRig _rig = null!;

    public async Task InitializeAsync() => _rig = await SandboxRig.StartAsync();
    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Cancel_during_reconciliation_of_a_lost_create_warns_which_token_may_be_left_behind()
    {
        var session = await _rig.SessionAsync();
        await session.InvokeAsync(GetApiTokens, PropertyMap.Empty); // logged in
        await _rig.Control.AddFaultAsync(new Fault { Method = "POST", Path = TokensPath, Kind = FaultKinds.CommitThenDrop });
        await _rig.Control.AddFaultAsync(new Fault { Method = "GET", Path = TokensPath, Kind = FaultKinds.Delay, DelayMs = 20_000 });

        var create = session.CreateAsync(ApiToken, "lost", TokenInputs("abandoned-token"));
        await Eventually.HoldsAsync(async () => (await _rig.Control.GetStatsAsync()).Count("GET /api/ui/public-api/tokens") >= 2, "the reconciling listing started");
        await session.Client.CancelAsync(new Google.Protobuf.WellKnownTypes.Empty());

        (await create.Awaiting(c => c).Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Cancelled);
        var orphan = (await _rig.LiveTokensAsync()).Should().ContainSingle("the lost attempt's token is still there").Subject;
        orphan.Name.Should().Be("abandoned-token");

        await Eventually.HoldsAsync(() => _rig.Engine.Logs.Any(Warns), "a warning naming the token reached the engine");
        var warning = _rig.Engine.Logs.First(Warns);
        output.WriteLine($"{warning.Severity}: {warning.Message}");
        warning.Severity.Should().Be(LogSeverity.Warning);
    }

    [Fact]
    public async Task A_customTimeout_during_reconciliation_of_a_lost_create_warns_too()
    {
        var session = await _rig.SessionAsync();
        await session.InvokeAsync(GetApiTokens, PropertyMap.Empty);
        await _rig.Control.AddFaultAsync(new Fault { Method = "POST", Path = TokensPath, Kind = FaultKinds.CommitThenDrop });
        await _rig.Control.AddFaultAsync(new Fault { Method = "GET", Path = TokensPath, Kind = FaultKinds.Delay, DelayMs = 60_000 });

        // The customTimeout leaves the create ample time to reach the sandbox on a loaded machine (2 s once did not);
        // the bound is far below both the delayed listing and the provider's 30 s requestTimeout, which must not be
        // what ends the call.
        var clock = Stopwatch.StartNew();
        var act = () => session.CreateAsync(ApiToken, "lost", TokenInputs("abandoned-token"), timeoutSeconds: 5);
        await act.Should().ThrowAsync<RpcException>();
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20));

        (await _rig.LiveTokensAsync()).Should().ContainSingle().Which.Name.Should().Be("abandoned-token");
        await Eventually.HoldsAsync(() => _rig.Engine.Logs.Any(Warns), "a warning naming the token reached the engine");
    }

    /// <summary>A warning that names the token and says it may be left behind.</summary>
    private static bool Warns(LogRequest log) =>
        log.Severity == LogSeverity.Warning && log.Message.Contains("\"abandoned-token\"") && log.Message.Contains("left");
}
