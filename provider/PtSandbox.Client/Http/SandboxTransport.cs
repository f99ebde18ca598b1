using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Polly;
using PtSandbox.Client.Json;

namespace PtSandbox.Client.Http;

/// <summary>
/// Sends requests to one instance through the resilience pipelines and turns every failure into a
/// one-line, secret-free <see cref="SandboxApiException"/>. Built at the first call, never before.
/// </summary>
internal sealed class SandboxTransport : IDisposable
{
    private readonly SandboxHttp http;
    private readonly ResiliencePipeline<SandboxResponse> retrying;
    private readonly ResiliencePipeline<SandboxResponse> singleAttempt;
    private readonly SandboxClientOptions options;

    public SandboxTransport(SandboxClientOptions options, string host, SecretScrubber scrubber, ServerClock clock, TimeProvider time, ILogger logger)
    {
        this.options = options;
        Host = host;
        Scrubber = scrubber;
        var tls = TlsVerifier.Create(options);
        http = new SandboxHttp(options, tls, clock, time, logger);
        retrying = HttpPipelines.Retrying(options, tls, time,
            (call, delay, attempt, reason) => Log.Retrying(logger, host, call, delay.TotalMilliseconds, attempt, Scrubber.Scrub(reason)));
        singleAttempt = HttpPipelines.SingleAttempt(options, time);
    }

    public string Host { get; }

    public SecretScrubber Scrubber { get; }

    public Uri UiUrl(string relative) => new(options.BaseUrl, "api/ui/" + relative);

    /// <summary>
    /// Sends a request built fresh for every attempt. Returns any HTTP response (the caller judges the
    /// status); throws <see cref="SandboxApiException"/> for transport failures and
    /// <see cref="OperationCanceledException"/> when <paramref name="ct"/> was cancelled.
    /// </summary>
    public async Task<SandboxResponse> SendAsync(string call, Func<HttpRequestMessage> buildRequest, bool retry, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(HttpPipelines.CallKey, call);
        var state = new AttemptState(http, buildRequest);
        try
        {
            var response = await (retry ? retrying : singleAttempt).ExecuteAsync(
                static async (ctx, s) =>
                {
                    s.Attempts++;
                    using var request = s.Build();
                    return await s.Http.SendOnceAsync(request, ctx.CancellationToken).ConfigureAwait(false);
                },
                context,
                state).ConfigureAwait(false);
            return response with { Attempts = state.Attempts };
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error) when (error is not SandboxApiException and not ObjectDisposedException)
        {
            var failure = TransportFailure.Describe(error, options, http.Tls);
            throw Fail(call, failure.Detail + AttemptsSuffix(state.Attempts), isTransient: failure.IsTransient, inner: new TransportFailureException(failure, error));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public SandboxApiException Fail(string call, string detail, int? status = null, string? serverMessage = null, bool isTransient = false, Exception? inner = null) =>
        new(Host, call, Scrubber.Scrub(detail), status, serverMessage is null ? null : Scrubber.Scrub(serverMessage), isTransient, inner);

    /// <summary>An error for a non-success response: "HTTP 409 Conflict: &lt;server message&gt;".</summary>
    public SandboxApiException Fail(string call, SandboxResponse response, string? prefix = null)
    {
        var serverMessage = ServerMessageOf(response);
        var detail = (prefix is null ? "" : prefix + ": ") + response.StatusText + (serverMessage.Length > 0 ? ": " + serverMessage : "")
            + (response.IsTransient ? AttemptsSuffix(response.Attempts) : "");
        return Fail(call, detail, response.Status, serverMessage.Length > 0 ? serverMessage : null, response.IsTransient);
    }

    /// <summary>Deserializes a success body; malformed or empty content becomes "unexpected response".</summary>
    public T Parse<T>(string call, SandboxResponse response, JsonTypeInfo<T> type) where T : class
    {
        try
        {
            if (response.Body.Length > 0 && JsonSerializer.Deserialize(response.Body, type) is { } value)
                return value;
        }
        catch (JsonException)
        {
        }
        throw UnexpectedResponse(call, response);
    }

    public SandboxApiException UnexpectedResponse(string call, SandboxResponse response, string? what = null)
    {
        var content = response.MediaType ?? "no content type";
        var snippet = response.Body.Length == 0 ? "empty body" : TextSnippet.FromBody(response.Body);
        return Fail(call, $"unexpected response ({what ?? "not the expected JSON"}; {response.StatusText}, {content}): {snippet}", response.Status);
    }

    /// <summary>The <c>errors[].message</c> texts joined, else a short single-line snippet of the body.</summary>
    internal static string ServerMessageOf(SandboxResponse response)
    {
        if (response.Body.Length == 0)
            return "";
        try
        {
            var error = JsonSerializer.Deserialize(response.Body, SandboxJsonContext.Default.ErrorBodyJson);
            var messages = error?.Errors?.Select(e => e?.Message).Where(m => !string.IsNullOrWhiteSpace(m)).ToArray();
            if (messages is { Length: > 0 })
                return TextSnippet.OneLine(string.Join("; ", messages), 500);
            if (!string.IsNullOrWhiteSpace(error?.Message))
                return TextSnippet.OneLine(error.Message, 500);
        }
        catch (JsonException)
        {
        }
        return TextSnippet.FromBody(response.Body);
    }

    private static string AttemptsSuffix(int attempts) => attempts > 1 ? $" (gave up after {attempts} attempts)" : "";

    public void Dispose() => http.Dispose();

    private sealed class AttemptState(SandboxHttp http, Func<HttpRequestMessage> build)
    {
        public SandboxHttp Http { get; } = http;
        public Func<HttpRequestMessage> Build { get; } = build;
        public int Attempts { get; set; }
    }
}

/// <summary>Carries the classification of a transport failure to callers that need more than the text.</summary>
internal sealed class TransportFailureException(TransportFailure failure, Exception inner) : Exception(failure.Detail, inner)
{
    public TransportFailure Failure { get; } = failure;
}
