using System.Text.Json;
using Microsoft.Extensions.Logging;
using PtSandbox.Client.Http;
using PtSandbox.Client.Json;

namespace PtSandbox.Client.Tokens;

/// <summary>
/// Creates a token without ever leaving a duplicate behind. Create is not idempotent and its secret is shown only
/// once, so a create whose outcome is unknown is never resent blindly: the listing is checked first, and a token the
/// lost attempt made (secret unrecoverable) is deleted before trying again. Our own token is recognised without
/// trusting any clock: it is a live token with exactly the requested name, comment and permissions, created by our
/// user (in any of the forms a directory login takes), under an id the sandbox allocated after the listing taken
/// before the attempt. The rounds are a retry whose attempts reconcile before they send.
/// </summary>
internal sealed class TokenCreator
{
    public const int MaxReconciliationRounds = 2;

    private readonly TokenCalls tokens;
    private readonly SandboxClientOptions options;
    private readonly ILogger logger;
    private readonly RetryPolicy<(TokenCreator Creator, CreateAttempts Attempts), CreateOutcome> rounds;

    // Tokens this client made: never a leftover, never a lost attempt's orphan, whatever listing was taken when.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, byte> created = new();

    // Creates of one name run one at a time: a lost attempt's reconciliation must not take a token that a concurrent
    // create of the same name is making for its own.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> byName = new(StringComparer.Ordinal);

    public TokenCreator(TokenCalls tokens, SandboxClientOptions options, TimeProvider time, ILogger logger)
    {
        this.tokens = tokens;
        this.options = options;
        this.logger = logger;
        rounds = new()
        {
            MaxRetries = MaxReconciliationRounds,
            BaseDelay = options.RetryBaseDelay,
            MaxDelay = options.MaxRetryAfter,
            Time = time,
            ShouldRetry = outcome => outcome.Result is CreateOutcome.Unknown or CreateOutcome.NotSent,
            ServerDelay = outcome => (outcome.Result as CreateOutcome.Unknown)?.RetryAfter,
        };
    }

    private AuthorizedApi Api => tokens.Api;

    public static string CallFor(NewToken request) => $"create token \"{request.Name}\"";

    /// <param name="baseline">A listing taken before this call (null: the creator takes one).</param>
    public async Task<CreatedToken> CreateAsync(NewToken request, TokenListing? baseline, CancellationToken ct)
    {
        var sameName = byName.GetOrAdd(request.Name, _ => new SemaphoreSlim(1, 1));
        await sameName.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var token = await CreateOneAsync(request, baseline, ct).ConfigureAwait(false);
            created.TryAdd(token.Id, 0);
            return token;
        }
        finally
        {
            sameName.Release();
        }
    }

    private async Task<CreatedToken> CreateOneAsync(NewToken request, TokenListing? baseline, CancellationToken ct)
    {
        var call = CallFor(request);
        baseline ??= await tokens.ListAsync(ct).ConfigureAwait(false);
        RefuseLeftovers(call, request, baseline);
        var attempts = new CreateAttempts(request, call, baseline);
        try
        {
            var outcome = await rounds.ExecuteAsync(static (a, token) => a.Creator.AttemptAsync(a.Attempts, token), (this, attempts), ct)
                .ConfigureAwait(false);
            return outcome switch
            {
                CreateOutcome.Created done => done.Token,
                CreateOutcome.NotSent notSent => throw Api.Fail(call,
                    $"{notSent.Error.Detail} (gave up after {attempts.Count} attempts; {Tally(attempts, [], null, "no token was created")})",
                    notSent.Error.StatusCode, isTransient: true),
                CreateOutcome.Unknown unknown => throw await GiveUpAsync(attempts, unknown, ct).ConfigureAwait(false),
                _ => throw new InvalidOperationException("unreachable"),
            };
        }
        catch (OperationCanceledException) when (attempts.MayHaveLanded)
        {
            // Cancelled (engine Cancel, customTimeouts) after a request left and before its outcome was settled: a
            // token may exist whose secret nobody will ever see. No more calls now; tell the user what to look for.
            Log.CreateAbandoned(logger, Api.Host, Api.Secrets.Redact(call), Api.Secrets.Redact(request.Name));
            throw;
        }
    }

    /// <summary>
    /// A live token of this name made by our user that the caller does not own is most likely left by a run that
    /// was interrupted while creating (its secret lost): creating another would hide it for good.
    /// </summary>
    private void RefuseLeftovers(string call, NewToken request, TokenListing baseline)
    {
        if (!baseline.IsComplete)
        {
            throw Api.Fail(call,
                $"the sandbox lists only part of its tokens ({baseline.Entries.Count} of {baseline.Total}), so a token named \"{request.Name}\" left by an interrupted run cannot be ruled out, and a create whose answer is lost could not be checked; refusing to create");
        }
        var leftovers = baseline.LiveNamed(request.Name)
            .Where(t => LoginNames.Same(t.CreatorLogin, options.Username) && !request.OwnTokenIds.Contains(t.Id) && !created.ContainsKey(t.Id))
            .ToList();
        if (leftovers.Count == 0) return;
        var which = string.Join(", ", leftovers.Select(t => $"id {t.Id}, created {t.CreatedAt} by {t.CreatorLogin}"));
        var error = Api.Fail(call,
            $"a token named \"{request.Name}\" already exists ({which}) and is not one this resource manages: it may be left over from an interrupted run, with its secret lost; delete it in the sandbox's token list and run again");
        error.IsLeftoverToken = true;
        error.SameNameTokens = leftovers;
        throw error;
    }

    private async Task<CreateOutcome> AttemptAsync(CreateAttempts attempts, CancellationToken ct)
    {
        if (attempts.LatestOutcome is CreateOutcome.Unknown unknown)
            await ReconcileAsync(attempts, unknown, ct).ConfigureAwait(false);
        attempts.Count++;
        attempts.LatestOutcome = await SendOnceAsync(attempts, ct).ConfigureAwait(false);
        if (attempts.LatestOutcome is CreateOutcome.Unknown latest)
            Log.CreateOutcomeUnknown(logger, Api.Host, Api.Secrets.Redact(attempts.Call), latest.Error.Detail);
        return attempts.LatestOutcome;
    }

    private async Task<CreateOutcome> SendOnceAsync(CreateAttempts attempts, CancellationToken ct)
    {
        var body = new CreateTokenRequest
        {
            Name = attempts.Request.Name,
            Permissions = attempts.Request.Permissions,
            Comment = attempts.Request.Comment,
        };
        SandboxResponse response;
        try
        {
            response = await tokens.SendCreateAsync(
                attempts.Call,
                () => new SentJsonContent(JsonSerializer.SerializeToUtf8Bytes(body, SandboxJsonContext.Default.CreateTokenRequest),
                    () => attempts.MayHaveLanded = true),
                ct).ConfigureAwait(false);
        }
        catch (SandboxApiException e) when (e.Call == attempts.Call
            && e.InnerException is TransportFailureException { Failure: var failure }
            // Never sent and not worth resending (a TLS failure): just report it.
            && !(failure.RequestNeverSent && !failure.IsTransient))
        {
            if (failure.RequestNeverSent)
            {
                attempts.MayHaveLanded = false;
                return new CreateOutcome.NotSent(e);
            }
            return new CreateOutcome.Unknown(e, null);
        }

        if (response.IsSuccess)
            return await ReadAnswerAsync(attempts, response, ct).ConfigureAwait(false);
        if (response.IsTransient)
            return new CreateOutcome.Unknown(Api.Fail(attempts.Call, response), response.RetryAfter);
        // A refusal that carries a new token's secret (a gateway failing the answer after the sandbox committed it)
        // made a token after all: its outcome is as unknown as a lost answer's.
        if (TokenReader.ReadCreateAnswer(response.Body).Secret is { } secret)
        {
            Api.Secrets.Add(secret);
            return new CreateOutcome.Unknown(Api.Fail(attempts.Call, response), null);
        }
        // 4xx: the server refused the request, nothing was created (a second 401 included).
        throw Api.Fail(attempts.Call, response);
    }

    /// <summary>
    /// Turns a success answer into a created token. The body is never quoted: it holds the secret. Without a secret
    /// the token is as good as lost (reconciled like a lost answer); with one, the token is returned even when other
    /// fields are unusable, its id found in the listing if the answer's is unusable, so that the caller records it.
    /// </summary>
    private async Task<CreateOutcome> ReadAnswerAsync(CreateAttempts attempts, SandboxResponse response, CancellationToken ct)
    {
        var answer = TokenReader.ReadCreateAnswer(response.Body);
        if (answer.Secret is null)
            return new CreateOutcome.Unknown(Api.UnexpectedResponse(attempts.Call, response, string.Join("; ", answer.Problems), quoteBody: false), null);
        Api.Secrets.Add(answer.Secret);
        if (answer.Id is { } id)
            return new CreateOutcome.Created(new CreatedToken(id, answer.Secret, answer.Key, answer.Token, answer.Problems));

        var unusable = string.Join("; ", answer.Problems);
        var (_, suspects) = await FindSuspectsAsync(attempts, $"the answer's id was unusable: {unusable}", ct).ConfigureAwait(false);
        attempts.MayHaveLanded = false;
        return suspects.Length switch
        {
            1 => new CreateOutcome.Created(new CreatedToken(suspects[0].Id, answer.Secret, answer.Key, suspects[0],
                [.. answer.Problems, $"token {suspects[0].Id} was identified in the token list"])),
            0 => throw Api.Fail(attempts.Call,
                $"the sandbox answered with a secret but no usable id ({unusable}), and no new token named \"{attempts.Request.Name}\" is in its token list: nothing was recorded"),
            _ => throw Api.Fail(attempts.Call,
                $"the sandbox answered with a secret but no usable id ({unusable}), and tokens {Ids(suspects)} match it: cannot tell which holds the secret; delete them and run again"),
        };
    }

    /// <summary>
    /// Finds what the lost attempt may have created and deletes it (its secret is gone for good), so the
    /// next attempt leaves exactly one token. Throws when that cannot be decided safely.
    /// </summary>
    private async Task ReconcileAsync(CreateAttempts attempts, CreateOutcome.Unknown unknown, CancellationToken ct)
    {
        var (listing, suspects) = await FindSuspectsAsync(attempts, $"outcome unknown ({unknown.Error.Detail})", ct).ConfigureAwait(false);
        if (suspects.Length > 1)
        {
            throw Api.Fail(attempts.Call,
                $"outcome unknown ({unknown.Error.Detail}) and {suspects.Length} tokens match it (ids {Ids(suspects)}); cannot tell which lost its secret: delete them and try again");
        }
        if (suspects.Length == 1)
            await DeleteOrphanAsync(attempts, suspects[0].Id, ct).ConfigureAwait(false);
        attempts.Relist(listing);
        attempts.MayHaveLanded = false;
    }

    private async Task<(TokenListing Listing, SandboxToken[] Suspects)> FindSuspectsAsync(CreateAttempts attempts, string why, CancellationToken ct)
    {
        TokenListing listing;
        try
        {
            listing = await tokens.ListAsync(ct).ConfigureAwait(false);
        }
        catch (SandboxApiException e)
        {
            throw Api.Fail(attempts.Call, $"{why} and listing tokens to check it failed: {e.Detail}", e.StatusCode, isTransient: true, inner: e);
        }
        if (!listing.IsComplete || !attempts.KnownIdsComplete)
        {
            // A paged listing may hide the very token we look for, or one that predates the attempt: refuse to guess.
            throw Api.Fail(attempts.Call,
                $"{why} and the sandbox lists only part of its tokens ({listing.Entries.Count} of {listing.Total}), so it cannot be checked; look for a new token named \"{attempts.Request.Name}\" and delete it");
        }
        return (listing, listing.Entries.Where(t => MayBeFromLatestAttempt(t, attempts)).ToArray());
    }

    private async Task DeleteOrphanAsync(CreateAttempts attempts, long id, CancellationToken ct)
    {
        Log.DeletingOrphan(logger, Api.Host, id);
        try
        {
            await tokens.DeleteAsync(id, ct).ConfigureAwait(false);
        }
        catch (SandboxApiException e)
        {
            throw Api.Fail(attempts.Call,
                $"token {id}, left by an attempt whose answer was lost, could not be deleted: {e.Detail}; delete it by hand{Also(attempts)}", e.StatusCode, isTransient: true, inner: e);
        }
        attempts.DeletedOrphans.Add(id);
        attempts.KnownIds.Add(id);
    }

    /// <summary>After the last round: remove what the last attempt may have left, then report what was removed and what is left.</summary>
    private async Task<SandboxApiException> GiveUpAsync(CreateAttempts attempts, CreateOutcome.Unknown unknown, CancellationToken ct)
    {
        var prefix = $"outcome unknown after {attempts.Count} attempts (last: {unknown.Error.Detail})";
        string tally;
        try
        {
            var (_, suspects) = await FindSuspectsAsync(attempts, "the last attempt's outcome is unknown", ct).ConfigureAwait(false);
            if (suspects.Length == 1)
                await DeleteOrphanAsync(attempts, suspects[0].Id, ct).ConfigureAwait(false);
            tally = Tally(attempts, suspects.Length > 1 ? suspects : [], null, "no token from these attempts is in the sandbox");
        }
        catch (SandboxApiException e)
        {
            tally = Tally(attempts, [], e.Detail, "");
        }
        attempts.MayHaveLanded = false;
        return Api.Fail(attempts.Call, $"{prefix}; {tally}", unknown.Error.StatusCode, unknown.Error.ServerMessage, isTransient: true);
    }

    /// <summary>What this call removed and what it may have left, in words.</summary>
    private string Tally(CreateAttempts attempts, SandboxToken[] leftBehind, string? uncheckedBecause, string nothing)
    {
        var parts = new List<string>();
        if (attempts.DeletedOrphans.Count > 0)
            parts.Add(attempts.DeletedOrphans.Count == 1
                ? $"token {attempts.DeletedOrphans[0]}, made by a lost attempt, was deleted"
                : $"tokens {string.Join(", ", attempts.DeletedOrphans)}, made by lost attempts, were deleted");
        if (leftBehind.Length > 0)
            parts.Add($"tokens {Ids(leftBehind)} match the last attempt and were left: delete them by hand");
        if (uncheckedBecause is not null)
            parts.Add($"a token named \"{attempts.Request.Name}\" may be left behind, as checking failed ({uncheckedBecause}): look for it in the token list and delete it");
        return parts.Count == 0 ? nothing : string.Join("; ", parts);
    }

    private static string Also(CreateAttempts attempts) =>
        attempts.DeletedOrphans.Count == 0 ? "" : $" (tokens {string.Join(", ", attempts.DeletedOrphans)} were deleted earlier)";

    private bool MayBeFromLatestAttempt(SandboxToken token, CreateAttempts attempts)
    {
        var request = attempts.Request;
        return token.Deleted is null
            && token.Name == request.Name
            && (token.Comment ?? "") == (request.Comment ?? "")
            && token.Permissions.ToHashSet(StringComparer.Ordinal).SetEquals(request.Permissions)
            && LoginNames.Same(token.CreatorLogin, options.Username)
            && !attempts.KnownIds.Contains(token.Id)
            && !created.ContainsKey(token.Id);
    }

    private static string Ids(IEnumerable<SandboxToken> tokens) => string.Join(", ", tokens.Select(t => t.Id));
}
