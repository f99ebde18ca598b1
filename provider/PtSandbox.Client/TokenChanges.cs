using System.Collections.Immutable;

namespace PtSandbox.Client;

/// <summary>
/// The tokens this process created or deleted since a listing was taken, and that listing as they changed it
/// (<see cref="ApplyTo"/>): a created token the listing does not show is added at the end, a deleted token is shown
/// deleted at the time given. Views are snapshots: what is recorded after one was made does not show in it. A new
/// view shares everything recorded before the last one (immutable collections), so it costs what the changes since
/// then cost, not what all of them do: a burst of creates and deletes would otherwise copy every earlier change once
/// per call. Safe for concurrent use.
/// </summary>
public sealed class TokenChanges
{
    private readonly object _gate = new();

    // Guarded by _gate: every create recorded, in order, and the deletions so far.
    private readonly List<SandboxToken> _created = [];
    private ImmutableDictionary<long, double> _deleted = ImmutableDictionary<long, double>.Empty;
    private int _version;

    // Guarded by _gate: the created tokens the listing of the last view does not show, sorted up to _sorted.
    private TokenListing? _listing;
    private int _sorted;
    private ImmutableList<SandboxToken> _added = [];
    private ImmutableDictionary<long, SandboxToken> _addedById = ImmutableDictionary<long, SandboxToken>.Empty;

    private View? _last;

    private sealed record View(TokenListing Listing, int Version, TokenListing Changed);

    /// <summary>Records a token this process created.</summary>
    public void Created(SandboxToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        lock (_gate)
        {
            _created.Add(token);
            _version++;
        }
    }

    /// <summary>Records a token this process deleted (or found gone), as deleted at <paramref name="when"/> (UNIX seconds).</summary>
    public void Deleted(long id, double when)
    {
        lock (_gate)
        {
            _deleted = _deleted.SetItem(id, when);
            _version++;
        }
    }

    /// <summary>The listing with the changes recorded so far; the listing itself when there are none.</summary>
    public TokenListing ApplyTo(TokenListing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        if (Volatile.Read(ref _last) is { } last && ReferenceEquals(last.Listing, listing) && last.Version == Volatile.Read(ref _version))
            return last.Changed;
        lock (_gate)
        {
            if (_version == 0) return listing;
            if (!ReferenceEquals(_listing, listing))
            {
                _listing = listing;
                _sorted = 0;
                _added = [];
                _addedById = ImmutableDictionary<long, SandboxToken>.Empty;
            }
            if (_sorted < _created.Count)
            {
                var listed = ListedIds.Of(listing);
                for (; _sorted < _created.Count; _sorted++)
                {
                    var token = _created[_sorted];
                    if (listed.Contains(token.Id)) continue;
                    // Recorded twice: the later record stands, in the earlier one's place.
                    _added = _addedById.TryGetValue(token.Id, out var earlier) ? _added.Replace(earlier, token) : _added.Add(token);
                    _addedById = _addedById.SetItem(token.Id, token);
                }
            }
            var changed = new TokenListing(listing.Total + _added.Count, new ChangedEntries(listing, _added, _addedById, _deleted));
            Volatile.Write(ref _last, new View(listing, _version, changed));
            return changed;
        }
    }
}
