using System.Collections;
using ProviderHost.Values;

namespace ProviderHost.Testing;

/// <summary>Short ways to write property maps in tests: <c>Props.Map(("name", "ci"), ("tags", new[] { "a" }))</c>.</summary>
public static class Props
{
    public static PropertyMap Map(params (string Key, object? Value)[] items) =>
        PropertyMap.From(items.Select(i => KeyValuePair.Create(i.Key, Of(i.Value))));

    public static PropertyValue Secret(object? value) => PropertyValue.Secret(Of(value));

    public static PropertyValue Of(object? value) => value switch
    {
        null => PropertyValue.Null,
        PropertyValue v => v,
        PropertyMap m => PropertyValue.From(m),
        string s => PropertyValue.From(s),
        bool b => PropertyValue.From(b),
        int i => PropertyValue.From(i),
        long l => PropertyValue.From(l),
        double d => PropertyValue.From(d),
        IDictionary<string, string> d => PropertyValue.From(PropertyMap.From(d.Select(kv => KeyValuePair.Create(kv.Key, PropertyValue.From(kv.Value))))),
        IDictionary<string, object?> d => PropertyValue.From(PropertyMap.From(d.Select(kv => KeyValuePair.Create(kv.Key, Of(kv.Value))))),
        IEnumerable e => PropertyValue.From(e.Cast<object?>().Select(Of)),
        _ => throw new ArgumentException($"no property value for {value.GetType().Name}"),
    };
}
