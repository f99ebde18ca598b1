using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace ProviderHost.Values;

/// <summary>An immutable, key-ordered map of property values: the typed form of a <c>google.protobuf.Struct</c>.</summary>
public sealed class PropertyMap : IReadOnlyDictionary<string, PropertyValue>, IEquatable<PropertyMap>
{
    private readonly ImmutableSortedDictionary<string, PropertyValue> _items;

    public static PropertyMap Empty { get; } = new(ImmutableSortedDictionary<string, PropertyValue>.Empty.WithComparers(StringComparer.Ordinal));

    private PropertyMap(ImmutableSortedDictionary<string, PropertyValue> items) => _items = items;

    public static PropertyMap From(IEnumerable<KeyValuePair<string, PropertyValue>> items) =>
        new(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, items));

    public PropertyValue this[string key] => _items[key];
    public IEnumerable<string> Keys => _items.Keys;
    public IEnumerable<PropertyValue> Values => _items.Values;
    public int Count => _items.Count;

    public bool ContainsKey(string key) => _items.ContainsKey(key);
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out PropertyValue value) => _items.TryGetValue(key, out value);

    public PropertyMap Set(string key, PropertyValue value) => new(_items.SetItem(key, value));
    public PropertyMap Remove(string key) => new(_items.Remove(key));

    /// <summary>The value at <paramref name="key"/>, or null when it is absent or an explicit null.</summary>
    public PropertyValue? Find(string key) => _items.TryGetValue(key, out var v) && !v.IsNull ? v : null;

    public bool Equals(PropertyMap? other) =>
        other is not null && other.Count == Count &&
        _items.All(kv => other._items.TryGetValue(kv.Key, out var v) && kv.Value.Equals(v));

    /// <summary>Equal as values, whatever is marked secret.</summary>
    public bool SameContent(PropertyMap other) =>
        other.Count == Count && _items.All(kv => other._items.TryGetValue(kv.Key, out var v) && kv.Value.SameContent(v));

    public override bool Equals(object? obj) => obj is PropertyMap other && Equals(other);
    public override int GetHashCode() => _items.Aggregate(Count, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value));
    public override string ToString() => "{" + string.Join(", ", _items.Select(kv => $"{kv.Key}: {kv.Value}")) + "}";

    public IEnumerator<KeyValuePair<string, PropertyValue>> GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
