namespace ProviderHost.Values;

/// <summary>The magic strings of Pulumi's property encoding (pulumi/pulumi sdk/go/common/resource/plugin/rpc.go).</summary>
public static class Sentinels
{
    /// <summary>Key that marks an object as one of the engine's special values.</summary>
    public const string SignatureKey = "4dabf18193072939515e22adb298388d";

    public const string SecretSignature = "1b47061264138c4ac30d75fd1eb44270";
    public const string OutputValueSignature = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

    /// <summary>The unknown sentinel the engine normally sends, and the one we send back.</summary>
    public const string UnknownString = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    private static readonly HashSet<string> UnknownSentinels = new(StringComparer.Ordinal)
    {
        UnknownString,
        "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // bool
        "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
        "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
        "030794c1-ac77-496b-92df-f27374a8bd58", // asset
        "e48ece36-62e2-4504-bad9-02848725956a", // archive
        "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
    };

    public static bool IsUnknown(string value) => value.Length == 36 && UnknownSentinels.Contains(value);
}
