using PtSandbox.Client;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>
/// Is the sandbox's token under an id the token in state? Ids start at 1 on every sandbox, and a deleted token's id
/// may be handed out again, so the id alone proves nothing: the immutable facts recorded at Create (name, creation
/// time, creator) must match too. Only facts the state holds are compared (an incomplete create holds fewer); a state
/// that does not record the creator takes the configured user for it. A state that records neither the name nor the
/// creation time (a hand-edited one) identifies no token: the creator alone is every token that user made.
/// </summary>
internal static class ApiTokenIdentity
{
    /// <summary>Creation times match within this: the create answer and the listing may round differently.</summary>
    private static readonly TimeSpan CreatedTolerance = TimeSpan.FromSeconds(1);

    public static bool Matches(SandboxToken token, ApiTokenState state, string username)
    {
        if (string.IsNullOrEmpty(state.Name) && state.CreatedAt is null) return false;
        if (state.Name is { Length: > 0 } name && name != token.Name) return false;
        if (state.CreatedAt is { } createdAt
            && (UtcTimestamp.Parse(createdAt) is not { } recorded || (recorded - token.CreatedTime).Duration() > CreatedTolerance))
            return false;
        return state.CreatorLogin is { Length: > 0 } creator
            ? token.CreatorLogin.Length == 0 || string.Equals(creator, token.CreatorLogin, StringComparison.OrdinalIgnoreCase)
            : LoginNames.Same(token.CreatorLogin, username);
    }

    /// <summary>
    /// The one-line error for a mismatch: both tokens, why it happens, and what to do. <paramref name="refused"/> says
    /// what the provider did not do ("adopted", "deleted").
    /// </summary>
    public static string Mismatch(string host, string urn, long id, SandboxToken token, ApiTokenState state, string refused) =>
        $"PT Sandbox {host}: token {id} in the sandbox is not the token in state, so it was not {refused}: " +
        $"state has {Describe(state.Name ?? "", state.CreatedAt, state.CreatorLogin)}, the sandbox has {Describe(token.Name, token.CreatedAt, token.CreatorLogin)}. " +
        "Either host points to another sandbox than the one the token was created on (fix host), or the token in state was deleted and its id reused " +
        $"(then remove it from state with `pulumi state delete '{urn}'` and run `pulumi up` to create it again)";

    /// <summary>
    /// The one-line warning for a retiring token that is not the one under its id. The advice differs from
    /// <see cref="Mismatch"/>'s: removing the resource from state would orphan its current token, and only the
    /// retiring entry is dropped.
    /// </summary>
    public static string RetiringMismatch(string host, long id, SandboxToken token, RetiringToken retiring, string refused) =>
        $"PT Sandbox {host}: token {id} in the sandbox is not the retiring token in state, so it was not {refused}: " +
        $"state has {Describe(retiring.Name, retiring.CreatedAt, retiring.CreatorLogin)}, the sandbox has {Describe(token.Name, token.CreatedAt, token.CreatorLogin)}. " +
        "The retiring token was deleted outside Pulumi and its id reused, or host points to another sandbox than the one it was created on (then fix host); " +
        "the entry is dropped from retiringTokens";

    private static string Describe(string name, string? createdAt, string? creator) =>
        $"\"{(name.Length > 0 ? name : "?")}\" created {createdAt ?? "at an unrecorded time"}" + (string.IsNullOrEmpty(creator) ? "" : $" by {creator}");
}
