using System.Text.Json.Nodes;

namespace PtSandbox.Provider.Configuration;

/// <summary>
/// The schema's view of the configuration keys, built from <see cref="ConfigKeys"/> so the documented keys,
/// environment variables, defaults and secrets cannot drift from what Configure reads.
/// </summary>
internal static class ConfigSchema
{
    /// <summary><c>config.variables</c>: stack configuration under <c>ptsandbox:</c>.</summary>
    public static JsonObject Variables() => Properties(ConfigKeys.All, key => key.SchemaDefault);

    /// <summary><c>provider.properties</c>: what an explicit provider resource exposes (its string inputs).</summary>
    public static JsonObject ProviderOutputs() => Properties(ConfigKeys.All.Where(k => !k.IsBoolean), _ => null);

    /// <summary><c>provider.inputProperties</c>: the provider's arguments, with their environment fallbacks.</summary>
    public static JsonObject ProviderInputs()
    {
        var inputs = Properties(ConfigKeys.All, key => key.SchemaDefault);
        foreach (var key in ConfigKeys.All)
            inputs[key.Name]!["defaultInfo"] = new JsonObject { ["environment"] = new JsonArray(key.EnvironmentVariable) };
        return inputs;
    }

    private static JsonObject Properties(IEnumerable<ConfigKey> keys, Func<ConfigKey, JsonNode?> defaultOf)
    {
        var properties = new JsonObject();
        foreach (var key in keys.OrderBy(k => k.Name, StringComparer.Ordinal))
        {
            var spec = new JsonObject { ["type"] = key.IsBoolean ? "boolean" : "string", ["description"] = key.SchemaDescription };
            if (defaultOf(key) is { } value) spec["default"] = value;
            if (key.Secret) spec["secret"] = true;
            properties[key.Name] = spec;
        }
        return properties;
    }
}
