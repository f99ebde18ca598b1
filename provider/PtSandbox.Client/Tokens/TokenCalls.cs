using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using PtSandbox.Client.Auth;
using PtSandbox.Client.Http;

namespace PtSandbox.Client.Tokens;

/// <summary>The token endpoints with the bearer attached, plus the one-retry-after-401 rule.</summary>
internal sealed class TokenCalls(SandboxTransport transport, BearerSession session, ILogger logger)
{
    public const string ListCall = "list tokens";

    public static string DeleteCall(long id) => $"delete token {id}";

    public SandboxTransport Transport => transport;

    public async Task<TokenListing> ListAsync(CancellationToken ct)
    {
        var response = await SendAuthorizedAsync(ListCall, bearer => Request(HttpMethod.Get, "public-api/tokens", bearer), retry: true, ct).ConfigureAwait(false);
        if (!response.IsSuccess)
            throw transport.Fail(ListCall, response);
        return transport.ParseListing(ListCall, response);
    }

    /// <summary>
    /// True when deleted; false when the token is gone. A 404 is believed only once a listing confirms it: a proxy's
    /// 404 must not make the caller forget a token that is still live.
    /// </summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken ct)
    {
        var call = DeleteCall(id);
        var response = await SendAuthorizedAsync(call, bearer => Request(HttpMethod.Delete, $"public-api/tokens/{id}", bearer), retry: true, ct).ConfigureAwait(false);
        if (response.Status == 404)
        {
            var listing = await ListAsync(ct).ConfigureAwait(false);
            if (listing.FindLive(id) is not null)
                throw transport.Fail(call, $"the sandbox answered {response.StatusText} but still lists token {id} as live (a proxy in the way?); the token was not deleted", response.Status);
            if (!listing.IsComplete)
                throw transport.Fail(call, $"the sandbox answered {response.StatusText}, and its listing shows only {listing.Entries.Count} of {listing.Total} tokens, so it cannot be confirmed that token {id} is gone", response.Status);
            return false;
        }
        if (!response.IsSuccess)
            throw transport.Fail(call, response);
        return true;
    }

    /// <summary>
    /// Sends with the current bearer. On 401 the bearer is renewed (single-flight) and the call sent once
    /// more; a 401 means the server refused the request before doing anything, so even create may be resent.
    /// </summary>
    public async Task<SandboxResponse> SendAuthorizedAsync(string call, Func<string, HttpRequestMessage> build, bool retry, CancellationToken ct)
    {
        var bearer = await session.GetAsync(ct).ConfigureAwait(false);
        var response = await transport.SendAsync(call, () => build(bearer.Value), retry, ct).ConfigureAwait(false);
        if (response.Status != 401)
            return response;

        Log.BearerRejected(logger, transport.Host, call);
        bearer = await session.RenewAfterRejectionAsync(bearer, ct).ConfigureAwait(false);
        return await transport.SendAsync(call, () => build(bearer.Value), retry, ct).ConfigureAwait(false);
    }

    public HttpRequestMessage Request(HttpMethod method, string relative, string bearer, HttpContent? content = null) =>
        new(method, transport.UiUrl(relative))
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", bearer) },
            Content = content,
        };
}
