using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using PtSandbox.Client.Auth;
using SecretText;

namespace PtSandbox.Client.Http;

/// <summary>
/// The generic authorised-request core: the one place a UI API request is sent on behalf of the logged-in user. It
/// attaches the session's bearer, answers a 401 with a new login and one resend, and maps failures and answers
/// through the transport (one-line, secret-free <see cref="SandboxApiException"/>s). An API area (tokens today) is a
/// thin class over it that knows only its paths, bodies and answers.
/// </summary>
internal sealed class AuthorizedApi(SandboxTransport transport, BearerSession session, ILogger logger)
{
    /// <summary>host[:port] of the instance, for messages.</summary>
    public string Host => transport.Host;

    /// <summary>Every secret the client knows: masked in every text it produces.</summary>
    public SecretRedactor Secrets => transport.Secrets;

    /// <summary>
    /// Sends <paramref name="method"/> <c>api/ui/&lt;relative&gt;</c> with the current bearer and returns any answer but a
    /// 401 (the caller judges the status). On 401 the bearer is renewed (single-flight) and the request sent once more;
    /// a 401 means the server refused the request before doing anything, so even a create may be resent.
    /// </summary>
    /// <param name="retry">Whether transient failures are retried: false for a call that must not be resent blindly.</param>
    /// <param name="content">Builds the body for each attempt (a sent body is disposed with its request).</param>
    public async Task<SandboxResponse> SendAsync(string call, HttpMethod method, string relative, bool retry, CancellationToken ct,
        Func<HttpContent>? content = null)
    {
        var url = transport.UiUrl(relative);
        var bearer = await session.GetAsync(ct).ConfigureAwait(false);
        var response = await transport.SendAsync(call, () => Request(method, url, bearer.Value, content), retry, ct).ConfigureAwait(false);
        if (response.Status != 401)
            return response;

        Log.BearerRejected(logger, transport.Host, call);
        bearer = await session.RenewAfterRejectionAsync(bearer, ct).ConfigureAwait(false);
        return await transport.SendAsync(call, () => Request(method, url, bearer.Value, content), retry, ct).ConfigureAwait(false);
    }

    /// <inheritdoc cref="SandboxTransport.Fail(string, string, int?, string?, bool, Exception?)"/>
    public SandboxApiException Fail(string call, string detail, int? status = null, string? serverMessage = null, bool isTransient = false, Exception? inner = null) =>
        transport.Fail(call, detail, status, serverMessage, isTransient, inner);

    /// <inheritdoc cref="SandboxTransport.Fail(string, SandboxResponse, string?)"/>
    public SandboxApiException Fail(string call, SandboxResponse response) => transport.Fail(call, response);

    /// <inheritdoc cref="SandboxTransport.UnexpectedResponse"/>
    public SandboxApiException UnexpectedResponse(string call, SandboxResponse response, string? what = null, bool quoteBody = true) =>
        transport.UnexpectedResponse(call, response, what, quoteBody);

    /// <inheritdoc cref="SandboxTransport.Read"/>
    public T Read<T>(string call, SandboxResponse response, Func<byte[], T> read, string expected) =>
        transport.Read(call, response, read, expected);

    private static HttpRequestMessage Request(HttpMethod method, Uri url, string bearer, Func<HttpContent>? content) =>
        new(method, url)
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", bearer) },
            Content = content?.Invoke(),
        };
}
