using System.Text.Encodings.Web;
using System.Text.Json;

namespace PtSandbox.Emulator.Json;

internal static class EmulatorJson
{
    /// <summary>
    /// The source-generated context with a relaxed encoder, so messages read "'name' must ..." rather than
    /// "\u0027name\u0027 must ...". Safe: every body is served as application/json, never as HTML.
    /// </summary>
    public static EmulatorJsonContext Context { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
