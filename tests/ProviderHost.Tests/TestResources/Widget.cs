using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using ProviderHost.Typed;

namespace ProviderHost.Tests.TestResources;

/// <summary>
/// A test-only resource declared with the typed layer and kept in this process's memory: what a new resource costs.
/// A change of <c>name</c> replaces the widget; the other inputs update it in place.
/// </summary>
[Resource(Type, Description = "A widget kept in memory.", RefreshBeforeUpdate = true)]
public sealed partial class Widget : CustomResource<WidgetArgs, WidgetState>
{
    public const string Type = "test:index:Widget";

    private readonly ConcurrentDictionary<string, WidgetArgs> _widgets = new();
    private int _lastId;

    /// <summary>The widgets that exist, by id: their inputs.</summary>
    public IReadOnlyDictionary<string, WidgetArgs> Existing => _widgets;

    protected override void Validate(WidgetArgs args, ResourceCall call)
    {
        if (call.Inputs.IsKnown("size") && args.Size < 0) call.Inputs.Fail("size", "must be a non-negative number");
    }

    protected override Task<Created<WidgetState>> CreateAsync(ResourceCall call, WidgetArgs args, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _lastId).ToString(CultureInfo.InvariantCulture);
        _widgets[id] = args;
        return Task.FromResult(new Created<WidgetState>(id, State(id, args)));
    }

    protected override Task<Observed<WidgetArgs, WidgetState>?> ReadAsync(ResourceCall call, string id, WidgetArgs? oldArgs, WidgetState? oldState, CancellationToken cancellationToken) =>
        Task.FromResult(_widgets.TryGetValue(id, out var args) ? new Observed<WidgetArgs, WidgetState>(id, args, State(id, args)) : null);

    protected override Task<WidgetState> UpdateAsync(ResourceCall call, string id, WidgetArgs oldArgs, WidgetState oldState, WidgetArgs news, bool preview, CancellationToken cancellationToken)
    {
        if (!_widgets.ContainsKey(id)) throw new ProviderHost.Resources.ProviderException($"widget '{id}' does not exist");
        if (!preview) _widgets[id] = news;
        return Task.FromResult(State(id, news));
    }

    protected override Task DeleteAsync(ResourceCall call, string id, WidgetArgs oldArgs, WidgetState oldState, CancellationToken cancellationToken)
    {
        _widgets.TryRemove(id, out _);
        return Task.CompletedTask;
    }

    /// <summary>Serial and key follow from the id, so that a read gives back what the create returned.</summary>
    private static WidgetState State(string id, WidgetArgs args) => new(args) { Serial = "W-" + id, Key = $"key-{id}-{args.Name}" };
}

[Properties]
public partial record WidgetArgs
{
    [Property(Description = "The widget's name; a change replaces it.", ReplaceOnChanges = true, Pattern = nameof(NonEmpty), PatternHint = "a non-empty string")]
    public string Name { get; init; } = "";

    [GeneratedRegex(".")]
    internal static partial Regex NonEmpty();

    [Property(Description = "Its size.", Default = 1)]
    public double Size { get; init; }

    [Property(Description = "Tags.")]
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    [Property(Description = "A password.", Secret = true)]
    public string? Password { get; init; }
}

[Properties]
public sealed partial record WidgetState : WidgetArgs
{
    public WidgetState() { }

    public WidgetState(WidgetArgs args) : base(args) { }

    [Property(Description = "Assigned at creation.")]
    public string Serial { get; init; } = "";

    [Property(Description = "A key made at creation.", Secret = true)]
    public string Key { get; init; } = "";
}
