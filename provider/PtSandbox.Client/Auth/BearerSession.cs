using Microsoft.Extensions.Logging;

namespace PtSandbox.Client.Auth;

/// <summary>A bearer and when it was obtained; <see cref="Generation"/> tells renewals apart.</summary>
internal sealed record Bearer(string Value, long ObtainedAt, int Generation)
{
    public override string ToString() => $"Bearer #{Generation}";
}

/// <summary>
/// Holds the current bearer and renews it single-flight: however many callers find it missing, stale or
/// rejected at once, one login (or refresh) runs and the others reuse its result.
/// </summary>
internal sealed class BearerSession(LoginFlow login, SandboxClientOptions options, TimeProvider time, string host, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim renewal = new(1, 1);
    private volatile Bearer? current;

    public async ValueTask<Bearer> GetAsync(CancellationToken ct)
    {
        if (current is { } fresh && !IsStale(fresh))
            return fresh;
        await renewal.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Another caller may have renewed while this one waited.
            if (current is { } renewed && !IsStale(renewed))
                return renewed;
            return current = await RenewAsync(current, fullLogin: false, ct).ConfigureAwait(false);
        }
        finally
        {
            renewal.Release();
        }
    }

    /// <summary>The server refused <paramref name="rejected"/>: log in again, unless someone already did.</summary>
    public async ValueTask<Bearer> RenewAfterRejectionAsync(Bearer rejected, CancellationToken ct)
    {
        await renewal.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (current is { } renewed && renewed.Generation != rejected.Generation && !IsStale(renewed))
                return renewed;
            // A full login: the rejection may mean the whole session was revoked, cookie included.
            return current = await RenewAsync(current, fullLogin: true, ct).ConfigureAwait(false);
        }
        finally
        {
            renewal.Release();
        }
    }

    private bool IsStale(Bearer bearer) => time.GetElapsedTime(bearer.ObtainedAt) >= options.BearerRefreshAfter;

    private async Task<Bearer> RenewAsync(Bearer? previous, bool fullLogin, CancellationToken ct)
    {
        var generation = (previous?.Generation ?? 0) + 1;
        // Age counts from the request, not the answer: errs on the side of refreshing early.
        var startedAt = time.GetTimestamp();
        if (previous is not null && !fullLogin && await login.TryRefreshAsync(ct).ConfigureAwait(false) is { } refreshed)
        {
            Log.BearerRefreshed(logger, host);
            return new Bearer(refreshed, startedAt, generation);
        }
        var bearer = await login.LoginAsync(ct).ConfigureAwait(false);
        Log.LoggedIn(logger, host, options.Username, previous is null ? "first call" : fullLogin ? "bearer rejected" : "session expired");
        return new Bearer(bearer, startedAt, generation);
    }

    public void Dispose() => renewal.Dispose();
}
