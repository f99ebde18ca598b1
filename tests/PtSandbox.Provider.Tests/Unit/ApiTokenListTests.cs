using ProviderHost.Resources;
using ProviderHost.Values;
using PtSandbox.Harness;
using PtSandbox.Provider.ApiTokens;
using PtSandbox.Provider.Tests.Support;

namespace PtSandbox.Provider.Tests.Unit;

/// <summary>
/// ApiToken's List in process, against a fake client: which tokens it lists, by what id and name, and that a
/// listing it cannot trust to be whole is an error. The host's paging and checks are tested in ProviderHost.Tests.
/// </summary>
public sealed class ApiTokenListTests
{
    private readonly ApiTokenInProcess _apiToken = new();

    private FakeTokenApi _sandbox => _apiToken.Sandbox;

    private async Task<(string Id, string Name)[]> ListAsync(PropertyMap? query = null) =>
        [.. (await _apiToken.ListAsync(query))!.Select(t => (t.Id, t.Name))];

    [Fact]
    public async Task Every_live_token_is_listed_by_its_numeric_id_and_sandbox_name_in_id_order_and_no_secret_or_hash()
    {
        var byHand = _sandbox.Add("hand-made", comment: "from the UI");
        var created = await _apiToken.CreateAsync(Values.Map(("name", "ci-token"), ("permissions", new[] { "TASKS_VIEW_ALL" })));
        var gone = _sandbox.Add("gone-token");
        await _sandbox.DeleteTokenAsync(gone.Id, CancellationToken.None);
        var other = _sandbox.Add("other-user", creator: "someone");
        _apiToken.Time.Advance(TokenListingCache.FreshFor);

        var listed = await ListAsync();

        listed.Should().Equal((byHand.Id.ToString(), "hand-made"), (created.Id, "ci-token"), (other.Id.ToString(), "other-user"));
        var shown = string.Join(" ", listed.Select(t => t.Id + " " + t.Name));
        shown.Should().NotContain(created.Outputs.Text("token")!).And.NotContain(created.Outputs.Text("tokenHash")!);
    }

    [Fact]
    public async Task A_listed_id_is_what_import_reads()
    {
        _sandbox.Add("first-token");
        _sandbox.Add("second-token", comment: "second");

        foreach (var (id, name) in await ListAsync())
        {
            var imported = await _apiToken.ReadAsync(id, PropertyMap.Empty, PropertyMap.Empty);
            imported.IsGone.Should().BeFalse(id);
            imported.Id.Should().Be(id);
            imported.Inputs.Text("name").Should().Be(name);
        }
    }

    [Fact]
    public async Task The_query_filters_by_name_prefix_and_by_creator()
    {
        var ci = _sandbox.Add("ci-scanner");
        var ciOther = _sandbox.Add("ci-other", creator: @"CORP\Bot");
        _sandbox.Add("Ci-upper");
        _sandbox.Add("nightly");

        (await ListAsync(Values.Map(("namePrefix", "ci-")))).Select(t => t.Name).Should().Equal("ci-scanner", "ci-other");
        (await ListAsync(Values.Map(("creatorLogin", "bot@corp.example")))).Select(t => t.Id).Should().Equal(ciOther.Id.ToString());
        (await ListAsync(Values.Map(("namePrefix", "ci-"), ("creatorLogin", _sandbox.Username)))).Select(t => t.Id).Should().Equal(ci.Id.ToString());
        (await ListAsync(Values.Map(("namePrefix", "zzz")))).Should().BeEmpty();
    }

    [Fact]
    public async Task A_paged_listing_is_an_error_not_a_short_list()
    {
        _sandbox.Add("first-token");
        _sandbox.Add("second-token");
        _sandbox.ListOnly(1);

        var list = () => ListAsync();

        var error = (await list.Should().ThrowAsync<ProviderException>()).Which;
        error.Kind.Should().Be(ProviderErrorKind.Unavailable);
        error.Message.Should().Be("PT Sandbox sandbox.example: cannot list every token: the sandbox listed 1 of 2 tokens");
    }

    [Fact]
    public async Task A_query_it_does_not_take_is_invalid_input_naming_what_it_takes()
    {
        var list = () => ListAsync(Values.Map(("name", "ci-token")));

        var error = (await list.Should().ThrowAsync<ProviderException>()).Which;
        error.Kind.Should().Be(ProviderErrorKind.InvalidInput);
        error.Message.Should().Be("the query to list ApiToken resources is not valid: name: unknown property; ApiTokenListQuery takes namePrefix, creatorLogin");
    }
}
