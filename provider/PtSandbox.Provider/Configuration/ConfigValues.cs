using ProviderHost.Values;

namespace PtSandbox.Provider.Configuration;

/// <summary>
/// Reads configuration from the engine's values with the environment as fallback. Default-provider values arrive
/// as strings (booleans too); explicit providers may send typed values; secrets arrive wrapped.
/// </summary>
internal sealed class ConfigValues(PropertyMap values, Func<string, string?> environment)
{
    /// <summary>
    /// The raw value of a key: config first, then its environment variable. Null when neither is set; an empty
    /// string counts as not set (YAML programs cannot leave an optional value out). A secret keeps its wrapper,
    /// so that problems with it can be reported without showing it.
    /// </summary>
    public PropertyValue? Get(ConfigKey key) => Given(key) ?? FromEnvironment(key);

    /// <summary>The value the engine sent for a key, if it sent a non-empty one.</summary>
    public PropertyValue? Given(ConfigKey key) =>
        values.Find(key.Name) is { } value && value.Unsecret() is var plain && !(plain.Kind == PropertyValueKind.String && plain.StringLength == 0)
            ? value
            : null;

    /// <summary>The key's environment variable, when it is set and not empty.</summary>
    public PropertyValue? FromEnvironment(ConfigKey key) =>
        environment(key.EnvironmentVariable) is { Length: > 0 } env ? PropertyValue.From(env) : null;

    /// <summary>True when the value will only be known later (a preview with an explicit provider fed by outputs).</summary>
    public bool IsUnknown(ConfigKey key) => Get(key)?.Unsecret() is { IsComputed: true };
}
