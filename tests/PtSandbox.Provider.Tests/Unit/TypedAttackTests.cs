using ProviderHost.Resources;
using ProviderHost.Values;
using PtSandbox.Harness;
using PtSandbox.Provider.ApiTokens;
using PtSandbox.Provider.Tests.Support;

namespace PtSandbox.Provider.Tests.Unit;

/// <summary>
/// An attack on the typed ApiToken by a second engineer, after it was written: hostile inputs, odd recorded state, secrets,
/// declarations the generator must refuse. The defects it found are fixed; these tests keep them fixed. (Texts
/// that quote a secret input are masked by the host, which knows every value a request marks secret: the
/// Hardening suites check that through the binary.)
/// </summary>
public sealed class TypedAttackTests
{
    private readonly ApiTokenInProcess _apiToken = new();

    private FakeTokenApi _sandbox => _apiToken.Sandbox;

    private static PropertyMap Inputs(PropertyValue name) => Values.Map(
        ("name", name), ("permissions", new[] { "TASKS_VIEW_ALL", "SCAN_WITH_PREDEFINED_SETTINGS" }));

    private Task<CreateResult> CreateAsync(PropertyMap inputs) => _apiToken.CreateAsync(inputs);

    private Task<ReadResult> ReadAsync(string id, PropertyMap outputs, PropertyMap inputs) => _apiToken.ReadAsync(id, outputs, inputs);

    // ---------------------------------------------------------------- which token recorded state names

    [Fact]
    public async Task A_null_name_in_outputs_does_not_hide_the_recorded_input_name_so_a_stranger_is_not_deleted()
    {
        var stranger = _sandbox.Add("other-token"); // same user, same id a state of ours records
        // An incomplete create's state (no createdAt/creatorLogin); the inputs say "ci-token", the outputs carry name: null.
        var inputs = Inputs(Values.Of("ci-token"));
        var outputs = inputs.Set("name", PropertyValue.Null).Set("tokenId", PropertyValue.From(stranger.Id));

        var delete = () => _apiToken.DeleteAsync(stranger.Id.ToString(), outputs, inputs);

        await delete.Should().ThrowAsync<ProviderException>("the recorded inputs prove the token is named ci-token, not other-token");
        _sandbox.DeleteCalls.Should().Be(0);
    }

    [Fact]
    public async Task A_wrongly_typed_name_in_outputs_does_not_hide_the_recorded_input_name()
    {
        var stranger = _sandbox.Add("other-token");
        var inputs = Inputs(Values.Of("ci-token"));
        var outputs = inputs.Set("name", PropertyValue.From(42)).Set("tokenId", PropertyValue.From(stranger.Id));

        var read = () => ReadAsync(stranger.Id.ToString(), outputs, inputs);

        await read.Should().ThrowAsync<ProviderException>("the recorded inputs prove the token is named ci-token, not other-token");
    }

    [Fact]
    public async Task Outputs_without_a_name_fall_back_to_the_input_name_and_a_stranger_is_not_deleted()
    {
        var stranger = _sandbox.Add("other-token");
        var inputs = Inputs(Values.Of("ci-token"));
        var outputs = PropertyMap.Empty.Set("tokenId", PropertyValue.From(stranger.Id));

        var delete = () => _apiToken.DeleteAsync(stranger.Id.ToString(), outputs, inputs);

        await delete.Should().ThrowAsync<ProviderException>();
        _sandbox.DeleteCalls.Should().Be(0);
    }

    [Theory]
    [InlineData("not a date")]
    [InlineData("")]
    public async Task A_garbage_createdAt_refuses_to_delete(string createdAt)
    {
        var created = await CreateAsync(Inputs(Values.Of("ci-token")));
        var outputs = created.Outputs.Set("createdAt", PropertyValue.From(createdAt));

        var delete = () => _apiToken.DeleteAsync(created.Id, outputs, Inputs(Values.Of("ci-token")));

        await delete.Should().ThrowAsync<ProviderException>();
        _sandbox.DeleteCalls.Should().Be(0);
    }

    [Fact]
    public async Task A_tokenId_recorded_as_a_string_still_reads_by_the_resource_id()
    {
        var created = await CreateAsync(Inputs(Values.Of("ci-token")));
        var outputs = created.Outputs.Set("tokenId", PropertyValue.From(created.Id));

        var read = await ReadAsync(created.Id, outputs, Inputs(Values.Of("ci-token")));

        read.Outputs["tokenId"].NumberValue.Should().Be(double.Parse(created.Id));
        read.Outputs["token"].IsSecret.Should().BeTrue();
    }

    // ---------------------------------------------------------------- secrecy through Create/Read (held)

    [Fact]
    public async Task Secret_comment_triggers_and_permission_element_stay_secret_through_create_and_refresh()
    {
        var inputs = Values.Map(
            ("name", "ci-token"),
            ("permissions", PropertyValue.From([Values.Secret("TASKS_VIEW_ALL"), Values.Of("SCAN_WITH_PREDEFINED_SETTINGS")])),
            ("comment", Values.Secret("a secret comment")),
            ("rotationTriggers", PropertyValue.From(PropertyMap.Empty.Set("a", Values.Secret("x")).Set("b", Values.Of("y")))));
        var created = await CreateAsync(inputs);

        created.Outputs["comment"].IsSecret.Should().BeTrue();
        created.Outputs["permissions"].ContainsSecret().Should().BeTrue();
        created.Outputs["rotationTriggers"].ContainsSecret().Should().BeTrue();

        var read = await ReadAsync(created.Id, created.Outputs, inputs);
        read.Inputs["comment"].IsSecret.Should().BeTrue();
        read.Outputs["comment"].IsSecret.Should().BeTrue();
        read.Inputs["permissions"].ContainsSecret().Should().BeTrue();
        read.Outputs["permissions"].ContainsSecret().Should().BeTrue();
        read.Inputs["rotationTriggers"].ContainsSecret().Should().BeTrue();
        read.Outputs["rotationTriggers"].ContainsSecret().Should().BeTrue();
        read.Outputs["token"].IsSecret.Should().BeTrue();
    }

    [Fact]
    public async Task A_secret_permission_element_stays_secret_when_the_sandbox_lists_another_order()
    {
        var inputs = Values.Map(("name", "ci-token"),
            ("permissions", PropertyValue.From([Values.Of("SCAN_WITH_PREDEFINED_SETTINGS"), Values.Secret("TASKS_VIEW_ALL")])));
        var created = await CreateAsync(inputs);
        // the recorded state has the other order (as if the sandbox had sorted them)
        var state = created.Outputs.Set("permissions", PropertyValue.From([Values.Secret("TASKS_VIEW_ALL"), Values.Of("SCAN_WITH_PREDEFINED_SETTINGS")]));

        var read = await ReadAsync(created.Id, state, inputs);

        read.Inputs["permissions"].ContainsSecret().Should().BeTrue();
        read.Outputs["permissions"].ContainsSecret().Should().BeTrue();
    }

    // ---------------------------------------------------------------- Diff

    private DiffResult Diff(PropertyMap olds, PropertyMap news) => _apiToken.Diff(olds, news);

    [Fact]
    public void Diff_ignores_secrecy_order_and_empty_comment()
    {
        var olds = Values.Map(("name", "ci-token"), ("permissions", new[] { "TASKS_VIEW_ALL", "SCAN_WITH_PREDEFINED_SETTINGS" }), ("comment", ""));
        var news = Values.Map(("name", Values.Secret("ci-token")),
            ("permissions", PropertyValue.From([Values.Of("SCAN_WITH_PREDEFINED_SETTINGS"), Values.Secret("TASKS_VIEW_ALL")])));

        Diff(olds, news).Changes.Should().Be(DiffChanges.None);
        Diff(news, olds).Changes.Should().Be(DiffChanges.None);
    }

    [Fact]
    public void Diff_treats_unknown_triggers_as_a_replacement()
    {
        var olds = Values.Map(("name", "ci-token"), ("permissions", new[] { "TASKS_VIEW_ALL" }));
        var news = olds.Set("rotationTriggers", PropertyValue.From(PropertyMap.Empty.Set("k", PropertyValue.Secret(PropertyValue.Computed))));

        Diff(olds, news).Replaces.Should().Equal("rotationTriggers");
    }

    [Fact]
    public void Diff_an_empty_rotationTriggers_map_removed_is_no_change()
    {
        var news = Values.Map(("name", "ci-token"), ("permissions", new[] { "TASKS_VIEW_ALL" }));
        var olds = news.Set("rotationTriggers", PropertyValue.From(PropertyMap.Empty));

        Diff(olds, news).Changes.Should().Be(DiffChanges.None,
            "no triggers and an empty map of triggers mean the same, as \"\" and no comment do; the diff replaces the token (a new secret) for nothing");
    }

    // ---------------------------------------------------------------- getApiTokens

    private InvokeResult Invoke(PropertyMap args, bool preview = false) =>
        ((IProviderFunction)new GetApiTokens(_apiToken.Connection)).InvokeAsync(args, preview, CancellationToken.None).GetAwaiter().GetResult();

    [Fact]
    public void getApiTokens_with_a_secret_name_returns_secret_results_and_a_non_string_name_fails_cleanly()
    {
        _sandbox.Add("hidden-one");
        var result = Invoke(Values.Map(("name", Values.Secret("hidden-one"))));
        result.Failures.Should().BeEmpty();
        result.Return.Values.Should().OnlyContain(v => v.IsSecret);

        var bad = Invoke(Values.Map(("name", 5)));
        bad.Failures.Should().ContainSingle().Which.Property.Should().Be("name");
    }

    [Fact]
    public void getApiTokens_with_an_unknown_name_does_not_list_every_token()
    {
        _sandbox.Add("first-token");
        _sandbox.Add("other-token");

        var result = Invoke(PropertyMap.Empty.Set("name", PropertyValue.Computed), preview: true);

        (result.Failures.Count > 0 || result.Return.Values.Any(v => v.ContainsComputed())).Should().BeTrue(
            "a filter that is not known yet is not 'no filter'; got " + string.Join(", ", result.Return.Keys.Select(k => $"{k}={result.Return[k]}")));
    }
}

/// <summary>Check through <see cref="ApiTokenProbe"/>: failures and warnings must never quote a secret.</summary>
public sealed class TypedAttackCheckTests
{
    private readonly ApiTokenProbe _probe = new();

    private IReadOnlyList<CheckFailure> Check(params (string, object?)[] items) => _probe.Check(Values.Map(items));

    private string Everything(IReadOnlyList<CheckFailure> failures) =>
        string.Join("\n", failures.Select(f => f.Property + ": " + f.Reason).Concat(_probe.Warnings));

    [Fact]
    public void Secret_duplicates_and_secret_unknown_permissions_are_never_quoted()
    {
        var failures = Check(("name", "ci-token"),
            ("permissions", PropertyValue.From([Values.Secret("NEW_THING"), Values.Secret("NEW_THING"), Values.Secret("bad perm!"), Values.Of("TASKS_VIEW_ALL"), Values.Secret("TASKS_VIEW_ALL")])));
        var whole = Check(("name", "ci-token"), ("permissions", Values.Secret(new[] { "NEW_THING", "NEW_THING", "bad perm!" })));

        failures.Should().HaveCount(3);
        whole.Should().HaveCount(2);
        var all = Everything(failures) + Everything(whole);
        all.Should().NotContain("NEW_THING").And.NotContain("bad perm").And.NotContain("\"TASKS_VIEW_ALL\"");
    }

    [Fact]
    public void A_secret_name_that_does_not_match_the_pattern_is_not_quoted_and_long_or_control_text_is_shortened()
    {
        var secret = Check(("name", Values.Secret("x" + SecretValue)), ("permissions", new[] { "TASKS_VIEW_ALL" }));
        Everything(secret).Should().NotContain(SecretValue);

        var plain = Check(("name", new string('a', 5000) + "\u0007"), ("permissions", new[] { "TASKS_VIEW_ALL" }), ("comment", Values.Secret(new string('c', 1001))));
        plain.Should().HaveCount(2);
        plain.Single(f => f.Property == "name").Reason.Length.Should().BeLessThan(300);
        Everything(plain).Should().NotContain("ccccc");
    }

    private const string SecretValue = "-ooo_p@ss";

    [Fact]
    public void Nested_wrong_types_nulls_unknowns_and_specials_fail_on_their_paths()
    {
        var failures = Check(
            ("name", PropertyValue.Secret(PropertyValue.Computed)),
            ("permissions", PropertyValue.From([PropertyValue.Null, PropertyValue.From(1), PropertyValue.Secret(PropertyValue.Computed), PropertyValue.Special(PropertyMap.Empty)])),
            ("comment", double.NaN),
            ("rotationTriggers", PropertyValue.From(PropertyMap.Empty.Set("a.b", PropertyValue.Null).Set("x", PropertyValue.From(double.PositiveInfinity)).Set("u", PropertyValue.Computed))));

        failures.Select(f => f.Property).Should().BeEquivalentTo(
            "permissions[0]", "permissions[1]", "permissions[3]", "comment", "rotationTriggers[\"a.b\"]", "rotationTriggers.x");
    }
}
