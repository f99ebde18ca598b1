using System.Text;

namespace PtSandbox.Harness.Fakes;

/// <summary>
/// What <see cref="FakeSandbox"/> writes for one request, byte for byte: the status line, <see cref="Headers"/> in
/// order (then Content-Type from <see cref="ContentType"/>, then Content-Length unless omitted or already given), the
/// body, and how the connection ends. Nothing is added on its own: no Date, no Server, no Connection.
/// </summary>
public sealed record FakeResponse
{
    public int Status { get; init; } = 200;

    /// <summary>Null = the standard phrase of <see cref="Status"/> (empty for an unknown code); written as Latin-1 otherwise.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// Written as given, in order, duplicates allowed, values unchecked (CR, LF and control characters pass). A header
    /// with an empty name is written as its value alone: a raw line, e.g. one without a colon.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public byte[] Body { get; init; } = [];

    /// <summary>Adds a Content-Type header when set (after <see cref="Headers"/>).</summary>
    public string? ContentType { get; init; }

    /// <summary>No Content-Length: the body ends when the connection closes, so the connection is closed after it.</summary>
    public bool OmitContentLength { get; init; }

    /// <summary>This Content-Length whatever the body's real length. With <see cref="FakeEnding.Complete"/> the
    /// connection stays open, so a client told more than it gets waits for the rest.</summary>
    public long? DeclaredContentLength { get; init; }

    /// <summary>Wait before writing anything (after the request was read and, when forwarded, answered by the backend).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Write the body this slowly (the status line and headers go at once).</summary>
    public FakeTrickle? Trickle { get; init; }

    public FakeEnding Ending { get; init; } = FakeEnding.Complete;

    /// <summary>With <see cref="FakeEnding.DropMidBody"/>: close after this many body bytes; null = half the body.</summary>
    public int? DropAfterBodyBytes { get; init; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The first value of a header (case-insensitive name); Content-Type falls back to <see cref="ContentType"/>.</summary>
    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                return value;
        return string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase) ? ContentType : null;
    }

    /// <summary>
    /// Replaces every header of that name with one (where the first was, else at the end). For Content-Type it also
    /// clears <see cref="ContentType"/>, so exactly this value is sent.
    /// </summary>
    public FakeResponse WithHeader(string name, string value)
    {
        var headers = new List<KeyValuePair<string, string>>(Headers.Count + 1);
        var placed = false;
        foreach (var header in Headers)
        {
            if (!string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
                headers.Add(header);
            else if (!placed)
            {
                headers.Add(new(name, value));
                placed = true;
            }
        }
        if (!placed) headers.Add(new(name, value));
        var contentType = string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase) ? null : ContentType;
        return this with { Headers = headers, ContentType = contentType };
    }

    /// <summary>The same response with this body (UTF-8); Content-Length follows the new body unless declared.</summary>
    public FakeResponse WithBody(string text) => this with { Body = Encoding.UTF8.GetBytes(text) };

    public static FakeResponse Json(int status, string json) => Text(status, json, "application/json");

    public static FakeResponse Text(int status, string text, string contentType = "text/plain") =>
        new() { Status = status, Body = Encoding.UTF8.GetBytes(text), ContentType = contentType };
}

/// <summary>Write <see cref="BytesPerWrite"/> body bytes at a time with <see cref="Interval"/> between writes.</summary>
public sealed record FakeTrickle(int BytesPerWrite, TimeSpan Interval);

/// <summary>How a response ends.</summary>
public enum FakeEnding
{
    /// <summary>The whole response, connection kept alive.</summary>
    Complete,

    /// <summary>
    /// Accept the request, then close the connection without writing anything. SocketsHttpHandler silently resends a
    /// GET that met this on a reused connection, so the fake sees it twice (a POST is not resent).
    /// </summary>
    DropBeforeStatus,

    /// <summary>The same with a TCP RST (LingerState 0) instead of a FIN.</summary>
    ResetBeforeStatus,

    /// <summary>Status line and headers, then close.</summary>
    DropAfterHeaders,

    /// <summary>Close after <see cref="FakeResponse.DropAfterBodyBytes"/> body bytes.</summary>
    DropMidBody,

    /// <summary>Never answer; keep the connection open until the client gives up or the fake is disposed.</summary>
    HangBeforeStatus,

    /// <summary>Headers, then nothing more, connection kept open.</summary>
    HangAfterHeaders,
}
