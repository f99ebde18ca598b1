using System.Collections.Immutable;

namespace PtSandbox.Client;

/// <summary>What to create. <paramref name="Comment"/> null means "no comment" (the field is omitted).</summary>
public sealed record NewToken(string Name, IReadOnlyList<string> Permissions, string? Comment)
{
    /// <summary>
    /// Ids of tokens the caller already owns (the one this create replaces, others it manages): a live token of the
    /// same name among them is expected, not a leftover of an interrupted run.
    /// </summary>
    public IReadOnlyCollection<long> OwnTokenIds { get; init; } = [];
}

/// <summary>
/// The token listing as the server sent it. <paramref name="Total"/> may exceed the entries (a paged listing), and an
/// id may be listed twice when the sandbox shows a deleted token beside a live one.
/// </summary>
public sealed record TokenListing(int Total, IReadOnlyList<SandboxToken> Entries)
{
    /// <summary>False when the sandbox listed only part of its tokens: an absent id proves nothing.</summary>
    public bool IsComplete => Total <= Entries.Count;

    /// <summary>The live token with this id, if any (the first listed, when the sandbox lists it twice).</summary>
    /// <remarks>Looked up in an index built at the first call (a refresh asks a shared listing of 1,000 tokens once per
    /// token); the entries are not expected to change after that. The index is kept beside the listing, not in it, so
    /// that it takes no part in the record's equality and a copy made with <c>with</c> builds its own.</remarks>
    public SandboxToken? FindLive(long id) =>
        Entries is ChangedEntries changed ? changed.FindLive(id) : LiveIndex.Of(this).GetValueOrDefault(id);

    /// <summary>The live tokens with this exact name.</summary>
    public IEnumerable<SandboxToken> LiveNamed(string name) =>
        Entries is ChangedEntries changed ? changed.LiveNamed(name) : Entries.Where(t => t.Deleted is null && t.Name == name);
}

/// <summary>The live tokens of a listing by id, built once per listing object.</summary>
internal static class LiveIndex
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TokenListing, Dictionary<long, SandboxToken>> Indexes = new();

    public static Dictionary<long, SandboxToken> Of(TokenListing listing) => Indexes.GetValue(listing, static l =>
    {
        var live = new Dictionary<long, SandboxToken>(l.Entries.Count);
        foreach (var token in l.Entries)
            if (token.Deleted is null) live.TryAdd(token.Id, token);
        return live;
    });
}

/// <summary>Every id a listing shows, live or deleted, built once per listing object.</summary>
internal static class ListedIds
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TokenListing, HashSet<long>> Sets = new();

    public static HashSet<long> Of(TokenListing listing) => Sets.GetValue(listing, static l => [.. l.Entries.Select(t => t.Id)]);
}

/// <summary>The entries of a listing with <see cref="TokenChanges"/> applied: the listing's, then the added ones, with
/// deletions applied as read. Every collection it holds is immutable, so it stays as it was made.</summary>
internal sealed class ChangedEntries(
    TokenListing listing,
    ImmutableList<SandboxToken> added,
    ImmutableDictionary<long, SandboxToken> addedById,
    ImmutableDictionary<long, double> deleted) : IReadOnlyList<SandboxToken>
{
    public int Count => listing.Entries.Count + added.Count;

    public SandboxToken this[int index] => Deleting(index < listing.Entries.Count ? listing.Entries[index] : added[index - listing.Entries.Count]);

    /// <summary>The first live entry with this id, as a search of the entries in order would find it.</summary>
    public SandboxToken? FindLive(long id) =>
        deleted.ContainsKey(id) ? null : listing.FindLive(id) ?? (addedById.TryGetValue(id, out var token) && token.Deleted is null ? token : null);

    /// <summary>The live entries with this name, without reading (or copying) every entry through <see cref="Deleting"/>.</summary>
    public IEnumerable<SandboxToken> LiveNamed(string name) =>
        listing.LiveNamed(name).Concat(added.Where(t => t.Deleted is null && t.Name == name)).Where(t => !deleted.ContainsKey(t.Id));

    public IEnumerator<SandboxToken> GetEnumerator()
    {
        foreach (var token in listing.Entries) yield return Deleting(token);
        foreach (var token in added) yield return Deleting(token);
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private SandboxToken Deleting(SandboxToken token) =>
        token.Deleted is null && deleted.TryGetValue(token.Id, out var when) ? token with { Deleted = when } : token;
}

/// <summary>A token as listed. Times are UNIX seconds. Permissions are kept as the server's strings.</summary>
public sealed record SandboxToken(
    long Id,
    string Name,
    string? Comment,
    IReadOnlyList<string> Permissions,
    string CreatorLogin,
    double Created,
    double? Modified,
    double? Deleted,
    TokenEntryPoint? EntryPoint)
{
    /// <summary>Creation time, to the millisecond.</summary>
    public DateTimeOffset CreatedTime => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(Created * 1000));

    /// <summary>Creation time as RFC 3339 UTC with milliseconds, as outputs and messages show it.</summary>
    public string CreatedAt => UtcTimestamp.Format(CreatedTime);
}

public sealed record TokenEntryPoint(string Id, string Name);

/// <summary>
/// The result of a create: <paramref name="Secret"/> is the API key itself, returned by the server only once;
/// <paramref name="Key"/> is its hash as the server stores it (null when the answer had none usable).
/// <paramref name="Token"/> holds the token's facts, null when the answer did not carry them in a usable form;
/// <paramref name="Problems"/> says what was unusable (never quoting a value). A create with problems still made
/// the token <paramref name="Id"/>, whose secret is known: the caller must record it, not drop it.
/// </summary>
public sealed record CreatedToken(long Id, string Secret, string? Key, SandboxToken? Token, IReadOnlyList<string> Problems)
{
    // Records print every member; keep the secret out of logs and exception texts that format this object.
    public override string ToString() => $"CreatedToken {{ Id = {Id}, Token = {Token}, Secret = ***, Key = {Key} }}";
}
