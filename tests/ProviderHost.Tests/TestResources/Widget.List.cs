using System.Globalization;
using ProviderHost.Resources;
using ProviderHost.Typed;

namespace ProviderHost.Tests.TestResources;

/// <summary>Widgets can be listed: every widget in id order, optionally filtered by name prefix and size.</summary>
public sealed partial class Widget : IListableResource<WidgetListQuery>
{
    private int _listCalls;

    /// <summary>How many times the host asked for the list.</summary>
    public int ListCalls => Volatile.Read(ref _listCalls);

    public ObjectShape<WidgetListQuery> ListQuery => WidgetListQuery.Shape;

    public Task<IReadOnlyList<ListedResource>> ListAsync(ListContext context, WidgetListQuery query, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _listCalls);
        IReadOnlyList<ListedResource> listed = [.. _widgets
            .Where(w => query.NamePrefix is null || w.Value.Name.StartsWith(query.NamePrefix, StringComparison.Ordinal))
            .Where(w => query.MinSize is null || w.Value.Size >= query.MinSize)
            .OrderBy(w => long.Parse(w.Key, CultureInfo.InvariantCulture))
            .Select(w => new ListedResource(w.Key, w.Value.Name))];
        return Task.FromResult(listed);
    }
}

[Properties(Description = "Which widgets to list.")]
public sealed partial record WidgetListQuery
{
    [Property(Description = "Only widgets whose name starts with this.")]
    public string? NamePrefix { get; init; }

    [Property(Description = "Only widgets at least this big.")]
    public double? MinSize { get; init; }
}
