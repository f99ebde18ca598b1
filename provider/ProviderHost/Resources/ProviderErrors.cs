using Grpc.Core;
using ProviderHost.Values;

namespace ProviderHost.Resources;

/// <summary>
/// An error the user should read: its message reaches the CLI as <c>error: &lt;message&gt;</c> on the resource.
/// The default status (FailedPrecondition) tells the engine the operation failed cleanly, nothing changed.
/// </summary>
public class ProviderException(string message, StatusCode status = StatusCode.FailedPrecondition, Exception? inner = null)
    : Exception(message, inner)
{
    public StatusCode Status { get; } = status;
}

/// <summary>Configure failed because required keys have no value (in config or environment).</summary>
public sealed class MissingConfigurationException(IReadOnlyList<MissingConfigurationException.Key> keys)
    : ProviderException("missing required configuration: " + string.Join(", ", keys.Select(k => k.Name)), StatusCode.InvalidArgument)
{
    public sealed record Key(string Name, string Description);

    public IReadOnlyList<Key> Keys { get; } = keys;
}

/// <summary>
/// The resource exists but the operation did not finish: the engine stores <see cref="Id"/> and the outputs,
/// shows the reasons, and retries with Update on the next `pulumi up`.
/// </summary>
public sealed class ResourceInitFailedException(string id, PropertyMap outputs, PropertyMap inputs, IReadOnlyList<string> reasons)
    : ProviderException(string.Join("; ", reasons), StatusCode.Unknown)
{
    public string Id { get; } = id;
    public PropertyMap Outputs { get; } = outputs;
    public PropertyMap Inputs { get; } = inputs;
    public IReadOnlyList<string> Reasons { get; } = reasons;
}
