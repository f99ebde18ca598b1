using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>Names the provider generates: the resource's name cut to the sandbox's rule, a dash and random letters.</summary>
internal static class ApiTokenNames
{
    private const int MaxLength = 30;
    private const int SuffixLength = 7;

    /// <summary>
    /// <c>&lt;resource name&gt;-&lt;7 letters&gt;</c>: characters the sandbox refuses become '-', the name starts with
    /// a letter (else "token"), and is cut so the whole fits 30 characters. The suffix ends in a letter, as names must.
    /// </summary>
    public static string Generate(string resourceName, Random random)
    {
        var prefix = new StringBuilder();
        foreach (var c in resourceName)
        {
            var kept = char.IsAsciiLetterOrDigit(c) ? c : '-';
            if (prefix.Length == 0 && !char.IsAsciiLetter(kept)) continue;
            if (kept == '-' && prefix.Length > 0 && prefix[^1] == '-') continue;
            prefix.Append(kept);
        }
        var text = prefix.ToString();
        if (text.Length > MaxLength - SuffixLength - 1) text = text[..(MaxLength - SuffixLength - 1)];
        text = text.TrimEnd('-');
        if (text.Length == 0) text = "token";
        var suffix = new char[SuffixLength];
        for (var i = 0; i < suffix.Length; i++) suffix[i] = (char)('a' + random.Next(26));
        return $"{text}-{new string(suffix)}";
    }

    /// <summary>A random sequence that is the same for the same <paramref name="seed"/> on every machine and run.</summary>
    public static Random SeededBy(string seed) =>
        new(BinaryPrimitives.ReadInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(seed))));
}
