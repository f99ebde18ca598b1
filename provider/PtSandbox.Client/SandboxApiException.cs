using SecretText;

namespace PtSandbox.Client;

/// <summary>
/// A failed PT Sandbox call. The message is always one line:
/// <c>PT Sandbox &lt;host&gt;: &lt;call&gt; failed: &lt;detail&gt;</c>, and never holds a password, bearer, cookie,
/// secret, control character or a value the caller marked secret.
/// </summary>
public sealed class SandboxApiException : Exception
{
    public const int MaxMessageLength = 1000;

    private SandboxApiException(string message, string host, string call, string detail, int? statusCode, string? serverMessage,
        bool isTransient, Exception? innerException)
        : base(message, innerException)
    {
        Host = host;
        Call = call;
        StatusCode = statusCode;
        ServerMessage = serverMessage;
        IsTransient = isTransient;
        Detail = detail;
    }

    internal static SandboxApiException Create(SecretRedactor secrets, string host, string call, string detail, int? statusCode = null,
        string? serverMessage = null, bool isTransient = false, Exception? innerException = null) =>
        new(secrets.OneLine($"PT Sandbox {host}: {call} failed: {detail}", MaxMessageLength), host, call,
            secrets.OneLine(detail, MaxMessageLength), statusCode, serverMessage is null ? null : secrets.OneLine(serverMessage, MaxMessageLength),
            isTransient, innerException);

    /// <summary>The part of the message after "failed: ".</summary>
    internal string Detail { get; }

    /// <summary>host[:port] of the instance.</summary>
    public string Host { get; }

    /// <summary>What was attempted, e.g. <c>list tokens</c> or <c>create token "ci-token"</c>, as given (unmasked: never show it).</summary>
    internal string Call { get; }

    /// <summary>HTTP status of the last response, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>The server's own error text, when it sent one.</summary>
    public string? ServerMessage { get; }

    /// <summary>True when trying again later may succeed (5xx, 429, timeouts, network errors).</summary>
    public bool IsTransient { get; }

    /// <summary>
    /// For a create refused because live tokens of that name exist (a leftover of an interrupted run, or a sandbox
    /// that refuses duplicate names): those tokens, when the listing showed them.
    /// </summary>
    public IReadOnlyList<SandboxToken> SameNameTokens { get; internal set; } = [];

    /// <summary>True when the create was refused before sending, because a token of that name is probably a leftover.</summary>
    public bool IsLeftoverToken { get; internal set; }
}
