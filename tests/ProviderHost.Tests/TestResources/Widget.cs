using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using ProviderHost.Resources;
using ProviderHost.Values;

namespace ProviderHost.Tests.TestResources;

/// <summary>
/// A test-only resource written by hand against <see cref="ICustomResource"/>, kept in this process's memory: what
/// a new resource costs today. Inputs: <c>name</c> (required; a change replaces the widget), <c>size</c> (a
/// non-negative number, 1 by default), <c>tags</c> (string map) and <c>password</c> (secret). Outputs: the inputs,
/// plus <c>serial</c> (computed) and <c>key</c> (computed, secret).
/// </summary>
public sealed class Widget : ICustomResource
{
    public const string Type = "test:index:Widget";

    private readonly ConcurrentDictionary<string, PropertyMap> _inputs = new();
    private int _lastId;

    /// <summary>The widgets that exist, by id: their inputs.</summary>
    public IReadOnlyDictionary<string, PropertyMap> Existing => _inputs;

    public string TypeToken => Type;

    public JsonObject Schema => new()
    {
        ["description"] = "A widget kept in memory.",
        ["properties"] = new JsonObject
        {
            ["name"] = Property("string", "The widget's name; a change replaces it."),
            ["size"] = Property("number", "Its size."),
            ["tags"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string" }, ["description"] = "Tags." },
            ["password"] = Property("string", "A password.", secret: true),
            ["serial"] = Property("string", "Assigned at creation."),
            ["key"] = Property("string", "A key made at creation.", secret: true),
        },
        ["required"] = new JsonArray("name", "size", "serial", "key"),
        ["inputProperties"] = new JsonObject
        {
            ["name"] = Property("string", "The widget's name; a change replaces it."),
            ["size"] = Property("number", "Its size."),
            ["tags"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string" }, ["description"] = "Tags." },
            ["password"] = Property("string", "A password.", secret: true),
        },
        ["requiredInputs"] = new JsonArray("name"),
    };

    public Task<CheckResult> CheckAsync(ResourceContext context, CheckArgs args, CancellationToken cancellationToken)
    {
        var failures = new List<CheckFailure>();
        var news = args.News;
        if (news.Find("name")?.Unsecret() is not { Kind: PropertyValueKind.String } name || name.StringLength == 0)
            failures.Add(new CheckFailure("name", "required: a non-empty string"));
        if (news.Find("size")?.Unsecret() is not { } size)
            news = news.Set("size", PropertyValue.From(1));
        else if (size.Kind != PropertyValueKind.Number || size.NumberValue < 0)
            failures.Add(new CheckFailure("size", "must be a non-negative number"));
        if (news.Find("tags")?.Unsecret() is { } tags && (tags.Kind != PropertyValueKind.Object ||
            tags.ObjectValue.Values.Any(v => v.Unsecret().Kind != PropertyValueKind.String)))
            failures.Add(new CheckFailure("tags", "must be a map of strings"));
        // A password is always secret, whether or not the program marked it.
        if (news.Find("password") is { IsSecret: false } password) news = news.Set("password", PropertyValue.Secret(password));
        return Task.FromResult(new CheckResult(news, failures));
    }

    public Task<DiffResult> DiffAsync(ResourceContext context, DiffArgs args, CancellationToken cancellationToken)
    {
        var changed = args.OldInputs.Keys.Union(args.News.Keys)
            .Where(key => !Equals(args.OldInputs.Find(key), args.News.Find(key)))
            .Order(StringComparer.Ordinal).ToList();
        if (changed.Count == 0) return Task.FromResult(DiffResult.NoChanges);
        var detailed = changed.ToDictionary(key => key, key => new PropertyDiff(
            key == "name" ? PropertyDiffKind.UpdateReplace : args.OldInputs.Find(key) is null ? PropertyDiffKind.Add
                : args.News.Find(key) is null ? PropertyDiffKind.Delete : PropertyDiffKind.Update));
        return Task.FromResult(new DiffResult(DiffChanges.Some, changed, changed.Where(k => k == "name").ToList(), detailed));
    }

    public Task<CreateResult> CreateAsync(ResourceContext context, CreateArgs args, CancellationToken cancellationToken)
    {
        if (args.Preview)
            return Task.FromResult(new CreateResult("", Outputs(args.Properties, PropertyValue.Computed, PropertyValue.Computed)));
        var id = Interlocked.Increment(ref _lastId).ToString(CultureInfo.InvariantCulture);
        _inputs[id] = args.Properties;
        return Task.FromResult(new CreateResult(id, Outputs(id, args.Properties)));
    }

    public Task<ReadResult> ReadAsync(ResourceContext context, ReadArgs args, CancellationToken cancellationToken) =>
        Task.FromResult(_inputs.TryGetValue(args.Id, out var inputs)
            ? new ReadResult(args.Id, Outputs(args.Id, inputs), inputs)
            : ReadResult.Gone);

    public Task<UpdateResult> UpdateAsync(ResourceContext context, UpdateArgs args, CancellationToken cancellationToken)
    {
        if (!_inputs.ContainsKey(args.Id)) throw new ProviderException($"widget '{args.Id}' does not exist");
        if (!args.Preview) _inputs[args.Id] = args.News;
        return Task.FromResult(new UpdateResult(Outputs(args.Id, args.News)));
    }

    public Task DeleteAsync(ResourceContext context, DeleteArgs args, CancellationToken cancellationToken)
    {
        _inputs.TryRemove(args.Id, out _);
        return Task.CompletedTask;
    }

    /// <summary>Serial and key follow from the id, so that a read gives back what the create returned.</summary>
    private static PropertyMap Outputs(string id, PropertyMap inputs) =>
        Outputs(inputs, PropertyValue.From("W-" + id), PropertyValue.Secret(PropertyValue.From($"key-{id}-{inputs["name"].Unsecret().StringValue}")));

    private static PropertyMap Outputs(PropertyMap inputs, PropertyValue serial, PropertyValue key) =>
        inputs.Set("serial", serial).Set("key", key.IsComputed ? PropertyValue.Secret(key) : key);

    private static JsonObject Property(string type, string description, bool secret = false)
    {
        var property = new JsonObject { ["type"] = type, ["description"] = description };
        if (secret) property["secret"] = true;
        return property;
    }
}
