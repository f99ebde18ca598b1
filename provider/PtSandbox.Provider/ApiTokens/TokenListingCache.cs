using PtSandbox.Client;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>
/// Shares one token listing among the Reads that arrive together. `pulumi refresh` sends one Read per token,
/// ten or more at a time; without sharing, 1,000 tokens would cost 1,000 listings of 1,000 entries each.
/// A listing is joined while in flight and reused for <see cref="FreshFor"/> after it started, so its data is
/// never older than that. Our own creates and deletes invalidate it.
/// </summary>
internal sealed class TokenListingCache(SandboxClient client, TimeProvider time)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(2);

    private readonly object _gate = new();
    private Task<TokenListing>? _listing;
    private DateTimeOffset _startedAt;

    public Task<TokenListing> GetAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var reusable = _listing is { IsFaulted: false, IsCanceled: false } && time.GetUtcNow() - _startedAt < FreshFor;
            if (!reusable)
            {
                _startedAt = time.GetUtcNow();
                // Not tied to one caller's token: other Reads wait on the same listing.
                _listing = client.ListTokensAsync(CancellationToken.None);
            }
            return _listing!.WaitAsync(cancellationToken);
        }
    }

    public void Invalidate()
    {
        lock (_gate) _listing = null;
    }
}
