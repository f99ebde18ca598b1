using System.Text.Json.Nodes;
using ProviderHost.Resources;
using ProviderHost.Values;

namespace ProviderHost.Tests.TestResources;

/// <summary>
/// A resource whose every method a test can replace, to watch what the host hands it and to make it block or throw.
/// By default it echoes: Check returns the news, Create and Update return their inputs as outputs, Read gives back
/// the state, Diff finds no changes.
/// </summary>
public sealed class Probe : ICustomResource
{
    public const string Type = "test:index:Probe";

    public Func<ResourceContext, CheckArgs, CancellationToken, Task<CheckResult>> Check { get; set; } =
        (_, args, _) => Task.FromResult(CheckResult.Valid(args.News));

    public Func<ResourceContext, DiffArgs, CancellationToken, Task<DiffResult>> Diff { get; set; } =
        (_, _, _) => Task.FromResult(DiffResult.NoChanges);

    public Func<ResourceContext, CreateArgs, CancellationToken, Task<CreateResult>> Create { get; set; } =
        (_, args, _) => Task.FromResult(new CreateResult(args.Preview ? "" : "probe-1", args.Properties));

    public Func<ResourceContext, ReadArgs, CancellationToken, Task<ReadResult>> Read { get; set; } =
        (_, args, _) => Task.FromResult(new ReadResult(args.Id, args.OldOutputs, args.OldInputs));

    public Func<ResourceContext, UpdateArgs, CancellationToken, Task<UpdateResult>> Update { get; set; } =
        (_, args, _) => Task.FromResult(new UpdateResult(args.News));

    public Func<ResourceContext, DeleteArgs, CancellationToken, Task> Delete { get; set; } = (_, _, _) => Task.CompletedTask;

    /// <summary>Null (the default): the probe cannot be listed.</summary>
    public Func<ListContext, ListArgs, CancellationToken, Task<IReadOnlyList<ListedResource>>>? List { get; set; }

    public string TypeToken => Type;

    public JsonObject Schema => new() { ["description"] = "Whatever the test makes of it.", ["properties"] = new JsonObject() };

    Task<CheckResult> ICustomResource.CheckAsync(ResourceContext context, CheckArgs args, CancellationToken cancellationToken) => Check(context, args, cancellationToken);
    Task<DiffResult> ICustomResource.DiffAsync(ResourceContext context, DiffArgs args, CancellationToken cancellationToken) => Diff(context, args, cancellationToken);
    Task<CreateResult> ICustomResource.CreateAsync(ResourceContext context, CreateArgs args, CancellationToken cancellationToken) => Create(context, args, cancellationToken);
    Task<ReadResult> ICustomResource.ReadAsync(ResourceContext context, ReadArgs args, CancellationToken cancellationToken) => Read(context, args, cancellationToken);
    Task<UpdateResult> ICustomResource.UpdateAsync(ResourceContext context, UpdateArgs args, CancellationToken cancellationToken) => Update(context, args, cancellationToken);
    Task ICustomResource.DeleteAsync(ResourceContext context, DeleteArgs args, CancellationToken cancellationToken) => Delete(context, args, cancellationToken);

    JsonObject? ICustomResource.ListInputs => List is null ? null : new JsonObject();

    async Task<IReadOnlyList<ListedResource>?> ICustomResource.ListAsync(ListContext context, ListArgs args, CancellationToken cancellationToken) =>
        List is { } list ? await list(context, args, cancellationToken) : null;
}

/// <summary>The test provider's configuration: anything goes, unless a test replaces Configure.</summary>
public sealed class ProbeConfiguration : IProviderConfiguration
{
    public Func<PropertyMap, CancellationToken, Task> Configure { get; set; } = (_, _) => Task.CompletedTask;

    /// <summary>The arguments of the last Configure.</summary>
    public PropertyMap? Configured { get; private set; }

    public CheckResult CheckConfig(PropertyMap olds, PropertyMap news) => CheckResult.Valid(news);

    public DiffResult DiffConfig(PropertyMap oldOutputs, PropertyMap oldInputs, PropertyMap news) =>
        oldInputs.Equals(news) ? DiffResult.NoChanges : new DiffResult(DiffChanges.Some, [.. news.Keys], [], null);

    public async Task ConfigureAsync(PropertyMap args, CancellationToken cancellationToken)
    {
        await Configure(args, cancellationToken);
        Configured = args;
    }
}
