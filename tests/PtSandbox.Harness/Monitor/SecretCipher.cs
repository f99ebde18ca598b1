using System.Security.Cryptography;
using System.Text;

namespace PtSandbox.Harness.Monitor;

/// <summary>
/// Encrypts the secret values of a stack's state, as Pulumi's secrets managers do: AES-256-GCM under a per-stack key
/// kept in its own file (created once, owner-only), each value with a fresh 96-bit nonce. A ciphertext reads
/// <c>v1:NONCE:CIPHERTEXT+TAG</c> (base64), the shape of Pulumi's passphrase secrets manager.
/// </summary>
public sealed class SecretCipher
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    private SecretCipher(byte[] key) => _key = key;

    /// <summary>The cipher whose key is in <paramref name="keyFile"/>; a new random key is written there if it does not exist.</summary>
    public static SecretCipher ForKeyFile(string keyFile)
    {
        if (!File.Exists(keyFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyFile))!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var stream = new FileStream(keyFile, options);
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        }
        var key = Convert.FromBase64String(File.ReadAllText(keyFile).Trim());
        if (key.Length != 32) throw new InvalidOperationException($"{keyFile} does not hold a 256-bit key");
        return new SecretCipher(key);
    }

    public string Encrypt(string plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[plain.Length + TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(0, plain.Length), sealedBytes.AsSpan(plain.Length));
        return $"v1:{Convert.ToBase64String(nonce)}:{Convert.ToBase64String(sealedBytes)}";
    }

    public string Decrypt(string ciphertext)
    {
        var parts = ciphertext.Split(':');
        if (parts.Length != 3 || parts[0] != "v1") throw new FormatException("not a v1 ciphertext");
        var nonce = Convert.FromBase64String(parts[1]);
        var sealedBytes = Convert.FromBase64String(parts[2]);
        if (nonce.Length != NonceSize || sealedBytes.Length < TagSize) throw new FormatException("truncated ciphertext");
        var plain = new byte[sealedBytes.Length - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(nonce, sealedBytes.AsSpan(0, plain.Length), sealedBytes.AsSpan(plain.Length), plain);
        return Encoding.UTF8.GetString(plain);
    }
}
