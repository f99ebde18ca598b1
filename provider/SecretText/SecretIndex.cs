using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;

namespace SecretText;

/// <summary>
/// What <see cref="SecretRedactor"/> searches for, grown one secret at a time: a rolling hash of every
/// <see cref="SecretRedactor.PieceLength"/>-character run of each secret (and of each whole secret shorter than that),
/// checked at every position of a text; a hash hit is confirmed against the secrets themselves. The index grows under
/// the redactor's lock while searches go on without it: a search keeps the snapshot of secrets it started with, and
/// the hash sets, which the snapshots share and which only grow, are concurrent ones (a plain set being resized
/// answers "absent" for what it holds, and a secret would show).
/// </summary>
internal sealed class SecretIndex
{
    private const ulong Base = 1_000_003;

    private Snapshot _current = new([], [], new Dictionary<int, ConcurrentDictionary<ulong, byte>>(), []);

    public string[] Forms => Volatile.Read(ref _current).Forms;

    /// <summary>Adds one secret (call under a lock; searches in flight keep the snapshot they started with).</summary>
    public void Add(string secret)
    {
        var now = _current;
        if (secret.Length < SecretRedactor.ShortLength)
        {
            Volatile.Write(ref _current, now with { Short = [.. now.Short, secret] });
            return;
        }
        var hashes = now.Hashes;
        var length = Math.Min(secret.Length, SecretRedactor.PieceLength);
        if (!hashes.TryGetValue(length, out var set)) hashes = new(hashes) { [length] = set = new() };
        // A search of an earlier snapshot may see these hashes too; the secrets of its snapshot reject each such hit.
        for (var i = 0; i + length <= secret.Length; i++) set.TryAdd(Hash(secret.AsSpan(i, length)), 0);
        Volatile.Write(ref _current, new Snapshot([.. now.Long, secret], now.Short, hashes, [.. now.Forms, .. EncodedForms(secret)]));
    }

    /// <summary>Every occurrence, overlapping ones included (one secret may end where another begins).</summary>
    public void Find(string text, Action<int, int> found)
    {
        var snapshot = Volatile.Read(ref _current);
        foreach (var (length, hashes) in snapshot.Hashes)
        {
            if (text.Length < length) continue;
            var power = Power(length);
            var hash = Hash(text.AsSpan(0, length));
            for (var at = 0; ; at++)
            {
                if (hashes.ContainsKey(hash) && snapshot.LongestAt(text, at) is > 0 and var run) found(at, at + run);
                if (at + length >= text.Length) break;
                hash = (hash - text[at] * power) * Base + text[at + length];
            }
        }
        foreach (var secret in snapshot.Short)
        {
            for (var at = text.IndexOf(secret, StringComparison.Ordinal); at >= 0; at = text.IndexOf(secret, at + 1, StringComparison.Ordinal))
            {
                if (StandsAlone(text, at, secret.Length)) found(at, at + secret.Length);
            }
        }
    }

    private static bool StandsAlone(string text, int at, int length) =>
        (at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (at + length == text.Length || !char.IsLetterOrDigit(text[at + length]));

    private static ulong Hash(ReadOnlySpan<char> text)
    {
        ulong hash = 0;
        foreach (var c in text) hash = hash * Base + c;
        return hash;
    }

    /// <summary>Base^(length-1): the weight of the character leaving a rolling window.</summary>
    private static ulong Power(int length)
    {
        ulong power = 1;
        for (var i = 1; i < length; i++) power *= Base;
        return power;
    }

    private sealed record Snapshot(string[] Long, string[] Short, Dictionary<int, ConcurrentDictionary<ulong, byte>> Hashes, string[] Forms)
    {
        /// <summary>The longest run at <paramref name="at"/> that is a whole secret or <see cref="SecretRedactor.PieceLength"/>+ characters of one; 0 when a hash hit was a collision.</summary>
        public int LongestAt(string text, int at)
        {
            var rest = text.AsSpan(at);
            var longest = 0;
            foreach (var secret in Long)
            {
                for (var from = secret.IndexOf(rest[0]); from >= 0; from = secret.IndexOf(rest[0], from + 1))
                {
                    var common = rest.CommonPrefixLength(secret.AsSpan(from));
                    var counts = common >= SecretRedactor.PieceLength || (from == 0 && common == secret.Length);
                    if (counts && common > longest) longest = common;
                }
            }
            return longest;
        }
    }

    /// <summary>The forms a cut may split: raw, JSON-escaped (either hex case, or only what JSON requires), URL- and form-encoded, HTML-escaped.</summary>
    private static IEnumerable<string> EncodedForms(string secret)
    {
        yield return secret;
        var json = JavaScriptEncoder.Default.Encode(secret);
        yield return json;
        yield return LowerHexEscapes(json, "\\u", 4);
        yield return JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(secret);
        var url = Uri.EscapeDataString(secret);
        yield return url;
        yield return LowerHexEscapes(url, "%", 2);
        yield return url.Replace("%20", "+", StringComparison.Ordinal);
        yield return HtmlEncoder.Default.Encode(secret);
    }

    private static string LowerHexEscapes(string text, string marker, int digits)
    {
        var builder = new StringBuilder(text);
        for (var i = text.IndexOf(marker, StringComparison.Ordinal); i >= 0 && i + marker.Length + digits <= text.Length;
             i = text.IndexOf(marker, i + 1, StringComparison.Ordinal))
        {
            for (var d = 0; d < digits; d++)
                builder[i + marker.Length + d] = char.ToLowerInvariant(text[i + marker.Length + d]);
        }
        return builder.ToString();
    }
}
