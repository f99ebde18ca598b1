using System.Text.RegularExpressions;
using ProviderHost.Typed;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>The inputs of an ApiToken. The sandbox cannot edit a token, so each change replaces it.</summary>
[Properties]
internal partial record ApiTokenArgs
{
    [Property(Description = "The token's name: 5 to 30 characters, letters, digits and `-`, starting and ending with a letter.", ReplaceOnChanges = true,
        Pattern = nameof(NamePattern), PatternHint = "5 to 30 characters: letters, digits and '-', starting and ending with a letter")]
    public string Name { get; init; } = "";

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9-]{3,28}[a-zA-Z]\z")]
    internal static partial Regex NamePattern();

    [Property(Description = "Permissions granted to the token: at least one, no duplicates; compared as a set.", ReplaceOnChanges = true,
        Enum = typeof(Permission), MinItems = 1, UniqueItems = true)]
    public IReadOnlyList<string> Permissions { get; init; } = [];

    [Property(Description = "Free-text comment shown in the sandbox's token list (at most 1000 characters).", ReplaceOnChanges = true, MaxLength = 1000)]
    public string? Comment { get; init; }

    [Property(Description = "Arbitrary values that, when changed, replace the token with a new one (for scheduled rotation). Never sent to the sandbox.", ReplaceOnChanges = true)]
    public IReadOnlyDictionary<string, string>? RotationTriggers { get; init; }
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

    [Property(Description = "The token's numeric id in the sandbox (also the resource id).")]
    public long TokenId { get; init; }

    [Property(Description = "Login of the user who created the token (absent only while a create the sandbox answered incompletely awaits the next `pulumi up`).")]
    public string? CreatorLogin { get; init; }

    [Property(Description = "When the token was created (RFC 3339, UTC; absent only while a create the sandbox answered incompletely awaits the next `pulumi up`).")]
    public string? CreatedAt { get; init; }

    [Property(Description = "The entry point the token is bound to, if any.")]
    public TokenEntryPointOutput? EntryPoint { get; init; }
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
