extern alias testing;

using System.Text.Json.Nodes;
using Grpc.Core;
using ProviderHost.Resources;
using ProviderHost.Schema;
using ProviderHost.Tests.TestResources;
using ProviderHost.Values;
using testing::Pulumirpc;
using static ProviderHost.Values.PropertyMarshaller;
using Empty = Google.Protobuf.WellKnownTypes.Empty;

namespace ProviderHost.Tests.Host;

/// <summary>
/// List (resource discovery, engine 3.233+): the host pages what a resource lists (limit, page size, continuation
/// tokens), answers a query with unknowns with one `computed`, and refuses what it cannot serve, as the engine
/// expects. Widgets are listed through the typed layer; the probe lists whatever a test makes it.
/// </summary>
public class ListTests : HostTest
{
    private static readonly string[] Names = ["alpha", "beta", "gamma", "delta", "epsilon"];

    /// <summary>A configured session with the five <see cref="Names"/> widgets, created in that order (ids 1 to 5).</summary>
    private async Task<EngineSession> WithWidgetsAsync()
    {
        var session = await Test.ConfiguredSessionAsync();
        for (var i = 0; i < Names.Length; i++)
            await session.CreateAsync(Widget.Type, "w" + i, Props.Map(("name", Names[i]), ("size", i), ("password", Props.Secret("pw-" + Names[i]))));
        return session;
    }

    private static (string Id, string Name)[] Listed(params ListPage[] pages) =>
        [.. pages.SelectMany(p => p.Results).Select(r => (r.Id, r.Name))];

    private static (string Id, string Name)[] Widgets(params int[] indexes) =>
        [.. indexes.Select(i => ((i + 1).ToString(), Names[i]))];

    [Fact]
    public async Task Without_limit_or_page_size_one_page_lists_every_resource_by_id_and_name_in_the_resources_order()
    {
        var session = await WithWidgetsAsync();

        var page = await session.ListAsync(Widget.Type);

        Listed(page).Should().Equal(Widgets(0, 1, 2, 3, 4));
        page.Messages.Should().OnlyContain(m => m.ResponseCase == ListResponse.ResponseOneofCase.Result, "one page holds everything: no continuation");
    }

    [Fact]
    public async Task Pages_hold_at_most_page_size_results_and_their_continuation_tokens_lead_through_the_rest()
    {
        var session = await WithWidgetsAsync();

        var pages = await session.ListAllAsync(Widget.Type, pageSize: 2);

        pages.Select(p => p.Results.Count).Should().Equal(2, 2, 1);
        Listed([.. pages]).Should().Equal(Widgets(0, 1, 2, 3, 4), "each resource exactly once, in order");
        pages.Take(2).Select(p => p.Messages.Last().ResponseCase).Should().OnlyContain(c => c == ListResponse.ResponseOneofCase.Continuation,
            "a page with more after it ends with its continuation");
        pages[^1].Continuation.Should().BeNull("the last page says nothing more");
    }

    [Fact]
    public async Task The_limit_caps_the_whole_enumeration_also_across_pages()
    {
        var session = await WithWidgetsAsync();

        var oneCall = await session.ListAsync(Widget.Type, limit: 3);
        var paged = await session.ListAllAsync(Widget.Type, limit: 3, pageSize: 2);

        Listed(oneCall).Should().Equal(Widgets(0, 1, 2));
        oneCall.Continuation.Should().BeNull("the limit is reached: there is no next page");
        paged.Select(p => p.Results.Count).Should().Equal(2, 1);
        Listed([.. paged]).Should().Equal(Widgets(0, 1, 2));
    }

    [Fact]
    public async Task The_query_reaches_the_resource_decoded()
    {
        var session = await WithWidgetsAsync();

        var byName = await session.ListAsync(Widget.Type, Props.Map(("namePrefix", "e")));
        var bySize = await session.ListAsync(Widget.Type, Props.Map(("minSize", 3)));

        Listed(byName).Should().Equal(Widgets(4));
        Listed(bySize).Should().Equal(Widgets(3, 4));
    }

    [Fact]
    public async Task A_query_with_an_unknown_anywhere_is_answered_by_exactly_one_computed_without_listing()
    {
        var session = await WithWidgetsAsync();

        var unknown = await session.ListAsync(Widget.Type, Props.Map(("namePrefix", PropertyValue.Computed)), pageSize: 2);
        var unknownSecret = await session.ListAsync(Widget.Type, Props.Map(("namePrefix", "a"), ("minSize", Props.Secret(PropertyValue.Computed))));

        foreach (var page in new[] { unknown, unknownSecret })
            page.Messages.Should().ContainSingle().Which.ResponseCase.Should().Be(ListResponse.ResponseOneofCase.Computed);
        Test.Widget.ListCalls.Should().Be(0);
    }

    [Fact]
    public async Task A_continuation_token_the_provider_did_not_give_is_InvalidArgument_in_one_line()
    {
        var session = await WithWidgetsAsync();

        foreach (var token in new[] { "abc", "-1", "0", "1.5", " 2", "99999999999999999999999", "2\nbad" })
        {
            var list = () => session.ListAsync(Widget.Type, continuationToken: token);
            var error = (await list.Should().ThrowAsync<RpcException>()).Which;
            error.StatusCode.Should().Be(StatusCode.InvalidArgument, token);
            error.Status.Detail.Should().StartWith("list of Widget resources: the continuation token '").And
                .EndWith("' is not one this provider gave; list again from the first page (no token)").And.NotContain("\n");
        }
        (await session.ListAsync(Widget.Type, continuationToken: "3")).Results.Select(r => r.Name).Should().Equal("delta", "epsilon");
        (await session.ListAsync(Widget.Type, continuationToken: "40")).Messages.Should().BeEmpty("a list that shrank has nothing there");
    }

    [Fact]
    public async Task A_resource_that_cannot_be_listed_answers_UNIMPLEMENTED_naming_those_that_can()
    {
        var session = await Test.ConfiguredSessionAsync();

        var list = () => session.ListAsync(Probe.Type);

        (await list.Should().ThrowAsync<RpcException>()).Which.Status.Should().Be(new Status(StatusCode.Unimplemented,
            $"test {TestProvider.Version} cannot list 'test:index:Probe' resources: it lists 'test:index:Widget'"));
    }

    [Fact]
    public async Task An_unknown_type_is_InvalidArgument_as_for_the_other_calls()
    {
        var session = await Test.ConfiguredSessionAsync();

        var list = () => session.ListAsync("test:index:Nope");

        var error = (await list.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Be($"unknown resource type 'test:index:Nope': test {TestProvider.Version} provides 'test:index:Widget', 'test:index:Probe'");
    }

    [Fact]
    public async Task A_query_the_declaration_does_not_take_or_a_secret_one_is_InvalidArgument()
    {
        var session = await WithWidgetsAsync();

        var unknownKey = () => session.ListAsync(Widget.Type, Props.Map(("colour", "red")));
        var wrongType = () => session.ListAsync(Widget.Type, Props.Map(("minSize", "big")));
        var secret = () => session.ListAsync(Widget.Type, Props.Map(("namePrefix", Props.Secret("al"))));

        var error = (await unknownKey.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Be("the query to list Widget resources is not valid: colour: unknown property; WidgetListQuery takes namePrefix, minSize");
        error = (await wrongType.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().StartWith("the query to list Widget resources is not valid: minSize: ");
        error = (await secret.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().StartWith("list of Widget resources: the query's namePrefix is secret").And.NotContain("\"al\"");
    }

    [Fact]
    public async Task List_sent_before_Configure_runs_only_once_Configure_has_finished()
    {
        var entered = Signal();
        var release = Signal();
        Test.Configuration.Configure = async (_, ct) =>
        {
            entered.TrySetResult();
            await release.Task.WaitAsync(ct);
        };
        bool? configuredWhenListed = null;
        Test.Probe.List = (_, _, _) =>
        {
            configuredWhenListed = Test.Configuration.Configured is not null;
            return Task.FromResult<IReadOnlyList<ListedResource>>([new ListedResource("p-1", "one")]);
        };
        var session = Test.Session();

        var list = session.ListAsync(Probe.Type);
        var configure = session.ConfigureFromStateAsync(PropertyMap.Empty);
        await entered.Task.WaitAsync(HangGuard);
        list.IsCompleted.Should().BeFalse("Configure has not finished");

        release.SetResult();
        await configure.WaitAsync(HangGuard);
        Listed(await list.WaitAsync(HangGuard)).Should().Equal(("p-1", "one"));
        configuredWhenListed.Should().BeTrue();
    }

    [Fact]
    public async Task The_providers_operation_timeout_bounds_a_listing_and_a_domain_exception_is_mapped()
    {
        await using var test = await TestProvider.StartAsync(operationTimeout: TimeSpan.FromSeconds(1));
        var session = await test.ConfiguredSessionAsync();
        test.Probe.List = async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return [];
        };

        var slow = () => session.ListAsync(Probe.Type);

        (await slow.Should().ThrowAsync<RpcException>()).Which.Status.Should().Be(new Status(StatusCode.DeadlineExceeded,
            "Test service: list of Probe resources timed out after 1 s (the test's operation timeout)"));

        test.Probe.List = (_, _, _) => throw new TestProvider.ServiceDownException("the widget service is down");
        var down = () => session.ListAsync(Probe.Type);
        (await down.Should().ThrowAsync<RpcException>()).Which.Status.Should().Be(new Status(StatusCode.Unavailable, "the widget service is down"));
    }

    [Fact]
    public async Task No_known_secret_leaves_in_a_result_and_names_lose_control_characters()
    {
        const string Secret = "hunter2-correct-horse-battery";
        var session = await Test.ConfiguredSessionAsync(Props.Map(("apiKey", Props.Secret(Secret))));
        Test.Probe.List = (_, _, _) => Task.FromResult<IReadOnlyList<ListedResource>>(
        [
            new ListedResource("p-1", "plain"),
            new ListedResource("p-2", "named-" + Secret),
            new ListedResource("p-3", "bell\u0007\u001b[31mred"),
        ]);

        var page = await session.ListAsync(Probe.Type);

        Listed(page).Should().Equal(("p-1", "plain"), ("p-2", ""), ("p-3", "bellred"));
        page.Messages.Select(m => m.ToString()).Should().NotContain(text => text.Contains("hunter2"));
        var warning = await Test.Provider.Engine.WaitForLogAsync(l => l.Message.Contains("p-2")).WaitAsync(HangGuard);
        warning.Message.Should().Be("list of Probe resources: the name of p-2 shows a secret; it is listed without a name");

        Test.Probe.List = (_, _, _) => Task.FromResult<IReadOnlyList<ListedResource>>([new ListedResource("p-1", "a"), new ListedResource(Secret, "b")]);
        var secretId = () => session.ListAsync(Probe.Type);
        var error = (await secretId.Should().ThrowAsync<RpcException>()).Which;
        error.Status.Should().Be(new Status(StatusCode.FailedPrecondition,
            "list of Probe resources: the provider listed an id that shows a secret (a provider bug); nothing was listed"));

        Test.Probe.List = (_, _, _) => Task.FromResult<IReadOnlyList<ListedResource>>([new ListedResource("", "nameless")]);
        var noId = () => session.ListAsync(Probe.Type);
        (await noId.Should().ThrowAsync<RpcException>()).Which.Status.Detail.Should().Contain("listed a resource without an id");
    }

    [Fact]
    public async Task The_schema_has_listInputs_for_a_listable_resource_only_written_like_inputProperties()
    {
        var schema = JsonNode.Parse((await Client.GetSchemaAsync(new GetSchemaRequest())).Schema)!.AsObject();

        var widget = schema["resources"]![Widget.Type]!.AsObject();
        JsonNode.DeepEquals(widget["listInputs"], JsonNode.Parse("""
            {
              "description": "Which widgets to list.",
              "type": "object",
              "properties": {
                "minSize": { "type": "number", "description": "Only widgets at least this big." },
                "namePrefix": { "type": "string", "description": "Only widgets whose name starts with this." }
              }
            }
            """)).Should().BeTrue(widget["listInputs"]!.ToJsonString());
        widget["listInputs"]!["properties"]!.AsObject().Select(p => p.Key).Should().Equal("minSize", "namePrefix");
        widget.Select(p => p.Key).Last().Should().Be("listInputs");
        schema["resources"]![Probe.Type]!.AsObject().ContainsKey("listInputs").Should().BeFalse();
        JsonNode.DeepEquals(widget, PackageSchema.ResourceEntry(Test.Widget)).Should().BeTrue();
    }
}
