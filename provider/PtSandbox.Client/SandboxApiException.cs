namespace PtSandbox.Client;

/// <summary>
/// A failed PT Sandbox call. The message is always one line:
/// <c>PT Sandbox &lt;host&gt;: &lt;call&gt; failed: &lt;detail&gt;</c>, and never holds a password, bearer, cookie or secret.
/// </summary>
public sealed class SandboxApiException : Exception
{
    internal SandboxApiException(
        string host,
        string call,
        string detail,
        int? statusCode = null,
        string? serverMessage = null,
        bool isTransient = false,
        Exception? innerException = null)
        : base(FormatMessage(host, call, detail), innerException)
    {
        Host = host;
        Call = call;
        StatusCode = statusCode;
        ServerMessage = serverMessage;
        IsTransient = isTransient;
        Detail = detail;
    }

    /// <summary>The part of the message after "failed: ".</summary>
    internal string Detail { get; }

    /// <summary>host[:port] of the instance.</summary>
    public string Host { get; }

    /// <summary>What was attempted, e.g. <c>list tokens</c> or <c>create token "ci-token"</c>.</summary>
    public string Call { get; }

    /// <summary>HTTP status of the last response, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>The server's own error text, when it sent one.</summary>
    public string? ServerMessage { get; }

    /// <summary>True when trying again later may succeed (5xx, 429, timeouts, network errors).</summary>
    public bool IsTransient { get; }

    private static string FormatMessage(string host, string call, string detail) =>
        TextSnippet.OneLine($"PT Sandbox {host}: {call} failed: {detail}", maxLength: 1000);
}
