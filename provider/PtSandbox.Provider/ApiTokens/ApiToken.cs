using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using ProviderHost.Resources;
using ProviderHost.Typed;
using ProviderHost.Values;
using PtSandbox.Client;
using PtSandbox.Provider.Configuration;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>
/// <c>ptsandbox:index:ApiToken</c>: a PT Sandbox Public API token. The sandbox shows the secret once, at creation; it
/// is kept as a Pulumi secret and carried across every Read, since the API never returns it again. Read, Update and
/// Delete act on the sandbox's token only when it is the token in state (<see cref="ApiTokenIdentity"/>).
/// </summary>
[Resource("ptsandbox:index:ApiToken", Description = Docs, RefreshBeforeUpdate = true)]
internal sealed partial class ApiToken(SandboxConnection sandbox) : CustomResource<ApiTokenArgs, ApiTokenState>
{
    private const string Docs = "A PT Sandbox Public API token. The secret value is shown by the sandbox once, when the token is created; the provider stores it as a Pulumi secret and carries it across `pulumi refresh`. Any change of `name`, `permissions`, `comment` or `rotationTriggers` creates a new token (a new secret) before the old one is deleted.\n\n## Import\n\nImport an existing token by its numeric id (the `id` column of the sandbox's token list, or `tokens[*].id` of `getApiTokens`):\n\n```sh\n$ pulumi import ptsandbox:index:ApiToken example 42\n```\n\nThe sandbox never returns a token's secret after creation, so an imported token has no `token` output. To get a secret under Pulumi's management, replace the token (for example by setting `rotationTriggers`).\n";

    /// <summary>A well-formed permission name: what a newer sandbox may send.</summary>
    [GeneratedRegex(@"^[A-Z][A-Z0-9_]{0,63}\z")]
    private static partial Regex PermissionShape();

    /// <summary>A permission this provider does not know is sent as is when it is well formed (a newer sandbox's), else refused.</summary>
    protected override void Validate(ApiTokenArgs args, ResourceCall call)
    {
        for (var i = 0; i < args.Permissions.Count; i++)
        {
            var path = PropertyPath.Append("permissions", i);
            if (!call.Inputs.IsKnown(path) || Permission.Shape.Contains(args.Permissions[i])) continue;
            var shown = call.Inputs.Quote(path, args.Permissions[i]);
            if (PermissionShape().IsMatch(args.Permissions[i]))
                call.Logger.LogWarning("permission {Permission} is not one this provider knows ({Known}); it is sent as is, for a sandbox that supports it", shown, Permission.Shape.Listing);
            else call.Inputs.Fail(path, $"{shown} is not a permission: expected one of {Permission.Shape.Listing}");
        }
    }

    /// <summary>Permissions are a set; no comment is null or ""; no triggers is null or {}.</summary>
    protected override bool Unchanged(string property, ApiTokenArgs olds, ApiTokenArgs news) => property switch
    {
        "permissions" => SamePermissions(olds.Permissions, news.Permissions),
        "comment" => NoComment(olds.Comment) == NoComment(news.Comment),
        "rotationTriggers" => (olds.RotationTriggers?.Count ?? 0) == 0 && (news.RotationTriggers?.Count ?? 0) == 0,
        _ => false,
    };

    protected override DiffResult Diff(ResourceCall call, string id, PropertyMap olds, PropertyMap news)
    {
        var diff = DefaultDiff(olds, news);
        // The replacement's Create will meet the old token under the same name: it is ours, not a leftover.
        if (diff.Replaces.Count > 0 && TryParseId(id, out var oldId)) sandbox.RecordReplacement(call.Urn, oldId);
        return diff;
    }

    protected override async Task<Created<ApiTokenState>> CreateAsync(ResourceCall call, ApiTokenArgs args, CancellationToken cancellationToken)
    {
        var request = new NewToken(args.Name, args.Permissions, NoComment(args.Comment)) { OwnTokenIds = sandbox.OwnTokenIds(call.Urn) };
        TokenListing? baseline = null;
        CreatedToken created;
        try
        {
            baseline = await sandbox.Listings.GetAsync(cancellationToken);
            created = await sandbox.Client.CreateTokenAsync(request, baseline, cancellationToken);
        }
        catch (SandboxApiException ex) when (ApiTokenErrors.ExplainRefusedCreate(ex, sandbox.IsReplacing(call.Urn), args.Name, baseline) is { } explained)
        {
            throw explained;
        }
        if (created.Token is { } token) sandbox.Listings.RecordCreated(token);
        call.Logger.LogDebug("created token {Id} ({Name})", created.Id, args.Name);
        var state = WithFacts(new ApiTokenState(args) { TokenId = created.Id, Token = created.Secret, TokenHash = created.Key }, created.Token);
        // The token exists and its secret is known: with problems, the engine records it and the next `up` completes it.
        return new Created<ApiTokenState>(Id(created.Id), state)
        {
            Problems = created.Problems.Count == 0 ? [] :
                [$"PT Sandbox {sandbox.Client.Host}: token {created.Id} was created and its secret is stored, but the sandbox's answer was not fully usable ({string.Join("; ", created.Problems)}); the next `pulumi up` completes it from the token list"],
        };
    }

    protected override async Task<Observed<ApiTokenArgs, ApiTokenState>?> ReadAsync(ResourceCall call, string id, ApiTokenArgs? oldArgs, ApiTokenState? oldState, CancellationToken cancellationToken)
    {
        var tokenId = ParseId(id);
        if (await FindAsync(tokenId, confirmAbsence: false, cancellationToken) is not { } token) return null;
        if (oldState is null)
            call.Logger.LogWarning("token {Id} was read by id (`pulumi import` or a `get` lookup), without its secret: the sandbox shows a token's secret only when it is created, so `token` stays empty; to get a secret under management, replace the token (e.g. change rotationTriggers)", tokenId);
        else EnsureSame(call, tokenId, token, oldState, "adopted");

        // Rotation triggers are ours alone: the sandbox never sees them.
        var args = new ApiTokenArgs { Name = token.Name, Permissions = token.Permissions, Comment = NoComment(token.Comment), RotationTriggers = oldArgs?.RotationTriggers };
        // The secret and its hash come from Create only: carry them over, or they are lost for good.
        var state = WithFacts(new ApiTokenState(args) { TokenId = token.Id, Token = oldState?.Token, TokenHash = oldState?.TokenHash }, token);
        return new Observed<ApiTokenArgs, ApiTokenState>(Id(token.Id), args, state);
    }

    /// <summary>
    /// Every change replaces, so the engine only sends Update to retry an earlier incomplete create: the facts its
    /// answer lacked are filled in from the token list.
    /// </summary>
    protected override async Task<ApiTokenState> UpdateAsync(ResourceCall call, string id, ApiTokenArgs oldArgs, ApiTokenState oldState, ApiTokenArgs news, bool preview, CancellationToken cancellationToken)
    {
        if (preview || (oldState.CreatedAt is not null && oldState.CreatorLogin is not null)) return oldState;
        var tokenId = ParseId(id);
        var token = await FindAsync(tokenId, confirmAbsence: true, cancellationToken) ?? throw new ProviderException(
            $"PT Sandbox {sandbox.Client.Host}: token {tokenId}, recorded by an incomplete create, is no longer in the sandbox's token list: run `pulumi refresh` to drop it from state, then `pulumi up`");
        EnsureSame(call, tokenId, token, oldState, "adopted");
        return WithFacts(oldState, token);
    }

    protected override async Task DeleteAsync(ResourceCall call, string id, ApiTokenArgs oldArgs, ApiTokenState oldState, CancellationToken cancellationToken)
    {
        var tokenId = ParseId(id);
        if (await FindAsync(tokenId, confirmAbsence: true, cancellationToken) is { } token)
        {
            EnsureSame(call, tokenId, token, oldState, "deleted");
            if (!await sandbox.Client.DeleteTokenAsync(tokenId, cancellationToken)) call.Logger.LogDebug("token {Id} was already gone", tokenId);
        }
        else call.Logger.LogDebug("token {Id} is not in the sandbox's token list: already deleted", tokenId);
        sandbox.Listings.RecordDeleted(tokenId);
    }

    /// <summary>
    /// The live token with this id, or null when the listing proves there is none. A shared listing may predate a
    /// token this process just made, so with <paramref name="confirmAbsence"/> an absence is confirmed by a new one.
    /// </summary>
    private async Task<SandboxToken?> FindAsync(long id, bool confirmAbsence, CancellationToken cancellationToken)
    {
        var listing = await sandbox.Listings.GetAsync(cancellationToken);
        if (listing.FindLive(id) is null && confirmAbsence) listing = await sandbox.Listings.GetFreshAsync(cancellationToken);
        if (listing.FindLive(id) is { } token) return token;
        return listing.IsComplete ? null : throw new ProviderException(
            $"PT Sandbox {sandbox.Client.Host}: cannot tell whether token {id} exists: the sandbox listed {listing.Entries.Count} of {listing.Total} tokens", ProviderErrorKind.Unavailable);
    }

    private void EnsureSame(ResourceCall call, long id, SandboxToken token, ApiTokenState state, string refused)
    {
        if (!ApiTokenIdentity.Matches(token, state, sandbox.Username))
            throw new ProviderException(ApiTokenIdentity.Mismatch(sandbox.Client.Host, call.Urn, id, token, state, refused));
    }

    /// <summary>What the sandbox says about a token (none after an incomplete create), on top of <paramref name="state"/>.</summary>
    private static ApiTokenState WithFacts(ApiTokenState state, SandboxToken? token) => token is null ? state : state with
    {
        CreatorLogin = token.CreatorLogin,
        CreatedAt = token.CreatedAt,
        EntryPoint = TokenEntryPointOutput.From(token.EntryPoint),
    };

    private static bool SamePermissions(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Count == b.Count && new HashSet<string>(a, StringComparer.Ordinal).SetEquals(b);

    /// <summary>An absent comment, null and "" all mean "no comment" (the sandbox stores null).</summary>
    internal static string? NoComment(string? comment) => string.IsNullOrEmpty(comment) ? null : comment;

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static bool TryParseId(string id, out long value) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

    private static long ParseId(string id) => TryParseId(id, out var value) ? value : throw new ProviderException(
        $"'{id}' is not an ApiToken id: use the token's numeric id (see getApiTokens or the sandbox's token list)", ProviderErrorKind.InvalidInput);
}
