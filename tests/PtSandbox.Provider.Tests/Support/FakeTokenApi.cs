using PtSandbox.Client;
using SecretText;

namespace PtSandbox.Provider.Tests.Support;

/// <summary>
/// An <see cref="ITokenApi"/> that keeps the sandbox's tokens in memory, for testing the provider's token code without
/// HTTP. A call can be scripted to fail with the <see cref="SandboxApiException"/> the real client would raise, the
/// listing can be paged (<see cref="ListOnly"/>) or held in flight (<see cref="HoldListings"/>), and every call is
/// counted. Deleted tokens stay listed with their deletion time, as the sandbox lists them.
/// </summary>
public sealed class FakeTokenApi(string host = "sandbox.example", string username = "admin", TimeProvider? time = null) : ITokenApi
{
    public enum Call { List, Create, Delete }

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly List<SandboxToken> _tokens = [];
    private readonly List<CancellationToken> _listingTokens = [];
    private readonly Dictionary<Call, Queue<SandboxApiException?>> _failures = new() { [Call.List] = new(), [Call.Create] = new(), [Call.Delete] = new() };
    private readonly Dictionary<Call, int> _calls = new() { [Call.List] = 0, [Call.Create] = 0, [Call.Delete] = 0 };
    private long _lastId;
    private int? _listOnly;
    private TaskCompletionSource? _listingHold;
    private bool _holdEndsOnCancellation;

    public string Host { get; } = host;

    /// <summary>The user this fake logs in as: the creator of the tokens it creates.</summary>
    public string Username { get; } = username;

    /// <summary>Masks the texts of the errors this fake raises, as the real client's redactor does.</summary>
    public SecretRedactor Secrets { get; } = new();

    public int ListCalls => Count(Call.List);
    public int CreateCalls => Count(Call.Create);
    public int DeleteCalls => Count(Call.Delete);

    /// <summary>The cancellation token each listing was started with, in order: a stopped listing shows as a fired one.</summary>
    public IReadOnlyList<CancellationToken> ListingTokens
    {
        get { lock (_gate) return [.. _listingTokens]; }
    }

    /// <summary>Every token the sandbox has, deleted ones included.</summary>
    public IReadOnlyList<SandboxToken> Tokens
    {
        get { lock (_gate) return [.. _tokens]; }
    }

    /// <summary>Puts a live token in the sandbox, as if someone had created it; ids follow on from the last one.</summary>
    public SandboxToken Add(string name, IReadOnlyList<string>? permissions = null, string? comment = null, string? creator = null)
    {
        lock (_gate)
        {
            var token = new SandboxToken(++_lastId, name, comment, permissions ?? ["SCAN_WITH_PREDEFINED_SETTINGS"], creator ?? Username,
                Now(), null, null, null);
            _tokens.Add(token);
            return token;
        }
    }

    /// <summary>The next <paramref name="call"/> fails with <paramref name="error"/> (queued: script several in order).</summary>
    public void FailNext(Call call, SandboxApiException error)
    {
        lock (_gate) _failures[call].Enqueue(error);
    }

    /// <summary>The next <paramref name="call"/> is answered normally: queued before a failure, it makes a later call fail.</summary>
    public void PassNext(Call call)
    {
        lock (_gate) _failures[call].Enqueue(null);
    }

    /// <summary>A failure worth trying again (5xx, timeout), as the real client reports one.</summary>
    public SandboxApiException TransientError(string call, string detail = "HTTP 503 Service Unavailable") =>
        SandboxApiException.Create(Secrets, Host, call, detail, statusCode: 503, isTransient: true);

    /// <summary>A create refused before sending, because these live tokens of its name look left over from an interrupted run.</summary>
    public SandboxApiException LeftoverError(string name, params SandboxToken[] leftovers)
    {
        var error = SandboxApiException.Create(Secrets, Host, $"create token \"{name}\"",
            $"a token named \"{name}\" already exists and is not one this resource manages");
        error.IsLeftoverToken = true;
        error.SameNameTokens = leftovers;
        return error;
    }

    /// <summary>From now on the sandbox lists only its first <paramref name="count"/> tokens (a paged listing); null lists all.</summary>
    public void ListOnly(int? count)
    {
        lock (_gate) _listOnly = count;
    }

    /// <summary>
    /// Listings started from now on stay in flight until the returned source is completed, or until their cancellation
    /// token fires: then they end cancelled, as the real client's do, unless <paramref name="endOnCancellation"/> is
    /// false (a call that has not noticed its cancellation yet, as an HTTP request takes a moment to abort).
    /// </summary>
    public TaskCompletionSource HoldListings(bool endOnCancellation = true)
    {
        lock (_gate)
        {
            _holdEndsOnCancellation = endOnCancellation;
            return _listingHold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public async Task<TokenListing> ListTokensAsync(CancellationToken ct)
    {
        TaskCompletionSource? hold;
        bool endOnCancellation;
        lock (_gate)
        {
            _calls[Call.List]++;
            _listingTokens.Add(ct);
            (hold, endOnCancellation) = (_listingHold, _holdEndsOnCancellation);
        }
        if (hold is not null) await (endOnCancellation ? hold.Task.WaitAsync(ct) : hold.Task);
        lock (_gate)
        {
            ThrowIfScripted(Call.List);
            var entries = _listOnly is { } count ? _tokens.Take(count).ToList() : [.. _tokens];
            return new TokenListing(_tokens.Count, entries);
        }
    }

    /// <summary>Creates the token but answers without its facts, as a sandbox whose answer was partly unusable.</summary>
    public bool AnswersIncompletely { get; set; }

    /// <summary>How far the sandbox's clock (the creation and deletion times it stamps) is from the provider's.</summary>
    public TimeSpan ClockOffset { get; set; }

    /// <summary>Keeps and lists permissions in its own (sorted) order, not the order they were sent in.</summary>
    public bool SortsPermissions { get; set; }

    public Task<CreatedToken> CreateTokenAsync(NewToken request, TokenListing? baseline, CancellationToken ct) =>
        Answer(Call.Create, ct, () =>
        {
            IReadOnlyList<string> permissions = SortsPermissions ? [.. request.Permissions.Order(StringComparer.Ordinal)] : [.. request.Permissions];
            var token = new SandboxToken(++_lastId, request.Name, request.Comment, permissions, Username, Now(), null, null, null);
            _tokens.Add(token);
            return AnswersIncompletely
                ? new CreatedToken(token.Id, $"fake-secret-{token.Id}", null, null, ["the answer's creation time was not a number"])
                : new CreatedToken(token.Id, $"fake-secret-{token.Id}", $"fake-hash-{token.Id}", token, []);
        });

    public Task<bool> DeleteTokenAsync(long id, CancellationToken ct) =>
        Answer(Call.Delete, ct, () =>
        {
            var index = _tokens.FindIndex(t => t.Id == id && t.Deleted is null);
            if (index < 0) return false;
            _tokens[index] = _tokens[index] with { Deleted = Now() };
            return true;
        });

    /// <summary>Counts the call and answers it under the lock: a scripted failure, else <paramref name="answer"/>'s.</summary>
    private Task<T> Answer<T>(Call call, CancellationToken ct, Func<T> answer)
    {
        if (ct.IsCancellationRequested) return Task.FromCanceled<T>(ct);
        lock (_gate)
        {
            _calls[call]++;
            return _failures[call].TryDequeue(out var error) && error is not null ? Task.FromException<T>(error) : Task.FromResult(answer());
        }
    }

    private void ThrowIfScripted(Call call)
    {
        if (_failures[call].TryDequeue(out var error) && error is not null) throw error;
    }

    private int Count(Call call)
    {
        lock (_gate) return _calls[call];
    }

    private double Now() => (_time.GetUtcNow() + ClockOffset).ToUnixTimeMilliseconds() / 1000.0;
}
