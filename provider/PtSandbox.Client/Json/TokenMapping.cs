namespace PtSandbox.Client.Json;

/// <summary>Wire shapes to public records, tolerating missing optional fields.</summary>
internal static class TokenMapping
{
    public static SandboxToken ToToken(this TokenJson json) => new(
        json.Id,
        json.Name,
        json.Comment,
        json.Permissions?.OfType<string>().ToArray() ?? [],
        json.CreatorLogin ?? "",
        json.Created,
        json.Modified,
        json.Deleted,
        json.EntryPoint is { Id: { } id } entry ? new TokenEntryPoint(id, entry.Name ?? "") : null);

    public static TokenListing ToListing(this TokenListingJson json)
    {
        var entries = json.Entries?.OfType<TokenJson>().Select(ToToken).ToArray() ?? [];
        return new TokenListing(json.Total ?? entries.Length, entries);
    }
}
