using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using PtSandbox.Client.Http;
using PtSandbox.Client.Json;

namespace PtSandbox.Client.Tokens;

/// <summary>
/// Creates a token without ever leaving a duplicate behind. Create is not idempotent and its secret is
/// shown only once, so a create whose outcome is unknown is never resent blindly: the listing is checked
/// first, and a token the lost attempt made (secret unrecoverable) is deleted before trying again.
/// The rounds are a Polly retry whose attempts reconcile before they send.
/// </summary>
internal sealed class TokenCreator
{
    public const int MaxReconciliationRounds = 2;

    // Token creation times come from the server clock, learnt from Date headers with 1 s resolution.
    private static readonly TimeSpan ClockSlack = TimeSpan.FromSeconds(2);

    private readonly TokenCalls tokens;
    private readonly SandboxClientOptions options;
    private readonly ServerClock clock;
    private readonly ILogger logger;
    private readonly ResiliencePipeline<CreateOutcome> rounds;

    public TokenCreator(TokenCalls tokens, SandboxClientOptions options, ServerClock clock, TimeProvider time, ILogger logger)
    {
        this.tokens = tokens;
        this.options = options;
        this.clock = clock;
        this.logger = logger;
        rounds = new ResiliencePipelineBuilder<CreateOutcome> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<CreateOutcome>
            {
                MaxRetryAttempts = MaxReconciliationRounds,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is CreateOutcome.Unknown or CreateOutcome.NotSent),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryAfter,
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is CreateOutcome.Unknown { RetryAfter: { } wait } ? (TimeSpan?)Min(wait, options.MaxRetryAfter) : null),
            })
            .Build();
    }

    private SandboxTransport Transport => tokens.Transport;

    public static string CallFor(NewToken request) => $"create token \"{request.Name}\"";

    public async Task<CreatedToken> CreateAsync(NewToken request, CancellationToken ct)
    {
        var attempts = new CreateAttempts(request, CallFor(request), tokens.LastListedIds);
        try
        {
            var outcome = await rounds.ExecuteAsync(static (a, token) => a.Creator.AttemptAsync(a.Attempts, token), (Creator: this, Attempts: attempts), ct)
                .ConfigureAwait(false);
            return outcome switch
            {
                CreateOutcome.Created created => created.Token,
                CreateOutcome.NotSent notSent => throw Transport.Fail(attempts.Call,
                    $"{notSent.Error.Detail} (gave up after {attempts.Count} attempts; no token was created)", notSent.Error.StatusCode, isTransient: true),
                CreateOutcome.Unknown unknown => throw await GiveUpAsync(attempts, unknown, ct).ConfigureAwait(false),
                _ => throw new InvalidOperationException("unreachable"),
            };
        }
        catch (OperationCanceledException) when (attempts.MayHaveLanded)
        {
            // Cancelled (engine Cancel, customTimeouts) after a request left and before its outcome was settled: a
            // token may exist whose secret nobody will ever see. No more calls now; tell the user what to look for.
            Log.CreateAbandoned(logger, Transport.Host, attempts.Call, request.Name);
            throw;
        }
    }

    private async ValueTask<CreateOutcome> AttemptAsync(CreateAttempts attempts, CancellationToken ct)
    {
        if (attempts.LatestOutcome is CreateOutcome.Unknown unknown)
            await ReconcileAsync(attempts, unknown, ct).ConfigureAwait(false);
        attempts.Count++;
        attempts.LatestStartedAt = clock.Now - ClockSlack;
        attempts.LatestOutcome = await SendOnceAsync(attempts, ct).ConfigureAwait(false);
        if (attempts.LatestOutcome is CreateOutcome.Unknown latest)
            Log.CreateOutcomeUnknown(logger, Transport.Host, attempts.Call, latest.Error.Detail);
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
            response = await tokens.SendAuthorizedAsync(
                attempts.Call,
                bearer =>
                {
                    attempts.MayHaveLanded = true;
                    return tokens.Request(HttpMethod.Post, "public-api/tokens", bearer, JsonContent.Create(body, SandboxJsonContext.Default.CreateTokenRequest));
                },
                retry: false,
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
            return ParseCreated(attempts.Call, response);
        if (response.IsTransient)
            return new CreateOutcome.Unknown(Transport.Fail(attempts.Call, response), response.RetryAfter);
        // 4xx: the server refused the request, nothing was created (a second 401 included).
        throw Transport.Fail(attempts.Call, response);
    }

    private CreateOutcome ParseCreated(string call, SandboxResponse response)
    {
        try
        {
            var json = Transport.Parse(call, response, SandboxJsonContext.Default.CreatedTokenJson);
            if (string.IsNullOrEmpty(json.Token))
                throw Transport.UnexpectedResponse(call, response, "no secret (\"token\") in the create answer");
            Transport.Scrubber.Add(json.Token);
            return new CreateOutcome.Created(new CreatedToken(json.ToToken(), json.Token, json.Key ?? ""));
        }
        catch (SandboxApiException e)
        {
            // The token was probably made, but without a readable secret it is as good as lost.
            return new CreateOutcome.Unknown(e, null);
        }
    }

    /// <summary>
    /// Finds what the lost attempt may have created and deletes it (its secret is gone for good), so the
    /// next attempt leaves exactly one token. Throws when that cannot be decided safely.
    /// </summary>
    private async Task ReconcileAsync(CreateAttempts attempts, CreateOutcome.Unknown unknown, CancellationToken ct)
    {
        var (listing, suspects) = await FindSuspectsAsync(attempts, unknown, ct).ConfigureAwait(false);
        if (suspects.Length > 1)
        {
            throw Transport.Fail(attempts.Call,
                $"outcome unknown ({unknown.Error.Detail}) and {suspects.Length} tokens match it (ids {string.Join(", ", suspects.Select(t => t.Id))}); cannot tell which lost its secret: delete them and try again");
        }
        if (suspects.Length == 1)
            await DeleteOrphanAsync(attempts, suspects[0].Id, ct).ConfigureAwait(false);
        attempts.KnownIds = listing.Entries.Select(t => t.Id).ToHashSet();
        attempts.MayHaveLanded = false;
    }

    private async Task<(TokenListing Listing, SandboxToken[] Suspects)> FindSuspectsAsync(CreateAttempts attempts, CreateOutcome.Unknown unknown, CancellationToken ct)
    {
        TokenListing listing;
        try
        {
            listing = await tokens.ListAsync(ct).ConfigureAwait(false);
        }
        catch (SandboxApiException e)
        {
            throw Transport.Fail(attempts.Call,
                $"outcome unknown ({unknown.Error.Detail}) and listing tokens to check it failed: {e.Detail}", e.StatusCode, isTransient: true, inner: e);
        }
        if (listing.Total > listing.Entries.Count)
        {
            // A paged listing may hide the very token we look for: refuse to guess.
            throw Transport.Fail(attempts.Call,
                $"outcome unknown ({unknown.Error.Detail}) and the listing shows only {listing.Entries.Count} of {listing.Total} tokens, so it cannot be checked; look for a new token named \"{attempts.Request.Name}\" and delete it");
        }
        return (listing, listing.Entries.Where(t => MayBeFromLatestAttempt(t, attempts)).ToArray());
    }

    private async Task DeleteOrphanAsync(CreateAttempts attempts, long id, CancellationToken ct)
    {
        Log.DeletingOrphan(logger, Transport.Host, id);
        try
        {
            await tokens.DeleteAsync(id, ct).ConfigureAwait(false);
        }
        catch (SandboxApiException e)
        {
            throw Transport.Fail(attempts.Call,
                $"token {id}, left by an attempt whose answer was lost, could not be deleted: {e.Detail}; delete it by hand", e.StatusCode, isTransient: true, inner: e);
        }
    }

    /// <summary>After the last round: remove what the last attempt may have left, then report.</summary>
    private async Task<SandboxApiException> GiveUpAsync(CreateAttempts attempts, CreateOutcome.Unknown unknown, CancellationToken ct)
    {
        var prefix = $"outcome unknown after {attempts.Count} attempts (last: {unknown.Error.Detail})";
        string cleanup;
        try
        {
            var (_, suspects) = await FindSuspectsAsync(attempts, unknown, ct).ConfigureAwait(false);
            if (suspects.Length == 1)
                await DeleteOrphanAsync(attempts, suspects[0].Id, ct).ConfigureAwait(false);
            cleanup = suspects.Length switch
            {
                0 => "no token was left behind",
                1 => $"token {suspects[0].Id} left by the last attempt was deleted",
                _ => $"tokens {string.Join(", ", suspects.Select(t => t.Id))} may be left behind: delete them by hand",
            };
        }
        catch (SandboxApiException e)
        {
            cleanup = $"a token named \"{attempts.Request.Name}\" may be left behind ({e.Detail})";
        }
        return Transport.Fail(attempts.Call, $"{prefix}; {cleanup}", unknown.Error.StatusCode, unknown.Error.ServerMessage, isTransient: true);
    }

    private bool MayBeFromLatestAttempt(SandboxToken token, CreateAttempts attempts)
    {
        var request = attempts.Request;
        return token.Deleted is null
            && token.Name == request.Name
            && (token.Comment ?? "") == (request.Comment ?? "")
            && token.Permissions.ToHashSet(StringComparer.Ordinal).SetEquals(request.Permissions)
            && string.Equals(token.CreatorLogin, options.Username, StringComparison.OrdinalIgnoreCase)
            && token.Created >= attempts.LatestStartedAt.ToUnixTimeMilliseconds() / 1000.0
            && attempts.KnownIds?.Contains(token.Id) != true;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
