using System.Text.Json.Nodes;
using ProviderHost.Resources;

namespace ProviderHost.Hosting;

/// <summary>Everything the generic host needs to know about one provider package.</summary>
public sealed class ProviderDefinition
{
    /// <summary>The package name: the first segment of every type token and of the binary's name.</summary>
    public required string Name { get; init; }

    /// <summary>Full semver of this build, answered to GetPluginInfo and stamped into the schema.</summary>
    public required string Version { get; init; }

    /// <summary>Builds the package-level schema (metadata, config, provider, types); called on the first GetSchema only.</summary>
    public required Func<JsonObject> PackageSchema { get; init; }

    public required IProviderConfiguration Configuration { get; init; }

    public IReadOnlyList<ICustomResource> Resources { get; init; } = [];

    public IReadOnlyList<IProviderFunction> Functions { get; init; } = [];

    /// <summary>
    /// The largest request accepted; a larger one fails at once with an error naming this limit, unread. The engine
    /// allows far more, but a request carries one resource's inputs and state, a function's arguments or the
    /// provider's configuration: raise it only for a provider whose values are that large.
    /// </summary>
    public int MaxRequestBytes { get; init; } = DefaultMaxRequestBytes;

    public const int DefaultMaxRequestBytes = 16 * 1024 * 1024;
}
