namespace PtSandbox.Emulator.Json;

/// <summary>
/// Wire form of <c>POST /_emulator/faults</c>. Settable properties on purpose: the source generator sets
/// absent init-only properties to their type's default, which would lose <c>count = 1</c> and <c>kind = "status"</c>.
/// </summary>
internal sealed class FaultRequest
{
    public string? Method { get; set; }
    public string? Path { get; set; }
    public int Count { get; set; } = 1;
    public string? Kind { get; set; } = FaultKinds.Status;
    public int? Status { get; set; }
    public int? RetryAfterSeconds { get; set; }
    public int? DelayMs { get; set; }
    public string? Body { get; set; }
    public string? ContentType { get; set; }
    public Dictionary<string, string>? Headers { get; set; }

    public Fault ToFault() => new()
    {
        Method = Method,
        Path = Path,
        Count = Count,
        Kind = Kind ?? FaultKinds.Status,
        Status = Status,
        RetryAfterSeconds = RetryAfterSeconds,
        DelayMs = DelayMs,
        Body = Body,
        ContentType = ContentType,
        Headers = Headers,
    };
}
