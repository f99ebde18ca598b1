using System.Buffers;
using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace ProviderHost.Values;

/// <summary>
/// An immutable, key-ordered map of property values: the typed form of a <c>google.protobuf.Struct</c>. The entries
/// are one array sorted by key (ordinal): a resource's maps hold a few dozen entries at most, for which a lookup by
/// binary search, an enumeration without allocation and a change that copies one array cost less than a tree's
/// nodes. Large maps (a request's) are built once with a <see cref="Builder"/>, never entry by entry.
/// </summary>
public sealed class PropertyMap : IReadOnlyDictionary<string, PropertyValue>, IEquatable<PropertyMap>
{
    private readonly KeyValuePair<string, PropertyValue>[] _items;

    public static PropertyMap Empty { get; } = new([]);

    private PropertyMap(KeyValuePair<string, PropertyValue>[] items) => _items = items;

    /// <summary>A map of <paramref name="items"/>; of entries with the same key, the last one counts.</summary>
    public static PropertyMap From(IEnumerable<KeyValuePair<string, PropertyValue>> items)
    {
        var builder = new Builder();
        foreach (var (key, value) in items) builder[key] = value;
        return builder.ToMap();
    }

    /// <summary>A map of <paramref name="items"/>, which are in ordinal key order with no key twice (checked: a
    /// caller's mistake here would break every lookup).</summary>
    internal static PropertyMap FromOrdered(KeyValuePair<string, PropertyValue>[] items)
    {
        for (var i = 1; i < items.Length; i++)
            if (string.CompareOrdinal(items[i - 1].Key, items[i].Key) >= 0)
                throw new ArgumentException($"the entries are not in key order: '{items[i - 1].Key}' before '{items[i].Key}'", nameof(items));
        return items.Length == 0 ? Empty : new(items);
    }

    /// <summary>This map with every entry of <paramref name="entries"/> set on it (with <paramref name="exceptNulls"/>,
    /// not its null values): one pass over both, whatever their sizes, where setting them one by one would copy this
    /// map once per entry.</summary>
    public PropertyMap SetAll(PropertyMap entries, bool exceptNulls = false)
    {
        if (entries._items.Length == 0) return this;
        var merged = new KeyValuePair<string, PropertyValue>[_items.Length + entries._items.Length];
        int mine = 0, theirs = 0, count = 0, changed = 0;
        while (mine < _items.Length || theirs < entries._items.Length)
        {
            var order = mine == _items.Length ? 1 : theirs == entries._items.Length ? -1 : string.CompareOrdinal(_items[mine].Key, entries._items[theirs].Key);
            if (order < 0) merged[count++] = _items[mine++];
            else
            {
                var entry = entries._items[theirs++];
                var kept = order == 0 ? _items[mine++] : default;
                if (exceptNulls && entry.Value.IsNull)
                {
                    if (order == 0) merged[count++] = kept;
                    continue;
                }
                if (order != 0 || !ReferenceEquals(kept.Value, entry.Value)) changed++;
                merged[count++] = entry;
            }
        }
        return changed == 0 ? this : new(count == merged.Length ? merged : merged[..count]);
    }

    public PropertyValue this[string key] => IndexOf(key) is var i and >= 0 ? _items[i].Value : throw new KeyNotFoundException($"no property '{key}'");
    public IEnumerable<string> Keys => _items.Select(kv => kv.Key);
    public IEnumerable<PropertyValue> Values => _items.Select(kv => kv.Value);
    public int Count => _items.Length;

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out PropertyValue value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _items[i].Value : null;
        return i >= 0;
    }

    /// <summary>The value at <paramref name="key"/>, or null when it is absent or an explicit null.</summary>
    public PropertyValue? Find(string key) => IndexOf(key) is var i and >= 0 && !_items[i].Value.IsNull ? _items[i].Value : null;

    public PropertyMap Set(string key, PropertyValue value)
    {
        var i = IndexOf(key);
        if (i >= 0)
        {
            if (ReferenceEquals(_items[i].Value, value)) return this;
            var replaced = (KeyValuePair<string, PropertyValue>[])_items.Clone();
            replaced[i] = new(key, value);
            return new(replaced);
        }
        var at = ~i;
        var grown = new KeyValuePair<string, PropertyValue>[_items.Length + 1];
        Array.Copy(_items, grown, at);
        grown[at] = new(key, value);
        Array.Copy(_items, at, grown, at + 1, _items.Length - at);
        return new(grown);
    }

    public PropertyMap Remove(string key)
    {
        var i = IndexOf(key);
        if (i < 0) return this;
        if (_items.Length == 1) return Empty;
        var shrunk = new KeyValuePair<string, PropertyValue>[_items.Length - 1];
        Array.Copy(_items, shrunk, i);
        Array.Copy(_items, i + 1, shrunk, i, _items.Length - i - 1);
        return new(shrunk);
    }

    public bool Equals(PropertyMap? other) => other is not null && SameEntries(other, ignoringSecrecy: false);

    /// <summary>Equal as values, whatever is marked secret.</summary>
    public bool SameContent(PropertyMap other) => SameEntries(other, ignoringSecrecy: true);

    private bool SameEntries(PropertyMap other, bool ignoringSecrecy)
    {
        if (other._items.Length != _items.Length) return false;
        for (var i = 0; i < _items.Length; i++)
        {
            var (mine, theirs) = (_items[i], other._items[i]);
            if (!string.Equals(mine.Key, theirs.Key, StringComparison.Ordinal)
                || !(ignoringSecrecy ? mine.Value.SameContent(theirs.Value) : mine.Value.Equals(theirs.Value)))
                return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is PropertyMap other && Equals(other);

    public override int GetHashCode()
    {
        var hash = Count;
        foreach (var (key, value) in _items) hash = HashCode.Combine(hash, key, value);
        return hash;
    }

    public override string ToString() => "{" + string.Join(", ", _items.Select(kv => $"{kv.Key}: {kv.Value}")) + "}";

    /// <summary>Enumerates the entries in key order without allocating.</summary>
    public Enumerator GetEnumerator() => new(_items);
    IEnumerator<KeyValuePair<string, PropertyValue>> IEnumerable<KeyValuePair<string, PropertyValue>>.GetEnumerator() => ((IEnumerable<KeyValuePair<string, PropertyValue>>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    private int IndexOf(string key)
    {
        int low = 0, high = _items.Length - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) >> 1);
            var order = string.CompareOrdinal(_items[mid].Key, key);
            if (order == 0) return mid;
            if (order < 0) low = mid + 1;
            else high = mid - 1;
        }
        return ~low;
    }

    public struct Enumerator(KeyValuePair<string, PropertyValue>[] items)
    {
        private int _index = -1;

        public readonly KeyValuePair<string, PropertyValue> Current => items[_index];

        public bool MoveNext() => ++_index < items.Length;
    }

    /// <summary>Collects entries in any order; a later entry replaces an earlier one with the same key, as protobuf
    /// merges a map. <see cref="ToMap"/> sorts them once.</summary>
    public sealed class Builder
    {
        // Entries are collected in a pooled array: a request decodes a builder per map, and only the map stays.
        private (string Key, PropertyValue Value, int Order)[] _entries = [];
        private int _count;

        public Builder()
        {
        }

        /// <summary>A builder that starts with the entries of <paramref name="map"/>.</summary>
        public Builder(PropertyMap map)
        {
            foreach (var (key, value) in map._items) this[key] = value;
        }

        public int Count => _count;

        public PropertyValue this[string key]
        {
            set
            {
                if (_count == _entries.Length) Grow();
                _entries[_count] = (key, value, _count);
                _count++;
            }
        }

        /// <summary>The value last set at <paramref name="key"/> (a linear search: for the few keys of a special object).</summary>
        public bool TryGetValue(string key, [MaybeNullWhen(false)] out PropertyValue value)
        {
            for (var i = _count - 1; i >= 0; i--)
            {
                if (!string.Equals(_entries[i].Key, key, StringComparison.Ordinal)) continue;
                value = _entries[i].Value;
                return true;
            }
            value = null;
            return false;
        }

        /// <summary>The map of the entries set; the builder is empty afterwards.</summary>
        public PropertyMap ToMap()
        {
            if (_count == 0) return Empty;
            var entries = _entries.AsSpan(0, _count);
            // By key, and of equal keys in the order they were set, so that the one set last is kept below.
            if (!IsOrdered(entries)) entries.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key) is var order and not 0 ? order : a.Order.CompareTo(b.Order));
            // Of equal keys, only the last set is kept, moved down in place (an entry is compared before it is overwritten).
            var kept = 0;
            for (var i = 0; i < entries.Length; i++)
                if (i + 1 == entries.Length || !string.Equals(entries[i].Key, entries[i + 1].Key, StringComparison.Ordinal)) entries[kept++] = entries[i];
            var items = new KeyValuePair<string, PropertyValue>[kept];
            for (var i = 0; i < kept; i++) items[i] = new(entries[i].Key, entries[i].Value);
            Release();
            return new(items);
        }

        /// <summary>Drops the entries set, giving the builder's pooled array back: for a special object read for its fields, never made a map.</summary>
        public void Clear() => Release();

        private void Grow()
        {
            var grown = ArrayPool<(string, PropertyValue, int)>.Shared.Rent(Math.Max(16, _entries.Length * 2));
            _entries.AsSpan(0, _count).CopyTo(grown);
            if (_entries.Length > 0) ArrayPool<(string, PropertyValue, int)>.Shared.Return(_entries, clearArray: true);
            _entries = grown;
        }

        private void Release()
        {
            if (_entries.Length > 0) ArrayPool<(string, PropertyValue, int)>.Shared.Return(_entries, clearArray: true);
            _entries = [];
            _count = 0;
        }

        private static bool IsOrdered(Span<(string Key, PropertyValue Value, int Order)> entries)
        {
            for (var i = 1; i < entries.Length; i++)
                if (string.CompareOrdinal(entries[i - 1].Key, entries[i].Key) > 0) return false;
            return true;
        }
    }
}
