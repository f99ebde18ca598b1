namespace PtSandbox.Client.Tokens;

/// <summary>What one create attempt achieved. Known failures are thrown instead.</summary>
internal abstract record CreateOutcome
{
    /// <summary>The server answered with the new token and its secret.</summary>
    public sealed record Created(CreatedToken Token) : CreateOutcome;

    /// <summary>The request may or may not have been committed (timeout, dropped connection, 5xx).</summary>
    public sealed record Unknown(SandboxApiException Error, TimeSpan? RetryAfter) : CreateOutcome;

    /// <summary>The request provably never reached the server (connection refused, TLS failure).</summary>
    public sealed record NotSent(SandboxApiException Error) : CreateOutcome;
}
