using ProviderHost.Resources;
using ProviderHost.Values;
using PtSandbox.Harness;
using PtSandbox.Provider.ApiTokens;
using PtSandbox.Provider.Tests.Support;

namespace PtSandbox.Provider.Tests.Unit;

/// <summary>
/// ApiToken's create, read, update and delete in process, through the host's interface, against a fake client: what
/// the resource decides from what the sandbox says, without HTTP or the AOT binary.
/// </summary>
public sealed class ApiTokenCrudTests
{
    private readonly ApiTokenInProcess _apiToken = new();

    private FakeTokenApi _sandbox => _apiToken.Sandbox;

    private static PropertyMap Inputs(string name = "ci-token") => Values.Map(
        ("name", Values.Secret(name)), ("permissions", new[] { "TASKS_VIEW_ALL", "SCAN_WITH_PREDEFINED_SETTINGS" }));

    private Task<CreateResult> CreateAsync(PropertyMap inputs, bool preview = false) => _apiToken.CreateAsync(inputs, preview);

    private Task<ReadResult> ReadAsync(string id, PropertyMap outputs, PropertyMap inputs) => _apiToken.ReadAsync(id, outputs, inputs);

    [Fact]
    public async Task Create_records_the_secret_and_the_sandboxs_facts_and_keeps_a_secret_input_secret()
    {
        var created = await CreateAsync(Inputs());

        var token = _sandbox.Tokens.Single();
        created.Id.Should().Be(token.Id.ToString());
        created.Outputs["token"].IsSecret.Should().BeTrue();
        created.Outputs["token"].StringValue.Should().Be($"fake-secret-{token.Id}");
        created.Outputs["name"].IsSecret.Should().BeTrue("the program marked the name secret, so its output stays secret");
        created.Outputs["tokenId"].NumberValue.Should().Be(token.Id);
        created.Outputs.Text("creatorLogin").Should().Be("admin");
        created.Outputs.Text("createdAt").Should().Be(token.CreatedAt);
    }

    [Fact]
    public async Task An_incomplete_create_is_recorded_with_its_secret_and_asks_for_a_refresh_before_update()
    {
        _sandbox.AnswersIncompletely = true;

        var create = () => CreateAsync(Inputs());

        var failed = (await create.Should().ThrowAsync<ResourceInitFailedException>()).Which;
        failed.Id.Should().Be(_sandbox.Tokens.Single().Id.ToString());
        failed.Outputs["token"].Should().Match<PropertyValue>(v => v.IsSecret && v.StringValue.StartsWith("fake-secret-"));
        failed.Outputs.ContainsKey("createdAt").Should().BeFalse();
        failed.Reasons.Should().ContainSingle().Which.Should().Contain("the next `pulumi up` completes it");
        failed.RefreshBeforeUpdate.Should().BeTrue();
    }

    [Fact]
    public async Task A_preview_create_calls_nothing_and_leaves_what_the_sandbox_decides_unknown()
    {
        var preview = await CreateAsync(Inputs(), preview: true);

        _sandbox.CreateCalls.Should().Be(0);
        _sandbox.ListCalls.Should().Be(0);
        preview.Outputs["token"].Should().Match<PropertyValue>(v => v.IsSecret && v.IsComputed);
        preview.Outputs["tokenId"].IsComputed.Should().BeTrue();
        preview.Outputs["name"].Should().Be(Values.Secret("ci-token"));
    }

    [Fact]
    public async Task Refresh_keeps_the_secret_and_the_programs_permission_order()
    {
        _sandbox.SortsPermissions = true;
        var inputs = Inputs();
        var created = await CreateAsync(inputs);

        var read = await ReadAsync(created.Id, created.Outputs, inputs);

        read.Id.Should().Be(created.Id);
        read.Outputs["token"].Should().Be(created.Outputs["token"]);
        read.Inputs["permissions"].Should().Be(inputs["permissions"], "the sandbox lists the same set, so the program's order stays");
        read.Inputs["name"].IsSecret.Should().BeTrue();
    }

    [Fact]
    public async Task A_token_gone_from_the_sandbox_reads_as_gone()
    {
        var created = await CreateAsync(Inputs());
        await _sandbox.DeleteTokenAsync(long.Parse(created.Id), CancellationToken.None);
        _apiToken.Time.Advance(TokenListingCache.FreshFor); // a listing taken at the create is no longer reused

        (await ReadAsync(created.Id, created.Outputs, Inputs())).IsGone.Should().BeTrue();
    }

    [Fact]
    public async Task A_stranger_under_the_id_in_state_is_neither_adopted_nor_deleted()
    {
        var created = await CreateAsync(Inputs());
        var stranger = created.Outputs.Set("name", PropertyValue.From("other-token"));

        var read = () => ReadAsync(created.Id, stranger, Inputs("other-token"));
        (await read.Should().ThrowAsync<ProviderException>()).Which.Message.Should().Contain("so it was not adopted");
        var delete = () => _apiToken.DeleteAsync(created.Id, stranger, Inputs("other-token"));
        (await delete.Should().ThrowAsync<ProviderException>()).Which.Message.Should().Contain("so it was not deleted");
        _sandbox.DeleteCalls.Should().Be(0);
    }

    [Fact]
    public async Task Delete_removes_the_token_and_a_second_delete_is_a_no_op()
    {
        var created = await CreateAsync(Inputs());
        await _apiToken.DeleteAsync(created.Id, created.Outputs, Inputs());
        await _apiToken.DeleteAsync(created.Id, created.Outputs, Inputs());

        _sandbox.Tokens.Single().Deleted.Should().NotBeNull();
        _sandbox.DeleteCalls.Should().Be(1);
    }

    [Fact]
    public async Task Import_reads_the_token_without_a_secret()
    {
        var made = _sandbox.Add("hand-made", ["TASKS_VIEW_ALL"], comment: "from the UI");

        var read = await ReadAsync(made.Id.ToString(), PropertyMap.Empty, PropertyMap.Empty);

        read.Inputs.Text("name").Should().Be("hand-made");
        read.Inputs.Text("comment").Should().Be("from the UI");
        read.Outputs.ContainsKey("token").Should().BeFalse();
    }

    [Fact]
    public async Task A_leftover_refusal_advises_deleting_or_importing_it()
    {
        var leftover = _sandbox.Add("ci-token");
        _sandbox.FailNext(FakeTokenApi.Call.Create, _sandbox.LeftoverError("ci-token", leftover));

        var create = () => CreateAsync(Inputs());

        var error = (await create.Should().ThrowAsync<ProviderException>()).Which;
        error.Kind.Should().Be(ProviderErrorKind.AlreadyExists);
        error.Message.Should().Contain($"import: \"{leftover.Id}\"");
    }

    [Fact]
    public async Task A_paged_listing_is_an_error_not_an_absence()
    {
        var created = await CreateAsync(Inputs());
        _sandbox.Add("other-one");
        _sandbox.ListOnly(0);
        _apiToken.Time.Advance(TokenListingCache.FreshFor);

        var read = () => ReadAsync(created.Id, created.Outputs, Inputs());

        (await read.Should().ThrowAsync<ProviderException>()).Which.Kind.Should().Be(ProviderErrorKind.Unavailable);
    }
}
