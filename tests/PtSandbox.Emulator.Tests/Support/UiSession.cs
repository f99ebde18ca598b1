using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PtSandbox.Emulator.Tests.Support;

/// <summary>A client of the real API paths doing what the Python client does: cookie jar, 4-step login, bearer.</summary>
internal sealed class UiSession : IDisposable
{
    public const string TokensPath = "/api/ui/public-api/tokens";

    private UiSession(HttpClient http, CookieContainer cookies)
    {
        Http = http;
        Cookies = cookies;
    }

    public HttpClient Http { get; }

    public CookieContainer Cookies { get; }

    public string Fingerprint { get; } = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

    public string? Bearer { get; private set; }

    /// <summary>An HTTP client for <paramref name="server"/>; over TLS it trusts the server's PEM only when asked to.</summary>
    public static UiSession Create(EmulatorServer server, bool trustCertificate = true)
    {
        var cookies = new CookieContainer();
        var handler = new SocketsHttpHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false };
        if (server.CertificatePem is not null && trustCertificate)
            handler.SslOptions.RemoteCertificateValidationCallback = Tls.TrustOnly(server.CertificatePem);
        var http = new HttpClient(handler) { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(20) };
        return new UiSession(http, cookies);
    }

    public static async Task<UiSession> LoginAsync(EmulatorServer server, string? username = null, string? password = null)
    {
        var session = Create(server);
        try
        {
            await session.LoginStepsAsync(username ?? server.Options.Username, password ?? server.Options.Password);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public async Task LoginStepsAsync(string username, string password, int authType = 0)
    {
        var location = await AuthorizeAsync();
        using var login = await PostJsonAsync("/ui/login",
            $$"""{"username": {{Quote(username)}}, "password": {{Quote(password)}}, "authType": {{authType}}, "rememberLogin": true}""");
        login.StatusCode.Should().Be(HttpStatusCode.OK, "the login must succeed");
        using var callback = await Http.GetAsync(location);
        callback.StatusCode.Should().Be(HttpStatusCode.OK);
        await RefreshBearerAsync();
    }

    /// <summary>Step 1: the absolute callback location.</summary>
    public async Task<Uri> AuthorizeAsync()
    {
        using var response = await Http.GetAsync($"/api/ui/auth/authorize?fingerprint={Fingerprint}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var json = await ReadJsonAsync(response);
        return new Uri(json.RootElement.GetProperty("data").GetProperty("location").GetString()!);
    }

    /// <summary>Step 4: a new bearer, used by every later call.</summary>
    public async Task<string> RefreshBearerAsync()
    {
        using var response = await PostJsonAsync("/api/ui/auth/token", $$"""{"fingerprint": "{{Fingerprint}}"}""");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var json = await ReadJsonAsync(response);
        Bearer = json.RootElement.GetProperty("data").GetProperty("accessToken").GetString()!;
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Bearer);
        return Bearer;
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> CreateRawAsync(string json) => PostJsonAsync(TokensPath, json);

    /// <summary>Creates a token and returns the parsed create response (asserting 200).</summary>
    public async Task<JsonElement> CreateAsync(string name, string permissions = "\"TASKS_VIEW_ALL\"", string? comment = null)
    {
        var commentPart = comment is null ? "" : $", \"comment\": {Quote(comment)}";
        using var response = await CreateRawAsync($$"""{"name": "{{name}}", "permissions": [{{permissions}}]{{commentPart}}}""");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> ListAsync()
    {
        using var response = await Http.GetAsync(TokensPath);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<HttpResponseMessage> DeleteAsync(long id) => Http.DeleteAsync($"{TokensPath}/{id}");

    public static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync());

    public static string Quote(string value) => JsonSerializer.Serialize(value);

    public void Dispose() => Http.Dispose();
}
