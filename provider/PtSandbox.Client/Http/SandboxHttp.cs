using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using SecretText;

namespace PtSandbox.Client.Http;

/// <summary>
/// Typed HTTP client for one instance: a SocketsHttpHandler with a cookie jar, no auto-redirects and the
/// configured TLS check. <see cref="SendOnceAsync"/> is a single attempt that reads the whole body
/// (bounded), so the per-attempt timeout and the retries cover the body too.
/// </summary>
internal sealed class SandboxHttp : IDisposable
{
    private const int BodyChunkBytes = 16 * 1024;

    private readonly HttpClient client;
    private readonly SandboxClientOptions options;
    private readonly SecretRedactor secrets;
    private readonly CookieContainer cookies = new();
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly TlsVerifier tls;

    public SandboxHttp(SandboxClientOptions options, TlsVerifier tls, SecretRedactor secrets, TimeProvider time, ILogger logger)
    {
        this.options = options;
        this.secrets = secrets;
        this.time = time;
        this.logger = logger;
        this.tls = tls;
        var handler = new SocketsHttpHandler
        {
            // Redirects are never followed: the login location must not carry us (and our cookies) elsewhere.
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = cookies,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = { RemoteCertificateValidationCallback = tls.Validate },
        };
        // The per-attempt timeout is SandboxTransport's; HttpClient's own would fight it.
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("pulumi-ptsandbox", typeof(SandboxHttp).Assembly.GetName().Version?.ToString(3) ?? "0"));
    }

    public async ValueTask<SandboxResponse> SendOnceAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        HttpResponseMessage sent;
        try
        {
            sent = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException error) when (error.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            // The verifier's last refusal explains this failure only if this handshake ended on a refusal, which the
            // verifier recorded just before: a handshake that failed otherwise (a port speaking plain HTTP) checked no
            // certificate, while an earlier or concurrent connection's refusal may be on record.
            throw new TlsHandshakeException(error, EndedOnRefusedCertificate(error) ? tls.LastFailure : null);
        }
        using var response = sent;
        RememberCookieValues(response);
        var body = await ReadBodyAsync(response.Content, ct).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        Log.HttpCall(logger, request.Method.Method, request.RequestUri?.AbsolutePath ?? "", status, time.GetElapsedTime(started).TotalMilliseconds);
        return new SandboxResponse(
            status,
            response.ReasonPhrase ?? "",
            body,
            response.Content.Headers.ContentType?.MediaType,
            RetryAfterOf(response))
        {
            Charset = response.Content.Headers.ContentType?.CharSet,
        };
    }

    private static bool EndedOnRefusedCertificate(HttpRequestException error) =>
        error.GetBaseException() is AuthenticationException { Message: var message }
        && message.Contains(nameof(RemoteCertificateValidationCallback), StringComparison.Ordinal);

    private async Task<byte[]> ReadBodyAsync(HttpContent content, CancellationToken ct)
    {
        var limit = options.MaxResponseBytes;
        if (content.Headers.ContentLength is { } declared && declared > limit)
            throw new ResponseTooLargeException(limit);

        // Read into pooled chunks below the large-object threshold and copy once, at the exact size: a small answer
        // (most are) costs only its own array, and a large listing leaves one array on the large-object heap, not
        // every doubling step of a MemoryStream plus its copy.
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var chunks = new List<(byte[] Bytes, int Count)>();
        try
        {
            long length = 0;
            while (true)
            {
                var chunk = ArrayPool<byte>.Shared.Rent(BodyChunkBytes);
                var filled = 0;
                try
                {
                    int read;
                    while (filled < BodyChunkBytes && (read = await stream.ReadAsync(chunk.AsMemory(filled, BodyChunkBytes - filled), ct).ConfigureAwait(false)) > 0)
                        filled += read;
                }
                finally
                {
                    chunks.Add((chunk, filled));
                }
                length += filled;
                if (length > limit)
                    throw new ResponseTooLargeException(limit);
                if (filled < BodyChunkBytes) break; // the body ended inside this chunk
            }

            var body = length == 0 ? [] : new byte[length];
            var offset = 0;
            foreach (var (bytes, count) in chunks)
            {
                bytes.AsSpan(0, count).CopyTo(body.AsSpan(offset));
                offset += count;
            }
            return body;
        }
        finally
        {
            // A rented chunk may hold a piece of a secret: cleared before it goes back.
            foreach (var (bytes, count) in chunks)
            {
                bytes.AsSpan(0, count).Clear();
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
    }

    /// <summary>
    /// Session and refresh cookies are credentials (the refresh cookie mints bearers): never shown anywhere. Both what
    /// the jar keeps (what is sent back) and the first name=value pair of every cookie in the raw headers (one header
    /// may join several cookies with commas) are registered. Values shorter than 4 characters are no credential and
    /// would only mangle words.
    /// </summary>
    private void RememberCookieValues(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var headers)) return;
        foreach (var header in headers)
        {
            foreach (var cookie in header.Split(','))
            {
                var pair = cookie.Split(';')[0];
                var equals = pair.IndexOf('=');
                if (equals > 0) RememberCookieValue(pair[(equals + 1)..].Trim().Trim('"'));
            }
        }
        foreach (var cookie in cookies.GetAllCookies().Cast<Cookie>())
            RememberCookieValue(cookie.Value);
    }

    private void RememberCookieValue(string value)
    {
        if (value.Length < SecretRedactor.ShortLength) return;
        secrets.Add(value);
        secrets.Add(Uri.UnescapeDataString(value));
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var now = response.Headers.Date ?? time.GetUtcNow();
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    public void Dispose() => client.Dispose();
}

/// <summary>The body passed <see cref="SandboxClientOptions.MaxResponseBytes"/>; not worth retrying.</summary>
internal sealed class ResponseTooLargeException(long limit)
    : Exception($"response body larger than {limit} bytes refused")
{
    public long Limit { get; } = limit;
}

/// <summary>A TLS handshake that failed, with why the server's certificate was refused when that was the cause.</summary>
internal sealed class TlsHandshakeException(HttpRequestException error, TlsFailure? certificate)
    : HttpRequestException(HttpRequestError.SecureConnectionError, error.Message, error)
{
    public TlsFailure? Certificate { get; } = certificate;
}
