using Polly;
using Polly.Retry;
using Polly.Timeout;
using SecretText;

namespace PtSandbox.Client.Http;

/// <summary>
/// Polly pipelines around one HTTP attempt. <see cref="Retrying"/>: timeout per attempt inside an
/// exponential-backoff retry that honours Retry-After. <see cref="SingleAttempt"/>: the timeout only,
/// for calls that must not be resent blindly (create).
/// </summary>
internal static class HttpPipelines
{
    /// <summary>Name of the call being made, for retry logs.</summary>
    public static readonly ResiliencePropertyKey<string> CallKey = new("ptsandbox.call");

    public static ResiliencePipeline<SandboxResponse> Retrying(
        SandboxClientOptions options,
        TlsVerifier tls,
        SecretRedactor secrets,
        TimeProvider time,
        Action<string, TimeSpan, int, string> onRetry)
    {
        var builder = new ResiliencePipelineBuilder<SandboxResponse> { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<SandboxResponse>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryAfter,
                ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Outcome, options, tls, secrets)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome, options)),
                OnRetry = args =>
                {
                    var call = args.Context.Properties.GetValue(CallKey, "call");
                    onRetry(call, args.RetryDelay, args.AttemptNumber + 1, Reason(args.Outcome, options, tls, secrets));
                    return ValueTask.CompletedTask;
                },
            });
        }
        return builder.AddTimeout(options.RequestTimeout).Build();
    }

    public static ResiliencePipeline<SandboxResponse> SingleAttempt(SandboxClientOptions options, TimeProvider time) =>
        new ResiliencePipelineBuilder<SandboxResponse> { TimeProvider = time }.AddTimeout(options.RequestTimeout).Build();

    /// <summary>The server's Retry-After, capped; null lets Polly use its backoff.</summary>
    public static TimeSpan? RetryAfter(Outcome<SandboxResponse> outcome, SandboxClientOptions options) =>
        outcome.Result?.RetryAfter is { } wait ? (wait > options.MaxRetryAfter ? options.MaxRetryAfter : wait) : null;

    private static bool IsRetryable(Outcome<SandboxResponse> outcome, SandboxClientOptions options, TlsVerifier tls, SecretRedactor secrets) =>
        outcome.Exception switch
        {
            null => outcome.Result?.IsTransient == true,
            // The caller's cancellation is not a failure to retry.
            OperationCanceledException => false,
            var error => TransportFailure.Describe(error, options, tls, secrets).IsTransient,
        };

    private static string Reason(Outcome<SandboxResponse> outcome, SandboxClientOptions options, TlsVerifier tls, SecretRedactor secrets) =>
        outcome.Exception is { } error ? TransportFailure.Describe(error, options, tls, secrets).Detail : outcome.Result?.StatusText ?? "?";
}
