using Microsoft.Extensions.Logging;
using ProviderHost.Resources;
using ProviderHost.Typed;
using PtSandbox.Client;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>
/// ApiTokens can be listed (List; `pulumi do ptsandbox ApiToken list`): every live token on the configured sandbox,
/// by id (what `pulumi import ptsandbox:index:ApiToken NAME ID` takes) and name. Never a secret, nor the hash of one:
/// the listing carries neither, and only ids and names leave. The listing is the shared one refresh uses
/// (<see cref="TokenListingCache"/>); a paged listing is an error, not a short list.
/// </summary>
internal sealed partial class ApiToken : IListableResource<ApiTokenListQuery>
{
    public ObjectShape<ApiTokenListQuery> ListQuery => ApiTokenListQuery.Shape;

    public async Task<IReadOnlyList<ListedResource>> ListAsync(ListContext context, ApiTokenListQuery query, CancellationToken cancellationToken)
    {
        var listing = await sandbox.Listings.GetAsync(cancellationToken);
        if (!listing.IsComplete)
            throw new ProviderException(
                $"PT Sandbox {sandbox.Client.Host}: cannot list every token: the sandbox listed {listing.Entries.Count} of {listing.Total} tokens", ProviderErrorKind.Unavailable);
        var tokens = listing.Entries
            .Where(t => t.Deleted is null)
            .Where(t => query.NamePrefix is null || t.Name.StartsWith(query.NamePrefix, StringComparison.Ordinal))
            .Where(t => query.CreatorLogin is null || LoginNames.Same(t.CreatorLogin, query.CreatorLogin))
            .DistinctBy(t => t.Id)
            .OrderBy(t => t.Id)
            .Select(t => new ListedResource(Id(t.Id), t.Name))
            .ToList();
        context.Logger.LogDebug("listed {Count} of the sandbox's {Total} tokens", tokens.Count, listing.Total);
        return tokens;
    }
}

[Properties(Description = "Which tokens to list; every live token when empty.")]
internal sealed partial record ApiTokenListQuery
{
    [Property(Description = "Only tokens whose name starts with this (case-sensitive).")]
    public string? NamePrefix { get; init; }

    [Property(Description = "Only tokens created by this user (`admin`, `CORP\\admin` and `admin@corp.example` are one user, case aside).")]
    public string? CreatorLogin { get; init; }
}
