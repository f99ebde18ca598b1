using ProviderHost.Resources;
using ProviderHost.Typed;
using PtSandbox.Client;
using PtSandbox.Provider.Configuration;

namespace PtSandbox.Provider.ApiTokens;

/// <summary><c>ptsandbox:index:getApiTokens</c>: the live tokens, optionally by name. Never a secret.</summary>
[Function("ptsandbox:index:getApiTokens", Description = "Lists the sandbox's Public API tokens (never their secrets), optionally only those with a given name.")]
internal sealed partial class GetApiTokens(SandboxConnection sandbox) : ProviderFunction<GetApiTokensArgs, GetApiTokensResult>
{
    protected override async Task<GetApiTokensResult> InvokeAsync(GetApiTokensArgs args, bool preview, CancellationToken cancellationToken)
    {
        var listing = await sandbox.Listings.GetAsync(cancellationToken);
        if (!listing.IsComplete)
            throw new ProviderException(
                $"PT Sandbox {sandbox.Client.Host}: getApiTokens cannot list every token: the sandbox listed {listing.Entries.Count} of {listing.Total} tokens", ProviderErrorKind.Unavailable);
        var tokens = listing.Entries.Where(t => t.Deleted is null && (args.Name is null || t.Name == args.Name)).Select(TokenSummary.From).ToList();
        return new GetApiTokensResult { Tokens = tokens, Total = tokens.Count };
    }
}

[Properties]
internal sealed partial record GetApiTokensArgs
{
    [Property(Description = "Only tokens with exactly this name.")]
    public string? Name { get; init; }
}

[Properties(Description = "The tokens found.")]
internal sealed partial record GetApiTokensResult
{
    [Property(Description = "The tokens, in the sandbox's order.")]
    public IReadOnlyList<TokenSummary> Tokens { get; init; } = [];

    [Property(Description = "How many tokens matched.")]
    public long Total { get; init; }
}

[Properties(TypeToken = "ptsandbox:index:TokenSummary", Description = "A Public API token as the sandbox lists it. Never carries the secret.")]
internal sealed partial record TokenSummary
{
    [Property(Description = "The token's numeric id.")]
    public long Id { get; init; }

    [Property(Description = "The token's name.")]
    public string Name { get; init; } = "";

    [Property(Description = "Permissions granted to the token, as the sandbox reports them.")]
    public IReadOnlyList<string> Permissions { get; init; } = [];

    [Property(Description = "Free-text comment.")]
    public string? Comment { get; init; }

    [Property(Description = "Login of the user who created the token.")]
    public string CreatorLogin { get; init; } = "";

    [Property(Description = "When the token was created (RFC 3339, UTC).")]
    public string CreatedAt { get; init; } = "";

    [Property(Description = "The entry point the token is bound to, if any.")]
    public TokenEntryPointOutput? EntryPoint { get; init; }

    public static TokenSummary From(SandboxToken token) => new()
    {
        Id = token.Id, Name = token.Name, Permissions = token.Permissions, Comment = ApiToken.NoComment(token.Comment),
        CreatorLogin = token.CreatorLogin, CreatedAt = token.CreatedAt, EntryPoint = TokenEntryPointOutput.From(token.EntryPoint),
    };
}
