using ProviderHost.Values;
using PtSandbox.Client;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>Builds ApiToken's outputs and the inputs a Read reports, from what the sandbox says.</summary>
internal static class ApiTokenOutputs
{
    /// <summary>Computed outputs for a preview: known inputs echoed, everything the sandbox decides unknown.</summary>
    public static PropertyMap Preview(PropertyMap inputs) => inputs
        .Set(Props.Token, PropertyValue.Secret(PropertyValue.Computed))
        .Set(Props.TokenHash, PropertyValue.Computed)
        .Set(Props.TokenId, PropertyValue.Computed)
        .Set(Props.CreatorLogin, PropertyValue.Computed)
        .Set(Props.CreatedAt, PropertyValue.Computed)
        .Set(Props.EntryPoint, PropertyValue.Computed);

    /// <summary>
    /// Outputs = the inputs (kept as given, secret wrappers included) plus what the sandbox computed.
    /// <paramref name="secret"/> is always wrapped as a secret.
    /// </summary>
    public static PropertyMap From(PropertyMap inputs, SandboxToken token, PropertyValue? secret, PropertyValue? tokenHash)
    {
        var outputs = WithFacts(inputs.Set(Props.TokenId, PropertyValue.From(token.Id)), token);
        if (secret is not null) outputs = outputs.Set(Props.Token, PropertyValue.Secret(secret.Unsecret()));
        if (tokenHash is not null) outputs = outputs.Set(Props.TokenHash, tokenHash);
        return outputs;
    }

    /// <summary>
    /// Outputs of a create: the inputs, the id and the secret, and the facts the answer carried in usable form (a
    /// partial create may lack them; the next update or refresh fills them in from the token list).
    /// </summary>
    public static PropertyMap FromCreated(PropertyMap inputs, CreatedToken created)
    {
        var outputs = inputs
            .Set(Props.TokenId, PropertyValue.From(created.Id))
            .Set(Props.Token, PropertyValue.Secret(PropertyValue.From(created.Secret)));
        if (created.Key is { } key) outputs = outputs.Set(Props.TokenHash, PropertyValue.From(key));
        return created.Token is { } token ? WithFacts(outputs, token) : outputs;
    }

    /// <summary>True when the outputs lack facts a complete create records (after a partial create).</summary>
    public static bool LacksFacts(PropertyMap outputs) =>
        outputs.Find(Props.CreatedAt) is null || outputs.Find(Props.CreatorLogin) is null;

    /// <summary>What the sandbox says about a token, on top of <paramref name="outputs"/>.</summary>
    public static PropertyMap WithFacts(PropertyMap outputs, SandboxToken token)
    {
        outputs = outputs
            .Set(Props.CreatorLogin, PropertyValue.From(token.CreatorLogin))
            .Set(Props.CreatedAt, PropertyValue.From(token.CreatedAt));
        return token.EntryPoint is { } entry ? outputs.Set(Props.EntryPoint, EntryPoint(entry)) : outputs.Remove(Props.EntryPoint);
    }

    /// <summary>The <c>ptsandbox:index:TokenEntryPoint</c> object.</summary>
    public static PropertyValue EntryPoint(TokenEntryPoint entry) => PropertyValue.From(PropertyMap.Empty
        .Set("id", PropertyValue.From(entry.Id))
        .Set("name", PropertyValue.From(entry.Name)));

    /// <summary>
    /// The inputs as the sandbox has them now, shaped like Check's output. Where the sandbox agrees with the old
    /// inputs, the old representation is kept (permission order, secret wrappers) so a refresh shows no noise.
    /// </summary>
    public static PropertyMap LiveInputs(SandboxToken token, PropertyMap oldInputs)
    {
        var oldPermissions = oldInputs.Find(Props.Permissions);
        var inputs = PropertyMap.Empty
            .Set(Props.Name, Keep(oldInputs, Props.Name, PropertyValue.From(token.Name)))
            .Set(Props.Permissions, oldPermissions is not null && ApiTokenDiff.SamePermissions(ApiTokenInputs.Strings(oldPermissions), token.Permissions)
                ? oldPermissions
                : KeepSecrecy(oldPermissions, PropertyValue.FromStrings(token.Permissions)));
        if (!string.IsNullOrEmpty(token.Comment))
            inputs = inputs.Set(Props.Comment, Keep(oldInputs, Props.Comment, PropertyValue.From(token.Comment)));
        if (oldInputs.Find(Props.RotationTriggers) is { } triggers)
            inputs = inputs.Set(Props.RotationTriggers, triggers); // ours alone: the sandbox never sees them
        return inputs;
    }

    /// <summary>The old value when it equals the live one (keeping its secret wrapper), else the live value.</summary>
    private static PropertyValue Keep(PropertyMap oldInputs, string key, PropertyValue live)
    {
        var old = oldInputs.Find(key);
        if (old is null) return live;
        return old.Unsecret().Equals(live) ? old : KeepSecrecy(old, live);
    }

    /// <summary>A value the program marked secret stays secret when the sandbox changed it.</summary>
    private static PropertyValue KeepSecrecy(PropertyValue? old, PropertyValue live) =>
        old is not null && (old.IsSecret || (old.Kind == PropertyValueKind.Array && old.ArrayValue.Any(v => v.IsSecret))) ? PropertyValue.Secret(live) : live;
}
