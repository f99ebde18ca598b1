namespace PtSandbox.Client.Http;

/// <summary>What one attempt gave: its result, or the exception it threw.</summary>
internal readonly record struct AttemptOutcome<T>(T? Result, Exception? Exception);

/// <summary>
/// Runs an operation again while its outcome is worth retrying, at most <see cref="MaxRetries"/> more times, waiting
/// between attempts the delay the server asked for (<see cref="ServerDelay"/>) or else an exponential backoff with
/// jitter, never more than <see cref="MaxDelay"/>. An outcome not worth retrying, or the last one, is the caller's:
/// its result is returned, its exception rethrown as it was. The caller's cancellation ends the wait at once.
/// </summary>
/// <remarks>
/// Written here rather than taken from Polly: a Polly pipeline validates its options through DataAnnotations when it
/// is built, reflection that under Native AOT weighed on the first call of every provider process (README,
/// Performance).
/// </remarks>
internal sealed class RetryPolicy<TState, TResult>
{
    public required int MaxRetries { get; init; }

    /// <summary>The backoff's first delay; each retry doubles it, up to <see cref="MaxDelay"/>.</summary>
    public required TimeSpan BaseDelay { get; init; }

    public required TimeSpan MaxDelay { get; init; }

    public required TimeProvider Time { get; init; }

    public required Func<AttemptOutcome<TResult>, bool> ShouldRetry { get; init; }

    /// <summary>The delay the outcome asks for (a Retry-After), or null for the backoff's.</summary>
    public Func<AttemptOutcome<TResult>, TimeSpan?> ServerDelay { get; init; } = static _ => null;

    /// <summary>Called before each wait with the outcome retried, the delay and the number of the attempt that failed (from 1).</summary>
    public Action<TState, AttemptOutcome<TResult>, TimeSpan, int>? OnRetry { get; init; }

    public async Task<TResult> ExecuteAsync(Func<TState, CancellationToken, Task<TResult>> attempt, TState state, CancellationToken ct)
    {
        for (var number = 1; ; number++)
        {
            var last = number > MaxRetries;
            AttemptOutcome<TResult> outcome;
            try
            {
                var result = await attempt(state, ct).ConfigureAwait(false);
                outcome = new(result, null);
                if (last || !ShouldRetry(outcome)) return result;
            }
            catch (Exception error) when (!last && ShouldRetry(new(default, error)))
            {
                outcome = new(default, error);
            }
            var delay = Cap(ServerDelay(outcome) ?? Backoff(number));
            OnRetry?.Invoke(state, outcome, delay, number);
            if (delay > TimeSpan.Zero) await Task.Delay(delay, Time, ct).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Exponential with equal jitter: for attempt n, a delay drawn evenly between half and all of BaseDelay × 2^(n−1),
    /// so retries of many calls failing together spread out instead of arriving at once.
    /// </summary>
    internal TimeSpan Backoff(int attempt)
    {
        var ceiling = BaseDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 62));
        var capped = Math.Min(ceiling, MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)(capped * (0.5 + Random.Shared.NextDouble() / 2)));
    }

    private TimeSpan Cap(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;
}

/// <summary>An attempt got no complete response within <see cref="SandboxClientOptions.RequestTimeout"/>.</summary>
internal sealed class RequestTimeoutException(TimeSpan timeout) : TimeoutException($"no response within {timeout}")
{
    public TimeSpan Timeout { get; } = timeout;
}
