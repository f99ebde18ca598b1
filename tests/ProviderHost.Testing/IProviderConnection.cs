using Pulumirpc;

namespace ProviderHost.Testing;

/// <summary>A provider a test talks to over gRPC: a launched plugin binary or one served in-process.</summary>
public interface IProviderConnection
{
    /// <summary>The package name: the provider's type is <c>pulumi:providers:PACKAGE</c>, its config keys <c>PACKAGE:KEY</c>.</summary>
    string Package { get; }

    /// <summary>Where the provider sends its log lines, passed on in Handshake; null when it has none.</summary>
    string? EngineAddress { get; }

    ResourceProvider.ResourceProviderClient Client { get; }

    /// <summary>The channel itself, for calls outside the protocol's stubs (e.g. methods a provider does not implement).</summary>
    Grpc.Core.CallInvoker CallInvoker { get; }
}
