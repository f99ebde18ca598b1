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
[Resource("ptsandbox:index:ApiToken", Description = Docs, RefreshBeforeUpdate = true, AutoName = "name")]
internal sealed partial class ApiToken(SandboxConnection sandbox) : CustomResource<ApiTokenArgs, ApiTokenState>
{
    private const string Docs = "A PT Sandbox Public API token. The secret value is shown by the sandbox once, when the token is created; the provider stores it as a Pulumi secret and carries it across `pulumi refresh`. Any change of `name`, `permissions` or `comment` creates a new token (a new secret) before the old one is deleted. `rotation` rotates the token on a schedule and can keep the old token valid for a grace period; a change of `rotationTriggers` rotates it too.\n\n## Import\n\nImport an existing token by its numeric id (the `id` column of the sandbox's token list, or `tokens[*].id` of `getApiTokens`):\n\n```sh\n$ pulumi import ptsandbox:index:ApiToken example 42\n```\n\nThe sandbox never returns a token's secret after creation, so a token imported by id has no `token` output. To get a secret under Pulumi's management, replace the token (for example by setting `rotationTriggers`), or, holding its secret, import it with an import file whose entry supplies `outputs` (Pulumi 3.254 or later).\n";

    /// <summary>What an in-place rotation changes (and a preview cannot know yet).</summary>
    private static readonly string[] RotatedOutputs = ["token", "tokenHash", "tokenId", "creatorLogin", "createdAt", "entryPoint", "rotationDueAt", "retiringTokens"];

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
        if (args.Rotation is { } rotation && call.Inputs.IsKnown("rotation"))
            foreach (var (field, reason) in rotation.Problems(rotateAfterKnown: call.Inputs.IsKnown("rotation.rotateAfter")))
                if (call.Inputs.IsKnown($"rotation.{field}")) call.Inputs.Fail($"rotation.{field}", reason);
    }

    /// <summary>Permissions are a set; no comment is null or ""; no triggers is null or {}; 30d is 720h.</summary>
    protected override bool Unchanged(string property, ApiTokenArgs olds, ApiTokenArgs news) => property switch
    {
        "permissions" => SamePermissions(olds.Permissions, news.Permissions),
        "comment" => NoComment(olds.Comment) == NoComment(news.Comment),
        "rotationTriggers" => SameTriggers(olds, news),
        "rotation" => RotationPolicy.SameEffect(olds.Rotation, news.Rotation),
        _ => false,
    };

    protected override string NewName(string resourceName, Random random) => ApiTokenNames.Generate(resourceName, random);

    /// <summary>
    /// The default diff, plus what time decides: a rotation that is due, retiring tokens whose grace period is over,
    /// and a token deleted outside Pulumi while tokens it replaced still live. A rotation replaces the resource,
    /// unless a grace period keeps the old token: then it is an update that retires it.
    /// </summary>
    protected override DiffResult Diff(ResourceCall call, DiffCall<ApiTokenArgs, ApiTokenState> diff)
    {
        var changes = new Dictionary<string, PropertyDiff>(DefaultDiff(diff.OldInputs, diff.News).DetailedDiff ?? new Dictionary<string, PropertyDiff>());
        var policy = call.Inputs.IsKnown("rotation") ? diff.NewArgs.Rotation : null;
        var graceful = policy?.GracePeriod is not null;
        var rotation = graceful ? PropertyDiffKind.Update : PropertyDiffKind.UpdateReplace;
        if (changes.TryGetValue("rotationTriggers", out var triggers) && !graceful)
            changes["rotationTriggers"] = new PropertyDiff(triggers.Kind switch
            {
                PropertyDiffKind.Add => PropertyDiffKind.AddReplace,
                PropertyDiffKind.Delete => PropertyDiffKind.DeleteReplace,
                _ => PropertyDiffKind.UpdateReplace,
            });
        var now = sandbox.Time.GetUtcNow();
        if (diff.OldState.TokenId == 0 && diff.OldState.RetiringTokens is { Count: > 0 })
            changes["tokenId"] = new PropertyDiff(PropertyDiffKind.UpdateReplace, InputDiff: false);
        else if (policy?.DueReason(diff.OldState.CreatedAt, now) is { } reason)
        {
            call.Logger.LogInformation("token {Id} is due for rotation: {Reason}", diff.OldState.TokenId, reason);
            changes["rotationDueAt"] = new PropertyDiff(rotation, InputDiff: false);
        }
        if (diff.OldState.RetiringTokens?.Any(r => IsOver(r, now)) == true)
            changes["retiringTokens"] = new PropertyDiff(PropertyDiffKind.Update, InputDiff: false);
        if (changes.Count == 0) return DiffResult.NoChanges;

        var replaces = changes.Where(c => c.Value.Kind is PropertyDiffKind.AddReplace or PropertyDiffKind.DeleteReplace or PropertyDiffKind.UpdateReplace).Select(c => c.Key).ToList();
        // The replacement's Create may meet the old token, or a token it retires, under the same name: it is ours, not a leftover.
        if (replaces.Count > 0 && HeldIds(CurrentId(diff.Id, diff.OldState), diff.OldState.RetiringTokens) is { Count: > 0 } held)
            sandbox.RecordReplacement(call.Urn, held);
        return new DiffResult(DiffChanges.Some, [.. changes.Keys], replaces, changes);
    }

    protected override async Task<Created<ApiTokenState>> CreateAsync(ResourceCall call, ApiTokenArgs args, CancellationToken cancellationToken)
    {
        var (created, problems) = await NewTokenAsync(call, args.Name!, args, sandbox.OwnTokenIds(call.Urn),
            sandbox.IsReplacing(call.Urn) ? ApiTokenErrors.Purpose.Replacement : ApiTokenErrors.Purpose.New, cancellationToken);
        var state = Scheduled(WithFacts(new ApiTokenState(args) { TokenId = created.Id, Token = created.Secret, TokenHash = created.Key }, created.Token), args.Rotation);
        // The token exists and its secret is known: with problems, the engine records it and the next `up` completes it.
        return new Created<ApiTokenState>(Id(created.Id), state) { Problems = problems };
    }

    protected override async Task<Observed<ApiTokenArgs, ApiTokenState>?> ReadAsync(ResourceCall call, string id, ApiTokenArgs? oldArgs, ApiTokenState? oldState, CancellationToken cancellationToken)
    {
        var tokenId = oldState?.TokenId > 0 ? oldState.TokenId : ParseId(id);
        var retiring = await LiveRetiringAsync(call, oldState, cancellationToken);
        if (oldState?.TokenId == 0 && oldState.RetiringTokens is { Count: > 0 } || await FindAsync(tokenId, confirmAbsence: false, cancellationToken) is not { } token)
        {
            if (oldArgs is null || oldState is null || retiring.Count == 0) return null;
            // Dropping the resource would orphan the tokens it retires: keep it, so the next `pulumi up` replaces it and deletes them.
            call.Logger.LogWarning("token {Id} is no longer in the sandbox; the {Count} token(s) it replaced are kept in state until the next `pulumi up` replaces it and deletes them", tokenId, retiring.Count);
            return new Observed<ApiTokenArgs, ApiTokenState>(id, oldArgs, oldState with { TokenId = 0, Token = null, TokenHash = null, RotationDueAt = null, RetiringTokens = retiring });
        }
        if (oldState is null)
            call.Logger.LogWarning("token {Id} was read by id (`pulumi import` or a `get` lookup), without its secret: the sandbox shows a token's secret only when it is created, so `token` stays empty; to get a secret under management, replace the token (e.g. change rotationTriggers)", tokenId);
        else EnsureSame(call, tokenId, token, oldState, "adopted");

        var args = new ApiTokenArgs
        {
            // A generated name is the resource's; its tokens take new ones as they rotate.
            Name = call.IsAutonamed("name") && oldArgs?.Name is { } autonamed ? autonamed : token.Name,
            Permissions = token.Permissions,
            Comment = NoComment(token.Comment),
            // Rotation settings are ours alone: the sandbox never sees them.
            RotationTriggers = oldArgs?.RotationTriggers,
            Rotation = oldArgs?.Rotation,
        };
        // The secret and its hash come from Create only: carry them over, or they are lost for good.
        var state = WithFacts(new ApiTokenState(args) { Name = token.Name, TokenId = token.Id, Token = oldState?.Token, TokenHash = oldState?.TokenHash, RetiringTokens = NoneIfEmpty(retiring) }, token);
        return new Observed<ApiTokenArgs, ApiTokenState>(Id(token.Id), args, Scheduled(state, args.Rotation));
    }

    /// <summary>
    /// Rotates the token in place when a grace period keeps the old one (its rotation is due, or rotationTriggers
    /// changed), deletes retiring tokens whose grace period is over, and completes an earlier incomplete create
    /// from the token list. Every other change replaces the token.
    /// </summary>
    protected override async Task<ApiTokenState> UpdateAsync(ResourceCall call, string id, ApiTokenArgs oldArgs, ApiTokenState oldState, ApiTokenArgs news, bool preview, CancellationToken cancellationToken)
    {
        var now = sandbox.Time.GetUtcNow();
        var rotate = news.Rotation?.GracePeriod is { } grace && oldState.TokenId > 0
            && (!SameTriggers(oldArgs, news) || news.Rotation.DueReason(oldState.CreatedAt, now) is not null);
        var retiring = Retiring(call, oldState);
        var over = retiring.Where(r => IsOver(r, now)).ToList();
        var state = oldState with { RotationTriggers = news.RotationTriggers, Rotation = news.Rotation, RetiringTokens = NoneIfEmpty(retiring.Except(over).ToList()) };
        if (preview)
        {
            if (rotate) call.WillChange(RotatedOutputs);
            return Scheduled(rotate ? state with { Name = SuccessorName(call, news, oldState) } : state, news.Rotation);
        }

        if (!rotate && oldState.TokenId > 0 && (oldState.CreatedAt is null || oldState.CreatorLogin is null))
        {
            var tokenId = oldState.TokenId;
            var token = await FindAsync(tokenId, confirmAbsence: true, cancellationToken) ?? throw new ProviderException(
                $"PT Sandbox {sandbox.Client.Host}: token {tokenId}, recorded by an incomplete create, is no longer in the sandbox's token list: run `pulumi refresh` to drop it from state, then `pulumi up`");
            EnsureSame(call, tokenId, token, oldState, "adopted");
            state = WithFacts(state, token);
        }
        // Retired tokens go first: a failure after the new token exists would lose it from state.
        foreach (var retired in over) await DeleteRetiringAsync(call, retired, cancellationToken);
        if (rotate)
        {
            var name = SuccessorName(call, news, oldState);
            var (created, problems) = await NewTokenAsync(call, name, news, HeldIds(oldState.TokenId, state.RetiringTokens), ApiTokenErrors.Purpose.RotationInPlace, cancellationToken);
            // On this machine's clock, the one IsOver compares it with: a sandbox clock that is off neither cuts the grace period short nor stretches it.
            var deleteAfter = Timestamps.Add(sandbox.Time.GetUtcNow(), news.Rotation!.GracePeriod!.Value);
            call.Logger.LogInformation("token {Id} was rotated: token {New} replaces it; token {Id} stays valid until {DeleteAfter}", oldState.TokenId, created.Id, oldState.TokenId, UtcTimestamp.Format(deleteAfter));
            state = WithFacts(state with
            {
                Name = name, TokenId = created.Id, Token = created.Secret, TokenHash = created.Key, CreatorLogin = null, CreatedAt = null, EntryPoint = null,
                RetiringTokens = [.. state.RetiringTokens ?? [], RetiringToken.From(oldState, deleteAfter)],
            }, created.Token);
            foreach (var problem in problems) call.ReportProblem(problem);
        }
        return Scheduled(state, news.Rotation);
    }

    /// <summary>Deletes the token and every token it retires; tokens that are not the ones in state are left alone.</summary>
    protected override async Task DeleteAsync(ResourceCall call, string id, ApiTokenArgs oldArgs, ApiTokenState oldState, CancellationToken cancellationToken)
    {
        foreach (var retiring in oldState.RetiringTokens ?? []) await DeleteRetiringAsync(call, retiring, cancellationToken);
        if (CurrentId(id, oldState) is { } tokenId && (await DeleteIfOursAsync(call, tokenId, oldState, cancellationToken)).Stranger is { } stranger)
            throw new ProviderException(ApiTokenIdentity.Mismatch(sandbox.Client.Host, call.Urn, tokenId, stranger, oldState, "deleted"));
    }

    /// <summary>
    /// Deletes the token under <paramref name="id"/> when it is the one <paramref name="facts"/> describe. When another
    /// token has that id, nothing is deleted and that token is returned; Deleted says whether this call deleted one.
    /// </summary>
    private async Task<(SandboxToken? Stranger, bool Deleted)> DeleteIfOursAsync(ResourceCall call, long id, ApiTokenState facts, CancellationToken cancellationToken)
    {
        var deleted = false;
        if (await FindAsync(id, confirmAbsence: true, cancellationToken) is { } token)
        {
            if (!ApiTokenIdentity.Matches(token, facts, sandbox.Username)) return (token, false);
            deleted = await sandbox.Client.DeleteTokenAsync(id, cancellationToken);
            if (!deleted) call.Logger.LogDebug("token {Id} was already gone", id);
        }
        else call.Logger.LogDebug("token {Id} is not in the sandbox's token list: already deleted", id);
        sandbox.Listings.RecordDeleted(id);
        return (null, deleted);
    }

    /// <summary>
    /// The name of the token an in-place rotation creates: the program's, or a generated one derived from the token it
    /// replaces, so the preview shows it and a retried rotation asks for the same name (a token left by an interrupted
    /// attempt is then found by the create's leftover check rather than forgotten).
    /// </summary>
    private string SuccessorName(ResourceCall call, ApiTokenArgs news, ApiTokenState oldState) =>
        call.IsAutonamed("name") ? NewName(call.Name, ApiTokenNames.SeededBy($"{news.Name}/{oldState.TokenId}")) : news.Name!;

    /// <summary>Creates a token; the problems are those of an answer that was not fully usable (the token exists).</summary>
    private async Task<(CreatedToken Created, IReadOnlyList<string> Problems)> NewTokenAsync(
        ResourceCall call, string name, ApiTokenArgs args, IReadOnlyCollection<long> ownTokenIds, ApiTokenErrors.Purpose purpose, CancellationToken cancellationToken)
    {
        var request = new NewToken(name, args.Permissions, NoComment(args.Comment)) { OwnTokenIds = ownTokenIds };
        TokenListing? baseline = null;
        CreatedToken created;
        try
        {
            baseline = await sandbox.Listings.GetAsync(cancellationToken);
            created = await sandbox.Client.CreateTokenAsync(request, baseline, cancellationToken);
        }
        catch (SandboxApiException ex) when (ApiTokenErrors.ExplainRefusedCreate(ex, purpose, name, baseline) is { } explained)
        {
            throw explained;
        }
        if (created.Token is { } token)
        {
            sandbox.Listings.RecordCreated(token);
            if (args.Rotation?.RotateAfterSpan is not null) WarnOfClockSkew(call, token, args.Rotation);
        }
        call.Logger.LogDebug("created token {Id} ({Name})", created.Id, name);
        return (created, created.Problems.Count == 0 ? [] :
            [$"PT Sandbox {sandbox.Client.Host}: token {created.Id} was created and its secret is stored, but the sandbox's answer was not fully usable ({string.Join("; ", created.Problems)}); the next `pulumi up` completes it from the token list"]);
    }

    /// <summary>
    /// rotateAfter counts from the sandbox's creation time, and Diff compares it with this machine's clock: when the two
    /// clocks are minutes apart or more, scheduled rotations shift by as much, and a sandbox clock behind by about
    /// rotateAfter makes every `up` rotate. Said once, when the token is made, where the difference can be measured.
    /// </summary>
    private void WarnOfClockSkew(ResourceCall call, SandboxToken token, RotationPolicy policy)
    {
        var now = sandbox.Time.GetUtcNow();
        var skew = token.CreatedTime - now;
        if (skew.Duration() < ClockSkewTolerance) return;
        var behind = skew < TimeSpan.Zero;
        var storm = behind && policy.DueReason(token.CreatedAt, now) is not null
            ? "; the token is due for rotation as soon as it is made, so every `pulumi up` rotates it until the clocks agree" : "";
        call.Logger.LogWarning("the sandbox's clock is {Skew} {Direction} this machine's (it dates token {Id} {CreatedAt}, this machine {Now}): rotation.rotateAfter counts from the sandbox's date, so rotations come that much {Shift}{Storm}; synchronise the clocks (NTP)",
            Timestamps.Describe(skew.Duration()), behind ? "behind" : "ahead of", token.Id, token.CreatedAt, UtcTimestamp.Format(now), behind ? "early" : "late", storm);
    }

    /// <summary>How far the sandbox's creation time may be from this machine's clock before it is worth a warning (a create's round trip is far less).</summary>
    private static readonly TimeSpan ClockSkewTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The retiring tokens still in the sandbox; one whose id now names another token is not ours any more.</summary>
    private async Task<List<RetiringToken>> LiveRetiringAsync(ResourceCall call, ApiTokenState? state, CancellationToken cancellationToken)
    {
        var live = new List<RetiringToken>();
        foreach (var retiring in Retiring(call, state))
        {
            if (await FindAsync(retiring.TokenId, confirmAbsence: false, cancellationToken) is not { } token) continue;
            if (ApiTokenIdentity.Matches(token, retiring.AsState(), sandbox.Username)) live.Add(retiring);
            else call.Logger.LogWarning("{Message}", ApiTokenIdentity.RetiringMismatch(sandbox.Client.Host, retiring.TokenId, token, retiring, "kept"));
        }
        return live;
    }

    /// <summary>
    /// The state's retiring tokens, except an entry that names the current token (a hand-edited state, or a sandbox
    /// that answered a rotation with the old token's id): deleting it as retired would revoke the token in use.
    /// </summary>
    private static List<RetiringToken> Retiring(ResourceCall call, ApiTokenState? state)
    {
        var retiring = state?.RetiringTokens?.ToList() ?? [];
        if (state is not { TokenId: > 0 and var current } || retiring.RemoveAll(r => r.TokenId == current) == 0) return retiring;
        call.Logger.LogWarning("retiringTokens lists token {Id}, which is the token in use: the entry is dropped and the token kept", current);
        return retiring;
    }

    private async Task DeleteRetiringAsync(ResourceCall call, RetiringToken retiring, CancellationToken cancellationToken)
    {
        var (stranger, deleted) = await DeleteIfOursAsync(call, retiring.TokenId, retiring.AsState(), cancellationToken);
        // Never a stranger's token: one whose id was reused is left alone, and the retiring entry is dropped.
        if (stranger is not null)
            call.Logger.LogWarning("{Message}", ApiTokenIdentity.RetiringMismatch(sandbox.Client.Host, retiring.TokenId, stranger, retiring, "deleted"));
        else if (deleted) call.Logger.LogInformation("retiring token {Id} ({Name}) was deleted", retiring.TokenId, retiring.Name);
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
        // The recorded text when it says the same time (every refresh), so that it is not formatted again.
        CreatedAt = UtcTimestamp.IsFormatted(state.CreatedAt, token.CreatedTime) ? state.CreatedAt : token.CreatedAt,
        EntryPoint = TokenEntryPointOutput.From(token.EntryPoint),
    };

    /// <summary>When its policy makes the token due, on top of <paramref name="state"/>.</summary>
    private static ApiTokenState Scheduled(ApiTokenState state, RotationPolicy? policy) =>
        state with { RotationDueAt = policy?.DueAt(state.CreatedAt) is { } due ? UtcTimestamp.Format(due) : null };

    private static bool IsOver(RetiringToken retiring, DateTimeOffset now) => UtcTimestamp.Parse(retiring.DeleteAfter) is not { } after || after <= now;

    /// <summary>The ids of the tokens a resource holds: the current one and those it retires.</summary>
    private static List<long> HeldIds(long? current, IReadOnlyList<RetiringToken>? retiring) =>
        [.. (current is > 0 ? [current.Value] : Array.Empty<long>()).Concat(retiring?.Select(r => r.TokenId).Where(id => id > 0) ?? [])];

    private static IReadOnlyList<RetiringToken>? NoneIfEmpty(IReadOnlyList<RetiringToken>? tokens) => tokens is { Count: > 0 } ? tokens : null;

    /// <summary>The id of the token the resource holds now: the state's (rotations in place change it), else the resource id.</summary>
    private static long? CurrentId(string id, ApiTokenState state) =>
        state.TokenId > 0 ? state.TokenId : state.RetiringTokens is { Count: > 0 } ? null : TryParseId(id, out var parsed) ? parsed : null;

    private static bool SameTriggers(ApiTokenArgs a, ApiTokenArgs b) =>
        (a.RotationTriggers ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal)
            .SequenceEqual((b.RotationTriggers ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal));

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
