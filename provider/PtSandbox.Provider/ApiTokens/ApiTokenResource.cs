using Grpc.Core;
using Microsoft.Extensions.Logging;
using ProviderHost.Resources;
using ProviderHost.Values;
using PtSandbox.Client;
using PtSandbox.Provider.Configuration;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>
/// <c>ptsandbox:index:ApiToken</c>: a PT Sandbox Public API token. The sandbox shows the secret once, at
/// creation; we keep it as a Pulumi secret and carry it across every Read, since the API never returns it again.
/// Read, Update and Delete act on the sandbox's token only when it is the token in state (<see cref="ApiTokenIdentity"/>).
/// </summary>
internal sealed class ApiTokenResource(SandboxConnection sandbox) : ICustomResource
{
    public string TypeToken => "ptsandbox:index:ApiToken";

    public System.Text.Json.Nodes.JsonObject Schema => ApiTokenSchema.Build();

    public Task<CheckResult> CheckAsync(ResourceContext context, CheckArgs args, CancellationToken cancellationToken)
    {
        var (failures, warnings) = ApiTokenValidation.Validate(args.News);
        foreach (var warning in warnings) context.Logger.LogWarning("{Warning}", warning);
        return Task.FromResult(new CheckResult(args.News, failures));
    }

    public Task<DiffResult> DiffAsync(ResourceContext context, DiffArgs args, CancellationToken cancellationToken)
    {
        var diff = ApiTokenDiff.Compute(args.OldInputs.Count > 0 ? args.OldInputs : args.OldOutputs, args.News);
        // The replacement's Create will meet the old token under the same name: it is ours, not a leftover.
        if (diff.Replaces.Count > 0 && TryParseId(args.Id, out var oldId)) sandbox.RecordReplacement(context.Urn, oldId);
        return Task.FromResult(diff);
    }

    public async Task<CreateResult> CreateAsync(ResourceContext context, CreateArgs args, CancellationToken cancellationToken)
    {
        if (args.Preview) return new CreateResult("", ApiTokenOutputs.Preview(args.Properties));

        var inputs = ApiTokenInputs.From(args.Properties);
        var request = new NewToken(inputs.Name, inputs.Permissions, inputs.Comment) { OwnTokenIds = sandbox.OwnTokenIds(context.Urn) };
        TokenListing? baseline = null;
        var created = await SandboxCall.RunAsync(sandbox, $"create token \"{inputs.Name}\"", args.Timeout, cancellationToken,
            async ct =>
            {
                baseline = await sandbox.Listings.GetAsync(ct);
                return await sandbox.Client.CreateTokenAsync(request, baseline, ct);
            },
            ex => ExplainRefusedCreate(ex, context, inputs.Name, baseline));
        if (created.Token is { } token) sandbox.Listings.RecordCreated(token);
        context.Logger.LogDebug("created token {Id} ({Name})", created.Id, inputs.Name);

        var outputs = ApiTokenOutputs.FromCreated(args.Properties, created);
        if (created.Problems.Count > 0)
        {
            // The token exists and its secret is known: record it (the engine keeps a partial create) rather than fail.
            throw new ResourceInitFailedException(Id(created.Id), outputs, args.Properties,
                [$"PT Sandbox {sandbox.Client.Host}: token {created.Id} was created and its secret is stored, but the sandbox's answer was not fully usable ({string.Join("; ", created.Problems)}); the next `pulumi up` completes it from the token list"]);
        }
        return new CreateResult(Id(created.Id), outputs);
    }

    public async Task<ReadResult> ReadAsync(ResourceContext context, ReadArgs args, CancellationToken cancellationToken)
    {
        var id = ParseId(args.Id);
        var token = await FindAsync(id, args.Timeout, confirmAbsence: false, cancellationToken);
        if (token is null) return ReadResult.Gone;
        if (!args.IsImport && !ApiTokenIdentity.Matches(token, args.OldOutputs, args.OldInputs, sandbox.Username))
            throw Refused(context, id, token, args.OldOutputs, args.OldInputs, "adopted");

        if (args.IsImport)
            context.Logger.LogWarning("token {Id} was imported without its secret: the sandbox shows a token's secret only when it is created, so `token` stays empty; replace the token (e.g. change rotationTriggers) to get one under management", id);

        var inputs = ApiTokenOutputs.LiveInputs(token, args.OldInputs);
        // The secret and its hash come from Create only: carry them over, or they are lost for good.
        var outputs = ApiTokenOutputs.From(inputs, token, args.OldOutputs.Find(Props.Token), args.OldOutputs.Find(Props.TokenHash));
        return new ReadResult(Id(token.Id), outputs, inputs);
    }

    /// <summary>
    /// Diff replaces on every change, so the engine only sends Update to retry an earlier partial create: the facts
    /// its answer lacked are filled in from the token list.
    /// </summary>
    public async Task<UpdateResult> UpdateAsync(ResourceContext context, UpdateArgs args, CancellationToken cancellationToken)
    {
        var olds = args.OldInputs.Count > 0 ? args.OldInputs : args.OldOutputs;
        if (ApiTokenDiff.Compute(olds, args.News).Changes != DiffChanges.None)
            throw new ProviderException("an ApiToken cannot be changed in place; its changes replace it");
        if (args.Preview || !ApiTokenOutputs.LacksFacts(args.OldOutputs)) return new UpdateResult(args.OldOutputs);

        var id = ParseId(args.Id);
        var token = await FindAsync(id, args.Timeout, confirmAbsence: true, cancellationToken)
            ?? throw new ProviderException(
                $"PT Sandbox {sandbox.Client.Host}: token {id}, recorded by an incomplete create, is no longer in the sandbox's token list: run `pulumi refresh` to drop it from state, then `pulumi up`");
        if (!ApiTokenIdentity.Matches(token, args.OldOutputs, args.OldInputs, sandbox.Username))
            throw Refused(context, id, token, args.OldOutputs, args.OldInputs, "adopted");
        return new UpdateResult(ApiTokenOutputs.WithFacts(args.OldOutputs, token));
    }

    public async Task DeleteAsync(ResourceContext context, DeleteArgs args, CancellationToken cancellationToken)
    {
        var id = ParseId(args.Id);
        var token = await FindAsync(id, args.Timeout, confirmAbsence: true, cancellationToken);
        if (token is not null)
        {
            if (!ApiTokenIdentity.Matches(token, args.OldOutputs, args.OldInputs, sandbox.Username))
                throw Refused(context, id, token, args.OldOutputs, args.OldInputs, "deleted");
            var deleted = await SandboxCall.RunAsync(sandbox, $"delete token {id}", args.Timeout, cancellationToken, ct => sandbox.Client.DeleteTokenAsync(id, ct));
            if (!deleted) context.Logger.LogDebug("token {Id} was already gone", id);
        }
        else
        {
            context.Logger.LogDebug("token {Id} is not in the sandbox's token list: already deleted", id);
        }
        sandbox.Listings.RecordDeleted(id);
    }

    /// <summary>
    /// The live token with this id, or null when the listing proves there is none. A shared listing may predate a
    /// token this process just made, so with <paramref name="confirmAbsence"/> an absence is confirmed by a new one.
    /// </summary>
    private async Task<SandboxToken?> FindAsync(long id, TimeSpan? timeout, bool confirmAbsence, CancellationToken cancellationToken) =>
        await SandboxCall.RunAsync(sandbox, "list tokens", timeout, cancellationToken, async ct =>
        {
            var listing = await sandbox.Listings.GetAsync(ct);
            if (listing.FindLive(id) is null && confirmAbsence) listing = await sandbox.Listings.GetFreshAsync(ct);
            if (listing.FindLive(id) is { } token) return token;
            if (!listing.IsComplete)
                throw new ProviderException($"PT Sandbox {sandbox.Client.Host}: cannot tell whether token {id} exists: the sandbox listed {listing.Entries.Count} of {listing.Total} tokens", StatusCode.Unavailable);
            return null;
        });

    private ProviderException Refused(ResourceContext context, long id, SandboxToken token, PropertyMap outputs, PropertyMap inputs, string refused) =>
        new(ApiTokenIdentity.Mismatch(sandbox.Client.Host, context.Urn, id, token, outputs, inputs, refused), StatusCode.FailedPrecondition);

    /// <summary>Advice for a create the sandbox (or the leftover check) refused because of a token with the same name.</summary>
    private ProviderException? ExplainRefusedCreate(SandboxApiException ex, ResourceContext context, string name, TokenListing? baseline)
    {
        if (ex.IsLeftoverToken)
        {
            var ids = string.Join(", ", ex.SameNameTokens.Select(t => t.Id));
            return new ProviderException(
                $"{ex.Message}, or adopt it (without its secret) with the resource option import: \"{ex.SameNameTokens[0].Id}\"" + (ex.SameNameTokens.Count > 1 ? $" (candidates: {ids})" : ""),
                StatusCode.AlreadyExists, ex);
        }
        if (!IsDuplicateName(ex)) return null;
        if (sandbox.IsReplacing(context.Urn))
            return new ProviderException(
                $"{ex.Message}. A token named \"{name}\" already exists: when a token is replaced without a new name, the new one is created before the old one is deleted; set the resource option deleteBeforeReplace: true, or give the token a new name",
                StatusCode.AlreadyExists, ex);
        var others = baseline?.LiveNamed(name).Select(t => $"id {t.Id} by {t.CreatorLogin}").ToList() ?? [];
        return new ProviderException(
            $"{ex.Message}. A token named \"{name}\" already exists{(others.Count > 0 ? $" ({string.Join(", ", others)})" : "")} and the sandbox refuses duplicate names: give this token another name",
            StatusCode.AlreadyExists, ex);
    }

    private static bool IsDuplicateName(SandboxApiException ex) =>
        ex.StatusCode == 409 ||
        (ex.StatusCode == 400 && ex.ServerMessage is { } message &&
         (message.Contains("exist", StringComparison.OrdinalIgnoreCase) || message.Contains("unique", StringComparison.OrdinalIgnoreCase)));

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool TryParseId(string id, out long value) =>
        long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value) && value > 0;

    private static long ParseId(string id) =>
        TryParseId(id, out var value)
            ? value
            : throw new ProviderException($"'{id}' is not an ApiToken id: use the token's numeric id (see getApiTokens or the sandbox's token list)", StatusCode.InvalidArgument);
}
