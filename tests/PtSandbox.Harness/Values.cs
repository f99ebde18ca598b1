using ProviderHost.Testing;
using ProviderHost.Values;

namespace PtSandbox.Harness;

/// <summary>Short ways to write property maps in tests: <c>Values.Map(("name", "ci"), ("permissions", new[] { "X" }))</c>.</summary>
public static class Values
{
    public static PropertyMap Map(params (string Key, object? Value)[] items) => Props.Map(items);

    public static PropertyValue Secret(object? value) => Props.Secret(value);

    public static PropertyValue Of(object? value) => Props.Of(value);

    /// <summary>A string output, unwrapping a secret; null when absent.</summary>
    public static string? Text(this PropertyMap map, string key) =>
        map.Find(key)?.Unsecret() is { Kind: PropertyValueKind.String } v ? v.StringValue : null;

    /// <summary>Every string in <paramref name="map"/> that is not under a secret: what a state shows in plain text.</summary>
    public static IEnumerable<string> PlainStrings(this PropertyMap map) => map.Values.SelectMany(PlainStrings);

    private static IEnumerable<string> PlainStrings(PropertyValue value) => value.IsSecret ? [] : value.Kind switch
    {
        PropertyValueKind.String => [value.StringValue],
        PropertyValueKind.Array => value.ArrayValue.SelectMany(PlainStrings),
        PropertyValueKind.Object => value.ObjectValue.Values.SelectMany(PlainStrings),
        _ => [],
    };
}
