using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace PtSandbox.Emulator.State;

internal static class Secrets
{
    /// <summary>A random URL-safe string from <paramref name="bytes"/> random bytes (4/3 as many characters).</summary>
    public static string Random(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>The <c>key</c> of a token: lowercase hex SHA-256 of the secret's UTF-8 bytes.</summary>
    public static string KeyOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool EqualsConstantTime(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
