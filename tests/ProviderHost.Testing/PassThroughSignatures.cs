namespace ProviderHost.Testing;

/// <summary>
/// Signatures of special values the host does not interpret but passes through verbatim, for tests that send
/// them (pulumi/pulumi sdk/go/common/resource/plugin/rpc.go). The host itself knows only the ones it decodes.
/// </summary>
public static class PassThroughSignatures
{
    public const string Asset = "c44067f5952c0a294b673a41bacd8c17";
    public const string ResourceReference = "5cf8f73096256a8f31e491e813e4eb8e";
}
