using PtSandbox.Client;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>
/// Shares one token listing among the Reads that arrive together. `pulumi refresh` sends one Read per token,
/// ten or more at a time; without sharing, 1,000 tokens would cost 1,000 listings of 1,000 entries each.
/// A listing is joined while in flight and reused for <see cref="FreshFor"/> after it started, so its data is
/// never older than that. Our own creates and deletes invalidate it. A listing outlives any one caller's
/// cancellation, but once every caller waiting on it has given up (engine Cancel, customTimeouts), it stops too:
/// nothing keeps talking to the sandbox, or logging in, for nobody.
/// </summary>
internal sealed class TokenListingCache(SandboxClient client, TimeProvider time)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(2);

    private readonly object _gate = new();
    private SharedListing? _current;

    public async Task<TokenListing> GetAsync(CancellationToken cancellationToken)
    {
        SharedListing listing;
        lock (_gate)
        {
            if (_current is not { } reusable || !reusable.IsReusable(time.GetUtcNow()))
                _current = reusable = new SharedListing(client, time.GetUtcNow());
            listing = reusable;
            listing.Waiters++;
        }
        try
        {
            return await listing.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                if (--listing.Waiters == 0 && !listing.Task.IsCompleted) listing.Stop();
            }
        }
    }

    public void Invalidate()
    {
        lock (_gate) _current = null;
    }

    /// <summary>One listing in flight or done, and how many callers wait on it (guarded by the cache's lock).</summary>
    private sealed class SharedListing
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly DateTimeOffset _startedAt;

        public SharedListing(SandboxClient client, DateTimeOffset now)
        {
            _startedAt = now;
            Task = client.ListTokensAsync(_stop.Token);
        }

        public Task<TokenListing> Task { get; }
        public int Waiters { get; set; }

        public bool IsReusable(DateTimeOffset now) =>
            !_stop.IsCancellationRequested && Task is { IsFaulted: false, IsCanceled: false } && now - _startedAt < FreshFor;

        public void Stop() => _stop.Cancel();
    }
}
