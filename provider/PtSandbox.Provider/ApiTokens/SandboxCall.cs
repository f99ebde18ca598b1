using Grpc.Core;
using ProviderHost.Resources;
using PtSandbox.Client;
using PtSandbox.Provider.Configuration;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>
/// Runs one operation's sandbox calls within its time budget (the resource's customTimeouts, else the provider's
/// operationTimeout) and turns a failed call into the one-line error the engine shows.
/// </summary>
internal static class SandboxCall
{
    public static async Task<T> RunAsync<T>(SandboxConnection sandbox, string call, TimeSpan? customTimeout, CancellationToken cancellationToken,
        Func<CancellationToken, Task<T>> body, Func<SandboxApiException, ProviderException?>? explain = null)
    {
        var budget = customTimeout ?? sandbox.OperationTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);
        try
        {
            return await body(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var source = customTimeout is null ? "the provider's operationTimeout" : "the resource's customTimeouts";
            throw new ProviderException(
                $"PT Sandbox {sandbox.Client.Host}: {call} timed out after {budget.TotalSeconds:0.###} s ({source})", StatusCode.DeadlineExceeded);
        }
        catch (SandboxApiException ex)
        {
            throw explain?.Invoke(ex) ?? ToProviderException(ex);
        }
    }

    /// <summary>
    /// A failed sandbox call as the engine should see it: the client's one-line message; UNAVAILABLE when trying
    /// again later may help, FAILED_PRECONDITION otherwise (both tell the engine nothing changed).
    /// </summary>
    public static ProviderException ToProviderException(SandboxApiException ex) =>
        new(ex.Message, ex.IsTransient ? StatusCode.Unavailable : StatusCode.FailedPrecondition, ex);
}
