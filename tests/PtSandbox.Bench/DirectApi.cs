using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace PtSandbox.Bench;

/// <summary>A token as the create call returned it, with everything a refresh's Read needs.</summary>
internal sealed record DirectToken(long Id, string Name, IReadOnlyList<string> Permissions, string CreatorLogin, double Created, string Secret, string Key);

/// <summary>
/// The baseline: the UI API spoken directly with one <see cref="HttpClient"/> and a cookie jar, set up as the
/// provider's own (PtSandbox.Client's SandboxHttp: HTTP/1.1 with pooled connections reused for 5 minutes,
/// decompression, the same Accept header). Logs in once (authorize → login → callback → access token) and then sends
/// the bearer with every call.
/// </summary>
internal sealed class DirectApi : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    private DirectApi(HttpClient http) => _http = http;

    public static async Task<DirectApi> LoginAsync(Uri baseUrl, string username, string password, CancellationToken ct = default)
    {
        var handler = new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All, PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            var fingerprint = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

            // 1. Where to log in.
            using var authorize = await http.GetAsync($"/api/ui/auth/authorize?fingerprint={fingerprint}", ct);
            using var authorizeJson = await ReadJsonAsync(authorize, ct);
            var location = new Uri(authorizeJson.RootElement.GetProperty("data").GetProperty("location").GetString()
                                   ?? throw new InvalidDataException("authorize: no location"));

            // 2. Log in at the location's host (sets the session cookie).
            var login = JsonBody(w =>
            {
                w.WriteString("username", username);
                w.WriteString("password", password);
                w.WriteNumber("authType", 0);
                w.WriteBoolean("rememberLogin", true);
            });
            using (var loggedIn = await http.PostAsync(new Uri(location, "/ui/login"), login, ct))
                await EnsureAsync(loggedIn, ct);

            // 3. The callback (sets the refresh cookie).
            using (var callback = await http.GetAsync(location, ct))
                await EnsureAsync(callback, ct);

            // 4. The access token.
            using var token = await http.PostAsync("/api/ui/auth/token", JsonBody(w => w.WriteString("fingerprint", fingerprint)), ct);
            using var tokenJson = await ReadJsonAsync(token, ct);
            var bearer = tokenJson.RootElement.GetProperty("data").GetProperty("accessToken").GetString()
                         ?? throw new InvalidDataException("auth/token: no accessToken");
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            return new DirectApi(http);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public async Task<DirectToken> CreateAsync(string name, IReadOnlyList<string> permissions, CancellationToken ct = default)
    {
        var body = JsonBody(w =>
        {
            w.WriteString("name", name);
            w.WriteStartArray("permissions");
            foreach (var permission in permissions) w.WriteStringValue(permission);
            w.WriteEndArray();
        });
        using var response = await _http.PostAsync("/api/ui/public-api/tokens", body, ct);
        using var json = await ReadJsonAsync(response, ct);
        var root = json.RootElement;
        return new DirectToken(
            root.GetProperty("id").GetInt64(),
            root.GetProperty("name").GetString() ?? name,
            root.GetProperty("permissions").EnumerateArray().Select(p => p.GetString() ?? "").ToArray(),
            root.GetProperty("creatorLogin").GetString() ?? "",
            root.GetProperty("created").GetDouble(),
            root.GetProperty("token").GetString() ?? throw new InvalidDataException("create: no token"),
            root.GetProperty("key").GetString() ?? "");
    }

    public async Task DeleteAsync(long id, CancellationToken ct = default)
    {
        using var response = await _http.DeleteAsync($"/api/ui/public-api/tokens/{id}", ct);
        await EnsureAsync(response, ct);
    }

    /// <summary>One listing of every token, as the provider's refresh makes it; returns how many it listed.</summary>
    public async Task<int> ListAsync(CancellationToken ct = default)
    {
        using var response = await _http.GetAsync("/api/ui/public-api/tokens", ct);
        using var json = await ReadJsonAsync(response, ct);
        var items = json.RootElement.GetProperty("entries");
        return items.GetArrayLength();
    }

    public void Dispose() => _http.Dispose();

    private static ByteArrayContent JsonBody(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = Json;
        return content;
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await EnsureAsync(response, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        return JsonDocument.Parse(bytes);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(ct);
        throw new HttpRequestException(
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}: {Truncate(body)}",
            null, response.StatusCode);
    }

    private static string Truncate(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
