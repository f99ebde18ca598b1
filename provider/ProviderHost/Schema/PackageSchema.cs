using System.Text.Json;
using System.Text.Json.Nodes;
using ProviderHost.Resources;

namespace ProviderHost.Schema;

/// <summary>Assembles the package schema from the package-level spec and every registered resource and function.</summary>
public static class PackageSchema
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="package">Package metadata, config, provider spec and shared types; resources/functions are filled in here.</param>
    public static string Build(JsonObject package, string version, IEnumerable<ICustomResource> resources, IEnumerable<IProviderFunction> functions)
    {
        var schema = (JsonObject)package.DeepClone();
        schema["version"] = version;

        var resourceSpecs = new JsonObject();
        foreach (var resource in resources.OrderBy(r => r.TypeToken, StringComparer.Ordinal))
            resourceSpecs[resource.TypeToken] = ResourceEntry(resource);
        schema["resources"] = resourceSpecs;

        var functionSpecs = new JsonObject();
        foreach (var function in functions.OrderBy(f => f.TypeToken, StringComparer.Ordinal))
            functionSpecs[function.TypeToken] = function.Schema.DeepClone();
        schema["functions"] = functionSpecs;

        return schema.ToJsonString(Indented);
    }

    /// <summary>A resource's entry under <c>resources</c>: its own schema, plus <c>listInputs</c> when it can be listed.</summary>
    public static JsonObject ResourceEntry(ICustomResource resource)
    {
        var entry = (JsonObject)resource.Schema.DeepClone();
        if (resource.ListInputs is { } listInputs) entry["listInputs"] = listInputs.DeepClone();
        return entry;
    }
}
