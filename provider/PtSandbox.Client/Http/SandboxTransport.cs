using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using PtSandbox.Client.Json;
using SecretText;

namespace PtSandbox.Client.Http;

/// <summary>
/// Sends requests to one instance, each attempt under a timeout, retrying the calls that are safe to repeat, and
/// turns every failure into a one-line, secret-free <see cref="SandboxApiException"/>. Built at the first call, never before.
/// </summary>
internal sealed class SandboxTransport : IDisposable
{
    private readonly SandboxHttp http;
    private readonly RetryPolicy<Attempts, SandboxResponse> retrying;
    private readonly SandboxClientOptions options;
    private readonly TimeProvider time;

    public SandboxTransport(SandboxClientOptions options, string host, SecretRedactor secrets, TimeProvider time, ILogger logger)
    {
        this.options = options;
        this.time = time;
        Host = host;
        Secrets = secrets;
        http = new SandboxHttp(options, TlsVerifier.Create(options), secrets, time, logger);
        retrying = HttpRetries.Create<Attempts>(options, secrets, time,
            (attempts, delay, attempt, reason) => Log.Retrying(logger, host, secrets.Redact(attempts.Call), delay.TotalMilliseconds, attempt, secrets.OneLine(reason, 300)));
    }

    /// <summary>Characters of a body quoted in an error, at most; the body is searched for secrets up to <see cref="BodyScanBytes"/>.</summary>
    public const int SnippetLength = 200;

    private const int BodyScanBytes = 64 * 1024;

    public string Host { get; }

    /// <summary>Every secret this client knows (and those its owner registered): masked in every text it produces.</summary>
    public SecretRedactor Secrets { get; }

    public Uri UiUrl(string relative) => new(options.BaseUrl, "api/ui/" + relative);

    /// <summary>
    /// Sends a request built fresh for every attempt. Returns any HTTP response (the caller judges the
    /// status); throws <see cref="SandboxApiException"/> for transport failures and
    /// <see cref="OperationCanceledException"/> when <paramref name="ct"/> was cancelled.
    /// </summary>
    public async Task<SandboxResponse> SendAsync(string call, Func<HttpRequestMessage> buildRequest, bool retry, CancellationToken ct)
    {
        var attempts = new Attempts(this, call, buildRequest);
        try
        {
            var response = retry
                ? await retrying.ExecuteAsync(static (a, token) => a.Transport.SendOnceAsync(a, token), attempts, ct).ConfigureAwait(false)
                : await SendOnceAsync(attempts, ct).ConfigureAwait(false);
            return response with { Attempts = attempts.Count };
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error) when (error is not SandboxApiException and not ObjectDisposedException)
        {
            var failure = TransportFailure.Describe(error, options, Secrets);
            throw Fail(call, failure.Detail + AttemptsSuffix(attempts.Count), isTransient: failure.IsTransient, inner: new TransportFailureException(failure, error));
        }
    }

    /// <summary>One attempt, which must be answered in full within <see cref="SandboxClientOptions.RequestTimeout"/>.</summary>
    private async Task<SandboxResponse> SendOnceAsync(Attempts attempts, CancellationToken ct)
    {
        // Nothing is built for a call the caller has given up on.
        ct.ThrowIfCancellationRequested();
        attempts.Count++;
        using var timeout = new CancellationTokenSource(options.RequestTimeout, time);
        using var caller = ct.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), timeout);
        using var request = attempts.Build();
        try
        {
            return await http.SendOnceAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new RequestTimeoutException(options.RequestTimeout);
        }
    }

    public SandboxApiException Fail(string call, string detail, int? status = null, string? serverMessage = null, bool isTransient = false, Exception? inner = null) =>
        SandboxApiException.Create(Secrets, Host, call, detail, status, serverMessage, isTransient, inner);

    /// <summary>An error for a non-success response: "HTTP 409 Conflict: &lt;server message&gt;".</summary>
    public SandboxApiException Fail(string call, SandboxResponse response, string? prefix = null)
    {
        RememberCredentials(response.Body);
        var serverMessage = ServerMessageOf(response);
        var detail = (prefix is null ? "" : prefix + ": ") + response.StatusText + (serverMessage.Length > 0 ? ": " + serverMessage : "")
            + (response.IsTransient ? AttemptsSuffix(response.Attempts) : "");
        return Fail(call, detail, response.Status, serverMessage.Length > 0 ? serverMessage : null, response.IsTransient);
    }

    /// <summary>
    /// Deserializes a success body; malformed or empty content becomes "unexpected response". An answer that carries
    /// a secret (<paramref name="quoteBody"/> false) is never quoted, not even in part: a secret not yet known to
    /// <see cref="Secrets"/> could not be masked.
    /// </summary>
    public T Parse<T>(string call, SandboxResponse response, JsonTypeInfo<T> type, bool quoteBody = true) where T : class
    {
        try
        {
            if (response.Body.Length > 0 && JsonSerializer.Deserialize(response.Body, type) is { } value)
                return value;
        }
        catch (JsonException)
        {
        }
        throw UnexpectedResponse(call, response, quoteBody: quoteBody);
    }

    /// <summary>
    /// Reads a success body with a reader that checks it field by field (see <see cref="TokenReader"/>): any other
    /// shape is an error that names what was <paramref name="expected"/>, never an empty value.
    /// </summary>
    public T Read<T>(string call, SandboxResponse response, Func<byte[], T> read, string expected)
    {
        try
        {
            return read(response.Body);
        }
        catch (WireFormatException problem)
        {
            var quote = problem.Message == "not JSON";
            throw UnexpectedResponse(call, response, quote ? null : $"not {expected}: {problem.Message}", quoteBody: quote);
        }
    }

    public SandboxApiException UnexpectedResponse(string call, SandboxResponse response, string? what = null, bool quoteBody = true)
    {
        var content = response.MediaType ?? "no content type";
        var summary = $"unexpected response ({what ?? "not the expected JSON"}; {response.StatusText}, {content})";
        if (!quoteBody) return Fail(call, summary, response.Status);
        RememberCredentials(response.Body);
        return Fail(call, $"{summary}: {(response.Body.Length == 0 ? "empty body" : Snippet(response))}", response.Status);
    }

    /// <summary>The <c>errors[].message</c> texts joined, else a short single-line snippet of the body.</summary>
    internal string ServerMessageOf(SandboxResponse response)
    {
        if (response.Body.Length == 0)
            return "";
        try
        {
            var error = JsonSerializer.Deserialize(response.Body, SandboxJsonContext.Default.ErrorBodyJson);
            var messages = error?.Errors?.Select(e => e?.Message).Where(m => !string.IsNullOrWhiteSpace(m)).ToArray();
            if (messages is { Length: > 0 })
                return Secrets.OneLine(string.Join("; ", messages), 500);
            if (!string.IsNullOrWhiteSpace(error?.Message))
                return Secrets.OneLine(error.Message, 500);
        }
        catch (JsonException)
        {
        }
        return Snippet(response);
    }

    /// <summary>
    /// The start of a body as one masked line, read in the charset it declares (or its byte-order mark); the scan
    /// covers more than is shown, so a cut cannot split a secret.
    /// </summary>
    private string Snippet(SandboxResponse response)
    {
        var body = response.Body;
        var scanned = body.Length > BodyScanBytes ? body.AsSpan(0, BodyScanBytes) : body;
        return Secrets.OneLine(EncodingOf(response, scanned).GetString(scanned), SnippetLength, sourceWasCut: body.Length > BodyScanBytes);
    }

    private static System.Text.Encoding EncodingOf(SandboxResponse response, ReadOnlySpan<byte> body)
    {
        if (body is [0xFF, 0xFE, ..]) return System.Text.Encoding.Unicode;
        if (body is [0xFE, 0xFF, ..]) return System.Text.Encoding.BigEndianUnicode;
        try
        {
            return response.Charset is { Length: > 0 } charset ? System.Text.Encoding.GetEncoding(charset.Trim('"')) : System.Text.Encoding.UTF8;
        }
        catch (ArgumentException)
        {
            return System.Text.Encoding.UTF8;
        }
    }

    /// <summary>
    /// Registers what a body carries under a credential's name (a create answer's "token", a bearer under
    /// "accessToken", a "password" echoed back), before any text is built from it.
    /// </summary>
    private void RememberCredentials(byte[] body)
    {
        if (body.Length is 0 or > 4 * 1024 * 1024) return;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            RememberCredentials(document.RootElement, name: "");
        }
        catch (JsonException)
        {
        }
    }

    private static readonly string[] CredentialNames = ["token", "secret", "password", "passwd", "bearer", "cookie", "session", "credential", "apikey", "api_key"];

    private void RememberCredentials(JsonElement json, string name)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in json.EnumerateObject()) RememberCredentials(property.Value, property.Name);
                break;
            case JsonValueKind.Array:
                foreach (var item in json.EnumerateArray()) RememberCredentials(item, name);
                break;
            case JsonValueKind.String when CredentialNames.Any(c => name.Contains(c, StringComparison.OrdinalIgnoreCase)):
                Secrets.Add(json.GetString());
                break;
        }
    }

    private static string AttemptsSuffix(int attempts) => attempts > 1 ? $" (gave up after {attempts} attempts)" : "";

    public void Dispose() => http.Dispose();

    /// <summary>One call's attempts: the request is built fresh for each.</summary>
    private sealed class Attempts(SandboxTransport transport, string call, Func<HttpRequestMessage> build)
    {
        public SandboxTransport Transport { get; } = transport;
        public string Call { get; } = call;
        public Func<HttpRequestMessage> Build { get; } = build;
        public int Count { get; set; }
    }
}

/// <summary>Carries the classification of a transport failure to callers that need more than the text.</summary>
internal sealed class TransportFailureException(TransportFailure failure, Exception inner) : Exception(failure.Detail, inner)
{
    public TransportFailure Failure { get; } = failure;
}
