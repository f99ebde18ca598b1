namespace PtSandbox.Client.Tokens;

/// <summary>Mutable state shared by the attempts of one create call.</summary>
internal sealed class CreateAttempts(NewToken request, string call, TokenListing baseline)
{
    public NewToken Request { get; } = request;

    public string Call { get; } = call;

    /// <summary>
    /// Ids that cannot be the latest attempt's work: those listed before it was sent, the caller's own, and those
    /// this call deleted. A token made by a lost attempt is one of the ids the sandbox allocated after that listing.
    /// </summary>
    /// <remarks>Built when first asked for, which only a create whose outcome is in doubt does: a create that is
    /// answered does not pay for a set of every listed id.</remarks>
    public HashSet<long> KnownIds => _knownIds ??= [.. baseline.Entries.Select(t => t.Id), .. Request.OwnTokenIds];

    private HashSet<long>? _knownIds;

    /// <summary>False when the listing before the latest attempt was paged: a lost attempt cannot then be checked.</summary>
    public bool KnownIdsComplete { get; set; } = baseline.IsComplete;

    public CreateOutcome? LatestOutcome { get; set; }

    public int Count { get; set; }

    /// <summary>Tokens made by lost attempts (their secret unknown) that this call deleted.</summary>
    public List<long> DeletedOrphans { get; } = [];

    /// <summary>
    /// True from the moment a request's body starts to be sent until its outcome is known or reconciled: while it
    /// holds, the sandbox may have a token from this call that nobody has the secret of.
    /// </summary>
    public bool MayHaveLanded { get; set; }

    /// <summary>Starts over from a new listing, taken after the lost attempts it reconciles.</summary>
    public void Relist(TokenListing listing)
    {
        KnownIds.UnionWith(listing.Entries.Select(t => t.Id));
        KnownIdsComplete = listing.IsComplete;
    }
}
