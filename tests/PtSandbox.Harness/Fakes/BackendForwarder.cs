using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PtSandbox.Harness.Fakes;

/// <summary>
/// Relays a <see cref="FakeRequest"/> to the backend and turns its answer into a <see cref="FakeResponse"/> that
/// keeps the client on the fake: the backend's origin (and authority) in headers and body become the fake's.
/// </summary>
internal sealed class BackendForwarder : IDisposable
{
    // Connection-level headers (RFC 9110 §7.6.1) and the framing, which the fake and HttpClient each redo.
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Expect",
        "Content-Length", "Host",
    };

    private readonly HttpClient _client;
    private readonly Uri _backend;
    private readonly OriginRewriter _toFake;
    private readonly bool _dropSecureCookieFlag;

    public BackendForwarder(Uri backend, string? backendCaPem, Uri fakeOrigin)
    {
        _backend = backend;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false, // the client's Cookie header passes through as it is
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        };
        if (backendCaPem is not null)
        {
            var trusted = X509Certificate2.CreateFromPem(backendCaPem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(trusted.RawDataMemory.Span);
        }
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _toFake = new OriginRewriter(backend, fakeOrigin);
        // A cookie the backend marks Secure would never come back over the fake's plain HTTP.
        _dropSecureCookieFlag = backend.Scheme == Uri.UriSchemeHttps && fakeOrigin.Scheme == Uri.UriSchemeHttp;
    }

    public async Task<FakeResponse> SendAsync(FakeRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), BackendUrl(request.PathAndQuery));
        if (request.Body.Length > 0 || request.Header("Content-Length") is not null || request.Header("Transfer-Encoding") is not null)
            message.Content = new ByteArrayContent(request.Body);
        foreach (var (name, value) in request.Headers)
        {
            if (HopByHop.Contains(name)) continue;
            if (!message.Headers.TryAddWithoutValidation(name, value))
                message.Content?.Headers.TryAddWithoutValidation(name, value);
        }

        using var answer = await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct);
        var body = await answer.Content.ReadAsByteArrayAsync(ct);
        var headers = new List<KeyValuePair<string, string>>();
        string? contentType = null;
        foreach (var (name, values) in answer.Headers.NonValidated.Concat(answer.Content.Headers.NonValidated))
        {
            if (HopByHop.Contains(name)) continue;
            foreach (var raw in values)
            {
                var value = _toFake.Rewrite(raw);
                if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
                    contentType ??= value;
                else if (_dropSecureCookieFlag && string.Equals(name, "Set-Cookie", StringComparison.OrdinalIgnoreCase))
                    headers.Add(new(name, WithoutSecureFlag(value)));
                else
                    headers.Add(new(name, value));
            }
        }
        return new FakeResponse
        {
            Status = (int)answer.StatusCode,
            Reason = answer.ReasonPhrase,
            Headers = headers,
            ContentType = contentType,
            Body = _toFake.Rewrite(body),
        };
    }

    private Uri BackendUrl(string pathAndQuery) =>
        new(_backend.GetLeftPart(UriPartial.Authority) + _backend.AbsolutePath.TrimEnd('/') + pathAndQuery);

    private static string WithoutSecureFlag(string setCookie) =>
        string.Join(';', setCookie.Split(';').Where(part => !part.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase)));

    public void Dispose() => _client.Dispose();
}

/// <summary>
/// Replaces the backend's origin ("http://127.0.0.1:5000") with the fake's, and the backend's bare authority
/// ("127.0.0.1:5000") with the fake's, in one pass; a match followed by a digit is another port and stays.
/// </summary>
internal sealed class OriginRewriter(Uri from, Uri to)
{
    private readonly (byte[] From, byte[] To)[] _pairs =
    [
        (Encoding.ASCII.GetBytes(from.GetLeftPart(UriPartial.Authority)), Encoding.ASCII.GetBytes(to.GetLeftPart(UriPartial.Authority))),
        (Encoding.ASCII.GetBytes(from.Authority), Encoding.ASCII.GetBytes(to.Authority)),
    ];

    public string Rewrite(string text) => Encoding.Latin1.GetString(Rewrite(Encoding.Latin1.GetBytes(text)));

    public byte[] Rewrite(byte[] input)
    {
        if (input.AsSpan().IndexOf(_pairs[1].From) < 0) return input; // every origin contains the authority
        var output = new MemoryStream(input.Length + 64);
        var position = 0;
        while (position < input.Length)
        {
            var rest = input.AsSpan(position);
            var replaced = false;
            foreach (var (from, to) in _pairs)
            {
                if (rest.StartsWith(from) && (rest.Length == from.Length || !char.IsAsciiDigit((char)rest[from.Length])))
                {
                    output.Write(to);
                    position += from.Length;
                    replaced = true;
                    break;
                }
            }
            if (!replaced) output.WriteByte(input[position++]);
        }
        return output.ToArray();
    }
}
