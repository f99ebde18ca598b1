namespace PtSandbox.Emulator;

/// <summary>
/// A fault injected into the next <see cref="Count"/> matching requests of the real API.
/// Kinds: <c>status</c>, <c>delay</c>, <c>reset</c>, <c>commitThenDrop</c> (see README.md).
/// </summary>
public sealed record Fault
{
    /// <summary>HTTP method to match; null = any.</summary>
    public string? Method { get; init; }

    /// <summary>Exact request path or route template (e.g. <c>/api/ui/public-api/tokens/{id}</c>); null = any.</summary>
    public string? Path { get; init; }

    public int Count { get; init; } = 1;

    public string Kind { get; init; } = FaultKinds.Status;

    public int? Status { get; init; }

    public int? RetryAfterSeconds { get; init; }

    public int? DelayMs { get; init; }

    public string? Body { get; init; }

    public string? ContentType { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}

public static class FaultKinds
{
    public const string Status = "status";
    public const string Delay = "delay";
    public const string Reset = "reset";
    public const string CommitThenDrop = "commitThenDrop";
}
