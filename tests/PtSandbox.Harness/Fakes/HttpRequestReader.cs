using System.Globalization;
using System.Text;

namespace PtSandbox.Harness.Fakes;

/// <summary>The request could not be parsed; the connection is answered 400 and closed.</summary>
internal sealed class MalformedRequestException(string message) : Exception(message);

/// <summary>
/// Reads HTTP/1.1 requests from one connection, one after the other: request line, headers (Latin-1, lines ending in
/// CRLF or a bare LF), then the body by Content-Length or Transfer-Encoding: chunked.
/// </summary>
internal sealed class HttpRequestReader(Stream stream)
{
    private const int MaxHeaderBytes = 64 * 1024;
    private const long MaxBodyBytes = 256L * 1024 * 1024;

    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <summary>The next request, or null when the client closed the connection between requests.</summary>
    /// <param name="onExpectContinue">called when the request asks for 100-continue, before its body is read</param>
    public async Task<FakeRequest?> ReadAsync(Func<Task> onExpectContinue, CancellationToken ct)
    {
        var headerBudget = MaxHeaderBytes;
        string? requestLine;
        do
        {
            // A client may send empty lines before a request (RFC 9112 §2.2).
            requestLine = await ReadLineAsync(headerBudget, ct);
            if (requestLine is null) return null;
        } while (requestLine.Length == 0);
        headerBudget -= requestLine.Length;

        var parts = requestLine.Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || !parts[2].StartsWith("HTTP/", StringComparison.Ordinal))
            throw new MalformedRequestException($"bad request line '{requestLine}'");
        var (method, target) = (parts[0], PathAndQueryOf(parts[1]));

        var headers = new List<KeyValuePair<string, string>>();
        while (true)
        {
            var line = await ReadLineAsync(headerBudget, ct) ?? throw new MalformedRequestException("connection closed inside the headers");
            if (line.Length == 0) break;
            headerBudget -= line.Length;
            var colon = line.IndexOf(':');
            if (colon <= 0)
                throw new MalformedRequestException($"bad header line '{line}'");
            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim(' ', '\t')));
        }

        var request = new FakeRequest(method, target, headers, []);
        if (string.Equals(request.Header("Expect"), "100-continue", StringComparison.OrdinalIgnoreCase))
            await onExpectContinue();
        return request with { Body = await ReadBodyAsync(request, ct) };
    }

    /// <summary>Waits for the client to send anything or close; false once it closed.</summary>
    public async Task<bool> ReadAnythingAsync(CancellationToken ct)
    {
        if (_end > _start)
        {
            _start = _end;
            return true;
        }
        return await stream.ReadAsync(_buffer, ct) > 0;
    }

    private static string PathAndQueryOf(string target)
    {
        // absolute-form ("http://host/path?q", what a client sends to a proxy): keep the path and query
        if (target.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(target, UriKind.Absolute, out var absolute))
            return absolute.PathAndQuery;
        return target;
    }

    private async Task<byte[]> ReadBodyAsync(FakeRequest request, CancellationToken ct)
    {
        var encoding = request.Header("Transfer-Encoding");
        if (encoding is not null)
        {
            if (!encoding.Split(',').Last().Trim().Equals("chunked", StringComparison.OrdinalIgnoreCase))
                throw new MalformedRequestException($"unsupported Transfer-Encoding '{encoding}'");
            return await ReadChunkedAsync(ct);
        }
        var declared = request.Header("Content-Length");
        if (declared is null) return [];
        if (!long.TryParse(declared, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > MaxBodyBytes)
            throw new MalformedRequestException($"bad Content-Length '{declared}'");
        var body = new byte[length];
        await ReadExactlyAsync(body, ct);
        return body;
    }

    private async Task<byte[]> ReadChunkedAsync(CancellationToken ct)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync(MaxHeaderBytes, ct) ?? throw new MalformedRequestException("connection closed inside a chunked body");
            var sizeText = sizeLine.Split(';')[0].Trim();
            if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size)
                || size < 0 || body.Length + size > MaxBodyBytes)
                throw new MalformedRequestException($"bad chunk size line '{sizeLine}'");
            if (size == 0) break;
            var chunk = new byte[size];
            await ReadExactlyAsync(chunk, ct);
            body.Write(chunk);
            if (await ReadLineAsync(MaxHeaderBytes, ct) is not "")
                throw new MalformedRequestException("chunk not followed by CRLF");
        }
        // trailer fields, ignored, up to the empty line
        while (await ReadLineAsync(MaxHeaderBytes, ct) is { Length: > 0 }) { }
        return body.ToArray();
    }

    /// <summary>One line without its CRLF or LF; null when the stream ends before any byte of it.</summary>
    private async Task<string?> ReadLineAsync(int maxBytes, CancellationToken ct)
    {
        var line = new StringBuilder();
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var upTo = newline >= 0 ? newline : _end;
            line.Append(Encoding.Latin1.GetString(_buffer, _start, upTo - _start));
            if (line.Length > maxBytes)
                throw new MalformedRequestException("request head too large");
            if (newline >= 0)
            {
                _start = newline + 1;
                if (line.Length > 0 && line[^1] == '\r') line.Length--;
                return line.ToString();
            }
            _start = _end;
            if (!await FillAsync(ct))
                return line.Length == 0 ? null : throw new MalformedRequestException("connection closed inside a line");
        }
    }

    private async Task ReadExactlyAsync(Memory<byte> destination, CancellationToken ct)
    {
        while (destination.Length > 0)
        {
            if (_start == _end && !await FillAsync(ct))
                throw new MalformedRequestException("connection closed inside the body");
            var count = Math.Min(destination.Length, _end - _start);
            _buffer.AsMemory(_start, count).CopyTo(destination);
            _start += count;
            destination = destination[count..];
        }
    }

    private async Task<bool> FillAsync(CancellationToken ct)
    {
        _start = _end = 0;
        var read = await stream.ReadAsync(_buffer, ct);
        _end = read;
        return read > 0;
    }
}
