using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;

namespace SecretText;

/// <summary>
/// The secrets one process knows (passwords, bearers, cookies, created token secrets, values the program marked
/// secret) and the masking of every text that may leave it. A secret is masked as <see cref="Mask"/> wherever it
/// appears raw, JSON-escaped, URL- or form-encoded or HTML-escaped, in any mix and nesting; so is any run of
/// <see cref="PieceLength"/> or more of its characters, so that a copy the server cut short, or in which it mangled
/// one character (a Latin-1 echo read as UTF-8), is hidden as well. A secret shorter than <see cref="ShortLength"/>
/// characters is masked only where it stands alone (not inside a longer word or number), so that it cannot mangle
/// ordinary text. Thread-safe; adding is cheap, and the search structures are rebuilt only when a text is masked
/// after an add.
/// </summary>
public sealed class SecretRedactor
{
    public const string Mask = "***";

    /// <summary>Below this length a secret is masked only as a whole word.</summary>
    public const int ShortLength = 4;

    /// <summary>A run of this many characters of a secret is masked wherever it appears.</summary>
    public const int PieceLength = 12;

    /// <summary>Escapes are decoded this many times over (a JSON copy inside a URL-encoded field, and so on).</summary>
    private const int MaxDecodingLayers = 3;

    private readonly ConcurrentDictionary<string, byte> _secrets = new(StringComparer.Ordinal);
    private int _version;
    private Needles? _needles;

    public int Count => _secrets.Count;

    public void Add(string? secret)
    {
        if (!string.IsNullOrWhiteSpace(secret) && _secrets.TryAdd(secret, 0))
            Interlocked.Increment(ref _version);
    }

    /// <summary>Every known secret masked; nothing else changes.</summary>
    public string Redact(string text)
    {
        if (text.Length == 0 || _secrets.IsEmpty) return text;
        var needles = CurrentNeedles();
        var spans = new List<(int Start, int End)>();
        needles.Find(text, (from, to) => spans.Add((from, to)));
        foreach (var plusIsSpace in (ReadOnlySpan<bool>)[false, true])
        {
            var view = DecodedView.Identity(text);
            for (var layer = 0; layer < MaxDecodingLayers && DecodedView.HasEscapes(view.Text, plusIsSpace); layer++)
            {
                view = view.Decode(plusIsSpace);
                var current = view;
                needles.Find(current.Text, (from, to) => spans.Add(current.Original(from, to)));
            }
        }
        return spans.Count == 0 ? text : MaskSpans(text, spans);
    }

    /// <summary>
    /// Text fit to show a user or a log: secrets masked, control characters and terminal escape sequences removed,
    /// whitespace collapsed to one line, at most <paramref name="maxLength"/> characters. A cut, or a
    /// <paramref name="sourceWasCut"/> text, never ends with the beginning of a secret.
    /// </summary>
    public string OneLine(string text, int maxLength, bool sourceWasCut = false)
    {
        var masked = Redact(text);
        var plain = ControlCharacters.Strip(masked);
        // Removing control characters can join the pieces of a secret a server split with them.
        if (!ReferenceEquals(plain, masked)) plain = Redact(plain);
        var line = CollapseWhitespace(plain);
        if (line.Length <= maxLength && !sourceWasCut) return line;
        var cut = line.Length > maxLength ? line[..Math.Max(0, maxLength - 1)] : line;
        if (cut.Length > 0 && char.IsHighSurrogate(cut[^1])) cut = cut[..^1];
        return TrimSecretPrefix(cut).TrimEnd() + "…";
    }

    private static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace) builder.Append(' ');
            pendingSpace = false;
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>Drops a tail that is the start of a secret in any of its encoded forms.</summary>
    private string TrimSecretPrefix(string text)
    {
        if (_secrets.IsEmpty) return text;
        var longest = 0;
        foreach (var form in CurrentNeedles().Forms)
        {
            for (var k = Math.Min(form.Length - 1, text.Length); k > longest; k--)
            {
                if (text.AsSpan().EndsWith(form.AsSpan(0, k), StringComparison.Ordinal))
                {
                    longest = k;
                    break;
                }
            }
        }
        return text[..^longest];
    }

    private static string MaskSpans(string text, List<(int Start, int End)> spans)
    {
        spans.Sort();
        var builder = new StringBuilder(text.Length);
        var position = 0;
        foreach (var (start, end) in spans)
        {
            if (end <= position) continue;
            if (start >= position)
            {
                builder.Append(text, position, start - position).Append(Mask);
            }
            position = end;
        }
        return builder.Append(text, position, text.Length - position).ToString();
    }

    private Needles CurrentNeedles()
    {
        var version = Volatile.Read(ref _version);
        var current = Volatile.Read(ref _needles);
        if (current?.Version == version) return current;
        var built = new Needles(version, _secrets.Keys.ToArray());
        Volatile.Write(ref _needles, built);
        return built;
    }

    /// <summary>What the search looks for (secrets and runs of them) and the encoded forms a cut may split.</summary>
    private sealed class Needles
    {
        private readonly string[] _long;
        private readonly string[] _short;

        public Needles(int version, string[] secrets)
        {
            Version = version;
            _long = secrets.Where(s => s.Length >= ShortLength).ToArray();
            _short = secrets.Where(s => s.Length < ShortLength).ToArray();
            var pieces = _long.SelectMany(s => s.Length <= PieceLength ? [s] : Enumerable.Range(0, s.Length - PieceLength + 1).Select(i => s.Substring(i, PieceLength)));
            Search = SearchValues.Create(pieces.Distinct(StringComparer.Ordinal).ToArray(), StringComparison.Ordinal);
            Forms = _long.SelectMany(EncodedForms).Distinct(StringComparer.Ordinal).ToArray();
        }

        public int Version { get; }
        public string[] Forms { get; }
        private SearchValues<string> Search { get; }

        /// <summary>Every occurrence, overlapping ones included (one secret may end where another begins).</summary>
        public void Find(string text, Action<int, int> found)
        {
            var offset = 0;
            while (offset < text.Length)
            {
                var index = text.AsSpan(offset).IndexOfAny(Search);
                if (index < 0) break;
                var at = offset + index;
                found(at, at + LongestAt(text, at));
                offset = at + 1;
            }
            foreach (var secret in _short)
            {
                for (var at = text.IndexOf(secret, StringComparison.Ordinal); at >= 0; at = text.IndexOf(secret, at + 1, StringComparison.Ordinal))
                {
                    if (StandsAlone(text, at, secret.Length)) found(at, at + secret.Length);
                }
            }
        }

        private static bool StandsAlone(string text, int at, int length) =>
            (at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (at + length == text.Length || !char.IsLetterOrDigit(text[at + length]));

        /// <summary>The longest run at <paramref name="at"/> that is a whole short secret or <see cref="PieceLength"/>+ characters of one.</summary>
        private int LongestAt(string text, int at)
        {
            var rest = text.AsSpan(at);
            var longest = 0;
            foreach (var secret in _long)
            {
                if (secret.Length <= PieceLength)
                {
                    if (rest.StartsWith(secret, StringComparison.Ordinal)) longest = Math.Max(longest, secret.Length);
                    continue;
                }
                for (var from = secret.IndexOf(rest[0]); from >= 0 && from + PieceLength <= secret.Length; from = secret.IndexOf(rest[0], from + 1))
                {
                    var common = rest.CommonPrefixLength(secret.AsSpan(from));
                    if (common >= PieceLength && common > longest) longest = common;
                }
            }
            return longest;
        }

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
}
