using System.Net.Http.Json;
using PtSandbox.Client.Http;
using PtSandbox.Client.Json;

namespace PtSandbox.Client.Auth;

/// <summary>
/// The UI API's four-step login (authorize, login form, location, token) and the bearer refresh (the
/// token step alone, riding on the session cookie). Credentials only ever go to BaseUrl's origin.
/// </summary>
internal sealed class LoginFlow(SandboxTransport transport, SandboxClientOptions options)
{
    public const string Call = "login";

    // Kept for the session: the token step must present the fingerprint the session was authorized with.
    private string? fingerprint;

    public async Task<string> LoginAsync(CancellationToken ct)
    {
        // 32 lowercase hex characters, as the sandbox's own client sends. .NET fills a GUID from the OS's secure
        // random source, not OpenSSL, so a provider that talks plain HTTP never loads libcrypto (3.5 MB resident).
        var fp = Guid.NewGuid().ToString("N");
        var location = await AuthorizeAsync(fp, ct).ConfigureAwait(false);
        await SubmitCredentialsAsync(new Uri(location, "/ui/login"), ct).ConfigureAwait(false);
        await VisitLocationAsync(location, ct).ConfigureAwait(false);
        fingerprint = fp;
        return await RequestBearerAsync(fp, ct).ConfigureAwait(false)
            ?? throw transport.Fail(Call, "the server refused to issue a bearer right after a successful login");
    }

    /// <summary>A new bearer from the session cookie; null when the session is gone and a full login is needed.</summary>
    public Task<string?> TryRefreshAsync(CancellationToken ct) =>
        fingerprint is { } fp ? RequestBearerAsync(fp, ct) : Task.FromResult<string?>(null);

    private async Task<Uri> AuthorizeAsync(string fp, CancellationToken ct)
    {
        var url = transport.UiUrl($"auth/authorize?fingerprint={fp}");
        var response = await transport.SendAsync(Call, () => new HttpRequestMessage(HttpMethod.Get, url), retry: true, ct).ConfigureAwait(false);
        if (!response.IsSuccess)
            throw transport.Fail(Call, response, "authorize step");
        var location = transport.Parse(Call, response, SandboxJsonContext.Default.DataEnvelopeAuthorizeData).Data?.Location;
        if (string.IsNullOrWhiteSpace(location) || !Uri.TryCreate(options.BaseUrl, location, out var uri))
            throw transport.UnexpectedResponse(Call, response, "no usable data.location in the authorize answer");
        if (!IsSameOrigin(uri, options.BaseUrl))
        {
            // A compromised or misconfigured server must not be able to send our password elsewhere.
            throw transport.Fail(Call,
                $"the server sent the login to {uri.GetLeftPart(UriPartial.Authority)}, which is not {options.BaseUrl.GetLeftPart(UriPartial.Authority)}; refusing to send credentials to another host");
        }
        return uri;
    }

    private async Task SubmitCredentialsAsync(Uri loginUrl, CancellationToken ct)
    {
        var body = new LoginRequest
        {
            Username = options.Username,
            Password = options.Password,
            AuthType = (int)options.AuthType,
            RememberLogin = true,
        };
        var response = await transport.SendAsync(
            Call,
            () => new HttpRequestMessage(HttpMethod.Post, loginUrl) { Content = JsonContent.Create(body, SandboxJsonContext.Default.LoginRequest) },
            retry: true,
            ct).ConfigureAwait(false);
        if (response.Status is 400 or 401 or 403)
        {
            // Deliberately no server text: some servers echo the submitted form back.
            throw transport.Fail(Call, $"check username/password/authType ({response.StatusText})", response.Status);
        }
        if (!response.IsSuccess)
            throw transport.Fail(Call, response, "login step");
    }

    private async Task VisitLocationAsync(Uri location, CancellationToken ct)
    {
        var response = await transport.SendAsync(Call, () => new HttpRequestMessage(HttpMethod.Get, location), retry: true, ct).ConfigureAwait(false);
        // The refresh cookie comes with this response, often a redirect: accept it, never follow it.
        if (!response.IsSuccess && !response.IsRedirect)
            throw transport.Fail(Call, response, "location step");
    }

    private async Task<string?> RequestBearerAsync(string fp, CancellationToken ct)
    {
        var body = new FingerprintRequest { Fingerprint = fp };
        var response = await transport.SendAsync(
            Call,
            () => new HttpRequestMessage(HttpMethod.Post, transport.UiUrl("auth/token")) { Content = JsonContent.Create(body, SandboxJsonContext.Default.FingerprintRequest) },
            retry: true,
            ct).ConfigureAwait(false);
        if (response.Status is 401 or 403)
            return null;
        if (!response.IsSuccess)
            throw transport.Fail(Call, response, "token step");
        // The answer carries the bearer, which no text may show: it is never quoted.
        var bearer = transport.Parse(Call, response, SandboxJsonContext.Default.DataEnvelopeAccessTokenData, quoteBody: false).Data?.AccessToken;
        if (string.IsNullOrWhiteSpace(bearer))
            throw transport.UnexpectedResponse(Call, response, "no data.accessToken in the token answer", quoteBody: false);
        transport.Secrets.Add(bearer);
        return bearer;
    }

    internal static bool IsSameOrigin(Uri candidate, Uri baseUrl) =>
        candidate.IsAbsoluteUri
        && candidate.UserInfo.Length == 0
        && Uri.Compare(candidate, baseUrl, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
