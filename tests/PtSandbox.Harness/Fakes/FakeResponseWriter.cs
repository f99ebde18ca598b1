using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace PtSandbox.Harness.Fakes;

/// <summary>What the connection does after a response was written.</summary>
internal enum AfterResponse { KeepAlive, Close, Reset, Hang }

/// <summary>Writes a <see cref="FakeResponse"/> exactly as described, up to where its <see cref="FakeEnding"/> stops.</summary>
internal static class FakeResponseWriter
{
    public static async Task<AfterResponse> WriteAsync(Stream stream, FakeResponse response, bool clientAsksClose, CancellationToken ct)
    {
        if (response.Delay > TimeSpan.Zero)
            await Task.Delay(response.Delay, ct);

        switch (response.Ending)
        {
            case FakeEnding.DropBeforeStatus: return AfterResponse.Close;
            case FakeEnding.ResetBeforeStatus: return AfterResponse.Reset;
            case FakeEnding.HangBeforeStatus: return AfterResponse.Hang;
        }

        await stream.WriteAsync(Head(response), ct);
        await stream.FlushAsync(ct);
        switch (response.Ending)
        {
            case FakeEnding.DropAfterHeaders: return AfterResponse.Close;
            case FakeEnding.HangAfterHeaders: return AfterResponse.Hang;
            case FakeEnding.DropMidBody:
                var cut = Math.Clamp(response.DropAfterBodyBytes ?? response.Body.Length / 2, 0, response.Body.Length);
                await WriteBodyAsync(stream, response.Body.AsMemory(0, cut), response.Trickle, ct);
                return AfterResponse.Close;
        }

        await WriteBodyAsync(stream, response.Body, response.Trickle, ct);
        var closes = response.OmitContentLength || clientAsksClose
            || string.Equals(response.Header("Connection"), "close", StringComparison.OrdinalIgnoreCase);
        return closes ? AfterResponse.Close : AfterResponse.KeepAlive;
    }

    /// <summary>The status line and header block, Latin-1, ending with the empty line.</summary>
    public static byte[] Head(FakeResponse response)
    {
        var reason = response.Reason ?? ReasonPhrases.GetReasonPhrase(response.Status);
        var head = new StringBuilder(256);
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status:D3} {reason}\r\n");
        var hasLength = false;
        var hasTransferEncoding = false;
        foreach (var (name, value) in response.Headers)
        {
            if (name.Length == 0)
            {
                head.Append(value).Append("\r\n");
                continue;
            }
            hasLength |= string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase);
            hasTransferEncoding |= string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase);
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        if (response.ContentType is not null)
            head.Append("Content-Type: ").Append(response.ContentType).Append("\r\n");
        // A test that writes its own Content-Length or Transfer-Encoding frames the body itself.
        if (!response.OmitContentLength && !hasLength && !hasTransferEncoding)
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {response.DeclaredContentLength ?? response.Body.Length}\r\n");
        head.Append("\r\n");
        return Encoding.Latin1.GetBytes(head.ToString());
    }

    private static async Task WriteBodyAsync(Stream stream, ReadOnlyMemory<byte> body, FakeTrickle? trickle, CancellationToken ct)
    {
        if (trickle is null)
        {
            await stream.WriteAsync(body, ct);
            await stream.FlushAsync(ct);
            return;
        }
        var step = Math.Max(1, trickle.BytesPerWrite);
        for (var offset = 0; offset < body.Length; offset += step)
        {
            if (offset > 0) await Task.Delay(trickle.Interval, ct);
            await stream.WriteAsync(body.Slice(offset, Math.Min(step, body.Length - offset)), ct);
            await stream.FlushAsync(ct);
        }
    }
}
