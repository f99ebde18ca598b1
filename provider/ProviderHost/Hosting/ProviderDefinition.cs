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
    /// Turns a domain exception (the service client's) into the error the user reads; null leaves it alone. Applied
    /// to every call, so no resource can forget it: an exception left unmapped reaches the engine as an internal
    /// error, and the engine then marks the resource's state unknown.
    /// </summary>
    public Func<Exception, ProviderException?>? MapException { get; init; }

    /// <summary>
    /// The time budget of one resource operation or function call when the resource sets no customTimeouts, read
    /// when the call starts (configuration may set it); null means none.
    /// </summary>
    public Func<TimeSpan?>? OperationTimeout { get; init; }

    /// <summary>How messages the host writes (timeouts) name the service the provider talks to, e.g. "PT Sandbox host:443"; read when one is written.</summary>
    public Func<string>? ServiceLabel { get; init; }

    /// <summary>How a timeout message names where <see cref="OperationTimeout"/> comes from, e.g. "the provider's operationTimeout".</summary>
    public string OperationTimeoutSource { get; init; } = "the provider's operation timeout";

    /// <summary>
    /// The largest request accepted; a larger one fails at once with an error naming this limit, unread. The engine
    /// allows far more, but a request carries one resource's inputs and state, a function's arguments or the
    /// provider's configuration: raise it only for a provider whose values are that large.
    /// </summary>
    public int MaxRequestBytes { get; init; } = DefaultMaxRequestBytes;

    public const int DefaultMaxRequestBytes = 16 * 1024 * 1024;
}
