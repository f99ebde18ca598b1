using System.Text.Json.Serialization;

namespace PtSandbox.Emulator.Json;

// Source-generated serialization only: no reflection-based System.Text.Json anywhere in the emulator.
// Use EmulatorJson.Context (relaxed escaping), not Default.
// Nulls are written on purpose: the real API sends "comment": null, "deleted": null and so on.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(AuthorizeResponse))]
[JsonSerializable(typeof(AccessTokenResponse))]
[JsonSerializable(typeof(TokenListing))]
[JsonSerializable(typeof(CreatedTokenView))]
[JsonSerializable(typeof(PersistedState))]
[JsonSerializable(typeof(EmulatorToken))]
[JsonSerializable(typeof(IReadOnlyList<EmulatorToken>))]
[JsonSerializable(typeof(EmulatorStats))]
[JsonSerializable(typeof(EmulatorClock))]
[JsonSerializable(typeof(Fault))]
[JsonSerializable(typeof(FaultRequest))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;
