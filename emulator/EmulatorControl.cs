using System.Net.Http.Headers;
using System.Text.Json;
using PtSandbox.Emulator.Json;

namespace PtSandbox.Emulator;

/// <summary>Typed client of the <c>/_emulator/</c> control API, for an in-process or out-of-process emulator.
/// Failures throw <see cref="HttpRequestException"/> carrying the status code (e.g. 404 for an unknown id).</summary>
public sealed class EmulatorControl : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="baseUrl">The emulator's base URL, e.g. <c>https://127.0.0.1:41234</c>.</param>
    /// <param name="certificatePem">The emulator's certificate; when given, it is the only certificate trusted.</param>
    public EmulatorControl(Uri baseUrl, string? certificatePem)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var handler = new SocketsHttpHandler { UseCookies = false };
        if (certificatePem is not null)
            handler.SslOptions.RemoteCertificateValidationCallback = PinnedCertificate.Validator(certificatePem);
        _http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl.GetLeftPart(UriPartial.Authority)), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<IReadOnlyList<EmulatorToken>> GetTokensAsync(CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Get, "/_emulator/tokens", null, ct);
        return await ReadAsync(response, EmulatorJson.Context.IReadOnlyListEmulatorToken, ct);
    }

    public async Task<EmulatorToken> PatchTokenAsync(long id, TokenPatch patch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        using var response = await SendAsync(HttpMethod.Patch, $"/_emulator/tokens/{id}", PatchJson(patch), ct);
        return await ReadAsync(response, EmulatorJson.Context.EmulatorToken, ct);
    }

    /// <summary>Moves the token's creation time, e.g. into the past to make it look old; <c>modified</c> stays as it is.</summary>
    public async Task<EmulatorToken> SetCreatedAsync(long id, DateTimeOffset created, CancellationToken ct = default)
    {
        var seconds = (created.UtcTicks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerSecond;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("created", seconds);
            writer.WriteEndObject();
        }
        using var response = await SendAsync(HttpMethod.Patch, $"/_emulator/tokens/{id}", buffer.ToArray(), ct);
        return await ReadAsync(response, EmulatorJson.Context.EmulatorToken, ct);
    }

    public async Task DeleteTokenAsync(long id, CancellationToken ct = default)
    {
        using var _ = await SendAsync(HttpMethod.Delete, $"/_emulator/tokens/{id}", null, ct);
    }

    public async Task AddFaultAsync(Fault fault, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var json = JsonSerializer.SerializeToUtf8Bytes(fault, EmulatorJson.Context.Fault);
        using var _ = await SendAsync(HttpMethod.Post, "/_emulator/faults", json, ct);
    }

    public async Task ClearFaultsAsync(CancellationToken ct = default)
    {
        using var _ = await SendAsync(HttpMethod.Delete, "/_emulator/faults", null, ct);
    }

    public async Task RevokeBearersAsync(CancellationToken ct = default)
    {
        using var _ = await SendAsync(HttpMethod.Post, "/_emulator/revoke-bearers", null, ct);
    }

    public async Task<EmulatorStats> GetStatsAsync(CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Get, "/_emulator/stats", null, ct);
        return await ReadAsync(response, EmulatorJson.Context.EmulatorStats, ct);
    }

    /// <summary>
    /// Sets how far the sandbox's clock runs ahead of real time (negative: behind), at most ten years either way.
    /// Tokens created, modified or deleted afterwards are stamped with that clock; logins and bearers are not
    /// affected. <see cref="ResetAsync"/> sets it back to zero.
    /// </summary>
    public async Task<EmulatorClock> SetClockOffsetAsync(TimeSpan offset, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("offsetSeconds", offset.TotalSeconds);
            writer.WriteEndObject();
        }
        using var response = await SendAsync(HttpMethod.Put, "/_emulator/clock", buffer.ToArray(), ct);
        return await ReadAsync(response, EmulatorJson.Context.EmulatorClock, ct);
    }

    public async Task<EmulatorClock> GetClockAsync(CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Get, "/_emulator/clock", null, ct);
        return await ReadAsync(response, EmulatorJson.Context.EmulatorClock, ct);
    }

    public async Task ResetAsync(CancellationToken ct = default)
    {
        using var _ = await SendAsync(HttpMethod.Post, "/_emulator/reset", null, ct);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Hand-written so that "leave unchanged" (absent) and "clear" (<c>"entryPoint": null</c>) differ.</summary>
    private static byte[] PatchJson(TokenPatch patch)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (patch.Name is not null)
                writer.WriteString("name", patch.Name);
            if (patch.Comment is not null)
                writer.WriteString("comment", patch.Comment);
            if (patch.Permissions is not null)
            {
                writer.WriteStartArray("permissions");
                foreach (var permission in patch.Permissions)
                    writer.WriteStringValue(permission);
                writer.WriteEndArray();
            }
            if (patch.ClearEntryPoint)
            {
                writer.WriteNull("entryPoint");
            }
            else if (patch.EntryPoint is not null)
            {
                writer.WriteStartObject("entryPoint");
                writer.WriteString("id", patch.EntryPoint.Id);
                writer.WriteString("name", patch.EntryPoint.Name);
                writer.WriteEndObject();
            }
            if (patch.Deleted is { } deleted)
                writer.WriteBoolean("deleted", deleted);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, byte[]? json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new ByteArrayContent(json);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        var response = await _http.SendAsync(request, ct);
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException(
                $"{method} {path} failed with {(int)response.StatusCode} {response.StatusCode}: {body}", null, response.StatusCode);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        return await JsonSerializer.DeserializeAsync(stream, type, ct)
               ?? throw new InvalidDataException($"Empty answer from {response.RequestMessage?.RequestUri}");
    }
}
