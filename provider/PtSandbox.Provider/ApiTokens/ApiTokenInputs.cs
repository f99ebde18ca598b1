using ProviderHost.Values;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>The wire names of ApiToken's properties.</summary>
internal static class Props
{
    public const string Name = "name";
    public const string Permissions = "permissions";
    public const string Comment = "comment";
    public const string RotationTriggers = "rotationTriggers";
    public const string Token = "token";
    public const string TokenHash = "tokenHash";
    public const string TokenId = "tokenId";
    public const string CreatorLogin = "creatorLogin";
    public const string CreatedAt = "createdAt";
    public const string EntryPoint = "entryPoint";

    public static readonly IReadOnlyList<string> Inputs = [Name, Permissions, Comment, RotationTriggers];
}

/// <summary>ApiToken's inputs as plain values (secret wrappers removed), once Check has accepted them.</summary>
internal sealed record ApiTokenInputs(string Name, IReadOnlyList<string> Permissions, string? Comment, IReadOnlyDictionary<string, string> RotationTriggers)
{
    public static ApiTokenInputs From(PropertyMap inputs) => new(
        inputs.Find(Props.Name)?.Unsecret().StringValue ?? "",
        Strings(inputs.Find(Props.Permissions)),
        CommentOf(inputs),
        Triggers(inputs));

    /// <summary>An absent comment, an explicit null and "" all mean "no comment" (the sandbox stores null).</summary>
    public static string? CommentOf(PropertyMap inputs) =>
        inputs.Find(Props.Comment)?.Unsecret() is { Kind: PropertyValueKind.String, StringValue: { Length: > 0 } text } ? text : null;

    public static IReadOnlyList<string> Strings(PropertyValue? array) =>
        array?.Unsecret() is { Kind: PropertyValueKind.Array } list
            ? list.ArrayValue.Select(v => v.Unsecret()).Where(v => v.Kind == PropertyValueKind.String).Select(v => v.StringValue).ToList()
            : [];

    public static IReadOnlyDictionary<string, string> Triggers(PropertyMap inputs) =>
        inputs.Find(Props.RotationTriggers)?.Unsecret() is { Kind: PropertyValueKind.Object } map
            ? map.ObjectValue.Where(kv => kv.Value.Unsecret().Kind == PropertyValueKind.String)
                .ToDictionary(kv => kv.Key, kv => kv.Value.Unsecret().StringValue, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
