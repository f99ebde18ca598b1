using System.Net;
using System.Text.Json;

namespace PtSandbox.Emulator.Tests.Support;

internal static class Json
{
    /// <summary>Asserts the UI API error shape and returns the first error's message.</summary>
    public static async Task<string> ShouldBeErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string? type = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        using var json = JsonDocument.Parse(text);
        var errors = json.RootElement.GetProperty("errors");
        errors.GetArrayLength().Should().BeGreaterThan(0);
        var first = errors[0];
        var errorType = first.GetProperty("type").GetString();
        errorType.Should().NotBeNullOrEmpty();
        if (type is not null)
            errorType.Should().Be(type);
        return first.GetProperty("message").GetString()!;
    }

    public static IEnumerable<JsonElement> Entries(this JsonElement listing) => listing.GetProperty("entries").EnumerateArray();
}
