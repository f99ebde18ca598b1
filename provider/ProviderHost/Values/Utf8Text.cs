using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace ProviderHost.Values;

/// <summary>
/// A string value kept as the UTF-8 bytes it arrived in. A long string decoded into .NET's UTF-16 would take twice
/// its size on the wire for ASCII text; kept like this it costs its size once and goes back out without re-encoding.
/// It becomes a <see cref="string"/> only when provider code asks for one.
/// </summary>
internal sealed class Utf8Text
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private Utf8Text(byte[] bytes, int length)
    {
        Bytes = bytes;
        Length = length;
    }

    public byte[] Bytes { get; }

    /// <summary>The length in UTF-16 code units, as <see cref="string.Length"/> would report it.</summary>
    public int Length { get; }

    /// <summary>Takes ownership of <paramref name="bytes"/>.</summary>
    /// <exception cref="DecoderFallbackException">The bytes are not valid UTF-8.</exception>
    public static Utf8Text FromUtf8(byte[] bytes) => new(bytes, Strict.GetCharCount(bytes));

    public override string ToString() => Encoding.UTF8.GetString(Bytes);

    public bool Equals(Utf8Text other) => Bytes.AsSpan().SequenceEqual(other.Bytes);

    /// <summary>Compares with a .NET string without decoding this text: the string is encoded a chunk at a time.</summary>
    public bool Equals(string other)
    {
        if (other.Length != Length) return false;
        Span<byte> chunk = stackalloc byte[1024];
        var chars = other.AsSpan();
        var bytes = Bytes.AsSpan();
        while (!chars.IsEmpty)
        {
            // A lone surrogate has no UTF-8 form, so a string holding one equals no valid UTF-8 text.
            if (Utf8.FromUtf16(chars, chunk, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: true) == OperationStatus.InvalidData)
                return false;
            if (written > bytes.Length || !chunk[..written].SequenceEqual(bytes[..written])) return false;
            chars = chars[read..];
            bytes = bytes[written..];
        }
        return bytes.IsEmpty;
    }

    /// <summary>Adds the text's UTF-16 code units to <paramref name="hash"/>, as <see cref="AddTo(ref HashCode, string)"/> does for a string.</summary>
    public void AddTo(ref HashCode hash)
    {
        // HashCode.AddBytes consumes four bytes at a time, so every chunk but the last must hold an even number of chars.
        Span<char> chunk = stackalloc char[512];
        var bytes = Bytes.AsSpan();
        var carried = 0;
        while (true)
        {
            Utf8.ToUtf16(bytes, chunk[carried..], out var read, out var written, replaceInvalidSequences: true, isFinalBlock: true);
            bytes = bytes[read..];
            var total = carried + written;
            if (bytes.IsEmpty)
            {
                hash.AddBytes(MemoryMarshal.AsBytes(chunk[..total]));
                return;
            }
            var even = total & ~1;
            hash.AddBytes(MemoryMarshal.AsBytes(chunk[..even]));
            carried = total - even;
            if (carried == 1) chunk[0] = chunk[even];
        }
    }

    public static void AddTo(ref HashCode hash, string text) => hash.AddBytes(MemoryMarshal.AsBytes(text.AsSpan()));
}
