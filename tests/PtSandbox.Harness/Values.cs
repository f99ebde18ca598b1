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
}
