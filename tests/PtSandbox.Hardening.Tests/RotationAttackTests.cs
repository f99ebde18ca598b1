using System.Globalization;
using System.Text.Json.Nodes;
using Grpc.Core;
using ProviderHost.Values;
using PtSandbox.Harness;
using PtSandbox.Harness.Fakes;
using PtSandbox.Hardening.Tests.Support;
using Pulumirpc;
using static PtSandbox.Hardening.Tests.Support.FakeSandboxRig;
using static ProviderHost.Values.PropertyMarshaller;

namespace PtSandbox.Hardening.Tests;

/// <summary>
/// Rotation in place with a grace period (retiringTokens) attacked through the built binary, where the sandbox's HTTP
/// answers matter: a rotation's create answer lost after the sandbox made the token, or missing its creation time, or
/// dated at the end of time; a listing that renames a retiring token or leaves it out during destroy; a failing delete
/// of a retiring token mid-destroy. Afterwards the sandbox must hold exactly the tokens the state holds, and no secret
/// may show in any stderr byte, engine log line or error.
/// </summary>
public sealed class RotationAttackTests(ITestOutputHelper output)
{
    private const string TokensPath = "/api/ui/public-api/tokens";
    private const string TokenPath = TokensPath + "/{id}";

    /// <summary>A token rotated in place on each new trigger, its predecessor kept a day.</summary>
    private static PropertyMap Program(string? name, string trigger, PropertyValue? secretName = null)
    {
        var inputs = ProviderRig.TokenInputs(name ?? "unused", triggers: new Dictionary<string, string> { ["v"] = trigger })
            .Set("rotation", Values.Of(new Dictionary<string, object?> { ["previousTokenLifetime"] = "1d" }));
        if (secretName is not null) return inputs.Set("name", secretName);
        return name is null ? inputs.Remove("name") : inputs;
    }

    private static long Id(string id) => long.Parse(id, CultureInfo.InvariantCulture);

    private static long TokenId(PropertyMap outputs) => (long)outputs["tokenId"].NumberValue;

    private static IReadOnlyList<long> RetiringIds(PropertyMap outputs) =>
        outputs.Find("retiringTokens")?.Unsecret() is { Kind: PropertyValueKind.Array } list
            ? [.. list.ArrayValue.Select(r => (long)r.ObjectValue["tokenId"].NumberValue)]
            : [];

    /// <summary>Every token the state holds, current and retiring.</summary>
    private static IReadOnlyList<long> Held(ResourceState state) =>
        [.. new[] { TokenId(state.Outputs) }.Where(id => id > 0).Concat(RetiringIds(state.Outputs)).Order()];

    private static async Task<IReadOnlyList<long>> LiveIdsAsync(FakeSandboxRig rig) => [.. (await rig.LiveTokensAsync()).Select(t => t.Id).Order()];

    /// <summary>The state with every retiring token's grace period over: the provider's clock is real time.</summary>
    private static ResourceState GraceOver(ResourceState state)
    {
        var retiring = state.Outputs["retiringTokens"];
        var entries = retiring.Unsecret().ArrayValue.Select(r => PropertyValue.From(r.ObjectValue.Set("deleteAfter", PropertyValue.From("2000-01-01T00:00:00.000Z"))));
        var edited = PropertyValue.From(entries);
        return state with { Outputs = state.Outputs.Set("retiringTokens", retiring.IsSecret ? PropertyValue.Secret(edited) : edited) };
    }

    private static ResourceState FromPartial(ResourceState state, RpcException error)
    {
        var status = Google.Rpc.Status.Parser.ParseFrom(error.Trailers.GetValueBytes("grpc-status-details-bin"));
        var partial = status.Details.Should().ContainSingle().Subject.Unpack<ErrorResourceInitFailed>();
        return state with { Id = partial.Id, Inputs = ToPropertyMap(partial.Inputs), Outputs = ToPropertyMap(partial.Properties) };
    }

    private void ShowsNone(string text, params (string Name, string Value)[] secrets)
    {
        var found = secrets.Select(s => SecretForms.FindIn(text, s.Value, s.Name)).OfType<string>().ToList();
        output.WriteLine($"scanned {text.Length:N0} characters for {secrets.Length} secret(s)");
        found.Should().BeEmpty();
    }

    private static (string, string)[] Secrets(params ResourceState[] states) =>
        [.. states.Select(s => s.Outputs.Text("token")).OfType<string>().Distinct().Select((secret, i) => ($"token secret {i}", secret))];

    [Theory]
    [InlineData("rotating")]
    [InlineData(null)]
    public async Task A_rotation_whose_create_answer_is_lost_after_the_sandbox_made_the_token_keeps_exactly_the_tokens_in_state(string? name)
    {
        await using var rig = await FakeSandboxRig.StartAsync();
        var up = await rig.SessionAsync();
        var first = await up.CreateAsync(ApiToken, "ci", Program(name, "1"));
        rig.Fake.On("POST", TokensPath).Once().Forward((_, answer) => answer with { Ending = FakeEnding.DropBeforeStatus });

        var rotated = await up.UpAsync(first, Program(name, "2"));

        rotated.Action.Should().Be(UpAction.Updated);
        rig.Fake.Count("POST", TokensPath).Should().Be(3, "the first create, the lost one, and the one sent again");
        RetiringIds(rotated.State.Outputs).Should().Equal(Id(first.Id));
        (await LiveIdsAsync(rig)).Should().Equal(Held(rotated.State), "the lost attempt's token is deleted, the old one kept, the new one recorded");
        var current = (await rig.LiveTokensAsync()).Single(t => t.Id == TokenId(rotated.State.Outputs));
        KeyOf(rotated.State.Outputs.Text("token")!).Should().Be(current.Key, "the secret in state is the live token's");

        await (await rig.SessionAsync(fromState: true)).DeleteAsync(rotated.State);
        (await LiveIdsAsync(rig)).Should().BeEmpty();
        ShowsNone(rig.AllText(), Secrets(first, rotated.State));
    }

    [Fact]
    public async Task A_rotation_whose_every_create_answer_is_lost_fails_in_one_line_and_leaves_only_the_tokens_in_state()
    {
        await using var rig = await FakeSandboxRig.StartAsync();
        var up = await rig.SessionAsync();
        var first = await up.CreateAsync(ApiToken, "ci", Program(null, "1"));
        rig.Fake.On("POST", TokensPath).Forward((_, answer) => answer with { Ending = FakeEnding.DropBeforeStatus });

        var error = await FailsAsync(() => up.UpAsync(first, Program(null, "2")));

        output.WriteLine(error.Status.Detail);
        error.Status.Detail.Should().Contain("outcome unknown");
        (await LiveIdsAsync(rig)).Should().Equal(Held(first), "the engine keeps the old state: every token a lost attempt made is deleted");
        ShowsNone(rig.AllText() + "\n" + error.Status.Detail, Secrets(first));
    }

    [Fact]
    public async Task A_rotation_answered_without_its_creation_time_is_recorded_completed_by_the_next_up_and_destroyed_whole()
    {
        await using var rig = await FakeSandboxRig.StartAsync();
        var up = await rig.SessionAsync();
        var first = await up.CreateAsync(ApiToken, "ci", Program(null, "1"));
        string? secret = null;
        rig.Fake.On("POST", TokensPath).Once().Forward((_, answer) =>
        {
            var json = JsonNode.Parse(answer.BodyText)!.AsObject();
            secret = json["token"]!.GetValue<string>();
            json.Remove("created");
            return answer.WithBody(json.ToJsonString());
        });

        var error = await FailsAsync(() => up.UpAsync(first, Program(null, "2")));
        var partial = FromPartial(first, error);
        output.WriteLine(error.Status.Detail);
        error.Status.Detail.Should().Contain("the next `pulumi up` completes it");
        partial.Outputs.Text("token").Should().Be(secret);
        (await LiveIdsAsync(rig)).Should().Equal(Held(partial), "the partial state holds the new token and the retiring one");

        // The partial state asks for a refresh before the next update: that read completes it.
        var next = await rig.SessionAsync(fromState: true);
        var completed = await next.RefreshAsync(partial);
        completed!.Outputs.Text("createdAt").Should().NotBeNull();
        RetiringIds(completed.Outputs).Should().Equal(Id(first.Id));
        (await next.UpAsync(completed, Program(null, "2"))).Action.Should().Be(UpAction.Same);
        (await LiveIdsAsync(rig)).Should().Equal(Held(completed));

        await (await rig.SessionAsync(fromState: true)).DeleteAsync(completed);
        (await LiveIdsAsync(rig)).Should().BeEmpty();
        ShowsNone(rig.AllText() + "\n" + error.Status.Detail, Secrets(first, partial));
    }

    [Fact]
    public async Task A_sandbox_that_dates_its_tokens_at_the_end_of_time_gets_them_recorded_rotated_and_destroyed()
    {
        await using var rig = await FakeSandboxRig.StartAsync();
        const double EndOfTime = 253402300799; // 9999-12-31T23:59:59Z, the latest the client accepts
        rig.Fake.On("POST", TokensPath).Forward((_, answer) =>
        {
            var json = JsonNode.Parse(answer.BodyText)!.AsObject();
            json["created"] = EndOfTime;
            return answer.WithBody(json.ToJsonString());
        });
        rig.Fake.On("GET", TokensPath).Forward((_, answer) =>
        {
            var json = JsonNode.Parse(answer.BodyText)!.AsObject();
            foreach (var entry in json["entries"]!.AsArray())
            {
                entry!["created"] = EndOfTime;
                if (entry["deleted"] is not null) entry["deleted"] = EndOfTime;
            }
            return answer.WithBody(json.ToJsonString());
        });
        var program = Program(null, "1").Set("rotation", Values.Of(new Dictionary<string, object?> { ["rotateAfter"] = "30d", ["previousTokenLifetime"] = "1d" }));
        var up = await rig.SessionAsync();

        var first = await up.CreateAsync(ApiToken, "ci", program);
        first.Outputs.Text("rotationDueAt").Should().Be("9999-12-31T23:59:59.999Z");
        (await up.UpAsync(first, program)).Action.Should().Be(UpAction.Same);
        var rotated = await up.UpAsync(first, program.Set("rotationTriggers", Values.Of(new Dictionary<string, string> { ["v"] = "2" })));
        rotated.Action.Should().Be(UpAction.Updated);
        (await LiveIdsAsync(rig)).Should().HaveCount(2).And.Equal(Held(rotated.State));
        (await (await rig.SessionAsync(fromState: true)).RefreshAsync(rotated.State)).Should().NotBeNull();

        await (await rig.SessionAsync(fromState: true)).DeleteAsync(rotated.State);
        (await LiveIdsAsync(rig)).Should().BeEmpty();
        rig.AllText().Should().Contain("ahead of this machine's", "the sandbox's clock is thousands of years ahead");
    }

    [Fact]
    public async Task A_listing_that_shows_a_retiring_tokens_id_under_another_name_never_gets_that_token_deleted()
    {
        await using var rig = await FakeSandboxRig.StartAsync();
        var up = await rig.SessionAsync();
        var first = await up.CreateAsync(ApiToken, "ci", Program(null, "1"));
        var rotated = (await up.UpAsync(first, Program(null, "2"))).State;
        var retiring = Id(first.Id);
        rig.Fake.On("GET", TokensPath).Forward((_, answer) =>
        {
            var json = JsonNode.Parse(answer.BodyText)!.AsObject();
            foreach (var entry in json["entries"]!.AsArray().Where(e => e!["id"]!.GetValue<long>() == retiring))
            {
                entry!["name"] = "someone-elses";
                entry["creatorLogin"] = "bob";
            }
            return answer.WithBody(json.ToJsonString());
        });

        var cleaned = await (await rig.SessionAsync(fromState: true)).UpAsync(GraceOver(rotated), Program(null, "2"));

        cleaned.Action.Should().Be(UpAction.Updated);
        rig.Fake.Count("DELETE", TokenPath).Should().Be(0, "the token under that id is not the retiring token");
        RetiringIds(cleaned.State.Outputs).Should().BeEmpty();
        var warnings = rig.AllText().Split('\n').Where(l => l.Contains($"token {retiring} in the sandbox is not the retiring token")).ToList();
        warnings.Should().NotBeEmpty();
        output.WriteLine(warnings[0]);
        warnings.Should().OnlyContain(w => !w.Contains("pulumi state delete") && w.Contains("someone-elses") && w.EndsWith("the entry is dropped from retiringTokens"));
    }

    [Fact]
    public async Task Destroy_whose_delete_of_a_retiring_token_keeps_failing_stops_in_one_line_and_the_next_destroy_deletes_everything()
    {
        await using var rig = await FakeSandboxRig.StartAsync();
        var up = await rig.SessionAsync();
        var state = await up.CreateAsync(ApiToken, "ci", Program(null, "1"));
        foreach (var trigger in new[] { "2", "3" }) state = (await up.UpAsync(state, Program(null, trigger))).State;
        var held = Held(state);
        held.Should().HaveCount(3);
        var second = RetiringIds(state.Outputs)[1];
        rig.Fake.On("DELETE", $"{TokensPath}/{second}").Respond(FakeResponse.Json(500, """{"errors":[{"message":"internal error"}]}"""));

        var destroy = await rig.SessionAsync(fromState: true);
        var error = await FailsAsync(() => destroy.DeleteAsync(state));

        output.WriteLine(error.Status.Detail);
        error.Status.Detail.Should().Contain($"delete token {second}");
        (await LiveIdsAsync(rig)).Should().HaveCount(2).And.Contain(second).And.OnlyContain(id => held.Contains(id));

        rig.Fake.ClearRules();
        await (await rig.SessionAsync(fromState: true)).DeleteAsync(state);
        (await LiveIdsAsync(rig)).Should().BeEmpty();
    }

    [Fact]
    public async Task Destroy_whose_delete_of_a_retiring_token_loses_its_answer_after_the_sandbox_deleted_it_finishes()
    {
        await using var rig = await FakeSandboxRig.StartAsync();
        var up = await rig.SessionAsync();
        var state = await up.CreateAsync(ApiToken, "ci", Program(null, "1"));
        foreach (var trigger in new[] { "2", "3" }) state = (await up.UpAsync(state, Program(null, trigger))).State;
        var second = RetiringIds(state.Outputs)[1];
        rig.Fake.On("DELETE", $"{TokensPath}/{second}").Once().Forward((_, answer) => answer with { Ending = FakeEnding.DropBeforeStatus });

        await (await rig.SessionAsync(fromState: true)).DeleteAsync(state);

        rig.Fake.Count("DELETE", $"{TokensPath}/{second}").Should().Be(2, "the lost answer's DELETE is sent again, and its 404 confirmed by a listing");
        (await LiveIdsAsync(rig)).Should().BeEmpty();
    }

    [Fact]
    public async Task Destroy_over_a_listing_that_leaves_a_retiring_token_out_deletes_nothing_it_cannot_see_and_finishes_later()
    {
        await using var rig = await FakeSandboxRig.StartAsync();
        var up = await rig.SessionAsync();
        var first = await up.CreateAsync(ApiToken, "ci", Program(null, "1"));
        var state = (await up.UpAsync(first, Program(null, "2"))).State;
        var retiring = Id(first.Id);
        rig.Fake.On("GET", TokensPath).Forward((_, answer) =>
        {
            var json = JsonNode.Parse(answer.BodyText)!.AsObject();
            var entries = json["entries"]!.AsArray();
            entries.Remove(entries.Single(e => e!["id"]!.GetValue<long>() == retiring));
            json["total"] = entries.Count + 1; // a page: one token not shown
            return answer.WithBody(json.ToJsonString());
        });

        var destroy = await rig.SessionAsync(fromState: true);
        var error = await FailsAsync(() => destroy.DeleteAsync(state));

        output.WriteLine(error.Status.Detail);
        error.Status.Detail.Should().Contain($"cannot tell whether token {retiring} exists");
        (await LiveIdsAsync(rig)).Should().Equal(Held(state), "nothing was deleted: the retiring tokens go first");

        rig.Fake.ClearRules();
        await (await rig.SessionAsync(fromState: true)).DeleteAsync(state);
        (await LiveIdsAsync(rig)).Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_replacement_beside_retiring_tokens_of_the_same_name_is_not_refused_as_a_leftover(bool currentDeletedOutsidePulumi)
    {
        await using var rig = await FakeSandboxRig.StartAsync();
        var first = await (await rig.SessionAsync()).CreateAsync(ApiToken, "ci", Program("ci-token", "1"));
        var state = (await (await rig.SessionAsync(fromState: true)).UpAsync(first, Program("ci-token", "2"))).State;
        (await rig.LiveTokensAsync("ci-token")).Should().HaveCount(2, "this sandbox takes duplicate names: the old token keeps its name");
        var program = Program("ci-token", "2").Set("comment", PropertyValue.From("a change that replaces"));
        if (currentDeletedOutsidePulumi)
        {
            await rig.Control.DeleteTokenAsync(TokenId(state.Outputs));
            state = (await (await rig.SessionAsync(fromState: true)).RefreshAsync(state))!;
            TokenId(state.Outputs).Should().Be(0, "kept for the token it retires");
            program = Program("ci-token", "2");
        }

        var replaced = await (await rig.SessionAsync(fromState: true)).UpAsync(state, program);

        replaced.Action.Should().Be(UpAction.Replaced);
        (await LiveIdsAsync(rig)).Should().Equal(Id(replaced.State.Id));
    }

    [Fact]
    public async Task A_secret_name_rotated_in_place_shows_in_no_plain_output_log_line_or_error()
    {
        const string name = "hidden-team-name";
        await using var rig = await FakeSandboxRig.StartAsync();
        var up = await rig.SessionAsync();
        var first = await up.CreateAsync(ApiToken, "ci", Program("x", "1", Values.Secret(name)));
        var rotated = (await up.UpAsync(first, Program("x", "2", Values.Secret(name)))).State;

        rotated.Outputs["retiringTokens"].IsSecret.Should().BeTrue("its entry holds the secret name");
        var refreshed = await (await rig.SessionAsync(fromState: true)).RefreshAsync(rotated);
        refreshed!.Outputs["retiringTokens"].IsSecret.Should().BeTrue();
        var cleaned = await (await rig.SessionAsync(fromState: true)).UpAsync(GraceOver(refreshed), Program("x", "2", Values.Secret(name)));
        cleaned.Action.Should().Be(UpAction.Updated);
        await (await rig.SessionAsync(fromState: true)).DeleteAsync(cleaned.State);

        (await LiveIdsAsync(rig)).Should().BeEmpty();
        var plain = string.Join("\n", new[] { rotated, refreshed, cleaned.State }.SelectMany(s => s.Outputs.PlainStrings()));
        ShowsNone(rig.AllText() + "\n" + plain, [("secret name", name), .. Secrets(first, rotated)]);
    }
}
