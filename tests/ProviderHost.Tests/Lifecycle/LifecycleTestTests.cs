using System.Collections.Concurrent;
using ProviderHost.Resources;
using ProviderHost.Tests.TestResources;
using ProviderHost.Values;

namespace ProviderHost.Tests.Lifecycle;

/// <summary>
/// LifecycleTest catches a provider that breaks what the engine relies on: each test breaks one invariant in an
/// otherwise well-behaved in-memory resource (the Probe, given a store) and expects the failure that names it.
/// </summary>
public class LifecycleTestTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, (PropertyMap Inputs, PropertyMap Outputs)> _store = new();
    private readonly ConcurrentQueue<string> _calls = new();
    private TestProvider _test = null!;
    private int _lastId;

    public async Task InitializeAsync()
    {
        _test = await TestProvider.StartAsync();
        var probe = _test.Probe;
        probe.Diff = (_, args, _) => Task.FromResult(args.OldInputs.Equals(args.News)
            ? DiffResult.NoChanges
            : new DiffResult(DiffChanges.Some, ["name"], ["name"], null));
        probe.Create = (_, args, _) =>
        {
            if (args.Preview) return Task.FromResult(new CreateResult("", args.Properties));
            var id = Interlocked.Increment(ref _lastId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _store[id] = (args.Properties, args.Properties);
            _calls.Enqueue("create " + id);
            return Task.FromResult(new CreateResult(id, args.Properties));
        };
        probe.Read = (_, args, _) => Task.FromResult(_store.TryGetValue(args.Id, out var state)
            ? new ReadResult(args.Id, state.Outputs, state.Inputs)
            : ReadResult.Gone);
        probe.Delete = (_, args, _) =>
        {
            _store.TryRemove(args.Id, out _);
            _calls.Enqueue("delete " + args.Id);
            return Task.CompletedTask;
        };
    }

    public async Task DisposeAsync() => await _test.DisposeAsync();

    private static readonly PropertyMap Secretive = Props.Map(("name", "p"), ("password", Props.Secret("hunter2")));

    private Task<LifecycleRun> Run(PropertyMap inputs, params LifecycleStep[] updates) => Run(false, inputs, updates);

    private Task<LifecycleRun> Run(bool deleteBeforeReplace, PropertyMap inputs, params LifecycleStep[] updates) =>
        new LifecycleTest { Type = Probe.Type, Create = new LifecycleStep(inputs), Updates = updates, DeleteBeforeReplace = deleteBeforeReplace }
            .RunAsync(_test.Provider);

    private static async Task<string> Failure(Func<Task> run) => (await run.Should().ThrowAsync<LifecycleException>()).Which.Message;

    [Fact]
    public async Task The_well_behaved_probe_passes_and_replaces_create_before_delete()
    {
        await Run(Secretive, new LifecycleStep(Props.Map(("name", "q"))) { Expect = UpAction.Replaced });

        _calls.Should().Equal("create 1", "create 2", "delete 1", "delete 2");
    }

    [Fact]
    public async Task With_deleteBeforeReplace_the_old_resource_goes_first()
    {
        await Run(deleteBeforeReplace: true, Secretive, new LifecycleStep(Props.Map(("name", "q"))) { Expect = UpAction.Replaced });

        _calls.Should().Equal("create 1", "delete 1", "create 2", "delete 2");
    }

    [Fact]
    public async Task An_output_of_a_secret_input_that_is_not_secret_fails()
    {
        var create = _test.Probe.Create;
        _test.Probe.Create = (context, args, ct) => create(context, args with { Properties = args.Properties.Set("password", PropertyValue.From("hunter2")) }, ct);

        (await Failure(() => Run(Secretive))).Should().Be("create preview: input 'password' was sent secret, but output 'password' is not secret");
    }

    [Fact]
    public async Task A_secret_value_shown_in_plain_in_another_output_fails()
    {
        var create = _test.Probe.Create;
        _test.Probe.Create = async (context, args, ct) =>
        {
            var result = await create(context, args, ct);
            return result with { Outputs = result.Outputs.Set("echo", Props.Of(new[] { "x", "hunter2" })) };
        };

        (await Failure(() => Run(Secretive))).Should().Be("create preview: output 'echo[1]' shows a secret value in plain");
    }

    [Fact]
    public async Task An_unknown_preview_output_not_declared_computed_fails()
    {
        var create = _test.Probe.Create;
        _test.Probe.Create = async (context, args, ct) =>
        {
            var result = await create(context, args, ct);
            return result with { Outputs = result.Outputs.Set("serial", PropertyValue.Computed) };
        };

        (await Failure(() => Run(Secretive))).Should().Be("create preview: output 'serial' is unknown, but only [] may be (LifecycleTest.Computed)");
    }

    [Fact]
    public async Task A_refresh_that_reads_something_else_fails()
    {
        var read = _test.Probe.Read;
        _test.Probe.Read = async (context, args, ct) =>
        {
            var result = await read(context, args, ct);
            return result with { Outputs = result.Outputs.Set("name", PropertyValue.From("drifted")) };
        };

        (await Failure(() => Run(Secretive))).Should().Be("create, refresh: output 'name' was \"p\", Read gives \"drifted\"");
    }

    [Fact]
    public async Task An_import_that_loses_an_input_fails_unless_declared_not_imported()
    {
        var read = _test.Probe.Read;
        _test.Probe.Read = async (context, args, ct) =>
        {
            var result = await read(context, args, ct);
            return args.IsImport ? result with { Inputs = result.Inputs.Remove("password"), Outputs = result.Outputs.Remove("password") } : result;
        };

        (await Failure(() => Run(Secretive))).Should().Be("import: input 'password' was [secret], Read gives absent");
        await new LifecycleTest { Type = Probe.Type, Create = new LifecycleStep(Secretive), NotImported = ["password"] }.RunAsync(_test.Provider);
    }

    [Fact]
    public async Task A_resource_still_there_after_Delete_fails()
    {
        _test.Probe.Delete = (_, _, _) => Task.CompletedTask;

        (await Failure(() => Run(Secretive))).Should().Be("delete: Read still finds resource '1' after Delete (the engine would keep it in state on refresh)");
    }

    [Fact]
    public async Task A_replacement_with_the_old_id_fails_unless_deleted_first()
    {
        var create = _test.Probe.Create;
        _test.Probe.Create = async (context, args, ct) => (await create(context, args, ct)) with { Id = args.Preview ? "" : "same" };
        _test.Probe.Read = (_, args, _) => Task.FromResult(new ReadResult(args.Id, _store["1"].Outputs, _store["1"].Inputs));

        (await Failure(() => Run(Secretive, new LifecycleStep(Props.Map(("name", "q"))) { Expect = UpAction.Replaced })))
            .Should().StartWith("update step 1: the replacement has the old resource's id 'same'");
    }
}
