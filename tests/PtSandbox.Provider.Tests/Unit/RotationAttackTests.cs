using System.Security.Cryptography;
using ProviderHost.Resources;
using ProviderHost.Values;
using PtSandbox.Client;
using PtSandbox.Harness;
using PtSandbox.Provider.Tests.Support;

namespace PtSandbox.Provider.Tests.Unit;

/// <summary>
/// Scheduled rotation, retiring tokens and autonaming under attack, in process on a fake clock: hand-edited or odd
/// state, a sandbox whose answers or clock are off, and hostile names. Each test is one attack; the promise under
/// test is the project's: only its own tokens are touched, nothing is orphaned, no secret shows, errors are one line.
/// </summary>
public sealed class RotationAttackTests
{
    private readonly ApiTokenInProcess _apiToken = new();

    private FakeTokenApi Sandbox => _apiToken.Sandbox;

    /// <summary>As a name: none (autonaming names the token).</summary>
    private static readonly object Unnamed = new();

    private static PropertyMap Program(object? name = null, object? rotation = null, string? trigger = null)
    {
        var inputs = Values.Map(("permissions", new[] { "TASKS_VIEW_ALL" }));
        if (name != Unnamed) inputs = inputs.Set("name", Values.Of(name ?? "ci-token"));
        if (rotation is not null) inputs = inputs.Set("rotation", Values.Of(rotation));
        if (trigger is not null) inputs = inputs.Set("rotationTriggers", Values.Of(new Dictionary<string, string> { ["v"] = trigger }));
        return inputs;
    }

    private static Dictionary<string, object?> Policy(string? after = null, string? early = null, string? grace = null)
    {
        var policy = new Dictionary<string, object?>();
        if (after is not null) policy["rotateAfter"] = after;
        if (early is not null) policy["earlyRotationWindow"] = early;
        if (grace is not null) policy["previousTokenLifetime"] = grace;
        return policy;
    }

    /// <summary>A retiring entry as a hand-edited (or older) state may hold it: only the fields given.</summary>
    private static PropertyValue Entry(long tokenId, string? name = null, string? createdAt = null, string? creator = null, string? deleteAfter = "2000-01-01T00:00:00.000Z")
    {
        var entry = new Dictionary<string, object?> { ["tokenId"] = tokenId };
        if (name is not null) entry["name"] = name;
        if (createdAt is not null) entry["createdAt"] = createdAt;
        if (creator is not null) entry["creatorLogin"] = creator;
        if (deleteAfter is not null) entry["deleteAfter"] = deleteAfter;
        return Values.Of(entry);
    }

    private IReadOnlyList<long> LiveIds => [.. _apiToken.LiveTokens.Select(t => t.Id).Order()];

    private void Advance(TimeSpan by) => _apiToken.Time.Advance(by);

    private static long TokenId(PropertyMap outputs) => (long)outputs["tokenId"].NumberValue;

    private static IReadOnlyList<long> RetiringIds(PropertyMap outputs) =>
        outputs.Find("retiringTokens")?.Unsecret() is { Kind: PropertyValueKind.Array } list
            ? [.. list.ArrayValue.Select(r => (long)r.ObjectValue["tokenId"].NumberValue)]
            : [];

    /// <summary>Every token the state holds (current and retiring).</summary>
    private static IReadOnlyList<long> Held(Stack stack) => [.. new[] { TokenId(stack.Outputs) }.Where(id => id > 0).Concat(RetiringIds(stack.Outputs)).Order()];

    // ---- the state: retiring entries a hand edit or an older version may leave ----

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_retiring_entry_with_neither_name_nor_creation_time_never_deletes_the_token_under_its_id(bool refreshFirst)
    {
        var stack = new Stack(_apiToken) { RefreshBeforeUpdate = refreshFirst };
        var program = Program(rotation: Policy(grace: "1d"));
        await stack.UpAsync(program);
        var stranger = Sandbox.Add("other-resource-token"); // another resource's, made by the same user
        stack.EditOutputs(o => o.Set("retiringTokens", Values.Of(new[] { Entry(stranger.Id) })));
        Advance(TimeSpan.FromSeconds(3)); // past the shared listing's lifetime

        await stack.UpAsync(program);
        LiveIds.Should().Contain(stranger.Id, "an entry that names no token facts proves nothing about the token under its id");
        RetiringIds(stack.Outputs).Should().NotContain(stranger.Id);

        stack.EditOutputs(o => o.Set("retiringTokens", Values.Of(new[] { Entry(stranger.Id) })));
        await stack.DestroyAsync();
        LiveIds.Should().Equal(stranger.Id);
        _apiToken.Log.Lines.Should().Contain(l => l.StartsWith("Warning:") && l.Contains($"token {stranger.Id}"));
    }

    [Fact]
    public async Task A_retiring_entry_that_repeats_the_current_token_never_deletes_the_current_token()
    {
        var stack = new Stack(_apiToken);
        var program = Program(rotation: Policy(grace: "1d"));
        await stack.UpAsync(program);
        var current = TokenId(stack.Outputs);
        stack.EditOutputs(o => o.Set("retiringTokens", Values.Of(new[]
        {
            Entry(current, o.Text("name"), o.Text("createdAt"), o.Text("creatorLogin")),
        })));

        await stack.UpAsync(program);

        LiveIds.Should().Equal(current);
        TokenId(stack.Outputs).Should().Be(current);
        RetiringIds(stack.Outputs).Should().BeEmpty();
        _apiToken.Log.Lines.Should().Contain(l => l.StartsWith("Warning:") && l.Contains($"retiringTokens lists token {current}, which is the token in use"));
    }

    [Fact]
    public async Task Retiring_entries_with_zero_or_negative_ids_delete_nothing_and_leave_the_state()
    {
        var stack = new Stack(_apiToken);
        var program = Program(rotation: Policy(grace: "1d"));
        await stack.UpAsync(program);
        var stranger = Sandbox.Add("other-resource-token");
        stack.EditOutputs(o => o.Set("retiringTokens", Values.Of(new[] { Entry(0, "ci-token"), Entry(-1, "ci-token") })));
        Advance(TimeSpan.FromSeconds(3));
        var deletes = Sandbox.DeleteCalls;

        (await stack.UpAsync(program)).Should().Be(Step.Update);

        Sandbox.DeleteCalls.Should().Be(deletes);
        RetiringIds(stack.Outputs).Should().BeEmpty();
        LiveIds.Should().Equal(long.Parse(stack.Id), stranger.Id);
    }

    [Fact]
    public async Task A_retiring_entry_whose_deleteAfter_cannot_be_read_is_deleted_by_the_next_up_when_it_is_ours()
    {
        var stack = new Stack(_apiToken);
        var program = Program(name: Unnamed, rotation: Policy(grace: "30d"), trigger: "1");
        await stack.UpAsync(program);
        var first = TokenId(stack.Outputs);
        await stack.UpAsync(Program(name: Unnamed, rotation: Policy(grace: "30d"), trigger: "2"));
        stack.EditOutputs(o => o.Set("retiringTokens", Values.Of(new[]
        {
            Values.Of(o["retiringTokens"].ArrayValue.Single().ObjectValue.Set("deleteAfter", PropertyValue.From("next tuesday"))),
        })));

        (await stack.UpAsync(Program(name: Unnamed, rotation: Policy(grace: "30d"), trigger: "2"))).Should().Be(Step.Update);

        LiveIds.Should().NotContain(first, "an unreadable time is no reason to keep a token forever: the resource owns it");
        LiveIds.Should().Equal(Held(stack));
    }

    public static TheoryData<string> MalformedEntries() => ["null", "a string", "tokenId a string", "an empty object"];

    [Theory]
    [MemberData(nameof(MalformedEntries))]
    public async Task A_malformed_retiring_entry_beside_a_good_one_breaks_no_call_and_orphans_nothing(string malformed)
    {
        var stack = new Stack(_apiToken);
        var policy = Policy(grace: "30d");
        await stack.UpAsync(Program(name: Unnamed, rotation: policy, trigger: "1"));
        await stack.UpAsync(Program(name: Unnamed, rotation: policy, trigger: "2"));
        var good = stack.Outputs["retiringTokens"].ArrayValue.Single();
        PropertyValue bad = malformed switch
        {
            "null" => PropertyValue.Null,
            "a string" => PropertyValue.From("token 7"),
            "tokenId a string" => Values.Of(new Dictionary<string, object?> { ["tokenId"] = "7", ["name"] = "x", ["deleteAfter"] = "2000-01-01T00:00:00.000Z" }),
            _ => Values.Of(new Dictionary<string, object?>()),
        };
        stack.EditOutputs(o => o.Set("retiringTokens", PropertyValue.From([bad, good])));
        Advance(TimeSpan.FromSeconds(3));

        await stack.RefreshAsync();
        await stack.UpAsync(Program(name: Unnamed, rotation: policy, trigger: "2"));
        LiveIds.Should().HaveCount(2).And.Equal(Held(stack));
        await stack.DestroyAsync();

        LiveIds.Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_retiring_token_whose_id_now_names_another_token_is_left_alone_and_the_warning_gives_no_advice_that_orphans(bool refreshFirst)
    {
        var stack = new Stack(_apiToken) { RefreshBeforeUpdate = refreshFirst };
        var program = Program(rotation: Policy(grace: "1d"));
        await stack.UpAsync(program);
        var stranger = Sandbox.Add("someone-elses");
        Advance(TimeSpan.FromSeconds(3));
        stack.EditOutputs(o => o.Set("retiringTokens", Values.Of(new[]
        {
            Entry(stranger.Id, "ci-token", "2001-01-01T00:00:00.000Z", Sandbox.Username),
        })));

        await stack.UpAsync(program);

        LiveIds.Should().Equal(long.Parse(stack.Id), stranger.Id);
        RetiringIds(stack.Outputs).Should().BeEmpty("the entry no longer names a token of ours");
        var warning = _apiToken.Log.Lines.Should().ContainSingle(l => l.StartsWith("Warning:") && l.Contains($"token {stranger.Id}")).Which;
        warning.Should().NotContain("\n").And.NotContain("pulumi state delete",
            "that would drop the whole resource from state, orphaning its current token; the retiring entry alone is dropped");
        warning.Should().Contain("someone-elses").And.Contain("retiringTokens");
    }

    // ---- the sandbox's answers and clock ----

    [Fact]
    public async Task A_create_the_sandbox_dates_at_the_end_of_time_is_recorded_not_orphaned()
    {
        Sandbox.ClockOffset = new DateTimeOffset(9999, 12, 31, 23, 0, 0, TimeSpan.Zero) - _apiToken.Time.GetUtcNow();
        var stack = new Stack(_apiToken);
        var program = Program(rotation: Policy(after: "30d"));

        await stack.UpAsync(program);

        LiveIds.Should().Equal(long.Parse(stack.Id));
        stack.Outputs["token"].IsSecret.Should().BeTrue();
        (await stack.UpAsync(program)).Should().Be(Step.Same);
        await stack.RefreshAsync();
        stack.Gone.Should().BeFalse();
    }

    [Fact]
    public async Task A_rotation_the_sandbox_dates_at_the_end_of_time_keeps_the_new_token_in_state()
    {
        var stack = new Stack(_apiToken);
        var policy = Policy(after: "30d", grace: "1d");
        await stack.UpAsync(Program(rotation: policy, trigger: "1"));
        Sandbox.ClockOffset = new DateTimeOffset(9999, 12, 31, 23, 0, 0, TimeSpan.Zero) - _apiToken.Time.GetUtcNow();

        await stack.UpAsync(Program(rotation: policy, trigger: "2"));

        LiveIds.Should().HaveCount(2).And.Equal(Held(stack));
    }

    [Fact]
    public async Task A_rotation_answered_without_its_facts_is_completed_by_the_next_up_and_destroy_deletes_every_token()
    {
        var stack = new Stack(_apiToken) { RefreshBeforeUpdate = true };
        var policy = Policy(after: "1d", grace: "1h");
        await stack.UpAsync(Program(rotation: policy));
        Advance(TimeSpan.FromDays(1));
        Sandbox.AnswersIncompletely = true;
        await FluentActions.Awaiting(() => stack.UpAsync(Program(rotation: policy))).Should().ThrowAsync<ResourceInitFailedException>();
        Sandbox.AnswersIncompletely = false;
        LiveIds.Should().Equal(Held(stack), "the partial state the engine records holds both tokens");
        stack.Outputs.Text("createdAt").Should().BeNull();

        Advance(TimeSpan.FromMinutes(10));
        await stack.UpAsync(Program(rotation: policy));
        stack.Outputs.Text("createdAt").Should().NotBeNull();
        stack.Outputs.Text("rotationDueAt").Should().NotBeNull();
        LiveIds.Should().HaveCount(2).And.Equal(Held(stack));

        await stack.DestroyAsync();
        LiveIds.Should().BeEmpty();
    }

    [Fact]
    public async Task A_sandbox_clock_days_behind_never_cuts_a_grace_period_short()
    {
        Sandbox.ClockOffset = -TimeSpan.FromDays(3);
        var stack = new Stack(_apiToken);
        var program = Program(name: Unnamed, rotation: Policy(after: "30d", grace: "2d"));
        await stack.UpAsync(program);
        var first = long.Parse(stack.Id);
        Advance(TimeSpan.FromDays(27)); // 30 days old by the sandbox's clock
        (await stack.UpAsync(program)).Should().Be(Step.Update);
        RetiringIds(stack.Outputs).Should().Equal(first);

        Advance(TimeSpan.FromHours(1));
        await stack.UpAsync(program);
        LiveIds.Should().Contain(first, "consumers were promised 2 days with the old secret, not 1 hour");

        Advance(TimeSpan.FromDays(2));
        await stack.UpAsync(program);
        LiveIds.Should().NotContain(first).And.Equal(Held(stack));
    }

    [Fact]
    public async Task A_sandbox_clock_ahead_never_keeps_a_retired_token_past_its_grace_period()
    {
        Sandbox.ClockOffset = TimeSpan.FromDays(30);
        var stack = new Stack(_apiToken);
        var policy = Policy(grace: "1d");
        await stack.UpAsync(Program(rotation: policy, trigger: "1"));
        var first = long.Parse(stack.Id);
        await stack.UpAsync(Program(rotation: policy, trigger: "2"));
        RetiringIds(stack.Outputs).Should().Equal(first);

        Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await stack.UpAsync(Program(rotation: policy, trigger: "2"));

        LiveIds.Should().NotContain(first, "its day of grace is over; a retired secret that stays valid 30 more days is a leak's window").And.Equal(Held(stack));
    }

    [Theory]
    [InlineData(-2, true)]
    [InlineData(2, true)]
    [InlineData(0, false)]
    public async Task A_sandbox_clock_that_shifts_scheduled_rotations_is_named_in_one_warning_line(int offsetDays, bool warned)
    {
        Sandbox.ClockOffset = TimeSpan.FromDays(offsetDays) + TimeSpan.FromSeconds(offsetDays == 0 ? 2 : 0);
        var stack = new Stack(_apiToken);

        await stack.UpAsync(Program(rotation: Policy(after: "1d")));

        var lines = _apiToken.Log.Lines.Where(l => l.StartsWith("Warning:") && l.Contains("clock")).ToList();
        if (!warned)
        {
            lines.Should().BeEmpty("seconds apart is noise");
            return;
        }
        lines.Should().ContainSingle().Which.Should().Contain(offsetDays < 0 ? "2d behind" : "2d ahead").And.NotContain("\n");
        if (offsetDays < 0) lines[0].Should().Contain("every `pulumi up` rotates it", "a token due as soon as it is made is rotated by every up");
    }

    [Fact]
    public async Task Destroy_stopped_by_a_failed_delete_of_a_retiring_token_finishes_on_the_next_destroy()
    {
        var stack = new Stack(_apiToken);
        var policy = Policy(grace: "30d");
        await stack.UpAsync(Program(name: Unnamed, rotation: policy, trigger: "1"));
        await stack.UpAsync(Program(name: Unnamed, rotation: policy, trigger: "2"));
        await stack.UpAsync(Program(name: Unnamed, rotation: policy, trigger: "3"));
        var held = Held(stack);
        held.Should().HaveCount(3);
        Sandbox.PassNext(FakeTokenApi.Call.Delete);
        Sandbox.FailNext(FakeTokenApi.Call.Delete, Sandbox.TransientError("delete token"));

        await FluentActions.Awaiting(stack.DestroyAsync).Should().ThrowAsync<SandboxApiException>();
        LiveIds.Should().HaveCount(2).And.OnlyContain(id => held.Contains(id), "the failed destroy keeps the state, which still holds them");

        Advance(TimeSpan.FromSeconds(3));
        await stack.DestroyAsync();
        LiveIds.Should().BeEmpty();
    }

    [Fact]
    public async Task Destroy_over_a_paged_listing_fails_in_one_line_and_the_next_destroy_deletes_everything()
    {
        var stack = new Stack(_apiToken);
        var policy = Policy(grace: "30d");
        await stack.UpAsync(Program(name: Unnamed, rotation: policy, trigger: "1"));
        await stack.UpAsync(Program(name: Unnamed, rotation: policy, trigger: "2"));
        Sandbox.Add("someone-elses");
        Sandbox.ListOnly(1);
        Advance(TimeSpan.FromSeconds(3));

        var error = (await FluentActions.Awaiting(stack.DestroyAsync).Should().ThrowAsync<ProviderException>()).Which;
        error.Message.Should().Contain("cannot tell whether token").And.NotContain("\n");

        Sandbox.ListOnly(null);
        Advance(TimeSpan.FromSeconds(3));
        await stack.DestroyAsync();
        _apiToken.LiveTokens.Select(t => t.Name).Should().Equal("someone-elses");
    }

    [Fact]
    public async Task A_rotation_whose_create_fails_after_retired_tokens_went_leaves_no_orphan_and_the_next_up_rotates()
    {
        var stack = new Stack(_apiToken) { RefreshBeforeUpdate = true };
        var program = Program(name: Unnamed, rotation: Policy(after: "1d", grace: "1h"));
        await stack.UpAsync(program);
        Advance(TimeSpan.FromDays(1));
        await stack.UpAsync(program);
        Advance(TimeSpan.FromDays(1)); // the retiring token is over and a rotation is due again
        Sandbox.FailNext(FakeTokenApi.Call.Create, Sandbox.TransientError("create token"));

        await FluentActions.Awaiting(() => stack.UpAsync(program)).Should().ThrowAsync<SandboxApiException>();
        LiveIds.Should().OnlyContain(id => Held(stack).Contains(id));

        Advance(TimeSpan.FromSeconds(3));
        (await stack.UpAsync(program)).Should().Be(Step.Update);
        LiveIds.Should().HaveCount(2).And.Equal(Held(stack));
        await stack.DestroyAsync();
        LiveIds.Should().BeEmpty();
    }

    // ---- the program's inputs and the engine's autonaming ----

    [Fact]
    public async Task A_secret_name_never_shows_in_plain_in_the_state_after_a_rotation_in_place_or_a_refresh()
    {
        const string name = "secret-team-name";
        var stack = new Stack(_apiToken);
        var policy = Policy(grace: "1d");
        await stack.UpAsync(Program(name: Values.Secret(name), rotation: policy, trigger: "1"));
        await stack.UpAsync(Program(name: Values.Secret(name), rotation: policy, trigger: "2"));
        RetiringIds(stack.Outputs).Should().ContainSingle();

        stack.Outputs.PlainStrings().Should().NotContain(s => s.Contains(name), "the program marked the name secret");

        await stack.RefreshAsync();
        stack.Outputs.PlainStrings().Should().NotContain(s => s.Contains(name));
        stack.Inputs.PlainStrings().Should().NotContain(s => s.Contains(name));
    }

    [Fact]
    public async Task Preview_with_the_rotation_policy_unknown_fails_nothing_and_calls_nothing()
    {
        var stack = new Stack(_apiToken);
        await stack.UpAsync(Program(rotation: Policy(after: "1d", grace: "1h")));
        Advance(TimeSpan.FromDays(2));
        var calls = (Sandbox.CreateCalls, Sandbox.DeleteCalls);
        var program = Program().Set("rotation", PropertyValue.Computed);

        var checkedInputs = await _apiToken.CheckAsync(stack.Inputs, program);
        checkedInputs.Failures.Should().BeEmpty();
        var diff = _apiToken.Diff(stack.Id, stack.Outputs, stack.Inputs, checkedInputs.Inputs);
        diff.Changes.Should().Be(DiffChanges.Some);
        await _apiToken.UpdateAsync(stack.Id, stack.Outputs, stack.Inputs, checkedInputs.Inputs, preview: true);

        var partly = Program().Set("rotation", Values.Of(new Dictionary<string, object?> { ["rotateAfter"] = "1d", ["previousTokenLifetime"] = PropertyValue.Computed }));
        var partlyChecked = await _apiToken.CheckAsync(stack.Inputs, partly);
        partlyChecked.Failures.Should().BeEmpty();
        _apiToken.Diff(stack.Id, stack.Outputs, stack.Inputs, partlyChecked.Inputs).Changes.Should().Be(DiffChanges.Some);
        await _apiToken.UpdateAsync(stack.Id, stack.Outputs, stack.Inputs, partlyChecked.Inputs, preview: true);

        (Sandbox.CreateCalls, Sandbox.DeleteCalls).Should().Be(calls);
    }

    [Fact]
    public async Task An_early_window_beside_a_rotateAfter_not_known_until_the_update_passes_Check()
    {
        var rotation = Values.Of(new Dictionary<string, object?> { ["rotateAfter"] = PropertyValue.Computed, ["earlyRotationWindow"] = "7d" });

        var checkedInputs = await _apiToken.CheckAsync(PropertyMap.Empty, Program().Set("rotation", rotation));

        checkedInputs.Failures.Should().BeEmpty("rotateAfter is given, only not known yet (a preview)");
    }

    [Fact]
    public async Task A_computed_or_secret_name_is_the_programs_not_generated()
    {
        var computed = await _apiToken.CheckAsync(PropertyMap.Empty, Program(name: PropertyValue.Computed));
        var secret = await _apiToken.CheckAsync(PropertyMap.Empty, Program(name: Values.Secret("given-name")), autonaming: new Autonaming("other-name", AutonamingMode.Enforce));

        computed.Failures.Should().BeEmpty();
        computed.Inputs["name"].IsComputed.Should().BeTrue();
        computed.Inputs.ContainsKey("__autonamed").Should().BeFalse();
        secret.Inputs["name"].Should().Match<PropertyValue>(v => v.IsSecret && v.StringValue == "given-name");
        secret.Inputs.ContainsKey("__autonamed").Should().BeFalse();
    }

    public static TheoryData<string> HostileResourceNames() =>
    [
        "", "a", "1234", "---", "-a-", "ключ-доступа", "名前", "😀😀😀", "\u202Eevil\u202C", "a\nb\0c\u001b[31m", "x" + new string('é', 50),
        new string('x', 100_000), new string('-', 40) + "b", "a" + new string('-', 40) + "b", "ab_c.d e", "Zz9",
    ];

    [Theory]
    [MemberData(nameof(HostileResourceNames))]
    public async Task A_generated_name_fits_the_sandboxs_rule_whatever_the_resource_name(string resourceName)
    {
        var context = new ResourceContext($"urn:pulumi:dev::test::ptsandbox:index:ApiToken::{resourceName}", resourceName, _apiToken.Resource.TypeToken, _apiToken.Log);

        var checkedInputs = await _apiToken.Resource.CheckAsync(context, new CheckArgs(PropertyMap.Empty, Program(name: Unnamed), RandomNumberGenerator.GetBytes(32)), CancellationToken.None);

        checkedInputs.Failures.Should().BeEmpty();
        checkedInputs.Inputs.Text("name").Should().MatchRegex("^[a-zA-Z][a-zA-Z0-9-]{3,28}[a-zA-Z]$").And.MatchRegex("-[a-z]{7}$");
    }

    [Theory]
    [InlineData(AutonamingMode.Enforce)]
    [InlineData(AutonamingMode.Propose)]
    public async Task An_autonaming_proposal_with_control_characters_or_a_megabyte_is_refused_in_one_short_line(AutonamingMode mode)
    {
        foreach (var proposed in new[] { "bad\nname\u001b[31m\u0007", new string('a', 1 << 20), "\u202Eevil-name", "ok-name\0x" })
        {
            var before = _apiToken.Log.Lines.Count;
            var checkedInputs = await _apiToken.CheckAsync(PropertyMap.Empty, Program(name: Unnamed), autonaming: new Autonaming(proposed, mode));

            var texts = mode == AutonamingMode.Enforce
                ? checkedInputs.Failures.Select(f => f.Reason).ToList()
                : _apiToken.Log.Lines.Skip(before).ToList();
            texts.Should().ContainSingle();
            texts[0].Should().NotContainAny("\n", "\u001b", "\u0007", "\0").And.Match(t => t.Length < 400);
            if (mode == AutonamingMode.Propose) checkedInputs.Inputs.Text("name").Should().MatchRegex("^t-[a-z]{7}$");
        }
    }

    [Theory]
    [InlineData("3650d", null)]
    [InlineData("87600h", null)]
    [InlineData("5256000m", null)]
    [InlineData("1m", null)]
    [InlineData("3650d1m", "at most 3650d")]
    [InlineData("87601h", "at most 3650d")]
    [InlineData("99999d999999h9999999m", "at most 3650d")]
    [InlineData("0d0h0m", "longer than zero")]
    [InlineData("-1d", "a duration such as")]
    [InlineData("1d ", "a duration such as")]
    [InlineData("１d", "a duration such as")]
    [InlineData("999999d", "a duration such as")]
    public async Task Durations_at_the_limits_are_taken_or_refused_on_their_path(string duration, string? reason)
    {
        var checkedInputs = await _apiToken.CheckAsync(PropertyMap.Empty, Program(rotation: Policy(after: duration, grace: duration)));

        if (reason is null) checkedInputs.Failures.Should().BeEmpty();
        else checkedInputs.Failures.Select(f => f.Property).Should().BeEquivalentTo(["rotation.rotateAfter", "rotation.previousTokenLifetime"]).And
            .Subject.Should().HaveCount(2);
        if (reason is not null) checkedInputs.Failures.Should().OnlyContain(f => f.Reason.Contains(reason));
    }

    [Fact]
    public async Task The_longest_rotateAfter_on_a_token_made_now_is_due_in_ten_years_and_an_up_changes_nothing()
    {
        var stack = new Stack(_apiToken);
        var program = Program(rotation: Policy(after: "3650d", early: "3649d", grace: "3650d"));

        await stack.UpAsync(program);
        Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(1));

        DateTimeOffset.Parse(stack.Outputs.Text("rotationDueAt")!).Should().Be(DateTimeOffset.Parse(stack.Outputs.Text("createdAt")!) + TimeSpan.FromDays(3650));
        (await stack.UpAsync(program)).Should().Be(Step.Same);
        Advance(TimeSpan.FromMinutes(1));
        (await stack.UpAsync(program)).Should().Be(Step.Update, "the early window opened a day after creation");
    }
}
