using ProviderHost.Values;

namespace ProviderHost.Resources;

/// <summary>What kind of failure a <see cref="ProviderException"/> reports; the host maps it to a gRPC status.</summary>
public enum ProviderErrorKind
{
    /// <summary>The operation failed cleanly; nothing changed (FAILED_PRECONDITION).</summary>
    Failed,
    /// <summary>A value the program or the engine gave is wrong (INVALID_ARGUMENT).</summary>
    InvalidInput,
    /// <summary>The service is unreachable or busy; trying again later may work (UNAVAILABLE).</summary>
    Unavailable,
    /// <summary>Something with that identity already exists (ALREADY_EXISTS).</summary>
    AlreadyExists,
    /// <summary>The operation's time budget ran out (DEADLINE_EXCEEDED).</summary>
    TimedOut,
    /// <summary>The resource exists but the operation did not finish (UNKNOWN, with the resource's state).</summary>
    Incomplete,
}

/// <summary>
/// An error the user should read: its message reaches the CLI as <c>error: &lt;message&gt;</c> on the resource.
/// The default kind tells the engine the operation failed cleanly, nothing changed.
/// </summary>
public class ProviderException(string message, ProviderErrorKind kind = ProviderErrorKind.Failed, Exception? inner = null)
    : Exception(message, inner)
{
    public ProviderErrorKind Kind { get; } = kind;
}

/// <summary>Configure failed because required keys have no value (in config or environment).</summary>
public sealed class MissingConfigurationException(IReadOnlyList<MissingConfigurationException.Key> keys)
    : ProviderException("missing required configuration: " + string.Join(", ", keys.Select(k => k.Name)), ProviderErrorKind.InvalidInput)
{
    public sealed record Key(string Name, string Description);

    public IReadOnlyList<Key> Keys { get; } = keys;
}

/// <summary>
/// The resource exists but the operation did not finish: the engine stores <see cref="Id"/> and the outputs,
/// shows the reasons, and retries with Update on the next `pulumi up`.
/// </summary>
public sealed class ResourceInitFailedException(string id, PropertyMap outputs, PropertyMap inputs, IReadOnlyList<string> reasons)
    : ProviderException(string.Join("; ", reasons), ProviderErrorKind.Incomplete)
{
    public string Id { get; } = id;
    public PropertyMap Outputs { get; } = outputs;
    public PropertyMap Inputs { get; } = inputs;
    public IReadOnlyList<string> Reasons { get; } = reasons;

    /// <summary>The engine should refresh the resource before its next update (see <see cref="ICustomResource.RefreshBeforeUpdate"/>).</summary>
    public bool RefreshBeforeUpdate { get; init; }
}
