using System.Globalization;
using System.Text.Json.Nodes;
using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;
using PtSandbox.Harness.Fakes;
using PtSandbox.Hardening.Tests.Support;
using Pulumirpc;
using static PtSandbox.Hardening.Tests.Support.FakeSandboxRig;
using static ProviderHost.Values.PropertyMarshaller;

namespace PtSandbox.Hardening.Tests;

/// <summary>
/// Issue 11, finding 1: a token is bound to its sandbox and its identity. Ids start at 1 on every sandbox and may be
/// reused, so the provider must never adopt or delete a token only because it has the id in state.
/// </summary>
public sealed class TokenIdentityTests(ITestOutputHelper output)
{
    private const string ListPath = "/api/ui/public-api/tokens";

    [Fact]
    public async Task Pointing_PTSANDBOX_HOST_at_another_sandbox_is_a_provider_diff_that_replaces()
    {
        await using var rig = await ProviderRig.StartAsync(new EmulatorOptions { Http = true });
        var config = Values.Map(("username", "admin"), ("password", "admin")); // the host comes from the environment

        var checkedA = await CheckConfigWithHostVariableAsync(rig, config, "sandbox-a.example");
        var checkedB = await CheckConfigWithHostVariableAsync(rig, config, "sandbox-b.example");
        var diff = await DiffConfigAsync(rig, checkedA, checkedB);

        checkedA.Text("host").Should().Be("sandbox-a.example", "CheckConfig records where the host came from the environment");
        checkedA["password"].IsSecret.Should().BeTrue("the schema says password is secret, and CheckConfig receives it unwrapped");
        diff.Changes.Should().Be(DiffResponse.Types.DiffChanges.DiffSome);
        diff.Replaces.Should().Equal("host");
        diff.DetailedDiff["host"].Kind.Should().Be(PropertyDiff.Types.Kind.UpdateReplace);
    }

    [Theory]
    [InlineData("sandbox.example", "https://sandbox.example")]
    [InlineData("sandbox.example", "https://sandbox.example:443/")]
    [InlineData("https://sandbox.example", "HTTPS://SANDBOX.EXAMPLE")]
    [InlineData("http://sandbox.example:80", "http://sandbox.example/")]
    public async Task One_sandbox_written_two_ways_or_moved_to_the_environment_changes_nothing(string before, string after)
    {
        await using var rig = await ProviderRig.StartAsync(new EmulatorOptions { Http = true });
        var config = Values.Map(("username", "admin"), ("password", "admin"));
        var session = await LaunchAsync(rig);
        var inConfig = ToPropertyMap((await session.CheckConfigAsync(config.Set("host", PropertyValue.From(before)))).Inputs);

        var rewritten = ToPropertyMap((await session.CheckConfigAsync(config.Set("host", PropertyValue.From(after)))).Inputs);
        var fromEnvironment = await CheckConfigWithHostVariableAsync(rig, config, after);

        (await DiffConfigAsync(rig, inConfig, rewritten)).Changes.Should().Be(DiffResponse.Types.DiffChanges.DiffNone);
        (await DiffConfigAsync(rig, inConfig, fromEnvironment)).Changes.Should().Be(DiffResponse.Types.DiffChanges.DiffNone);
        (await DiffConfigAsync(rig, inConfig, config.Set("host", PropertyValue.From("other.example")))).Replaces.Should().Equal("host");
    }

    [Fact]
    public async Task A_token_with_the_same_id_on_another_sandbox_is_never_adopted_nor_deleted()
    {
        await using var rigA = await ProviderRig.StartAsync(new EmulatorOptions { Http = true });
        await using var sandboxB = await EmulatorServer.StartAsync(new EmulatorOptions { Http = true });
        var hostB = sandboxB.BaseUrl.ToString().TrimEnd('/');
        var up = await rigA.SessionAsync(rigA.Config(host: rigA.Emulator.BaseUrl.ToString().TrimEnd('/')));
        var ours = await up.CreateAsync(ApiToken, "ci", ProviderRig.TokenInputs("team-a-token"));
        var theirs = await (await rigA.SessionAsync(rigA.Config(host: hostB))).CreateAsync(ApiToken, "theirs", ProviderRig.TokenInputs("team-b-token"));
        theirs.Id.Should().Be(ours.Id, "ids start at 1 on every sandbox");

        // A state written before hosts from the environment were recorded, now configured with host B.
        var pointedAtB = await rigA.SessionAsync(rigA.Config(host: hostB), fromState: true);
        var read = await FailsAsync(() => pointedAtB.RefreshAsync(ours));
        var delete = await FailsAsync(() => pointedAtB.DeleteAsync(ours));

        output.WriteLine(read.Status.Detail);
        output.WriteLine(delete.Status.Detail);
        read.Status.Detail.Should().Contain($"token {ours.Id} in the sandbox is not the token in state, so it was not adopted")
            .And.Contain("\"team-a-token\"").And.Contain("\"team-b-token\"").And.Contain("fix host").And.Contain("pulumi state delete");
        delete.Status.Detail.Should().Contain("so it was not deleted");
        (await sandboxB.Control.GetTokensAsync()).Should().ContainSingle(t => t.Name == "team-b-token" && t.Deleted == null);
        (await rigA.Emulator.Control.GetTokensAsync()).Should().ContainSingle(t => t.Name == "team-a-token" && t.Deleted == null);
    }

    [Fact]
    public async Task A_deleted_then_reused_id_never_makes_the_provider_delete_a_strangers_token()
    {
        await using var rig = await FakeSandboxRig.StartAsync();
        var up = await rig.SessionAsync();
        var state = await up.CreateAsync(ApiToken, "ci", ProviderRig.TokenInputs("mine-token"));
        await rig.Control.DeleteTokenAsync(long.Parse(state.Id, CultureInfo.InvariantCulture));
        // The sandbox now lists a stranger's token under our old id.
        rig.Fake.On("GET", ListPath).Forward((_, answer) => answer.WithBody(WithEntry(answer.BodyText,
            Token(long.Parse(state.Id, CultureInfo.InvariantCulture), "stranger-token", DateTimeOffset.UtcNow.AddMinutes(5), "bob"))));

        var destroy = await rig.SessionAsync(fromState: true);
        var refresh = await FailsAsync(() => destroy.RefreshAsync(state));
        var delete = await FailsAsync(() => destroy.DeleteAsync(state));

        refresh.Status.Detail.Should().Contain("\"stranger-token\"").And.Contain("\"mine-token\"").And.Contain("was not adopted");
        delete.Status.Detail.Should().Contain("was not deleted");
        rig.Fake.Count("DELETE", ListPath + "/{id}").Should().Be(0, "no delete may reach the sandbox for a token that is not ours");
    }

    [Fact]
    public async Task Import_still_adopts_a_token_by_id()
    {
        await using var rig = await FakeSandboxRig.StartAsync();
        var existing = await (await rig.SessionAsync()).CreateAsync(ApiToken, "made-elsewhere", ProviderRig.TokenInputs("imported-token"));

        var (imported, check) = await (await rig.SessionAsync()).ImportAsync(ApiToken, "adopted", existing.Id);

        imported.Outputs.Text("name").Should().Be("imported-token");
        check.Failures.Should().BeEmpty();
    }

    [Fact]
    public async Task A_listing_with_a_deleted_and_a_live_entry_under_one_id_resolves_to_the_live_one()
    {
        await using var rig = await FakeSandboxRig.StartAsync();
        var state = await (await rig.SessionAsync()).CreateAsync(ApiToken, "ci", ProviderRig.TokenInputs("twice-listed"));
        var id = long.Parse(state.Id, CultureInfo.InvariantCulture);
        // An old deleted token shown first under the same id, as a sandbox listing soft-deleted tokens might.
        rig.Fake.On("GET", ListPath).Forward((_, answer) =>
            answer.WithBody(WithEntry(answer.BodyText, Token(id, "twice-listed", DateTimeOffset.UtcNow.AddDays(-1), "admin", deleted: true), first: true)));

        var refreshed = await (await rig.SessionAsync(fromState: true)).RefreshAsync(state);

        refreshed.Should().NotBeNull("the live entry is the token; the deleted one must not make refresh drop it");
        refreshed!.Outputs.Text("token").Should().Be(state.Outputs.Text("token"));
    }

    private static async Task<EngineSession> LaunchAsync(ProviderRig rig, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var session = new EngineSession(await rig.LaunchAsync(environment: environment));
        await session.HandshakeAsync(rig.Engine.Address);
        return session;
    }

    private static async Task<PropertyMap> CheckConfigWithHostVariableAsync(ProviderRig rig, PropertyMap config, string host)
    {
        var session = await LaunchAsync(rig, new Dictionary<string, string?> { ["PTSANDBOX_HOST"] = host });
        var check = await session.CheckConfigAsync(config);
        check.Failures.Should().BeEmpty();
        return ToPropertyMap(check.Inputs);
    }

    private static async Task<DiffResponse> DiffConfigAsync(ProviderRig rig, PropertyMap olds, PropertyMap news)
    {
        var session = await LaunchAsync(rig);
        return await session.Client.DiffConfigAsync(new DiffRequest
        {
            Id = Guid.NewGuid().ToString(), Urn = session.Urn(session.ProviderType, "default"), Name = "default", Type = session.ProviderType,
            Olds = ToStruct(olds), OldInputs = ToStruct(olds), News = ToStruct(news),
        });
    }

    internal static JsonObject Token(long id, string name, DateTimeOffset created, string creator, bool deleted = false) => new()
    {
        ["id"] = id, ["name"] = name, ["comment"] = null, ["permissions"] = new JsonArray("SCAN_WITH_PREDEFINED_SETTINGS"),
        ["creatorLogin"] = creator, ["created"] = created.ToUnixTimeMilliseconds() / 1000.0, ["modified"] = null,
        ["deleted"] = deleted ? created.ToUnixTimeMilliseconds() / 1000.0 : null, ["entryPoint"] = null,
    };

    /// <summary>A listing with one more entry (first or last) and its total raised.</summary>
    internal static string WithEntry(string listing, JsonObject entry, bool first = false)
    {
        var root = JsonNode.Parse(listing)!.AsObject();
        var entries = root["entries"]!.AsArray();
        if (first) entries.Insert(0, entry);
        else entries.Add(entry);
        root["total"] = entries.Count;
        return root.ToJsonString();
    }
}
