using PtSandbox.Client.Http;
using PtSandbox.Client.Json;

namespace PtSandbox.Client.Tokens;

/// <summary>The token endpoints, over the authorised-request core: their paths and how their answers read.</summary>
internal sealed class TokenCalls(AuthorizedApi api)
{
    public const string ListCall = "list tokens";

    private const string TokensPath = "public-api/tokens";

    public static string DeleteCall(long id) => $"delete token {id}";

    public AuthorizedApi Api => api;

    public async Task<TokenListing> ListAsync(CancellationToken ct)
    {
        var response = await api.SendAsync(ListCall, HttpMethod.Get, TokensPath, retry: true, ct).ConfigureAwait(false);
        if (!response.IsSuccess)
            throw api.Fail(ListCall, response);
        // Checked entry by entry: any other shape is an error, never "no tokens".
        return api.Read(ListCall, response, TokenReader.ReadListing, "a token listing");
    }

    /// <summary>
    /// True when deleted; false when the token is gone. A 404 is believed only once a listing confirms it: a proxy's
    /// 404 must not make the caller forget a token that is still live.
    /// </summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken ct)
    {
        var call = DeleteCall(id);
        var response = await api.SendAsync(call, HttpMethod.Delete, $"{TokensPath}/{id}", retry: true, ct).ConfigureAwait(false);
        if (response.Status == 404)
        {
            var listing = await ListAsync(ct).ConfigureAwait(false);
            if (listing.FindLive(id) is not null)
                throw api.Fail(call, $"the sandbox answered {response.StatusText} but still lists token {id} as live (a proxy in the way?); the token was not deleted", response.Status);
            if (!listing.IsComplete)
                throw api.Fail(call, $"the sandbox answered {response.StatusText}, and its listing shows only {listing.Entries.Count} of {listing.Total} tokens, so it cannot be confirmed that token {id} is gone", response.Status);
            return false;
        }
        if (!response.IsSuccess)
            throw api.Fail(call, response);
        return true;
    }

    /// <summary>Sends a create once (never retried blindly: create is not idempotent); <paramref name="body"/> builds its body.</summary>
    public Task<SandboxResponse> SendCreateAsync(string call, Func<HttpContent> body, CancellationToken ct) =>
        api.SendAsync(call, HttpMethod.Post, TokensPath, retry: false, ct, body);
}
