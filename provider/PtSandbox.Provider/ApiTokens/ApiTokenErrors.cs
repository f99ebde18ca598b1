using ProviderHost.Resources;
using PtSandbox.Client;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>Advice for a create the sandbox refused: what the user can do about a token that already has the name.</summary>
internal static class ApiTokenErrors
{
    /// <summary>Why a token is being created, for the advice on a duplicate name.</summary>
    public enum Purpose { New, Replacement, RotationInPlace }

    /// <summary>Advice for a create the sandbox (or the leftover check) refused because of a token with the same name.</summary>
    public static ProviderException? ExplainRefusedCreate(SandboxApiException ex, Purpose purpose, string name, TokenListing? baseline)
    {
        if (ex.IsLeftoverToken)
        {
            var ids = string.Join(", ", ex.SameNameTokens.Select(t => t.Id));
            return new ProviderException(
                $"{ex.Message}, or adopt it (without its secret) with the resource option import: \"{ex.SameNameTokens[0].Id}\"" + (ex.SameNameTokens.Count > 1 ? $" (candidates: {ids})" : ""),
                ProviderErrorKind.AlreadyExists, ex);
        }
        if (!IsDuplicateName(ex)) return null;
        if (purpose == Purpose.Replacement)
            return new ProviderException(
                $"{ex.Message}. A token named \"{name}\" already exists: when a token is replaced, the new one is created before the old one is deleted; leave name unset so each token gets its own, set the resource option deleteBeforeReplace: true, or give the token a new name",
                ProviderErrorKind.AlreadyExists, ex);
        if (purpose == Purpose.RotationInPlace)
            return new ProviderException(
                $"{ex.Message}. A token named \"{name}\" already exists: with rotation.previousTokenLifetime the old token stays valid beside the new one, and this sandbox refuses duplicate names; leave name unset so each token gets its own",
                ProviderErrorKind.AlreadyExists, ex);
        var others = baseline?.LiveNamed(name).Select(t => $"id {t.Id} by {t.CreatorLogin}").ToList() ?? [];
        return new ProviderException(
            $"{ex.Message}. A token named \"{name}\" already exists{(others.Count > 0 ? $" ({string.Join(", ", others)})" : "")} and the sandbox refuses duplicate names: give this token another name",
            ProviderErrorKind.AlreadyExists, ex);
    }

    private static bool IsDuplicateName(SandboxApiException ex) =>
        ex.StatusCode == 409 ||
        (ex.StatusCode == 400 && ex.ServerMessage is { } message &&
         (message.Contains("exist", StringComparison.OrdinalIgnoreCase) || message.Contains("unique", StringComparison.OrdinalIgnoreCase)));
}
