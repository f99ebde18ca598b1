using PtSandbox.Client;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>
/// Shares one token listing among the calls that arrive together. `pulumi refresh` sends one Read per token, ten or
/// more at a time; without sharing, 1,000 tokens would cost 1,000 listings of 1,000 entries each. The rule: a call
/// joins the listing in flight, or reuses the last one if it started less than <see cref="FreshFor"/> before the
/// call; otherwise it starts a new one. So a listing a call sees never started more than <see cref="FreshFor"/>
/// before that call. This process's own creates and deletes are applied on top of the shared listing, so it stays
/// exact for them. A listing outlives any one caller's cancellation, but once every caller waiting on it has given up
/// (engine Cancel, customTimeouts), it stops too: nothing keeps talking to the sandbox, or logging in, for nobody.
/// </summary>
internal sealed class TokenListingCache(ITokenApi client, TimeProvider time)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(2);

    private readonly object _gate = new();
    private SharedListing? _current;

    /// <summary>A listing that started at most <see cref="FreshFor"/> before this call, with our own changes applied.</summary>
    public Task<TokenListing> GetAsync(CancellationToken cancellationToken) => GetAsync(fresh: false, cancellationToken);

    /// <summary>A listing that starts after this call: for a conclusion an older one cannot support (a token is gone).</summary>
    public Task<TokenListing> GetFreshAsync(CancellationToken cancellationToken) => GetAsync(fresh: true, cancellationToken);

    /// <summary>Records a token this process created, on top of the shared listing.</summary>
    public void RecordCreated(SandboxToken token) => Current()?.Record(token);

    /// <summary>Records a token this process deleted (or found gone), on top of the shared listing.</summary>
    public void RecordDeleted(long id) => Current()?.RecordDeletion(id, time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);

    private SharedListing? Current()
    {
        lock (_gate) return _current;
    }

    private async Task<TokenListing> GetAsync(bool fresh, CancellationToken cancellationToken)
    {
        SharedListing listing;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (fresh || _current is not { } reusable || !reusable.IsReusable(now))
                _current = reusable = new SharedListing(client, now);
            listing = reusable;
            listing.Waiters++;
        }
        try
        {
            return listing.View(await listing.Task.WaitAsync(cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            lock (_gate)
            {
                if (--listing.Waiters == 0 && !listing.Task.IsCompleted) listing.Stop();
            }
        }
    }

    /// <summary>One listing in flight or done, the callers waiting on it (guarded by the cache's lock) and our changes since.</summary>
    private sealed class SharedListing
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly DateTimeOffset _startedAt;
        private readonly TokenChanges _changes = new();

        public SharedListing(ITokenApi client, DateTimeOffset now)
        {
            _startedAt = now;
            Task = client.ListTokensAsync(_stop.Token);
        }

        public Task<TokenListing> Task { get; }
        public int Waiters { get; set; }

        public bool IsReusable(DateTimeOffset now) =>
            !_stop.IsCancellationRequested && Task is { IsFaulted: false, IsCanceled: false } && now - _startedAt < FreshFor;

        public void Stop() => _stop.Cancel();

        public void Record(SandboxToken token) => _changes.Created(token);

        public void RecordDeletion(long id, double when) => _changes.Deleted(id, when);

        /// <summary>The listing with this process's changes: a created token added, a deleted one shown deleted. Made
        /// again only after a change, so the Reads of a refresh share one view; it reads through to the listing's index.</summary>
        public TokenListing View(TokenListing listing) => _changes.ApplyTo(listing);
    }
}
