using System.Text;
using Google.Protobuf;
using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;
using PtSandbox.Provider.Tests.Support;
using Pulumirpc;
using static PtSandbox.Provider.Tests.Support.ProviderTestContext;

namespace PtSandbox.Provider.Tests.Lifecycle;

/// <summary>
/// Discovering tokens (List, `pulumi do ptsandbox ApiToken list`) and adopting one, through the built binary, against
/// the emulator: what README "Discovering tokens" and "Import" promise.
/// </summary>
public class ApiTokenListLifecycleTests : IAsyncLifetime
{
    // Listings show soft-deleted tokens (with `deleted` set): List must leave those out.
    private readonly ProviderTestContext _ctx = new() { EmulatorOptions = new() { Username = "admin", Password = Password, ListDeleted = true } };

    public Task InitializeAsync() => _ctx.InitializeAsync();
    public Task DisposeAsync() => _ctx.DisposeAsync();

    private EmulatorControl Sandbox => _ctx.Emulator.Control;

    [Fact]
    public async Task List_pages_through_the_live_tokens_by_importable_id_and_name_filters_by_prefix_and_shows_no_secret()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        var ci = await session.CreateAsync(ApiToken, "ci", TokenInputs("ci-scanner", ["TASKS_VIEW_ALL"]));
        var nightly = await session.CreateAsync(ApiToken, "nightly", TokenInputs("nightly-scan"));
        var gone = await session.CreateAsync(ApiToken, "gone", TokenInputs("ci-retired"));
        await session.DeleteAsync(gone);

        var pages = await session.ListAllAsync(ApiToken, pageSize: 1);

        pages.SelectMany(p => p.Results).Select(r => (r.Id, r.Name)).Should().Equal((ci.Id, "ci-scanner"), (nightly.Id, "nightly-scan"));
        pages.Should().HaveCount(2, "one token per page");
        (await session.ListAsync(ApiToken, Values.Map(("namePrefix", "ci-")))).Results.Select(r => r.Id).Should().Equal(ci.Id);
        (await session.ListAsync(ApiToken, Values.Map(("namePrefix", PropertyValue.Computed)))).Messages.Should().ContainSingle()
            .Which.ResponseCase.Should().Be(ListResponse.ResponseOneofCase.Computed);

        // What List gives, `pulumi import` takes.
        var importer = new EngineSession(await _ctx.LaunchAsync());
        await importer.ConfigureAsync(_ctx.Config);
        foreach (var listed in pages.SelectMany(p => p.Results))
        {
            var (imported, check) = await importer.ImportAsync(ApiToken, "adopted-" + listed.Name, listed.Id);
            check.Failures.Should().BeEmpty();
            imported.Id.Should().Be(listed.Id);
            imported.Inputs.Text("name").Should().Be(listed.Name);
        }

        var secrets = new[] { ci.Outputs.Text("token")!, ci.Outputs.Text("tokenHash")!, nightly.Outputs.Text("token")!, nightly.Outputs.Text("tokenHash")!, Password };
        secrets.Should().OnlyContain(s => s.Length > 8);
        foreach (var message in pages.SelectMany(p => p.Messages))
        {
            var wire = Encoding.UTF8.GetString(message.ToByteArray());
            secrets.Should().NotContain(s => wire.Contains(s), "List streams ids and names only");
        }
    }

    /// <summary>
    /// `pulumi import --file` with an entry that supplies `outputs` (Pulumi 3.254+): the engine does not Read; it stores
    /// the supplied id, inputs and outputs, and only Checks the inputs. The token's secret, supplied as a secret output,
    /// then survives refresh, and the program that declares the same inputs finds nothing to change.
    /// </summary>
    [Fact]
    public async Task A_token_imported_with_its_outputs_keeps_the_secret_it_was_given_across_refresh_and_up()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        var made = await session.CreateAsync(ApiToken, "elsewhere", TokenInputs("ci-scanner", ["TASKS_VIEW_ALL"], "made by another stack"));
        var secret = made.Outputs.Text("token")!;
        var id = (await session.ListAsync(ApiToken, Values.Map(("namePrefix", "ci-scanner")))).Results.Single().Id;

        var importer = new EngineSession(await _ctx.LaunchAsync());
        await importer.ConfigureAsync(_ctx.Config);
        var inputs = Values.Map(("name", "ci-scanner"), ("permissions", new[] { "TASKS_VIEW_ALL" }), ("comment", "made by another stack"));
        var outputs = inputs.Set("token", Values.Secret(secret));
        var check = await importer.CheckAsync(ApiToken, "ciToken", inputs, inputs);
        check.Failures.Should().BeEmpty();
        var imported = new ResourceState(ApiToken, "ciToken", importer.Urn(ApiToken, "ciToken"), id, inputs, outputs);

        var refreshed = await importer.RefreshAsync(imported);

        refreshed.Should().NotBeNull();
        refreshed!.Id.Should().Be(id);
        refreshed.Outputs["token"].Should().Be(Values.Secret(secret), "the secret is carried over as a secret");
        refreshed.Outputs.Text("creatorLogin").Should().Be("admin");
        refreshed.Outputs["tokenId"].NumberValue.Should().Be(long.Parse(id));
        (await importer.UpAsync(refreshed, inputs)).Action.Should().Be(UpAction.Same);
        (await Sandbox.GetTokensAsync()).Where(t => t.Deleted is null).Should().ContainSingle("nothing was replaced");
    }
}
