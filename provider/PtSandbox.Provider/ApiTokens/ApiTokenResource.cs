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
/// </summary>
internal sealed class ApiTokenResource(SandboxConnection sandbox) : ICustomResource
{
    public string Token => "ptsandbox:index:ApiToken";

    public System.Text.Json.Nodes.JsonObject Schema => ApiTokenSchema.Build();

    public Task<CheckResult> CheckAsync(ResourceContext context, CheckArgs args, CancellationToken cancellationToken)
    {
        var (failures, warnings) = ApiTokenValidation.Validate(args.News);
        foreach (var warning in warnings) context.Logger.LogWarning("{Warning}", warning);
        return Task.FromResult(new CheckResult(args.News, failures));
    }

    public Task<DiffResult> DiffAsync(ResourceContext context, DiffArgs args, CancellationToken cancellationToken) =>
        Task.FromResult(ApiTokenDiff.Compute(args.OldInputs.Count > 0 ? args.OldInputs : args.OldOutputs, args.News));

    public async Task<CreateResult> CreateAsync(ResourceContext context, CreateArgs args, CancellationToken cancellationToken)
    {
        if (args.Preview) return new CreateResult("", ApiTokenOutputs.Preview(args.Properties));

        var inputs = ApiTokenInputs.From(args.Properties);
        var created = await Call($"create token \"{inputs.Name}\"", args.Timeout, cancellationToken,
            ct => sandbox.Client.CreateTokenAsync(new NewToken(inputs.Name, inputs.Permissions, inputs.Comment), ct), inputs.Name);
        sandbox.Listings.Invalidate();
        context.Logger.LogDebug("created token {Id} ({Name})", created.Token.Id, created.Token.Name);
        var outputs = ApiTokenOutputs.From(args.Properties, created.Token,
            PropertyValue.From(created.Secret), PropertyValue.From(created.Key));
        return new CreateResult(Id(created.Token.Id), outputs);
    }

    public async Task<ReadResult> ReadAsync(ResourceContext context, ReadArgs args, CancellationToken cancellationToken)
    {
        var id = ParseId(args.Id);
        var listing = await Call("list tokens", args.Timeout, cancellationToken, sandbox.Listings.GetAsync);
        var token = listing.Entries.FirstOrDefault(t => t.Id == id);
        if (token is null && listing.Total > listing.Entries.Count)
            throw new ProviderException($"PT Sandbox {sandbox.Client.Host}: cannot tell whether token {id} exists: the sandbox listed {listing.Entries.Count} of {listing.Total} tokens", StatusCode.Unavailable);
        if (token is null || token.Deleted is not null)
            return ReadResult.Gone;

        if (args.IsImport)
            context.Logger.LogWarning("token {Id} was imported without its secret: the sandbox shows a token's secret only when it is created, so `token` stays empty; replace the token (e.g. change rotationTriggers) to get one under management", id);

        var inputs = ApiTokenOutputs.LiveInputs(token, args.OldInputs);
        // The secret and its hash come from Create only: carry them over, or they are lost for good.
        var outputs = ApiTokenOutputs.From(inputs, token, args.OldOutputs.Find(Props.Token), args.OldOutputs.Find(Props.TokenHash));
        return new ReadResult(Id(token.Id), outputs, inputs);
    }

    /// <summary>Diff replaces on every change, so the engine only sends Update to retry an earlier partial failure.</summary>
    public Task<UpdateResult> UpdateAsync(ResourceContext context, UpdateArgs args, CancellationToken cancellationToken)
    {
        var olds = args.OldInputs.Count > 0 ? args.OldInputs : args.OldOutputs;
        if (ApiTokenDiff.Compute(olds, args.News).Changes != DiffChanges.None)
            throw new ProviderException("an ApiToken cannot be changed in place; its changes replace it");
        return Task.FromResult(new UpdateResult(args.OldOutputs));
    }

    public async Task DeleteAsync(ResourceContext context, DeleteArgs args, CancellationToken cancellationToken)
    {
        var id = ParseId(args.Id);
        var deleted = await Call($"delete token {id}", args.Timeout, cancellationToken, ct => sandbox.Client.DeleteTokenAsync(id, ct));
        sandbox.Listings.Invalidate();
        if (!deleted) context.Logger.LogDebug("token {Id} was already gone", id);
    }

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static long ParseId(string id) =>
        long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ProviderException($"'{id}' is not an ApiToken id: use the token's numeric id (see getApiTokens or the sandbox's token list)", StatusCode.InvalidArgument);

    /// <summary>
    /// Runs one sandbox call within the resource's customTimeouts (if any) and turns failures into one-line
    /// provider errors, with advice where we have some. <paramref name="name"/> is set for creates.
    /// </summary>
    private async Task<T> Call<T>(string call, TimeSpan? timeout, CancellationToken cancellationToken, Func<CancellationToken, Task<T>> body, string? name = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit) deadline.CancelAfter(limit);
        try
        {
            return await body(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ProviderException(
                $"PT Sandbox {sandbox.Client.Host}: {call} timed out after {timeout!.Value.TotalSeconds:0.###} s (the resource's customTimeouts)",
                StatusCode.DeadlineExceeded);
        }
        catch (SandboxApiException ex) when (name is not null && IsDuplicateName(ex))
        {
            throw new ProviderException(
                $"{ex.Message}. A token named \"{name}\" already exists: when a token is replaced without a new name, the new one is created before the old one is deleted; set the resource option deleteBeforeReplace: true, or give the token a new name",
                StatusCode.AlreadyExists, ex);
        }
        catch (SandboxApiException ex)
        {
            throw SandboxFailure.ToProviderException(ex);
        }
    }

    private static bool IsDuplicateName(SandboxApiException ex) =>
        ex.StatusCode == 409 ||
        (ex.StatusCode == 400 && ex.ServerMessage is { } message &&
         (message.Contains("exist", StringComparison.OrdinalIgnoreCase) || message.Contains("unique", StringComparison.OrdinalIgnoreCase)));
}
