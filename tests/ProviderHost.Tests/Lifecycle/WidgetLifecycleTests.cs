using ProviderHost.Tests.TestResources;
using ProviderHost.Values;

namespace ProviderHost.Tests.Lifecycle;

/// <summary>The Widget through its whole life, over the wire of the in-process server.</summary>
public class WidgetLifecycleTests : IAsyncLifetime
{
    private TestProvider _test = null!;

    public async Task InitializeAsync() => _test = await TestProvider.StartAsync();
    public async Task DisposeAsync() => await _test.DisposeAsync();

    private static PropertyMap Inputs(string name, double? size = null, IDictionary<string, string>? tags = null, string? password = null)
    {
        var map = Props.Map(("name", name));
        if (size is { } s) map = map.Set("size", PropertyValue.From(s));
        if (tags is not null) map = map.Set("tags", Props.Of(tags));
        if (password is not null) map = map.Set("password", Props.Secret(password));
        return map;
    }

    private static LifecycleTest Widget(LifecycleStep create, params LifecycleStep[] updates) => Widget(false, create, updates);

    private static LifecycleTest Widget(bool deleteBeforeReplace, LifecycleStep create, params LifecycleStep[] updates) => new()
    {
        Type = TestResources.Widget.Type,
        Create = create,
        Updates = updates,
        Computed = ["serial", "key"],
        Secrets = ["key", "password"],
        DeleteBeforeReplace = deleteBeforeReplace,
    };

    [Fact]
    public async Task Create_update_no_change_replace_refresh_import_and_delete()
    {
        var run = await Widget(
            new LifecycleStep(Inputs("w", password: "hunter2"))
            {
                Outputs = Inputs("w", size: 1, password: "hunter2").Set("serial", PropertyValue.From("W-1")).Set("key", Props.Secret("key-1-w")),
            },
            new LifecycleStep(Inputs("w", size: 3, password: "hunter2")) { Expect = UpAction.Updated },
            new LifecycleStep(Inputs("w", size: 3, tags: new Dictionary<string, string> { ["team"] = "a" }, password: "hunter2")) { Expect = UpAction.Updated },
            new LifecycleStep(Inputs("w", size: 3, tags: new Dictionary<string, string> { ["team"] = "a" }, password: "hunter2"))
            {
                Expect = UpAction.Same,
                Verify = (_, outputs) => outputs["tags"].ObjectValue["team"].StringValue.Should().Be("a"),
            },
            new LifecycleStep(Inputs("w2", size: 3, password: "hunter2"))
            {
                Expect = UpAction.Replaced,
                Verify = (_, outputs) => outputs["serial"].StringValue.Should().Be("W-2"),
            }).RunAsync(_test.Provider);

        run.Created!.Id.Should().Be("1");
        run.Updates.Select(u => u!.Action).Should().Equal(UpAction.Updated, UpAction.Updated, UpAction.Same, UpAction.Replaced);
        run.Imported!.Id.Should().Be("2");
        _test.Widget.Existing.Should().BeEmpty("the run deleted what it made, the replaced widget included");
    }

    [Fact]
    public async Task A_step_Check_refuses_changes_nothing_and_the_run_goes_on()
    {
        var run = await Widget(
            new LifecycleStep(Inputs("w")),
            new LifecycleStep(Inputs("w", size: -1)) { CheckFailures = [("size", "must be a non-negative number")] },
            new LifecycleStep(Inputs("w", size: 2)) { Expect = UpAction.Updated }).RunAsync(_test.Provider);

        run.Updates.Should().HaveCount(2);
        run.Updates[0].Should().BeNull();
        run.Updates[1]!.State.Outputs["size"].NumberValue.Should().Be(2);
    }

    [Fact]
    public async Task A_create_Check_refuses_ends_the_run_with_nothing_made()
    {
        var run = await Widget(new LifecycleStep(Props.Map(("size", "big")))
        {
            CheckFailures = [("name", "required: The widget's name; a change replaces it."), ("size", "must be a number, not string")],
        }).RunAsync(_test.Provider);

        run.Created.Should().BeNull();
        _test.Widget.Existing.Should().BeEmpty();
    }

    [Fact]
    public async Task A_replacement_with_deleteBeforeReplace_passes_too()
    {
        var run = await Widget(deleteBeforeReplace: true, new LifecycleStep(Inputs("w")), new LifecycleStep(Inputs("v")) { Expect = UpAction.Replaced })
            .RunAsync(_test.Provider);

        run.Updates.Single()!.State.Id.Should().Be("2");
        _test.Widget.Existing.Should().BeEmpty();
    }

    [Fact]
    public async Task Expecting_the_wrong_action_fails_with_what_the_diff_said()
    {
        var act = () => Widget(new LifecycleStep(Inputs("w")), new LifecycleStep(Inputs("v")) { Expect = UpAction.Updated }).RunAsync(_test.Provider);

        (await act.Should().ThrowAsync<LifecycleException>()).Which.Message
            .Should().StartWith("update step 1: expected Updated but the preview's Diff means Replaced").And.Contain("replaces [name]");
    }

    [Fact]
    public async Task Expecting_Check_failures_that_do_not_come_fails()
    {
        var act = () => Widget(new LifecycleStep(Inputs("w")) { CheckFailures = [("name", "too short")] }).RunAsync(_test.Provider);

        (await act.Should().ThrowAsync<LifecycleException>()).Which.Message
            .Should().Be("create: Check failures were [], expected [name: too short]");
    }

    [Fact]
    public async Task An_update_step_must_say_what_it_expects()
    {
        var act = () => Widget(new LifecycleStep(Inputs("w")), new LifecycleStep(Inputs("w"))).RunAsync(_test.Provider);

        await act.Should().ThrowAsync<ArgumentException>();
    }
}
