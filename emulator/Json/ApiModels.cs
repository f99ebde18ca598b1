namespace PtSandbox.Emulator.Json;

// Response shapes of the real UI API (camelCase on the wire, see EmulatorJsonContext).

internal sealed record ErrorItem(string Message, string Type);

internal sealed record ErrorBody(IReadOnlyList<ErrorItem> Errors);

internal sealed record LocationData(string Location);

internal sealed record AuthorizeResponse(LocationData Data);

internal sealed record AccessTokenData(string AccessToken);

internal sealed record AccessTokenResponse(AccessTokenData Data);

/// <summary>A token in the public listing. No <c>key</c>: the public Python model of a listed token has none,
/// only the create response adds <c>token</c> and <c>key</c>.</summary>
internal sealed record TokenView(
    long Id,
    string Name,
    string? Comment,
    IReadOnlyList<string> Permissions,
    string CreatorLogin,
    double Created,
    double? Modified,
    double? Deleted,
    EmulatorEntryPoint? EntryPoint)
{
    public static TokenView From(EmulatorToken t) =>
        new(t.Id, t.Name, t.Comment, t.Permissions, t.CreatorLogin, t.Created, t.Modified, t.Deleted, t.EntryPoint);
}

internal sealed record CreatedTokenView(
    long Id,
    string Name,
    string? Comment,
    IReadOnlyList<string> Permissions,
    string CreatorLogin,
    double Created,
    double? Modified,
    double? Deleted,
    EmulatorEntryPoint? EntryPoint,
    string Token,
    string Key)
{
    public static CreatedTokenView From(EmulatorToken t, string secret) =>
        new(t.Id, t.Name, t.Comment, t.Permissions, t.CreatorLogin, t.Created, t.Modified, t.Deleted, t.EntryPoint, secret, t.Key);
}

internal sealed record TokenListing(int Total, IReadOnlyList<TokenView> Entries);

/// <summary>What <c>--state</c> files hold. Secrets are never stored, only their hash (<c>key</c>).</summary>
internal sealed record PersistedState(long NextId, IReadOnlyList<EmulatorToken> Tokens);
