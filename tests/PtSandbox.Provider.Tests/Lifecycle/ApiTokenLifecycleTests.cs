using Xunit.Abstractions;
using Grpc.Core;
using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;
using PtSandbox.Provider.Tests.Support;
using Pulumirpc;
using static PtSandbox.Provider.Tests.Support.ProviderTestContext;

namespace PtSandbox.Provider.Tests.Lifecycle;

/// <summary>`pulumi preview / up / refresh / import / destroy` of ApiTokens, through the built binary, against the emulator.</summary>
public class ApiTokenLifecycleTests : IAsyncLifetime
{
    private const string ListRoute = "GET /api/ui/public-api/tokens";
    private const string CreateRoute = "POST /api/ui/public-api/tokens";
    private const string DeleteRoute = "DELETE /api/ui/public-api/tokens/{id}";

    // Listings show soft-deleted tokens (with `deleted` set): the provider must treat those as gone.
    private readonly ProviderTestContext _ctx = new() { EmulatorOptions = new() { Username = "admin", Password = Password, ListDeleted = true } };
    private readonly ITestOutputHelper _output;

    public ApiTokenLifecycleTests(ITestOutputHelper output) => _output = output;

    public Task InitializeAsync() => _ctx.InitializeAsync();
    public Task DisposeAsync() => _ctx.DisposeAsync();

    private EmulatorControl Sandbox => _ctx.Emulator.Control;

    [Fact]
    public async Task Preview_of_a_new_token_calls_no_sandbox_and_returns_computed_outputs()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        var preview = await session.PreviewCreateAsync(ApiToken, "ci", TokenInputs("ci-token", comment: "for CI"));

        preview.Id.Should().BeEmpty();
        var outputs = PropertyMarshaller.ToPropertyMap(preview.Properties);
        outputs["token"].IsSecret.Should().BeTrue();
        outputs["token"].Unsecret().IsComputed.Should().BeTrue();
        foreach (var computed in new[] { "tokenId", "tokenHash", "creatorLogin", "createdAt" })
            outputs[computed].IsComputed.Should().BeTrue(computed);
        outputs.Text("name").Should().Be("ci-token");

        var stats = await Sandbox.GetStatsAsync();
        stats.Requests.Values.Sum().Should().Be(0, "preview makes no sandbox call, not even a login");
    }

    [Fact]
    public async Task A_whole_lifecycle_keeps_what_the_engine_relies_on()
    {
        static PropertyMap Rotated(string when) => TokenInputs("life-token", ["SCAN_WITH_PREDEFINED_SETTINGS", "TASKS_VIEW_ALL"], "second",
            new Dictionary<string, string> { ["rotation"] = when });

        var run = await new LifecycleTest
        {
            Type = ApiToken,
            Name = "life",
            Config = _ctx.Config,
            Create = new LifecycleStep(TokenInputs("life-token", ["TASKS_VIEW_ALL"], "first")),
            Updates =
            [
                new LifecycleStep(TokenInputs("life-token", ["TASKS_VIEW_ALL"], "first")) { Expect = UpAction.Same },
                new LifecycleStep(TokenInputs("life-token", ["TASKS_VIEW_ALL"], new string('c', 1001)))
                {
                    CheckFailures = [("comment", "must be at most 1000 characters, got 1001")],
                },
                new LifecycleStep(Rotated("2026-01")) { Expect = UpAction.Replaced },
                new LifecycleStep(Rotated("2026-02")) { Expect = UpAction.Replaced },
            ],
            Computed = ["token", "tokenId", "tokenHash", "creatorLogin", "createdAt", "entryPoint", "rotationDueAt", "retiringTokens"],
            Secrets = ["token"],
            // The sandbox shows a token's secret and hash only in the create answer, and keeps no rotation triggers.
            NotImported = ["token", "tokenHash", "rotationTriggers"],
        }.RunAsync(await _ctx.LaunchAsync());

        run.Updates.Select(u => u?.Action).Should().Equal(UpAction.Same, null, UpAction.Replaced, UpAction.Replaced);
        (await Sandbox.GetTokensAsync()).Should().OnlyContain(t => t.Deleted != null, "every token it made is deleted");
    }

    [Fact]
    public async Task Up_creates_then_a_second_up_is_a_no_op_and_destroy_deletes()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        var inputs = TokenInputs("ci-token", ["TASKS_VIEW_ALL", "SCAN_WITH_PREDEFINED_SETTINGS"], "for CI");
        var state = await session.CreateAsync(ApiToken, "ci", inputs);

        var live = (await Sandbox.GetTokensAsync()).Should().ContainSingle().Subject;
        state.Id.Should().Be(live.Id.ToString());
        state.Outputs["token"].IsSecret.Should().BeTrue();
        var secret = state.Outputs.Text("token")!;
        secret.Should().NotBeNullOrEmpty();
        state.Outputs.Text("tokenHash").Should().Be(live.Key).And.NotBe(secret);
        state.Outputs["tokenId"].NumberValue.Should().Be(live.Id);
        state.Outputs.Text("creatorLogin").Should().Be("admin");
        DateTimeOffset.Parse(state.Outputs.Text("createdAt")!).Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        state.Outputs.Text("comment").Should().Be("for CI");

        // Same program again, permissions in another order: nothing to do.
        var again = await session.UpAsync(state, TokenInputs("ci-token", ["SCAN_WITH_PREDEFINED_SETTINGS", "TASKS_VIEW_ALL"], "for CI"));
        again.Action.Should().Be(UpAction.Same);
        again.Diff!.Changes.Should().Be(DiffResponse.Types.DiffChanges.DiffNone);

        await session.DeleteAsync(state);
        (await Sandbox.GetTokensAsync()).Should().OnlyContain(t => t.Deleted != null);
        await session.DeleteAsync(state); // already gone: still success, and the listing says so without a second DELETE
        (await Sandbox.GetStatsAsync()).Count(DeleteRoute).Should().Be(1);
    }

    [Fact]
    public async Task Changing_permissions_replaces_the_token_new_before_old_with_a_new_secret()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        var state = await session.CreateAsync(ApiToken, "ci", TokenInputs("ci-token", ["TASKS_VIEW_ALL"]));

        var diff = await session.DiffAsync(state, TokenInputs("ci-token", ["TASKS_VIEW_ALL", "SCAN_WITH_EXTENDED_SETTINGS"]));
        diff.Changes.Should().Be(DiffResponse.Types.DiffChanges.DiffSome);
        diff.Replaces.Should().Equal("permissions");
        diff.Diffs.Should().Equal("permissions");
        diff.HasDetailedDiff.Should().BeTrue();
        diff.DetailedDiff["permissions"].Kind.Should().Be(PropertyDiff.Types.Kind.UpdateReplace);
        diff.DeleteBeforeReplace.Should().BeFalse();

        var up = await session.UpAsync(state, TokenInputs("ci-token", ["TASKS_VIEW_ALL", "SCAN_WITH_EXTENDED_SETTINGS"]));
        up.Action.Should().Be(UpAction.Replaced);
        up.State.Id.Should().NotBe(state.Id);
        up.State.Outputs.Text("token").Should().NotBe(state.Outputs.Text("token"));

        var tokens = await Sandbox.GetTokensAsync();
        tokens.Single(t => t.Id.ToString() == state.Id).Deleted.Should().NotBeNull("the old token is deleted after the new one exists");
        var replacement = tokens.Single(t => t.Id.ToString() == up.State.Id);
        replacement.Deleted.Should().BeNull();
        replacement.Created.Should().BeLessThan(tokens.Single(t => t.Id.ToString() == state.Id).Deleted!.Value, "create before delete");
    }

    [Fact]
    public async Task Changing_rotationTriggers_rotates_the_secret_and_never_reaches_the_sandbox()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        var state = await session.CreateAsync(ApiToken, "ci", TokenInputs("ci-token", triggers: new Dictionary<string, string> { ["rotation"] = "2026-11" }));
        (await session.UpAsync(state, TokenInputs("ci-token", triggers: new Dictionary<string, string> { ["rotation"] = "2026-11" }))).Action.Should().Be(UpAction.Same);

        var diff = await session.DiffAsync(state, TokenInputs("ci-token", triggers: new Dictionary<string, string> { ["rotation"] = "2026-12" }));
        diff.Replaces.Should().Equal("rotationTriggers");
        var rotated = await session.UpAsync(state, TokenInputs("ci-token", triggers: new Dictionary<string, string> { ["rotation"] = "2026-12" }));

        rotated.Action.Should().Be(UpAction.Replaced);
        rotated.State.Outputs.Text("token").Should().NotBe(state.Outputs.Text("token"));
        rotated.State.Outputs["rotationTriggers"].ObjectValue.Text("rotation").Should().Be("2026-12");
        (await Sandbox.GetTokensAsync()).Where(t => t.Deleted == null).Should().ContainSingle()
            .Which.Comment.Should().BeNull("rotation triggers are ours alone");
    }

    [Fact]
    public async Task With_unique_names_a_same_name_replace_tells_the_user_to_use_deleteBeforeReplace()
    {
        await using var unique = await EmulatorServer.StartAsync(new EmulatorOptions { Http = true, Username = "admin", Password = Password, UniqueNames = true });
        var session = new EngineSession(await _ctx.LaunchAsync());
        await session.ConfigureAsync(Values.Map(("host", unique.BaseUrl.ToString()), ("username", "admin"), ("password", Values.Secret(Password))));
        var state = await session.CreateAsync(ApiToken, "ci", TokenInputs("ci-token", ["TASKS_VIEW_ALL"]));

        var act = () => session.UpAsync(state, TokenInputs("ci-token", ["SCAN_WITH_EXTENDED_SETTINGS"]));
        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.Status.Detail.Should().Contain("deleteBeforeReplace").And.Contain("ci-token").And.NotContain("\n");

        var replaced = await session.UpAsync(state, TokenInputs("ci-token", ["SCAN_WITH_EXTENDED_SETTINGS"]), deleteBeforeReplace: true);
        replaced.Action.Should().Be(UpAction.Replaced);
        (await unique.Control.GetTokensAsync()).Where(t => t.Deleted == null).Should().ContainSingle()
            .Which.Permissions.Should().Equal("SCAN_WITH_EXTENDED_SETTINGS");
    }

    [Fact]
    public async Task Over_plain_http_a_login_create_and_delete_never_load_OpenSSL()
    {
        // OpenSSL adds ~3.5 MB to every plugin process that maps it; only TLS needs it.
        await using var plain = await EmulatorServer.StartAsync(new EmulatorOptions { Http = true, Username = "admin", Password = Password });
        var provider = await _ctx.LaunchAsync();
        var session = new EngineSession(provider);
        await session.ConfigureAsync(Values.Map(("host", plain.BaseUrl.ToString()), ("username", "admin"), ("password", Values.Secret(Password))));
        var state = await session.CreateAsync(ApiToken, "ci", TokenInputs("ci-token"));
        await session.DeleteAsync(state);

        (await plain.Control.GetStatsAsync()).Logins.Should().Be(1);
        var libraries = File.ReadLines($"/proc/{provider.ProcessId}/maps").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last());
        libraries.Should().Contain(path => path.Contains("libc.so"), "the maps file lists the libraries the process loaded")
            .And.NotContain(path => path.Contains("libcrypto") || path.Contains("libssl"));
    }

    [Fact]
    public async Task Refresh_keeps_the_secret_finds_out_of_band_changes_and_deletions()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        var keep = await session.CreateAsync(ApiToken, "keep", TokenInputs("keep-token", comment: "unchanged"));
        var edited = await session.CreateAsync(ApiToken, "edited", TokenInputs("edited-token", ["TASKS_VIEW_ALL"], "before"));
        var deleted = await session.CreateAsync(ApiToken, "deleted", TokenInputs("deleted-token"));

        await Sandbox.PatchTokenAsync(long.Parse(edited.Id), new TokenPatch { Comment = "changed by hand", Permissions = ["TASKS_VIEW_ALL", "SCAN_WITH_EXTENDED_SETTINGS"] });
        await Sandbox.DeleteTokenAsync(long.Parse(deleted.Id));

        // refresh runs in a fresh provider process, configured from state
        var refresh = new EngineSession(await _ctx.LaunchAsync());
        await refresh.ConfigureFromStateAsync(_ctx.Config);

        var kept = await refresh.RefreshAsync(keep);
        kept.Should().NotBeNull();
        kept!.Outputs.Should().BeEquivalentTo(keep.Outputs, "nothing changed, and the secret is carried over");
        kept.Outputs["token"].IsSecret.Should().BeTrue();
        kept.Inputs.Equals(keep.Inputs).Should().BeTrue();

        var drifted = await refresh.RefreshAsync(edited);
        drifted!.Inputs.Text("comment").Should().Be("changed by hand");
        ApiTokenPermissions(drifted.Inputs).Should().BeEquivalentTo(["TASKS_VIEW_ALL", "SCAN_WITH_EXTENDED_SETTINGS"]);
        drifted.Outputs.Text("token").Should().Be(edited.Outputs.Text("token"));
        var next = await session.DiffAsync(drifted, TokenInputs("edited-token", ["TASKS_VIEW_ALL"], "before"));
        next.Replaces.Should().BeEquivalentTo(["comment", "permissions"]);

        (await refresh.RefreshAsync(deleted)).Should().BeNull("a token deleted out of band is removed from state");

        // A soft-deleted token in a listing is gone too (next refresh, next process: the engine starts one per command).
        await Sandbox.PatchTokenAsync(long.Parse(keep.Id), new TokenPatch { Deleted = true });
        var later = new EngineSession(await _ctx.LaunchAsync());
        await later.ConfigureFromStateAsync(_ctx.Config);
        (await later.RefreshAsync(keep)).Should().BeNull();
    }

    [Fact]
    public async Task ApiToken_asks_the_engine_to_refresh_it_before_every_update()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        var urn = session.Urn(ApiToken, "fresh");
        var inputs = PropertyMarshaller.ToStruct(TokenInputs("fresh-token"));

        var created = await session.Client.CreateAsync(new CreateRequest { Urn = urn, Name = "fresh", Type = ApiToken, Properties = inputs });
        var read = await session.Client.ReadAsync(new ReadRequest { Id = created.Id, Urn = urn, Type = ApiToken, Properties = created.Properties, Inputs = inputs });

        created.RefreshBeforeUpdate.Should().BeTrue("a token deleted in the sandbox's UI is then seen, and re-created, by a plain `pulumi up`");
        read.RefreshBeforeUpdate.Should().BeTrue();
        await session.DeleteAsync(new ResourceState(ApiToken, "fresh", urn, created.Id, TokenInputs("fresh-token"), PropertyMarshaller.ToPropertyMap(created.Properties)));
    }

    [Fact]
    public async Task Import_by_id_returns_inputs_and_outputs_without_a_secret()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        var original = await session.CreateAsync(ApiToken, "orig", TokenInputs("handmade-token", ["TASKS_VIEW_ALL"], "made in the UI"));

        var importer = new EngineSession(await _ctx.LaunchAsync());
        await importer.ConfigureAsync(_ctx.Config);
        var (imported, check) = await importer.ImportAsync(ApiToken, "imported", original.Id);

        check.Failures.Should().BeEmpty();
        imported.Id.Should().Be(original.Id);
        imported.Inputs.Text("name").Should().Be("handmade-token");
        imported.Inputs.Text("comment").Should().Be("made in the UI");
        ApiTokenPermissions(imported.Inputs).Should().Equal("TASKS_VIEW_ALL");
        imported.Outputs.ContainsKey("token").Should().BeFalse("the sandbox never returns a secret after creation");
        imported.Outputs.Text("creatorLogin").Should().Be("admin");
        await Eventually.HoldsAsync(() => _ctx.Engine.Logs.Any(l => l.Message.Contains("`pulumi import` or a `get` lookup), without its secret")),
            "the import's warning reached the engine");

        var bogus = () => importer.ImportAsync(ApiToken, "nope", "999999");
        (await bogus.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("does not exist");
        var notAnId = () => importer.ImportAsync(ApiToken, "nope", "ci-token");
        (await notAnId.Should().ThrowAsync<RpcException>()).Which.Status.Detail.Should().Contain("numeric id");
    }

    [Fact]
    public async Task GetApiTokens_lists_live_tokens_by_name_without_secrets()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        var a = await session.CreateAsync(ApiToken, "a", TokenInputs("alpha-token", comment: "first"));
        await session.CreateAsync(ApiToken, "b", TokenInputs("bravo-token"));
        var gone = await session.CreateAsync(ApiToken, "c", TokenInputs("alpha-token"));
        await session.DeleteAsync(gone);

        var all = PropertyMarshaller.ToPropertyMap((await session.InvokeAsync("ptsandbox:index:getApiTokens", PropertyMap.Empty)).Return);
        all["total"].NumberValue.Should().Be(2);

        var response = await session.InvokeAsync("ptsandbox:index:getApiTokens", Values.Map(("name", "alpha-token")));
        response.Failures.Should().BeEmpty();
        var result = PropertyMarshaller.ToPropertyMap(response.Return);
        result["total"].NumberValue.Should().Be(1);
        var token = result["tokens"].ArrayValue.Single().ObjectValue;
        token["id"].NumberValue.Should().Be(double.Parse(a.Id));
        token.Text("comment").Should().Be("first");
        token.Text("creatorLogin").Should().Be("admin");
        response.Return.ToString().Should().NotContain(a.Outputs.Text("token")!);
    }

    [Fact]
    public async Task The_secret_is_wrapped_in_every_response_and_absent_from_every_log()
    {
        var provider = await _ctx.LaunchAsync(["--logtostderr", "-v=9"]);
        var session = new EngineSession(provider);
        await session.HandshakeAsync(_ctx.Engine.Address);
        await session.ConfigureAsync(_ctx.Config);
        var inputs = TokenInputs("secret-token", ["TASKS_VIEW_ALL"], "audited");
        var created = await session.Client.CreateAsync(new CreateRequest
        {
            Urn = session.Urn(ApiToken, "s"), Name = "s", Type = ApiToken, Properties = PropertyMarshaller.ToStruct(inputs),
        });
        var outputs = PropertyMarshaller.ToPropertyMap(created.Properties);
        var secret = outputs.Text("token")!;
        created.Properties.Fields["token"].StructValue.Fields[Sentinels.SignatureKey].StringValue.Should().Be(Sentinels.SecretSignature);

        var state = new ResourceState(ApiToken, "s", session.Urn(ApiToken, "s"), created.Id, inputs, outputs);
        var read = await session.Client.ReadAsync(new ReadRequest
        {
            Id = state.Id, Urn = state.Urn, Type = ApiToken, Name = "s",
            Properties = PropertyMarshaller.ToStruct(state.Outputs), Inputs = PropertyMarshaller.ToStruct(state.Inputs),
        });
        read.Properties.Fields["token"].StructValue.Fields[Sentinels.SignatureKey].StringValue.Should().Be(Sentinels.SecretSignature);
        await session.DeleteAsync(state);
        await Task.Delay(200); // let queued log lines arrive

        // Outside the secret wrapper, no response field, id, log line or stderr byte holds the secret or the password.
        var plain = string.Join("\n", created.Properties.Fields.Where(f => f.Key != "token").Select(f => f.Value.ToString()))
            + string.Join("\n", read.Properties.Fields.Where(f => f.Key != "token").Select(f => f.Value.ToString()))
            + created.Id + read.Id + read.Inputs
            + string.Join("\n", _ctx.Engine.Logs.Select(l => l.Message))
            + provider.Stderr;
        plain.Should().NotContain(secret).And.NotContain(Password);
        provider.Stderr.Should().NotBeEmpty("-v=9 --logtostderr echoes the provider's log lines");
        _ctx.Engine.Logs.Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_lost_create_response_leaves_exactly_one_token_and_it_is_the_one_in_state()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        await session.InvokeAsync("ptsandbox:index:getApiTokens", PropertyMap.Empty); // log in first
        await Sandbox.AddFaultAsync(new Fault { Method = "POST", Path = "/api/ui/public-api/tokens", Kind = FaultKinds.CommitThenDrop });

        var state = await session.CreateAsync(ApiToken, "lost", TokenInputs("lost-token"));

        var live = (await Sandbox.GetTokensAsync()).Where(t => t.Deleted == null).Should().ContainSingle().Subject;
        state.Id.Should().Be(live.Id.ToString());
        state.Outputs.Text("tokenHash").Should().Be(live.Key);
    }

    [Fact]
    public async Task Cancel_aborts_a_slow_call_at_once()
    {
        var (session, state) = await SlowDeleteAsync("slow-cancelled");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var delete = session.DeleteAsync(state);
        await Task.Delay(300);
        await session.Client.CancelAsync(new Google.Protobuf.WellKnownTypes.Empty());

        var error = (await delete.Awaiting(d => d).Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.Cancelled);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_cancelled_refresh_stops_its_shared_listing_so_no_login_follows()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        var state = await session.CreateAsync(ApiToken, "ci", TokenInputs("ci-token"));
        var refresh = new EngineSession(await _ctx.LaunchAsync());
        await refresh.ConfigureFromStateAsync(_ctx.Config);
        // The refresh process's first listing must log in, and the login's first step hangs.
        await Sandbox.AddFaultAsync(new Fault { Method = "GET", Path = "/api/ui/auth/authorize", Kind = FaultKinds.Delay, DelayMs = 1500 });
        var before = await Sandbox.GetStatsAsync();

        var read = refresh.RefreshAsync(state);
        await Task.Delay(300);
        await refresh.Client.CancelAsync(new Google.Protobuf.WellKnownTypes.Empty());
        (await read.Awaiting(r => r).Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Cancelled);

        await Task.Delay(2500); // past the hung step: a listing that carried on would log in and list now
        var after = await Sandbox.GetStatsAsync();
        (after.Logins - before.Logins).Should().Be(0, "nobody waits for the listing any more");
        (after.Count(ListRoute) - before.Count(ListRoute)).Should().Be(0);
    }

    [Fact]
    public async Task A_customTimeouts_deadline_is_a_one_line_timeout_naming_host_and_call()
    {
        var (session, state) = await SlowDeleteAsync("slow-deadline");

        var act = () => session.Client.DeleteAsync(new DeleteRequest
        {
            Id = state.Id, Urn = state.Urn, Type = ApiToken, Name = "slow", Timeout = 1,
            Properties = PropertyMarshaller.ToStruct(state.Outputs), OldInputs = PropertyMarshaller.ToStruct(state.Inputs),
        }).ResponseAsync;
        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.DeadlineExceeded);
        error.Status.Detail.Should().Be($"PT Sandbox {_ctx.Emulator.BaseUrl.Authority}: delete of ApiToken \"slow\" (id {state.Id}) timed out after 1 s (the resource's customTimeouts)");
    }

    [Fact]
    public async Task Refreshing_1000_tokens_costs_a_handful_of_listings()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        var states = new List<ResourceState>();
        foreach (var chunk in Enumerable.Range(0, 1000).Chunk(50))
            states.AddRange(await Task.WhenAll(chunk.Select(i => session.CreateAsync(ApiToken, $"t{i}", TokenInputs($"bulk-token-{i:D4}x")))));
        var before = await Sandbox.GetStatsAsync();

        var refresh = new EngineSession(await _ctx.LaunchAsync());
        await refresh.ConfigureFromStateAsync(_ctx.Config);
        using var gate = new SemaphoreSlim(10); // the engine's default parallelism
        var refreshed = await Task.WhenAll(states.Select(async s =>
        {
            await gate.WaitAsync();
            try { return await refresh.RefreshAsync(s); }
            finally { gate.Release(); }
        }));

        refreshed.Should().OnlyContain(r => r != null && r.Outputs.Text("token") != null);
        var after = await Sandbox.GetStatsAsync();
        var listings = after.Count(ListRoute) - before.Count(ListRoute);
        var logins = after.Logins - before.Logins;
        var requests = after.Requests.Values.Sum() - before.Requests.Values.Sum();
        _output.WriteLine($"refresh of 1000 tokens: {listings} listings, {logins} login(s), {requests} sandbox requests in all");
        Console.WriteLine($"[figure] refresh of 1000 tokens: {listings} listings, {logins} login(s), {requests} sandbox requests in all");
        listings.Should().BeLessThanOrEqualTo(3);
        logins.Should().Be(1);
    }

    [Fact]
    public async Task An_up_over_200_unchanged_tokens_refreshes_them_all_with_one_login_and_one_listing_and_changes_nothing()
    {
        const int count = 200;
        var session = await _ctx.ConfiguredSessionAsync();
        var programs = Enumerable.Range(0, count).Select(i => TokenInputs($"unchanged-token-{i:D3}x")).ToArray();
        var states = new List<ResourceState>();
        foreach (var chunk in Enumerable.Range(0, count).Chunk(50))
            states.AddRange(await Task.WhenAll(chunk.Select(i => session.CreateAsync(ApiToken, $"u{i}", programs[i]))));
        var before = await Sandbox.GetStatsAsync();

        // The `up` on an engine that honours refresh_before_update: the provider from state, in a fresh process, reads
        // every token back before the program runs (at `pulumi up`'s default parallelism, 4 × CPUs), then the program
        // leaves each token as it is: Check and Diff.
        var up = new EngineSession(await _ctx.LaunchAsync());
        await up.HandshakeAsync(_ctx.Engine.Address);
        await up.ConfigureAsync(_ctx.Config);
        using var gate = new SemaphoreSlim(4 * Environment.ProcessorCount);
        async Task<T> Gated<T>(Func<Task<T>> call)
        {
            await gate.WaitAsync();
            try { return await call(); }
            finally { gate.Release(); }
        }
        var reads = await Task.WhenAll(states.Select(s => Gated(() => up.Client.ReadAsync(new ReadRequest
        {
            Id = s.Id, Urn = s.Urn, Name = s.Name, Type = s.Type,
            Properties = PropertyMarshaller.ToStruct(s.Outputs), Inputs = PropertyMarshaller.ToStruct(s.Inputs),
        }).ResponseAsync)));
        var diffs = await Task.WhenAll(states.Select((s, i) => Gated(async () =>
        {
            var refreshed = s with { Outputs = PropertyMarshaller.ToPropertyMap(reads[i].Properties), Inputs = PropertyMarshaller.ToPropertyMap(reads[i].Inputs) };
            var check = await up.CheckAsync(ApiToken, s.Name, refreshed.Inputs, programs[i]);
            check.Failures.Should().BeEmpty();
            return await up.DiffAsync(refreshed, PropertyMarshaller.ToPropertyMap(check.Inputs));
        })));
        var after = await Sandbox.GetStatsAsync();

        reads.Select(r => r.Id).Should().Equal(states.Select(s => s.Id), "every token is still there");
        reads.Should().OnlyContain(r => r.RefreshBeforeUpdate, "the next `up` refreshes them again");
        reads.Select(r => PropertyMarshaller.ToPropertyMap(r.Properties).Text("token")).Should().Equal(states.Select(s => s.Outputs.Text("token")));
        diffs.Should().OnlyContain(d => d.Changes == DiffResponse.Types.DiffChanges.DiffNone);
        var requests = after.Requests.Keys.Union(before.Requests.Keys)
            .Select(route => (Route: route, Count: after.Count(route) - before.Count(route))).Where(r => r.Count != 0)
            .ToDictionary(r => r.Route, r => r.Count);
        requests.Should().BeEquivalentTo(new Dictionary<string, int>
        {
            // One login (its four steps), then one listing that every Read shares; Check and Diff call no sandbox.
            ["GET /api/ui/auth/authorize"] = 1, ["POST /ui/login"] = 1, ["GET /ui/authorize/callback"] = 1, ["POST /api/ui/auth/token"] = 1,
            [ListRoute] = 1,
        }, "nothing is created or deleted, and the Reads share the process's listing");
        (after.Logins - before.Logins).Should().Be(1);
    }

    /// <summary>A configured, logged-in provider, a token of its in state, and a sandbox that holds the next DELETE for 20 s.</summary>
    private async Task<(EngineSession Session, ResourceState State)> SlowDeleteAsync(string name)
    {
        var session = await _ctx.ConfiguredSessionAsync();
        var state = await session.CreateAsync(ApiToken, "slow", TokenInputs(name));
        await Sandbox.AddFaultAsync(new Fault { Method = "DELETE", Kind = FaultKinds.Delay, DelayMs = 20_000 });
        return (session, state);
    }

    private static IReadOnlyList<string> ApiTokenPermissions(PropertyMap inputs) =>
        inputs["permissions"].ArrayValue.Select(v => v.Unsecret().StringValue).ToList();
}
