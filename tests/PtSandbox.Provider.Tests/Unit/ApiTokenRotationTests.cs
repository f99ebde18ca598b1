using System.Security.Cryptography;
using ProviderHost.Resources;
using ProviderHost.Values;
using PtSandbox.Client;
using PtSandbox.Harness;
using PtSandbox.Provider.Tests.Support;

namespace PtSandbox.Provider.Tests.Unit;

/// <summary>
/// Scheduled rotation, the grace period and autonaming, in process on a fake clock: one ApiToken driven through Check,
/// Diff, Create/Update/Delete and Read in the order the engine sends them (<see cref="Stack"/>).
/// </summary>
public sealed class ApiTokenRotationTests
{
    private readonly ApiTokenInProcess _apiToken = new();

    private static PropertyMap Program(string? name = "ci-token", object? rotation = null, object? triggers = null)
    {
        var inputs = Values.Map(("permissions", new[] { "TASKS_VIEW_ALL" }));
        if (name is not null) inputs = inputs.Set("name", PropertyValue.From(name));
        if (rotation is not null) inputs = inputs.Set("rotation", Values.Of(rotation));
        if (triggers is not null) inputs = inputs.Set("rotationTriggers", Values.Of(triggers));
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

    private void Advance(TimeSpan by) => _apiToken.Time.Advance(by);

    [Fact]
    public async Task A_token_is_not_rotated_before_rotateAfter_and_shows_when_it_will_be()
    {
        var stack = new Stack(_apiToken);
        await stack.UpAsync(Program(rotation: Policy(after: "30d")));
        var created = DateTimeOffset.Parse(stack.Outputs.Text("createdAt")!);

        stack.Outputs.Text("rotationDueAt").Should().Be((created + TimeSpan.FromDays(30)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"));
        Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));

        (await stack.UpAsync(Program(rotation: Policy(after: "30d")))).Should().Be(Step.Same);
        _apiToken.Sandbox.CreateCalls.Should().Be(1);
    }

    [Fact]
    public async Task A_due_rotation_without_a_grace_period_replaces_the_token_and_says_why()
    {
        var stack = new Stack(_apiToken);
        await stack.UpAsync(Program(rotation: Policy(after: "720h")));
        var (firstId, firstSecret) = (stack.Id, stack.Outputs["token"].StringValue);
        Advance(TimeSpan.FromDays(30));

        var diff = stack.DiffWith(Program(rotation: Policy(after: "720h")));
        diff.Replaces.Should().Equal("rotationDueAt");
        diff.DetailedDiff!["rotationDueAt"].Should().Be(new PropertyDiff(PropertyDiffKind.UpdateReplace, InputDiff: false));
        _apiToken.Log.Lines.Should().Contain(l => l.StartsWith("Information: token") && l.Contains("is due for rotation") && l.Contains("rotateAfter 720h makes it due at"));

        (await stack.UpAsync(Program(rotation: Policy(after: "720h")))).Should().Be(Step.Replace);
        stack.Id.Should().NotBe(firstId);
        stack.Outputs["token"].StringValue.Should().NotBe(firstSecret);
        _apiToken.LiveTokens.Select(t => t.Id.ToString()).Should().Equal(stack.Id);
    }

    [Fact]
    public async Task The_early_window_opens_rotateAfter_minus_the_window_after_creation()
    {
        var stack = new Stack(_apiToken);
        var program = Program(rotation: Policy(after: "30d", early: "7d"));
        await stack.UpAsync(program);

        Advance(TimeSpan.FromDays(23) - TimeSpan.FromMinutes(1));
        stack.DiffWith(program).Changes.Should().Be(DiffChanges.None);
        Advance(TimeSpan.FromMinutes(1));
        stack.DiffWith(program).Replaces.Should().Equal("rotationDueAt");
        _apiToken.Log.Lines.Should().Contain(l => l.Contains("the early rotation window of 7d opened at"));
    }

    [Fact]
    public async Task With_a_grace_period_a_due_rotation_is_an_update_that_keeps_the_old_token_until_its_time()
    {
        var stack = new Stack(_apiToken);
        var program = Program(rotation: Policy(after: "30d", grace: "1d"));
        await stack.UpAsync(program);
        var (first, firstSecret) = (long.Parse(stack.Id), stack.Outputs["token"].StringValue);
        Advance(TimeSpan.FromDays(30));

        var diff = stack.DiffWith(program);
        diff.Replaces.Should().BeEmpty();
        diff.DetailedDiff!["rotationDueAt"].Should().Be(new PropertyDiff(PropertyDiffKind.Update, InputDiff: false));
        (await stack.UpAsync(program)).Should().Be(Step.Update);

        var second = (long)stack.Outputs["tokenId"].NumberValue;
        second.Should().NotBe(first);
        stack.Outputs["token"].Should().Match<PropertyValue>(v => v.IsSecret && v.StringValue != firstSecret);
        var retiring = stack.Outputs["retiringTokens"].ArrayValue.Single().ObjectValue;
        retiring["tokenId"].NumberValue.Should().Be(first);
        retiring.Text("deleteAfter").Should().Be(Format(_apiToken.Sandbox.Tokens.Single(t => t.Id == second).CreatedTime + TimeSpan.FromDays(1)));
        retiring.ContainsKey("token").Should().BeFalse("a retired token's secret is not kept");
        _apiToken.LiveTokens.Select(t => t.Id).Should().BeEquivalentTo([first, second], "the old token stays valid for the grace period");

        Advance(TimeSpan.FromHours(23));
        (await stack.UpAsync(program)).Should().Be(Step.Same);
        _apiToken.LiveTokens.Should().HaveCount(2);

        Advance(TimeSpan.FromHours(1));
        stack.DiffWith(program).DetailedDiff!.Should().ContainKey("retiringTokens").WhoseValue.Kind.Should().Be(PropertyDiffKind.Update);
        (await stack.UpAsync(program)).Should().Be(Step.Update);
        _apiToken.LiveTokens.Select(t => t.Id).Should().Equal(second);
        stack.Outputs.ContainsKey("retiringTokens").Should().BeFalse();
        stack.Outputs["token"].StringValue.Should().Be($"fake-secret-{second}", "deleting a retired token leaves the current one alone");
    }

    [Fact]
    public async Task A_preview_of_a_rotation_in_place_shows_the_new_token_as_unknown_and_calls_nothing()
    {
        var stack = new Stack(_apiToken);
        var program = Program(rotation: Policy(after: "30d", grace: "1d"));
        await stack.UpAsync(program);
        Advance(TimeSpan.FromDays(31));
        var calls = (_apiToken.Sandbox.CreateCalls, _apiToken.Sandbox.DeleteCalls);

        var preview = await _apiToken.UpdateAsync(stack.Id, stack.Outputs, stack.Inputs, stack.Inputs, preview: true);

        preview.Outputs["token"].Should().Match<PropertyValue>(v => v.IsSecret && v.IsComputed);
        preview.Outputs["tokenId"].IsComputed.Should().BeTrue();
        preview.Outputs["retiringTokens"].IsComputed.Should().BeTrue();
        preview.Outputs.Text("name").Should().Be("ci-token", "a name the program gave is every token's name");
        (_apiToken.Sandbox.CreateCalls, _apiToken.Sandbox.DeleteCalls).Should().Be(calls);
    }

    [Fact]
    public async Task An_autonamed_rotation_names_its_new_token_in_the_preview_and_a_retried_rotation_asks_for_the_same_name()
    {
        var stack = new Stack(_apiToken);
        var program = Program(name: null, rotation: Policy(after: "1d", grace: "1h"));
        await stack.UpAsync(program);
        Advance(TimeSpan.FromDays(1));

        var preview = await _apiToken.UpdateAsync(stack.Id, stack.Outputs, stack.Inputs, stack.Inputs, preview: true);
        var planned = preview.Outputs.Text("name");
        planned.Should().MatchRegex("^t-[a-z]{7}$").And.NotBe(stack.Inputs.Text("name"));

        _apiToken.Sandbox.FailNext(FakeTokenApi.Call.Create, _apiToken.Sandbox.TransientError("create token"));
        var interrupted = () => stack.UpAsync(program);
        await interrupted.Should().ThrowAsync<Exception>();
        (await stack.UpAsync(program)).Should().Be(Step.Update);

        stack.Outputs.Text("name").Should().Be(planned);
        _apiToken.LiveTokens.Select(t => t.Name).Should().Contain(planned);
    }

    [Fact]
    public async Task Changed_rotationTriggers_replace_without_a_grace_period_and_rotate_in_place_with_one()
    {
        var replaced = new Stack(_apiToken);
        await replaced.UpAsync(Program(name: "replaced", triggers: new Dictionary<string, string> { ["v"] = "1" }));
        (await replaced.UpAsync(Program(name: "replaced", triggers: new Dictionary<string, string> { ["v"] = "2" }))).Should().Be(Step.Replace);

        var rotated = new Stack(_apiToken);
        var policy = Policy(grace: "2h");
        await rotated.UpAsync(Program(name: "rotated", rotation: policy, triggers: new Dictionary<string, string> { ["v"] = "1" }));
        var first = rotated.Id;
        (await rotated.UpAsync(Program(name: "rotated", rotation: policy, triggers: new Dictionary<string, string> { ["v"] = "2" }))).Should().Be(Step.Update);
        rotated.Outputs["retiringTokens"].ArrayValue.Single().ObjectValue["tokenId"].NumberValue.Should().Be(long.Parse(first));
        (await rotated.UpAsync(Program(name: "rotated", rotation: policy, triggers: new Dictionary<string, string> { ["v"] = "2" }))).Should().Be(Step.Same);
    }

    [Fact]
    public async Task Changing_only_the_policy_updates_in_place_without_a_new_token_and_30d_is_720h()
    {
        var stack = new Stack(_apiToken);
        await stack.UpAsync(Program(rotation: Policy(after: "30d")));
        (await stack.UpAsync(Program(rotation: Policy(after: "720h")))).Should().Be(Step.Same);

        (await stack.UpAsync(Program(rotation: Policy(after: "60d")))).Should().Be(Step.Update);
        _apiToken.Sandbox.CreateCalls.Should().Be(1);
        DateTimeOffset.Parse(stack.Outputs.Text("rotationDueAt")!).Should().Be(DateTimeOffset.Parse(stack.Outputs.Text("createdAt")!) + TimeSpan.FromDays(60));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Destroy_deletes_every_token_the_resource_ever_created_whatever_was_due(bool grace)
    {
        var stack = new Stack(_apiToken);
        var program = Program(rotation: Policy(after: "10d", grace: grace ? "5d" : null));
        await stack.UpAsync(program);
        for (var i = 0; i < 3; i++)
        {
            Advance(TimeSpan.FromDays(4));
            await stack.UpAsync(program);
            Advance(TimeSpan.FromDays(6));
            await stack.UpAsync(program);
        }
        Advance(TimeSpan.FromDays(12)); // a rotation due and a retiring token over: neither matters to destroy

        await stack.DestroyAsync();

        _apiToken.Sandbox.CreateCalls.Should().Be(4);
        _apiToken.LiveTokens.Should().BeEmpty();
    }

    [Fact]
    public async Task Destroy_deletes_retiring_tokens_inside_their_grace_period()
    {
        var stack = new Stack(_apiToken);
        var program = Program(rotation: Policy(grace: "30d"), triggers: new Dictionary<string, string> { ["v"] = "1" });
        await stack.UpAsync(program);
        await stack.UpAsync(program.Set("rotationTriggers", Values.Of(new Dictionary<string, string> { ["v"] = "2" })));
        await stack.UpAsync(program.Set("rotationTriggers", Values.Of(new Dictionary<string, string> { ["v"] = "3" })));
        _apiToken.LiveTokens.Should().HaveCount(3);

        await stack.DestroyAsync();

        _apiToken.LiveTokens.Should().BeEmpty();
    }

    [Fact]
    public async Task Refresh_drops_retiring_tokens_that_are_gone_and_never_keeps_or_deletes_a_stranger_under_a_reused_id()
    {
        var stack = new Stack(_apiToken);
        var program = Program(rotation: Policy(grace: "30d"), triggers: new Dictionary<string, string> { ["v"] = "1" });
        await stack.UpAsync(program);
        await stack.UpAsync(program.Set("rotationTriggers", Values.Of(new Dictionary<string, string> { ["v"] = "2" })));
        await stack.UpAsync(program.Set("rotationTriggers", Values.Of(new Dictionary<string, string> { ["v"] = "3" })));
        var retiring = stack.Outputs["retiringTokens"].ArrayValue.Select(r => (long)r.ObjectValue["tokenId"].NumberValue).ToList();
        await _apiToken.Sandbox.DeleteTokenAsync(retiring[0], CancellationToken.None);
        Advance(TimeSpan.FromSeconds(3)); // past the shared listing's lifetime

        await stack.RefreshAsync();

        stack.Outputs["retiringTokens"].ArrayValue.Select(r => (long)r.ObjectValue["tokenId"].NumberValue).Should().Equal(retiring[1]);
        stack.Outputs["token"].IsSecret.Should().BeTrue();
    }

    [Fact]
    public async Task A_token_deleted_outside_Pulumi_while_it_retires_others_stays_in_state_until_a_replacement_deletes_them()
    {
        var stack = new Stack(_apiToken);
        var program = Program(rotation: Policy(grace: "30d"), triggers: new Dictionary<string, string> { ["v"] = "1" });
        await stack.UpAsync(program);
        program = program.Set("rotationTriggers", Values.Of(new Dictionary<string, string> { ["v"] = "2" }));
        await stack.UpAsync(program);
        await _apiToken.Sandbox.DeleteTokenAsync((long)stack.Outputs["tokenId"].NumberValue, CancellationToken.None);
        Advance(TimeSpan.FromSeconds(3)); // past the shared listing's lifetime

        await stack.RefreshAsync();
        stack.Gone.Should().BeFalse("dropping it would orphan the token it retires");
        _apiToken.Log.Lines.Should().Contain(l => l.StartsWith("Warning:") && l.Contains("is no longer in the sandbox"));

        (await stack.UpAsync(program)).Should().Be(Step.Replace);
        _apiToken.LiveTokens.Select(t => t.Id.ToString()).Should().Equal(stack.Id);
    }

    [Fact]
    public async Task A_rotation_that_fails_to_create_keeps_the_state_and_the_old_token()
    {
        var stack = new Stack(_apiToken);
        var program = Program(rotation: Policy(after: "1d", grace: "1h"));
        await stack.UpAsync(program);
        var before = stack.Outputs;
        Advance(TimeSpan.FromDays(1));
        _apiToken.Sandbox.FailNext(FakeTokenApi.Call.Create, _apiToken.Sandbox.TransientError("create token"));

        var up = () => stack.UpAsync(program);

        await up.Should().ThrowAsync<Exception>();
        stack.Outputs.Should().BeSameAs(before);
        _apiToken.LiveTokens.Should().ContainSingle();
    }

    [Fact]
    public async Task A_rotation_whose_answer_is_not_fully_usable_records_the_new_token_and_the_retiring_one()
    {
        var stack = new Stack(_apiToken);
        var program = Program(rotation: Policy(after: "1d", grace: "1h"));
        await stack.UpAsync(program);
        var first = long.Parse(stack.Id);
        Advance(TimeSpan.FromDays(1));
        _apiToken.Sandbox.AnswersIncompletely = true;

        var up = () => stack.UpAsync(program);

        var failed = (await up.Should().ThrowAsync<ResourceInitFailedException>()).Which;
        failed.Reasons.Should().ContainSingle().Which.Should().Contain("the next `pulumi up` completes it");
        failed.Outputs["token"].Should().Match<PropertyValue>(v => v.IsSecret && v.StringValue != $"fake-secret-{first}", "the new secret is kept: it is never shown again");
        failed.Outputs["retiringTokens"].ArrayValue.Single().ObjectValue["tokenId"].NumberValue.Should().Be(first);
        failed.RefreshBeforeUpdate.Should().BeTrue();
    }

    [Fact]
    public async Task A_fixed_name_on_a_sandbox_that_refuses_duplicates_fails_an_in_place_rotation_with_advice()
    {
        var stack = new Stack(_apiToken);
        var program = Program(rotation: Policy(after: "1d", grace: "1h"));
        await stack.UpAsync(program);
        Advance(TimeSpan.FromDays(1));
        _apiToken.Sandbox.FailNext(FakeTokenApi.Call.Create, SandboxApiException.Create(_apiToken.Sandbox.Secrets, _apiToken.Sandbox.Host,
            "create token \"ci-token\"", "HTTP 409 Conflict", statusCode: 409));

        var up = () => stack.UpAsync(program);

        (await up.Should().ThrowAsync<ProviderException>()).Which.Message.Should()
            .Contain("with rotation.previousTokenLifetime the old token stays valid beside the new one, and this sandbox refuses duplicate names; leave name unset");
        _apiToken.LiveTokens.Should().ContainSingle();
    }

    [Fact]
    public async Task Without_a_name_each_resource_gets_a_seeded_name_that_is_kept_until_the_token_is_replaced()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        var first = await _apiToken.CheckAsync(PropertyMap.Empty, Program(name: null), seed);
        var again = await _apiToken.CheckAsync(PropertyMap.Empty, Program(name: null), seed);

        first.Failures.Should().BeEmpty();
        first.Inputs.Text("name").Should().MatchRegex("^t-[a-z]{7}$").And.Be(again.Inputs.Text("name"), "a preview and the update after it share the engine's seed");
        first.Inputs["__autonamed"].ArrayValue.Select(v => v.StringValue).Should().Equal("name");

        var stack = new Stack(_apiToken);
        await stack.UpAsync(Program(name: null));
        var name = stack.Inputs.Text("name");
        (await stack.UpAsync(Program(name: null))).Should().Be(Step.Same);
        stack.Inputs.Text("name").Should().Be(name);

        (await stack.UpAsync(Program(name: null).Set("comment", PropertyValue.From("new")))).Should().Be(Step.Replace);
        stack.Inputs.Text("name").Should().NotBe(name, "a replacement's Check has no olds, so its token never collides with the old one");
        _apiToken.LiveTokens.Single().Name.Should().Be(stack.Inputs.Text("name"));
    }

    [Fact]
    public async Task An_autonamed_token_rotated_in_place_gets_a_new_name_and_its_resource_keeps_its_own()
    {
        var stack = new Stack(_apiToken);
        var program = Program(name: null, rotation: Policy(after: "1d", grace: "1d"));
        await stack.UpAsync(program);
        var resourceName = stack.Inputs.Text("name");
        Advance(TimeSpan.FromDays(1));

        (await stack.UpAsync(program)).Should().Be(Step.Update);
        var tokenName = stack.Outputs.Text("name");
        tokenName.Should().NotBe(resourceName).And.MatchRegex("^t-[a-z]{7}$");
        _apiToken.LiveTokens.Select(t => t.Name).Should().BeEquivalentTo([resourceName, tokenName]);

        await stack.RefreshAsync();
        stack.Inputs.Text("name").Should().Be(resourceName);
        stack.Outputs.Text("name").Should().Be(tokenName);
        (await stack.UpAsync(program)).Should().Be(Step.Same);
    }

    [Theory]
    [InlineData(AutonamingMode.Enforce, "team-ci-token", "team-ci-token")]
    [InlineData(AutonamingMode.Propose, "team-ci-token", "team-ci-token")]
    [InlineData(AutonamingMode.Propose, "not a valid name!", null)]
    public async Task The_stacks_autonaming_configuration_is_honoured(AutonamingMode mode, string proposed, string? expected)
    {
        var checkedInputs = await _apiToken.CheckAsync(PropertyMap.Empty, Program(name: null), autonaming: new Autonaming(proposed, mode));

        checkedInputs.Failures.Should().BeEmpty();
        if (expected is not null) checkedInputs.Inputs.Text("name").Should().Be(expected);
        else
        {
            checkedInputs.Inputs.Text("name").Should().MatchRegex("^t-[a-z]{7}$");
            _apiToken.Log.Lines.Should().Contain(l => l.StartsWith("Warning:") && l.Contains("cannot be used") && l.Contains("a generated one is used instead"));
        }
    }

    [Theory]
    [InlineData(AutonamingMode.Enforce, "bad_name", "that the stack's autonaming configuration (pulumi:autonaming) enforces cannot be used: ")]
    [InlineData(AutonamingMode.Enforce, "", "enforces cannot be used: it is empty")]
    [InlineData(AutonamingMode.Disable, "", "name is required: the stack's autonaming configuration (pulumi:autonaming) turns generated names off")]
    public async Task Autonaming_that_cannot_name_the_token_fails_on_name(AutonamingMode mode, string proposed, string reason)
    {
        var checkedInputs = await _apiToken.CheckAsync(PropertyMap.Empty, Program(name: null), autonaming: new Autonaming(proposed, mode));

        checkedInputs.Failures.Should().ContainSingle().Which.Should().Match<CheckFailure>(f => f.Property == "name" && f.Reason.Contains(reason));
    }

    [Fact]
    public async Task A_name_the_program_gives_wins_over_autonaming_and_is_not_marked()
    {
        var checkedInputs = await _apiToken.CheckAsync(PropertyMap.Empty, Program(name: "given-name"), autonaming: new Autonaming("other-name", AutonamingMode.Enforce));

        checkedInputs.Inputs.Text("name").Should().Be("given-name");
        checkedInputs.Inputs.ContainsKey("__autonamed").Should().BeFalse();
    }

    [Fact]
    public async Task A_program_cannot_claim_a_name_was_generated()
    {
        var checkedInputs = await _apiToken.CheckAsync(PropertyMap.Empty, Program().Set("__autonamed", Values.Of(new[] { "name" })));

        checkedInputs.Failures.Should().ContainSingle(f => f.Property == "__autonamed");
    }

    [Theory]
    [InlineData("30", "rotation.rotateAfter", "a duration such as 30d")]
    [InlineData("0d", "rotation.rotateAfter", "longer than zero")]
    [InlineData("3651d", "rotation.rotateAfter", "at most 3650d")]
    public async Task A_bad_rotateAfter_fails_on_its_path(string value, string path, string reason)
    {
        var checkedInputs = await _apiToken.CheckAsync(PropertyMap.Empty, Program(rotation: Policy(after: value)));

        checkedInputs.Failures.Should().ContainSingle().Which.Should().Match<CheckFailure>(f => f.Property == path && f.Reason.Contains(reason));
    }

    [Theory]
    [InlineData(null, "7d", "needs rotateAfter")]
    [InlineData("7d", "7d", "must be shorter than rotateAfter (7d)")]
    public async Task An_early_window_needs_a_longer_rotateAfter(string? after, string early, string reason)
    {
        var checkedInputs = await _apiToken.CheckAsync(PropertyMap.Empty, Program(rotation: Policy(after: after, early: early)));

        checkedInputs.Failures.Should().ContainSingle().Which.Should().Match<CheckFailure>(f => f.Property == "rotation.earlyRotationWindow" && f.Reason.Contains(reason));
    }

    private static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
}
