using Grpc.Core;
using ProviderHost.Resources;
using PtSandbox.Client;

namespace PtSandbox.Provider.ApiTokens;

internal static class SandboxFailure
{
    /// <summary>
    /// A failed sandbox call as the engine should see it: the client's one-line message; UNAVAILABLE when trying
    /// again later may help, FAILED_PRECONDITION otherwise (both tell the engine nothing changed).
    /// </summary>
    public static ProviderException ToProviderException(SandboxApiException ex) =>
        new(ex.Message, ex.IsTransient ? StatusCode.Unavailable : StatusCode.FailedPrecondition, ex);
}
