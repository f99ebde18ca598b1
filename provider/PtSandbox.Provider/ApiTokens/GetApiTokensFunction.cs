using ProviderHost.Resources;
using ProviderHost.Values;
using PtSandbox.Client;
using PtSandbox.Provider.Configuration;

namespace PtSandbox.Provider.ApiTokens;

/// <summary><c>ptsandbox:index:getApiTokens</c>: the live tokens, optionally by name. Never a secret.</summary>
internal sealed class GetApiTokensFunction(SandboxConnection sandbox) : IProviderFunction
{
    public string TypeToken => "ptsandbox:index:getApiTokens";

    public System.Text.Json.Nodes.JsonObject Schema => GetApiTokensSchema.Build();

    public async Task<InvokeResult> InvokeAsync(PropertyMap args, bool preview, CancellationToken cancellationToken)
    {
        var nameSecret = args.Find("name") is { IsSecret: true };
        var nameArg = args.Find("name")?.Unsecret();
        if (nameArg is { Kind: not PropertyValueKind.String })
            return new InvokeResult(PropertyMap.Empty, [new CheckFailure("name", "must be a string")]);

        var listing = await SandboxCall.RunAsync(sandbox, "list tokens", customTimeout: null, cancellationToken, sandbox.Listings.GetAsync);

        var tokens = listing.Entries
            .Where(t => t.Deleted is null && (nameArg is null || t.Name == nameArg.StringValue))
            .Select(t => Summary(t, nameSecret))
            .ToList();
        return new InvokeResult(PropertyMap.Empty
            .Set("total", PropertyValue.From(tokens.Count))
            .Set("tokens", PropertyValue.From(tokens)), []);
    }

    /// <param name="nameSecret">The program's name filter was secret: the names it matched are that secret.</param>
    private static PropertyValue Summary(SandboxToken token, bool nameSecret)
    {
        var name = PropertyValue.From(token.Name);
        var summary = PropertyMap.Empty
            .Set("id", PropertyValue.From(token.Id))
            .Set("name", nameSecret ? PropertyValue.Secret(name) : name)
            .Set("permissions", PropertyValue.FromStrings(token.Permissions))
            .Set("creatorLogin", PropertyValue.From(token.CreatorLogin))
            .Set("createdAt", PropertyValue.From(token.CreatedAt));
        if (!string.IsNullOrEmpty(token.Comment)) summary = summary.Set("comment", PropertyValue.From(token.Comment));
        if (token.EntryPoint is { } entry) summary = summary.Set("entryPoint", ApiTokenOutputs.EntryPoint(entry));
        return PropertyValue.From(summary);
    }
}
