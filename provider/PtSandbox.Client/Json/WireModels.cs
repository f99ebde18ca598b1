using System.Text.Json.Serialization;

namespace PtSandbox.Client.Json;

// Shapes of the UI API as sent on the wire. Kept apart from the public records so that the server
// may add, drop or null fields without the public types turning nullable everywhere.

internal sealed class DataEnvelope<T> where T : class
{
    public T? Data { get; set; }
}

internal sealed class AuthorizeData
{
    public string? Location { get; set; }
}

internal sealed class AccessTokenData
{
    public string? AccessToken { get; set; }
}

internal sealed class LoginRequest
{
    public required string Username { get; init; }
    public required string Password { get; init; }
    public required int AuthType { get; init; }
    public bool RememberLogin { get; init; } = true;
}

internal sealed class FingerprintRequest
{
    public required string Fingerprint { get; init; }
}

internal sealed class CreateTokenRequest
{
    public required string Name { get; init; }
    public required IReadOnlyList<string> Permissions { get; init; }

    // The server rejects JSON null: the context omits null members, so no comment means no "comment" key.
    public string? Comment { get; init; }
}

internal sealed class ErrorBodyJson
{
    public List<ErrorItemJson?>? Errors { get; set; }
    public string? Message { get; set; }
}

internal sealed class ErrorItemJson
{
    public string? Message { get; set; }
    public string? Type { get; set; }
}
