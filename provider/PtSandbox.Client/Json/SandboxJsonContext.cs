using System.Text.Json.Serialization;

namespace PtSandbox.Client.Json;

/// <summary>Source-generated (AOT-safe) JSON metadata for every wire shape. Never writes null.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(DataEnvelope<AuthorizeData>))]
[JsonSerializable(typeof(DataEnvelope<AccessTokenData>))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(FingerprintRequest))]
[JsonSerializable(typeof(CreateTokenRequest))]
[JsonSerializable(typeof(ErrorBodyJson))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext;
