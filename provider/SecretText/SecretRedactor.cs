using System.Collections.Concurrent;
using System.Text;

namespace SecretText;

/// <summary>
/// The secrets one process knows (passwords, bearers, cookies, created token secrets, values the program marked
/// secret) and the masking of every text that may leave it. A secret is masked as <see cref="Mask"/> wherever it
/// appears raw, JSON-escaped, URL- or form-encoded or HTML-escaped, in any mix and nesting; so is any run of
/// <see cref="PieceLength"/> or more of its characters, so that a copy the server cut short, or in which it mangled
/// one character (a Latin-1 echo read as UTF-8), is hidden as well. A secret shorter than <see cref="ShortLength"/>
/// characters is masked only where it stands alone (not inside a longer word or number), so that it cannot mangle
/// ordinary text. Thread-safe; adding is cheap, and the search index grows lazily, when a text is first masked after
/// an add, by the secrets added since (see <see cref="SecretIndex"/>).
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
    // Secrets added since the index last grew; the index is built lazily, when a text is first masked after an add,
    // and only grows, so interleaving many adds with many masked texts costs no rebuilds.
    private readonly ConcurrentQueue<string> _pending = new();
    private readonly SecretIndex _index = new();
    private readonly Lock _adding = new();
    // Counted when queued, and when in the index: while they differ, masking waits for the index to take them all.
    // An empty queue does not mean that: another thread may have taken a secret from it and still be indexing it.
    private long _queued;
    private long _indexed;

    public int Count => _secrets.Count;

    /// <summary>Any text masked after this returns, on any thread, hides <paramref name="secret"/>.</summary>
    public void Add(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret) || _secrets.ContainsKey(secret)) return;
        lock (_adding)
        {
            if (_secrets.ContainsKey(secret)) return;
            _pending.Enqueue(secret);
            Interlocked.Increment(ref _queued);
            // Known only once queued and counted: a second Add of the same secret returns only after the first's work.
            _secrets[secret] = 0;
        }
    }

    /// <summary>Every known secret masked; nothing else changes.</summary>
    public string Redact(string text)
    {
        if (text.Length == 0 || _secrets.IsEmpty) return text;
        var needles = CurrentIndex();
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
        foreach (var form in CurrentIndex().Forms)
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

    private SecretIndex CurrentIndex()
    {
        if (Volatile.Read(ref _indexed) < Volatile.Read(ref _queued))
        {
            lock (_index)
            {
                while (_pending.TryDequeue(out var secret))
                {
                    _index.Add(secret);
                    Interlocked.Increment(ref _indexed);
                }
            }
        }
        return _index;
    }
}
