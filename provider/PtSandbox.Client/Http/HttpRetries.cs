using SecretText;

namespace PtSandbox.Client.Http;

/// <summary>
/// The retries of an HTTP call that is safe to repeat: a transient status or transport failure (a timed-out attempt
/// included) is tried again, honouring the server's Retry-After up to <see cref="SandboxClientOptions.MaxRetryAfter"/>.
/// </summary>
internal static class HttpRetries
{
    public static RetryPolicy<TState, SandboxResponse> Create<TState>(
        SandboxClientOptions options,
        SecretRedactor secrets,
        TimeProvider time,
        Action<TState, TimeSpan, int, string> onRetry) =>
        new()
        {
            MaxRetries = options.MaxRetries,
            BaseDelay = options.RetryBaseDelay,
            MaxDelay = options.MaxRetryAfter,
            Time = time,
            ShouldRetry = outcome => IsRetryable(outcome, options, secrets),
            ServerDelay = outcome => outcome.Result?.RetryAfter, // held to MaxDelay by the policy
            OnRetry = (state, outcome, delay, attempt) => onRetry(state, delay, attempt, Reason(outcome, options, secrets)),
        };

    private static bool IsRetryable(AttemptOutcome<SandboxResponse> outcome, SandboxClientOptions options, SecretRedactor secrets) =>
        outcome.Exception switch
        {
            null => outcome.Result?.IsTransient == true,
            // The caller's cancellation is not a failure to retry.
            OperationCanceledException => false,
            var error => TransportFailure.Describe(error, options, secrets).IsTransient,
        };

    private static string Reason(AttemptOutcome<SandboxResponse> outcome, SandboxClientOptions options, SecretRedactor secrets) =>
        outcome.Exception is { } error ? TransportFailure.Describe(error, options, secrets).Detail : outcome.Result?.StatusText ?? "?";
}
