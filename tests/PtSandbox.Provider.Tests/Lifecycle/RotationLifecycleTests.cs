using Google.Protobuf.WellKnownTypes;
using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;
using PtSandbox.Provider.Tests.Support;
using Pulumirpc;
using static PtSandbox.Provider.Tests.Support.ProviderTestContext;

namespace PtSandbox.Provider.Tests.Lifecycle;

/// <summary>
/// Scheduled rotation with a grace period, autonaming and refresh before update, through the built binary, against
/// the emulator. The emulator's clock is set back to make tokens that are already old; the provider runs on real time.
/// </summary>
public class RotationLifecycleTests : IAsyncLifetime
{
    // A sandbox that refuses duplicate names: where a fixed name would make create-before-delete fail.
    private readonly ProviderTestContext _ctx = new() { EmulatorOptions = new() { Username = "admin", Password = Password, UniqueNames = true } };

    public Task InitializeAsync() => _ctx.InitializeAsync();
    public Task DisposeAsync() => _ctx.DisposeAsync();

    private EmulatorControl Sandbox => _ctx.Emulator.Control;

    private static PropertyMap Unnamed(IDictionary<string, object?>? rotation = null)
    {
        var inputs = TokenInputs("unused").Remove("name");
        return rotation is null ? inputs : inputs.Set("rotation", Values.Of(rotation));
    }

    private async Task<IReadOnlyList<long>> LiveIdsAsync() =>
        [.. (await Sandbox.GetTokensAsync()).Where(t => t.Deleted is null).Select(t => t.Id).Order()];

    [Fact]
    public async Task The_plugin_tells_the_engine_that_Check_honours_autonaming()
    {
        var session = new EngineSession(await _ctx.LaunchAsync());
        var handshake = await session.Client.HandshakeAsync(new ProviderHandshakeRequest { EngineAddress = _ctx.Engine.Address, SupportsRefreshBeforeUpdate = true });
        var configured = await session.ConfigureAsync(_ctx.Config);

        handshake.SupportsAutonamingConfiguration.Should().BeTrue();
        configured.SupportsAutonamingConfiguration.Should().BeTrue("engines before the handshake read it from Configure");
    }

    [Fact]
    public async Task A_scheduled_rotation_with_a_grace_period_retires_the_old_token_and_the_next_up_after_it_deletes_it()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        var program = Unnamed(new Dictionary<string, object?> { ["rotateAfter"] = "30d", ["previousTokenLifetime"] = "1d" });
        await Sandbox.SetClockOffsetAsync(TimeSpan.FromDays(-31));
        var first = await session.CreateAsync(ApiToken, "scheduled", program);
        DateTimeOffset.Parse(first.Outputs.Text("rotationDueAt")!).Should().BeBefore(DateTimeOffset.UtcNow, "the sandbox made the token 31 days ago");

        // The new token is made two days back as well: the old one's day of grace still counts from now, on the provider's clock.
        await Sandbox.SetClockOffsetAsync(TimeSpan.FromDays(-2));
        var preview = await session.PreviewUpAsync(first, program);
        preview.Action.Should().Be(UpAction.Updated);
        preview.Diff!.DetailedDiff.Should().ContainKey("rotationDueAt");
        preview.Outputs["token"].Should().Match<PropertyValue>(v => v.IsSecret && v.IsComputed);
        (await LiveIdsAsync()).Should().Equal(long.Parse(first.Id));

        var rotated = await session.UpAsync(first, program);
        rotated.Action.Should().Be(UpAction.Updated);
        var second = rotated.State.Outputs["tokenId"].NumberValue;
        rotated.State.Outputs["token"].IsSecret.Should().BeTrue();
        rotated.State.Outputs.Text("name").Should().NotBe(first.Outputs.Text("name"), "on a sandbox that refuses duplicate names, the new token needs its own");
        (await LiveIdsAsync()).Should().Equal(long.Parse(first.Id), (long)second);

        // A refresh only reports: it may run inside a preview, so it deletes nothing.
        await Sandbox.SetClockOffsetAsync(TimeSpan.Zero);
        var refreshed = await session.RefreshAsync(rotated.State);
        refreshed!.Id.Should().Be(((long)second).ToString(), "Read moves the resource id to the token it holds now");
        refreshed.Outputs["retiringTokens"].ArrayValue.Should().ContainSingle();
        (await LiveIdsAsync()).Should().HaveCount(2);

        (await session.UpAsync(refreshed, program)).Action.Should().Be(UpAction.Same, "a sandbox clock two days behind does not cut the day of grace short");
        (await LiveIdsAsync()).Should().HaveCount(2);

        // The provider's clock is real time: the day of grace is made to have passed in state.
        var retiring = refreshed.Outputs["retiringTokens"].ArrayValue.Single().ObjectValue;
        var over = refreshed with
        {
            Outputs = refreshed.Outputs.Set("retiringTokens", PropertyValue.From([PropertyValue.From(retiring.Set("deleteAfter", PropertyValue.From("2000-01-01T00:00:00.000Z")))])),
        };
        var cleaned = await session.UpAsync(over, program);
        cleaned.Action.Should().Be(UpAction.Updated);
        cleaned.Diff!.DetailedDiff.Should().ContainKey("retiringTokens");
        (await LiveIdsAsync()).Should().Equal((long)second);

        await session.DeleteAsync(cleaned.State);
        (await LiveIdsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Destroy_deletes_the_token_and_every_token_it_retires()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        var program = Unnamed(new Dictionary<string, object?> { ["previousTokenLifetime"] = "7d" });
        var state = await session.CreateAsync(ApiToken, "retiring", program.Set("rotationTriggers", Values.Of(new Dictionary<string, string> { ["v"] = "1" })));
        foreach (var version in new[] { "2", "3" })
            state = (await session.UpAsync(state, program.Set("rotationTriggers", Values.Of(new Dictionary<string, string> { ["v"] = version })))).State;
        (await LiveIdsAsync()).Should().HaveCount(3);

        await session.DeleteAsync(state);

        (await LiveIdsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Without_a_name_a_replacement_never_collides_on_a_sandbox_that_refuses_duplicates()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        var first = await session.CreateAsync(ApiToken, "auto", Unnamed());
        first.Inputs.Text("name").Should().MatchRegex("^auto-[a-z]{7}$");

        var again = await session.UpAsync(first, Unnamed());
        again.Action.Should().Be(UpAction.Same);

        var replaced = await session.UpAsync(first, Unnamed().Set("comment", PropertyValue.From("changed")));
        replaced.Action.Should().Be(UpAction.Replaced);
        replaced.State.Inputs.Text("name").Should().MatchRegex("^auto-[a-z]{7}$").And.NotBe(first.Inputs.Text("name"));
        (await LiveIdsAsync()).Should().Equal(long.Parse(replaced.State.Id));
        await session.DeleteAsync(replaced.State);
    }

    [Fact]
    public async Task The_stacks_autonaming_configuration_reaches_Check_over_the_wire()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        session.Autonaming = new CheckRequest.Types.AutonamingOptions { ProposedName = "team-ci-token", Mode = CheckRequest.Types.AutonamingOptions.Types.Mode.Enforce };
        var check = await session.CheckAsync(ApiToken, "enforced", PropertyMap.Empty, Unnamed());
        check.Failures.Should().BeEmpty();
        PropertyMarshaller.ToPropertyMap(check.Inputs).Text("name").Should().Be("team-ci-token");

        session.Autonaming = new CheckRequest.Types.AutonamingOptions { Mode = CheckRequest.Types.AutonamingOptions.Types.Mode.Disable };
        var disabled = await session.CheckAsync(ApiToken, "disabled", PropertyMap.Empty, Unnamed());
        disabled.Failures.Should().ContainSingle().Which.Property.Should().Be("name");
    }

    [Fact]
    public async Task Refresh_before_update_makes_a_plain_up_recreate_a_token_deleted_in_the_sandbox()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        var state = await session.CreateAsync(ApiToken, "deleted-by-hand", Unnamed());
        await Sandbox.DeleteTokenAsync(long.Parse(state.Id));

        // The engine refreshes the token before the update (it asked to), finds it gone, and creates it again.
        var up = new EngineSession(await _ctx.LaunchAsync());
        await up.ConfigureFromStateAsync(_ctx.Config);
        (await up.RefreshAsync(state)).Should().BeNull();
        var recreated = await up.CreateAsync(ApiToken, "deleted-by-hand", Unnamed());

        (await LiveIdsAsync()).Should().Equal(long.Parse(recreated.Id));
        recreated.Outputs["token"].IsSecret.Should().BeTrue();
        await up.DeleteAsync(recreated);
    }
}
