using System.Net;

namespace PtSandbox.Client.Http;

/// <summary>A fully read HTTP response: status, the few headers the client uses, and the body bytes.</summary>
internal sealed record SandboxResponse(
    int Status,
    string Reason,
    byte[] Body,
    string? MediaType,
    TimeSpan? RetryAfter)
{
    /// <summary>How many attempts the pipeline made to get this response.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>The charset the Content-Type declares, if any.</summary>
    public string? Charset { get; init; }

    public bool IsSuccess => Status is >= 200 and < 300;

    public bool IsRedirect => Status is >= 300 and < 400;

    /// <summary>Statuses worth retrying for idempotent calls.</summary>
    public bool IsTransient => Status is 408 or 429 or >= 500;

    /// <summary>"HTTP 409 Conflict".</summary>
    public string StatusText
    {
        get
        {
            var reason = Reason.Length > 0 ? Reason : DefaultReason(Status);
            return reason.Length > 0 ? $"HTTP {Status} {reason}" : $"HTTP {Status}";
        }
    }

    private static string DefaultReason(int status)
    {
        var name = ((HttpStatusCode)status).ToString();
        return int.TryParse(name, out _) ? "" : name;
    }
}
