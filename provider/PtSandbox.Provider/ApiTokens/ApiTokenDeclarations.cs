using System.Text.RegularExpressions;
using ProviderHost.Typed;
using PtSandbox.Client;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>The inputs of an ApiToken. The sandbox cannot edit a token: a change of its name, permissions or comment replaces it.</summary>
[Properties]
internal partial record ApiTokenArgs
{
    [Property(Description = "The token's name: 5 to 30 characters, letters, digits and `-`, starting and ending with a letter. Optional: when unset, the name comes from the stack's autonaming configuration, else it is the resource's name with a random suffix (`<resource name>-<7 letters>`); it is kept across updates, and a replacement (or, with `rotation.previousTokenLifetime`, each rotation) gets a new one, so old and new tokens never share a name.",
        ReplaceOnChanges = true, Pattern = nameof(NamePattern), PatternHint = "5 to 30 characters: letters, digits and '-', starting and ending with a letter")]
    public string? Name { get; init; }

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9-]{3,28}[a-zA-Z]\z")]
    internal static partial Regex NamePattern();

    [Property(Description = "Permissions granted to the token: at least one, no duplicates; compared as a set.", ReplaceOnChanges = true,
        Enum = typeof(Permission), MinItems = 1, UniqueItems = true)]
    public IReadOnlyList<string> Permissions { get; init; } = [];

    [Property(Description = "Free-text comment shown in the sandbox's token list (at most 1000 characters).", ReplaceOnChanges = true, MaxLength = 1000)]
    public string? Comment { get; init; }

    [Property(Description = "Arbitrary values that, when changed, rotate the token (for rotations decided outside Pulumi): a replacement, or with `rotation.previousTokenLifetime`, a new token in place while the old one stays valid for that long. Never sent to the sandbox.")]
    public IReadOnlyDictionary<string, string>? RotationTriggers { get; init; }

    [Property(Description = "Rotate the token by itself on a schedule, and keep the token a rotation replaces valid for a grace period.")]
    public RotationPolicy? Rotation { get; init; }
}

/// <summary>The state of an ApiToken: its inputs and what the sandbox made of them.</summary>
[Properties]
internal sealed partial record ApiTokenState : ApiTokenArgs
{
    public ApiTokenState() { }

    public ApiTokenState(ApiTokenArgs args) : base(args) { }

    [Property(Description = "The token's secret value, to send in the `X-Api-Key` header of the Public API. Known only for tokens this provider created; absent after `pulumi import`.", Secret = true)]
    public string? Token { get; init; }

    [Property(Description = "The sandbox's hash of the secret (its `key` field): safe to log, useful to tell tokens apart. Known for tokens this provider created; absent after `pulumi import` (the sandbox's listing does not carry it).")]
    public string? TokenHash { get; init; }

    [Property(Description = "The numeric id of the token the resource holds now. The resource id is the same number, except between a rotation in place and the next refresh, which moves the id to it.")]
    public long TokenId { get; init; }

    [Property(Description = "Login of the user who created the token (absent only while a create the sandbox answered incompletely awaits the next `pulumi up`).")]
    public string? CreatorLogin { get; init; }

    [Property(Description = "When the token was created (RFC 3339, UTC; absent only while a create the sandbox answered incompletely awaits the next `pulumi up`).")]
    public string? CreatedAt { get; init; }

    [Property(Description = "The entry point the token is bound to, if any.")]
    public TokenEntryPointOutput? EntryPoint { get; init; }

    [Property(Description = "When `rotation.rotateAfter` makes the token due for rotation (RFC 3339, UTC): the first `pulumi up` from then on (or from `rotation.earlyRotationWindow` before) rotates it. Absent without `rotation.rotateAfter`.")]
    public string? RotationDueAt { get; init; }

    [Property(Description = "Tokens that rotations with `rotation.previousTokenLifetime` replaced and that stay valid until their `deleteAfter`; the first `pulumi up` after that deletes them, and `pulumi destroy` deletes them with the token. Their secrets are not kept.")]
    public IReadOnlyList<RetiringToken>? RetiringTokens { get; init; }
}

[Properties(TypeToken = "ptsandbox:index:RetiringToken", Description = "A token a rotation replaced, still valid until `deleteAfter`.")]
internal sealed partial record RetiringToken
{
    [Property(Description = "The token's numeric id in the sandbox.")]
    public long TokenId { get; init; }

    [Property(Description = "The token's name.")]
    public string Name { get; init; } = "";

    [Property(Description = "The sandbox's hash of the token's secret, when known.")]
    public string? TokenHash { get; init; }

    [Property(Description = "Login of the user who created the token, when known.")]
    public string? CreatorLogin { get; init; }

    [Property(Description = "When the token was created (RFC 3339, UTC), when known.")]
    public string? CreatedAt { get; init; }

    [Property(Description = "From when the provider deletes the token (RFC 3339, UTC): the time of the rotation that retired it, on the provider's clock, plus `rotation.previousTokenLifetime`.")]
    public string DeleteAfter { get; init; } = "";

    /// <summary>The token a rotation retires, identified as the state records it.</summary>
    public static RetiringToken From(ApiTokenState state, DateTimeOffset deleteAfter) => new()
    {
        TokenId = state.TokenId, Name = state.Name ?? "", TokenHash = state.TokenHash, CreatorLogin = state.CreatorLogin,
        CreatedAt = state.CreatedAt, DeleteAfter = UtcTimestamp.Format(deleteAfter),
    };

    /// <summary>Facts to compare with the sandbox's token under <see cref="TokenId"/> (see <see cref="ApiTokenIdentity"/>).</summary>
    public ApiTokenState AsState() => new() { Name = Name, TokenId = TokenId, CreatorLogin = CreatorLogin, CreatedAt = CreatedAt };
}

[Enum("ptsandbox:index:Permission", Open = true,
    Description = "A permission of a Public API token. Values a newer sandbox knows and this list does not are accepted with a warning.")]
internal static partial class Permission
{
    [EnumValue("Submit scans with custom settings.")]
    public const string ScanWithExtendedSettings = "SCAN_WITH_EXTENDED_SETTINGS";

    [EnumValue("Submit scans with predefined settings.")]
    public const string ScanWithPredefinedSettings = "SCAN_WITH_PREDEFINED_SETTINGS";

    [EnumValue("View every task, not only the token's own.")]
    public const string TasksViewAll = "TASKS_VIEW_ALL";
}

[Properties(TypeToken = "ptsandbox:index:TokenEntryPoint", Description = "The entry point a token is bound to.")]
internal sealed partial record TokenEntryPointOutput
{
    [Property(Description = "Entry point id.")]
    public string Id { get; init; } = "";

    [Property(Description = "Entry point name.")]
    public string Name { get; init; } = "";

    public static TokenEntryPointOutput? From(Client.TokenEntryPoint? entry) => entry is null ? null : new() { Id = entry.Id, Name = entry.Name };
}
