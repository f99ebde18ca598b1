using System.Diagnostics;
using System.Text;
using Grpc.Core;
using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;
using PtSandbox.Hardening.Tests.Support;
using Pulumirpc;
using static PtSandbox.Hardening.Tests.Support.SandboxRig;

namespace PtSandbox.Hardening.Tests;

/// <summary>
/// Suite 2: every fault the emulator can inject, against every kind of call (create, read, delete, login), through
/// the built binary. Each cell asserts what a user needs; at the end the sandbox must hold exactly the tokens the
/// harness (the engine's state) believes exist, and every secret in that state must still be there.
/// </summary>
public sealed class FaultMatrixTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string TokensPath = "/api/ui/public-api/tokens";
    private const string TokenPath = "/api/ui/public-api/tokens/{id}";
    private const string AuthorizePath = "/api/ui/auth/authorize";
    private const string LoginPath = "/ui/login";
    private const string BearerPath = "/api/ui/auth/token";

    private static readonly string[] Rows = ["create", "read", "delete", "login"];
    private static readonly string[] Columns =
        ["5xx<budget", "5xx>budget", "429+RA", "slow>timeout", "reset", "commit+drop", "401 mid", "restart", "cancel"];

    /// <summary>
    /// Cells that fail today because of a reported provider bug this project may not fix (PtSandbox.Provider is another
    /// engineer's). Such a cell still asserts speed and state strictly; only the reported part is tolerated. A cell
    /// that passes despite its entry is printed as "fixed" so the entry can be removed.
    /// </summary>
    // Empty: the customTimeouts bugs once pinned here (expiry reported as a bare "operation cancelled"; Read ignoring
    // ReadRequest.timeout) are fixed, and those cells now assert the one-line timeout error strictly.
    private static readonly Dictionary<(string, string), string> KnownProviderBugs = new();

    private readonly string _statePath = Path.Combine(Path.GetTempPath(), $"ptsandbox-matrix-{Guid.NewGuid():N}.json");
    private readonly Figures _figures = new(output);
    private readonly Dictionary<(string Row, string Column), Cell> _cells = new();
    private readonly Dictionary<string, ResourceState> _belief = new(StringComparer.Ordinal);
    private SandboxRig _rig = null!;
    private EngineSession _main = null!;

    private sealed record Cell(bool Passed, string Outcome, TimeSpan Elapsed, bool KnownBug = false);

    /// <summary>Only the part of a cell covered by <see cref="KnownProviderBugs"/> failed.</summary>
    private sealed class KnownBugException(string message) : Exception(message);

    public async Task InitializeAsync()
    {
        _rig = await SandboxRig.StartAsync(new EmulatorOptions { StatePath = _statePath });
        _main = await _rig.SessionAsync(Config);
    }

    public async Task DisposeAsync()
    {
        await _rig.DisposeAsync();
        File.Delete(_statePath);
    }

    /// <summary>A restarted emulator has a new certificate: the matrix skips verification (TLS still in the path).</summary>
    private PropertyMap Config => _rig.Config(insecure: true);

    private EmulatorControl Sandbox => _rig.Control;

    [Fact]
    public async Task Every_fault_on_every_call_ends_as_a_user_needs_and_state_matches_the_sandbox()
    {
        var target = await CreateBelievedAsync("fm-target-tok");
        var victims = new Queue<ResourceState>();
        for (var i = 0; i < 8; i++) victims.Enqueue(await CreateBelievedAsync($"fm-victim-{i}-tok"));

        await CreateCellsAsync();
        await ReadCellsAsync(target);
        await DeleteCellsAsync(victims);
        await LoginCellsAsync(target);
        await RestartCellsAsync(victims);

        PrintMatrix();
        var invariants = await CheckInvariantsAsync();
        foreach (var line in invariants.Lines) _figures.Print(line);

        _cells.Where(c => !c.Value.Passed).Select(c => $"{c.Key.Row} × {c.Key.Column}: {c.Value.Outcome}")
            .Should().BeEmpty("every cell must end as a user needs");
        foreach (var fixedBug in KnownProviderBugs.Keys.Where(k => _cells.TryGetValue(k, out var cell) && !cell.KnownBug))
            _figures.Print($"known provider bug no longer shows in {fixedBug.Item1} × {fixedBug.Item2}: remove it from KnownProviderBugs");
        invariants.Problems.Should().BeEmpty();
    }

    // ---- rows ---------------------------------------------------------------------------------------------

    private async Task CreateCellsAsync()
    {
        await CellAsync("create", "5xx<budget", async () =>
        {
            await Fault("POST", TokensPath, FaultKinds.Status, count: 2, status: 503);
            var state = await CreateBelievedAsync("fm-create-short-tok");
            await AssertSingleLiveAsync(state);
            return "created after 2 x 503";
        });
        await CellAsync("create", "5xx>budget", async () =>
        {
            await Fault("POST", TokensPath, FaultKinds.Status, count: 10, status: 503);
            var error = await FailsAsync(() => _main.CreateAsync(ApiToken, "x", TokenInputs("fm-create-long-tok")), "create token \"fm-create-long-tok\"");
            (await LiveNamed("fm-create-long-tok")).Should().BeEmpty("a create that failed leaves nothing behind");
            return error;
        });
        await CellAsync("create", "429+RA", async () =>
        {
            await Fault("POST", TokensPath, FaultKinds.Status, status: 429, retryAfter: 2);
            var clock = Stopwatch.StartNew();
            var state = await CreateBelievedAsync("fm-create-ra-tok");
            clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.95), "Retry-After: 2 is honoured");
            await AssertSingleLiveAsync(state);
            return "created after Retry-After";
        });
        await CellAsync("create", "slow>timeout", async () =>
        {
            await Fault("POST", TokensPath, FaultKinds.Delay, delayMs: 10_000);
            var error = await FailsQuicklyAsync(() => _main.CreateAsync(ApiToken, "x", TokenInputs("fm-create-slow-tok"), timeoutSeconds: 1.5),
                "create of ApiToken \"x\"", TimeSpan.FromSeconds(6));
            return error;
        });
        await CellAsync("create", "reset", async () =>
        {
            await Fault("POST", TokensPath, FaultKinds.Reset);
            var state = await CreateBelievedAsync("fm-create-reset-tok");
            await AssertSingleLiveAsync(state);
            return "created after a reset";
        });
        await CellAsync("create", "commit+drop", async () =>
        {
            await Fault("POST", TokensPath, FaultKinds.CommitThenDrop);
            var state = await CreateBelievedAsync("fm-create-drop-tok");
            await AssertSingleLiveAsync(state);
            (await Sandbox.GetTokensAsync()).Count(t => t.Name == "fm-create-drop-tok").Should().Be(2, "the orphan of the lost answer was made and deleted");
            return "one live token, orphan deleted";
        });
        await CellAsync("create", "401 mid", async () =>
        {
            var before = (await Sandbox.GetStatsAsync()).Logins;
            await Sandbox.RevokeBearersAsync();
            var state = await CreateBelievedAsync("fm-create-401-tok");
            await AssertSingleLiveAsync(state);
            ((await Sandbox.GetStatsAsync()).Logins - before).Should().Be(1);
            return "re-login, created";
        });
        await CellAsync("create", "cancel", async () =>
        {
            var session = await _rig.SessionAsync(Config);
            await session.InvokeAsync(GetApiTokens, PropertyMap.Empty); // logged in: the slow part is the create itself
            await Fault("POST", TokensPath, FaultKinds.Delay, delayMs: 20_000);
            return await CancelledAsync(session, () => session.CreateAsync(ApiToken, "x", TokenInputs("fm-create-cancel-tok")));
        });
    }

    private async Task ReadCellsAsync(ResourceState target)
    {
        await CellAsync("read", "5xx<budget", async () =>
        {
            await Fault("GET", TokensPath, FaultKinds.Status, count: 2, status: 503);
            await AssertRefreshKeepsAsync(await RefresherAsync(), target);
            return "found after 2 x 503";
        });
        await CellAsync("read", "5xx>budget", async () =>
        {
            await Fault("GET", TokensPath, FaultKinds.Status, count: 10, status: 503);
            var refresher = await RefresherAsync();
            return await FailsAsync(() => refresher.RefreshAsync(target), "list tokens");
        });
        await CellAsync("read", "429+RA", async () =>
        {
            await Fault("GET", TokensPath, FaultKinds.Status, status: 429, retryAfter: 2);
            var refresher = await RefresherAsync();
            var clock = Stopwatch.StartNew();
            await AssertRefreshKeepsAsync(refresher, target);
            clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.95));
            return "found after Retry-After";
        });
        await CellAsync("read", "slow>timeout", async () =>
        {
            await Fault("GET", TokensPath, FaultKinds.Delay, delayMs: 4000);
            var refresher = await RefresherAsync();
            var clock = Stopwatch.StartNew();
            ReadResponse read;
            try
            {
                read = await refresher.Client.ReadAsync(new ReadRequest
                {
                    Id = target.Id, Urn = target.Urn, Name = target.Name, Type = target.Type, Timeout = 1.5,
                    Properties = PropertyMarshaller.ToStruct(target.Outputs), Inputs = PropertyMarshaller.ToStruct(target.Inputs),
                });
            }
            catch (RpcException error)
            {
                return JudgeTimeout(error, clock.Elapsed, $"read of ApiToken \"{target.Name}\" (id {target.Id})", TimeSpan.FromSeconds(3.5));
            }
            throw new KnownBugException($"ReadRequest.timeout = 1.5 s ignored: the read waited {Figures.Seconds(clock.Elapsed)} for the slow listing and succeeded (id {read.Id})");
        });
        await CellAsync("read", "reset", async () =>
        {
            await Fault("GET", TokensPath, FaultKinds.Reset);
            await AssertRefreshKeepsAsync(await RefresherAsync(), target);
            return "found after a reset";
        });
        await CellAsync("read", "commit+drop", async () =>
        {
            await Fault("GET", TokensPath, FaultKinds.CommitThenDrop);
            await AssertRefreshKeepsAsync(await RefresherAsync(), target);
            return "found after a lost answer";
        });
        await CellAsync("read", "401 mid", async () =>
        {
            var refresher = await RefresherAsync();
            await AssertRefreshKeepsAsync(refresher, target);
            await ListingWindowPassesAsync();
            await Sandbox.RevokeBearersAsync();
            await AssertRefreshKeepsAsync(refresher, target);
            return "re-login, found";
        });
        await CellAsync("read", "cancel", async () =>
        {
            var refresher = await RefresherAsync();
            await AssertRefreshKeepsAsync(refresher, target);
            await ListingWindowPassesAsync();
            await Fault("GET", TokensPath, FaultKinds.Delay, delayMs: 20_000);
            return await CancelledAsync(refresher, () => refresher.RefreshAsync(target));
        });
    }

    private async Task DeleteCellsAsync(Queue<ResourceState> victims)
    {
        await CellAsync("delete", "5xx<budget", async () =>
        {
            await Fault("DELETE", TokenPath, FaultKinds.Status, count: 2, status: 503);
            await DeleteBelievedAsync(victims.Dequeue());
            return "deleted after 2 x 503";
        });
        await CellAsync("delete", "5xx>budget", async () =>
        {
            var victim = victims.Peek();
            await Fault("DELETE", TokenPath, FaultKinds.Status, count: 10, status: 503);
            var error = await FailsAsync(() => _main.DeleteAsync(victim), $"delete token {victim.Id}");
            (await IsLiveAsync(victim)).Should().BeTrue("a failed delete leaves the token, and the engine keeps it in state");
            return error;
        });
        await CellAsync("delete", "429+RA", async () =>
        {
            await Fault("DELETE", TokenPath, FaultKinds.Status, status: 429, retryAfter: 2);
            var clock = Stopwatch.StartNew();
            await DeleteBelievedAsync(victims.Dequeue());
            clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.95));
            return "deleted after Retry-After";
        });
        await CellAsync("delete", "slow>timeout", async () =>
        {
            var victim = victims.Peek();
            await Fault("DELETE", TokenPath, FaultKinds.Delay, delayMs: 10_000);
            var error = await KeepKnownBugAsync(() => FailsQuicklyAsync(() => _main.Client.DeleteAsync(new DeleteRequest
            {
                Id = victim.Id, Urn = victim.Urn, Name = victim.Name, Type = victim.Type, Timeout = 1.5,
                Properties = PropertyMarshaller.ToStruct(victim.Outputs), OldInputs = PropertyMarshaller.ToStruct(victim.Inputs),
            }).ResponseAsync, $"delete of ApiToken \"{victim.Name}\" (id {victim.Id})", TimeSpan.FromSeconds(6)), async () =>
                (await IsLiveAsync(victim)).Should().BeTrue("the slow delete was abandoned before the sandbox processed it"));
            return error;
        });
        await CellAsync("delete", "reset", async () =>
        {
            await Fault("DELETE", TokenPath, FaultKinds.Reset);
            await DeleteBelievedAsync(victims.Dequeue());
            return "deleted after a reset";
        });
        await CellAsync("delete", "commit+drop", async () =>
        {
            await Fault("DELETE", TokenPath, FaultKinds.CommitThenDrop);
            await DeleteBelievedAsync(victims.Dequeue());
            return "deleted; the resent delete's 404 counts as done";
        });
        await CellAsync("delete", "401 mid", async () =>
        {
            await Sandbox.RevokeBearersAsync();
            await DeleteBelievedAsync(victims.Dequeue());
            return "re-login, deleted";
        });
        await CellAsync("delete", "cancel", async () =>
        {
            var victim = victims.Peek();
            var session = await _rig.SessionAsync(Config, fromState: true);
            await session.InvokeAsync(GetApiTokens, PropertyMap.Empty);
            await Fault("DELETE", TokenPath, FaultKinds.Delay, delayMs: 20_000);
            var outcome = await CancelledAsync(session, () => session.DeleteAsync(victim));
            (await IsLiveAsync(victim)).Should().BeTrue("a cancelled delete did not happen, and the engine keeps the token");
            return outcome;
        });
    }

    private async Task LoginCellsAsync(ResourceState target)
    {
        await CellAsync("login", "5xx<budget", async () =>
        {
            await Fault("GET", AuthorizePath, FaultKinds.Status, count: 2, status: 503);
            await AssertRefreshKeepsAsync(await RefresherAsync(), target);
            return "logged in after 2 x 503";
        });
        await CellAsync("login", "5xx>budget", async () =>
        {
            await Fault("GET", AuthorizePath, FaultKinds.Status, count: 10, status: 503);
            var refresher = await RefresherAsync();
            return await FailsAsync(() => refresher.RefreshAsync(target), "login");
        });
        await CellAsync("login", "429+RA", async () =>
        {
            await Fault("POST", LoginPath, FaultKinds.Status, status: 429, retryAfter: 2);
            var refresher = await RefresherAsync();
            var clock = Stopwatch.StartNew();
            await AssertRefreshKeepsAsync(refresher, target);
            clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.95));
            return "logged in after Retry-After";
        });
        await CellAsync("login", "slow>timeout", async () =>
        {
            await Fault("GET", AuthorizePath, FaultKinds.Delay, delayMs: 10_000);
            var session = await _rig.SessionAsync(Config);
            // Either the login's own attempts give up first (naming the login) or the create's deadline passes (naming the create).
            return await FailsQuicklyAsync(() => session.CreateAsync(ApiToken, "x", TokenInputs("fm-login-slow-tok"), timeoutSeconds: 1.5),
                ["login", "create of ApiToken \"x\""], TimeSpan.FromSeconds(6));
        });
        await CellAsync("login", "reset", async () =>
        {
            await Fault("POST", LoginPath, FaultKinds.Reset);
            await AssertRefreshKeepsAsync(await RefresherAsync(), target);
            return "logged in after a reset";
        });
        await CellAsync("login", "commit+drop", async () =>
        {
            await Fault("POST", BearerPath, FaultKinds.CommitThenDrop);
            await AssertRefreshKeepsAsync(await RefresherAsync(), target);
            return "bearer answer lost, asked again";
        });
        await CellAsync("login", "401 mid", async () =>
        {
            // The token step refuses the bearer right after a successful login form.
            await Fault("POST", BearerPath, FaultKinds.Status, status: 401);
            var refresher = await RefresherAsync();
            return await FailsAsync(() => refresher.RefreshAsync(target), "login");
        });
        await CellAsync("login", "cancel", async () =>
        {
            var refresher = await RefresherAsync();
            await Fault("GET", AuthorizePath, FaultKinds.Delay, delayMs: 20_000);
            return await CancelledAsync(refresher, () => refresher.RefreshAsync(target));
        });
    }

    /// <summary>The emulator stops and a new one starts on the same port with the same --state file; the run goes on.</summary>
    private async Task RestartCellsAsync(Queue<ResourceState> victims)
    {
        await _rig.RestartEmulatorAsync();
        await CellAsync("create", "restart", async () =>
        {
            var state = await CreateBelievedAsync("fm-create-restart-tok");
            await AssertSingleLiveAsync(state);
            return "created by the same process";
        });
        await CellAsync("login", "restart", async () =>
        {
            var stats = await Sandbox.GetStatsAsync();
            stats.Logins.Should().Be(1, "the old bearer is unknown to the new emulator: one full login, no loop");
            return "one re-login";
        });
        await CellAsync("read", "restart", async () =>
        {
            var refresher = await RefresherAsync();
            foreach (var state in _belief.Values) await AssertRefreshKeepsAsync(refresher, state);
            return $"all {_belief.Count} tokens found";
        });
        await CellAsync("delete", "restart", async () =>
        {
            await DeleteBelievedAsync(victims.Dequeue());
            return "pre-restart token deleted";
        });
    }

    // ---- invariants ---------------------------------------------------------------------------------------

    private async Task<(List<string> Problems, List<string> Lines)> CheckInvariantsAsync()
    {
        var problems = new List<string>();
        var live = await _rig.LiveTokensAsync();
        var believed = _belief.Values.Select(s => long.Parse(s.Id)).ToHashSet();
        var orphans = live.Where(t => !believed.Contains(t.Id)).ToList();
        var lost = believed.Where(id => live.All(t => t.Id != id)).ToList();
        var duplicates = live.GroupBy(t => t.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (orphans.Count > 0) problems.Add($"orphans in the sandbox: {string.Join(", ", orphans.Select(t => $"{t.Id} {t.Name}"))}");
        if (lost.Count > 0) problems.Add($"tokens in state but gone from the sandbox: {string.Join(", ", lost)}");
        if (duplicates.Count > 0) problems.Add($"duplicate names: {string.Join(", ", duplicates)}");

        // No state the engine was given is lost: a fresh refresh returns every secret and hash unchanged.
        var refresher = await RefresherAsync();
        var intact = 0;
        foreach (var state in _belief.Values)
        {
            var refreshed = await refresher.RefreshAsync(state);
            var key = live.FirstOrDefault(t => t.Id.ToString() == state.Id)?.Key;
            if (refreshed is null) problems.Add($"refresh lost {state.Name}");
            else if (refreshed.Outputs.Text("token") != state.Outputs.Text("token") || !refreshed.Outputs["token"].IsSecret)
                problems.Add($"refresh changed the secret of {state.Name}");
            else if (state.Outputs.Text("tokenHash") != key) problems.Add($"tokenHash of {state.Name} is not the sandbox's key");
            else intact++;
        }

        // Destroy: everything the harness believes in goes, and nothing is left.
        foreach (var state in _belief.Values.ToList()) await DeleteBelievedAsync(state);
        var leftover = await _rig.LiveTokensAsync();
        if (leftover.Count > 0) problems.Add($"{leftover.Count} live tokens after destroy");

        return (problems, [
            $"fault matrix invariants: {live.Count} live tokens, {believed.Count} in state, {orphans.Count} orphans, {duplicates.Count} duplicates, " +
            $"{lost.Count} lost, {intact}/{believed.Count} secrets intact after refresh, {leftover.Count} live after destroy",
        ]);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private async Task CellAsync(string row, string column, Func<Task<string>> body)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var outcome = await body();
            _cells[(row, column)] = new Cell(true, outcome, clock.Elapsed);
        }
        catch (KnownBugException ex) when (KnownProviderBugs.ContainsKey((row, column)))
        {
            _cells[(row, column)] = new Cell(true, "KNOWN PROVIDER BUG: " + ex.Message.Split('\n')[0], clock.Elapsed, KnownBug: true);
        }
        catch (Exception ex)
        {
            _cells[(row, column)] = new Cell(false, "FAILED: " + ex.Message.Split('\n')[0], clock.Elapsed);
        }
        finally
        {
            await Sandbox.ClearFaultsAsync();
        }
        var cell = _cells[(row, column)];
        output.WriteLine($"{row} × {column}: {(cell.Passed ? "ok" : "FAIL")} in {Figures.Seconds(cell.Elapsed)}: {cell.Outcome}");
    }

    private Task Fault(string method, string path, string kind, int count = 1, int? status = null, int? retryAfter = null, int? delayMs = null) =>
        Sandbox.AddFaultAsync(new Fault { Method = method, Path = path, Kind = kind, Count = count, Status = status, RetryAfterSeconds = retryAfter, DelayMs = delayMs });

    /// <summary>`pulumi refresh` runs in a fresh process configured from state.</summary>
    private Task<EngineSession> RefresherAsync() => _rig.SessionAsync(Config, fromState: true);

    private async Task<ResourceState> CreateBelievedAsync(string name)
    {
        var state = await _main.CreateAsync(ApiToken, name, TokenInputs(name, ["TASKS_VIEW_ALL"], "fault matrix"));
        _belief[name] = state;
        return state;
    }

    private async Task DeleteBelievedAsync(ResourceState state)
    {
        await _main.DeleteAsync(state);
        _belief.Remove(state.Name);
        (await IsLiveAsync(state)).Should().BeFalse("a successful delete leaves no live token");
    }

    /// <summary>A listing is reused by calls that start less than 2 s after it (README, Refresh and drift): after this, the next Read lists again.</summary>
    private static Task ListingWindowPassesAsync() => Task.Delay(TimeSpan.FromSeconds(2.2));

    private async Task<bool> IsLiveAsync(ResourceState state) => (await _rig.LiveTokensAsync()).Any(t => t.Id.ToString() == state.Id);

    private async Task<IReadOnlyList<EmulatorToken>> LiveNamed(string name) => (await _rig.LiveTokensAsync()).Where(t => t.Name == name).ToList();

    private async Task AssertSingleLiveAsync(ResourceState state)
    {
        var live = (await LiveNamed(state.Name)).Should().ContainSingle("exactly one token, never a duplicate").Subject;
        state.Id.Should().Be(live.Id.ToString());
        state.Outputs.Text("tokenHash").Should().Be(live.Key, "the secret in state is the live token's");
        state.Outputs["token"].IsSecret.Should().BeTrue();
    }

    private static async Task AssertRefreshKeepsAsync(EngineSession session, ResourceState state)
    {
        var refreshed = await session.RefreshAsync(state);
        refreshed.Should().NotBeNull($"{state.Name} exists");
        refreshed!.Id.Should().Be(state.Id);
        refreshed.Outputs.Text("token").Should().Be(state.Outputs.Text("token"), "refresh carries the secret over");
    }

    private async Task<string> FailsAsync(Func<Task> act, string call)
    {
        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        ErrorCatalog.Observe(error.Status.Detail, _figures);
        ErrorCatalog.AssertClear(error, _rig.HostPort, call);
        return $"{error.StatusCode}: {Short(error.Status.Detail)}";
    }

    private Task<string> FailsQuicklyAsync(Func<Task> act, string call, TimeSpan within) => FailsQuicklyAsync(act, [call], within);

    private async Task<string> FailsQuicklyAsync(Func<Task> act, string[] call, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        return JudgeTimeout(error, clock.Elapsed, call, within);
    }

    /// <summary>A customTimeouts expiry: prompt, and (the part covered by a known bug) a clear one-line timeout error.</summary>
    private string JudgeTimeout(RpcException error, TimeSpan elapsed, string call, TimeSpan within) => JudgeTimeout(error, elapsed, [call], within);

    private string JudgeTimeout(RpcException error, TimeSpan elapsed, string[] call, TimeSpan within)
    {
        ErrorCatalog.Observe(error.Status.Detail, _figures);
        elapsed.Should().BeLessThan(within, "the customTimeouts deadline ends the call, not the server");
        try
        {
            ErrorCatalog.AssertClear(error, _rig.HostPort, call);
            error.Status.Detail.Should().ContainAny(["timeout", "timed out", "no response within"], "the user must learn it was a timeout");
        }
        catch (Exception unclear) when (unclear is not KnownBugException)
        {
            throw new KnownBugException($"{error.StatusCode} after {Figures.Seconds(elapsed)}: \"{error.Status.Detail}\" ({unclear.Message.Split('\n')[0]})");
        }
        return $"{error.StatusCode} after {Figures.Seconds(elapsed)}: {Short(error.Status.Detail)}";
    }

    private async Task<string> CancelledAsync(EngineSession session, Func<Task> act)
    {
        var call = act();
        await Task.Delay(300);
        var clock = Stopwatch.StartNew();
        await session.Client.CancelAsync(new Google.Protobuf.WellKnownTypes.Empty());
        var error = (await call.Awaiting(c => c).Should().ThrowAsync<RpcException>()).Which;
        var elapsed = clock.Elapsed;
        ErrorCatalog.Observe(error.Status.Detail, _figures);
        error.StatusCode.Should().Be(StatusCode.Cancelled);
        elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "Cancel aborts a call in flight at once, not when the sandbox answers 20 s later");
        return $"Cancelled {elapsed.TotalMilliseconds:0} ms after Cancel";
    }

    /// <summary>Runs the strict checks of <paramref name="after"/> even when the cell hit its known bug, then rethrows.</summary>
    private static async Task<string> KeepKnownBugAsync(Func<Task<string>> cell, Func<Task> after)
    {
        KnownBugException? known = null;
        string outcome = "";
        try
        {
            outcome = await cell();
        }
        catch (KnownBugException ex)
        {
            known = ex;
        }
        await after();
        if (known is not null) throw known;
        return outcome;
    }

    private static string Short(string text) => text.Length > 110 ? text[..110] + "…" : text;

    private void PrintMatrix()
    {
        const int width = 13;
        var header = new StringBuilder("fault matrix".PadRight(8));
        foreach (var column in Columns) header.Append(" | ").Append(column.PadRight(width));
        _figures.Print(header.ToString());
        foreach (var row in Rows)
        {
            var line = new StringBuilder(row.PadRight(8));
            foreach (var column in Columns)
            {
                var text = _cells.TryGetValue((row, column), out var cell)
                    ? $"{(cell.KnownBug ? "BUG" : cell.Passed ? "ok" : "FAIL")} {cell.Elapsed.TotalSeconds:0.0}s"
                    : "-";
                line.Append(" | ").Append(text.PadRight(width));
            }
            _figures.Print(line.ToString());
        }
        foreach (var ((row, column), cell) in _cells.OrderBy(c => Array.IndexOf(Rows, c.Key.Row)).ThenBy(c => Array.IndexOf(Columns, c.Key.Column)))
            _figures.Print($"  {row} × {column}: {(cell.KnownBug ? "BUG" : cell.Passed ? "ok" : "FAIL")} {Figures.Seconds(cell.Elapsed)}: {cell.Outcome}");
        foreach (var ((row, column), bug) in KnownProviderBugs)
            _figures.Print($"  {row} × {column}: known provider bug: {bug}");
    }
}
