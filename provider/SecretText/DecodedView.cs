using System.Text;

namespace SecretText;

/// <summary>
/// A text with its escapes decoded (JSON <c>\uXXXX</c> and backslash escapes, URL <c>%XX</c> runs as UTF-8 or else
/// Latin-1, HTML character references, optionally <c>+</c> as a space), remembering for every decoded character the
/// span of the original text it came from. A secret found in the view is masked over that span of the original, so a
/// server that echoes a password JSON-, URL- or HTML-escaped cannot show it in any mix of those forms; decoding a view
/// again reaches a copy escaped twice (JSON inside a URL-encoded field).
/// </summary>
internal sealed class DecodedView
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly List<int> _starts = [];
    private readonly List<int> _ends = [];
    private readonly StringBuilder _text = new();

    private DecodedView() { }

    public string Text { get; private set; } = "";

    /// <summary>The original span [start, end) behind decoded characters [from, to).</summary>
    public (int Start, int End) Original(int from, int to) => (_starts[from], _ends[to - 1]);

    /// <summary>True when <paramref name="text"/> holds anything the view would decode.</summary>
    public static bool HasEscapes(string text, bool plusIsSpace) =>
        text.AsSpan().IndexOfAny(plusIsSpace ? "\\%&+" : "\\%&") >= 0;

    /// <summary>The text itself, each character its own span.</summary>
    public static DecodedView Identity(string text)
    {
        var view = new DecodedView { Text = text };
        for (var i = 0; i < text.Length; i++)
        {
            view._starts.Add(i);
            view._ends.Add(i + 1);
        }
        return view;
    }

    /// <summary>This view's text decoded once more, its spans still those of the original text.</summary>
    public DecodedView Decode(bool plusIsSpace)
    {
        var next = Of(Text, plusIsSpace);
        for (var i = 0; i < next._starts.Count; i++)
        {
            next._ends[i] = _ends[next._ends[i] - 1];
            next._starts[i] = _starts[next._starts[i]];
        }
        return next;
    }

    private static DecodedView Of(string text, bool plusIsSpace)
    {
        var view = new DecodedView();
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            if (text[i] == '\\' && TryJsonEscape(text, ref i, out var escaped))
                view.Append(escaped, start, i);
            else if (text[i] == '%' && TryPercentRun(text, ref i, out var decoded))
                foreach (var c in decoded) view.Append(c, start, i);
            else if (text[i] == '&' && TryCharacterReference(text, ref i, out var referenced))
                foreach (var c in referenced) view.Append(c, start, i);
            else
            {
                view.Append(plusIsSpace && text[i] == '+' ? ' ' : text[i], start, start + 1);
                i++;
            }
        }
        view.Text = view._text.ToString();
        return view;
    }

    private void Append(char c, int start, int end)
    {
        _text.Append(c);
        _starts.Add(start);
        _ends.Add(end);
    }

    private static bool TryJsonEscape(string text, ref int i, out char value)
    {
        value = default;
        if (i + 1 >= text.Length) return false;
        var simple = text[i + 1] switch
        {
            '"' => '"', '\\' => '\\', '/' => '/', 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t',
            _ => (char?)null,
        };
        if (simple is { } c)
        {
            value = c;
            i += 2;
            return true;
        }
        if (text[i + 1] == 'u' && i + 6 <= text.Length && ushort.TryParse(text.AsSpan(i + 2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code))
        {
            value = (char)code;
            i += 6;
            return true;
        }
        return false;
    }

    /// <summary>
    /// Consecutive <c>%XX</c> bytes decoded together: as UTF-8 (one character may take several), or as Latin-1 when
    /// they are not UTF-8 (a form encoded by a Latin-1 page).
    /// </summary>
    private static bool TryPercentRun(string text, ref int i, out string value)
    {
        var bytes = new List<byte>();
        var j = i;
        while (j + 3 <= text.Length && text[j] == '%' && byte.TryParse(text.AsSpan(j + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var b))
        {
            bytes.Add(b);
            j += 3;
        }
        value = "";
        if (bytes.Count == 0) return false;
        try
        {
            value = StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            value = Encoding.Latin1.GetString(bytes.ToArray());
        }
        i = j;
        return true;
    }

    /// <summary>An HTML character reference: numeric, or any of HTML's named ones (<c>&amp;uuml;</c>).</summary>
    private static bool TryCharacterReference(string text, ref int i, out string value)
    {
        value = "";
        var rest = text.AsSpan(i + 1);
        var semicolon = rest[..Math.Min(rest.Length, 33)].IndexOf(';');
        if (semicolon > 0 && char.IsLetter(rest[0]))
        {
            var reference = text.Substring(i, semicolon + 2);
            var decoded = System.Net.WebUtility.HtmlDecode(reference);
            if (decoded == reference) return false;
            value = decoded;
            i += reference.Length;
            return true;
        }
        if (!rest.StartsWith("#")) return false;
        var hex = rest.Length > 1 && (rest[1] == 'x' || rest[1] == 'X');
        var digits = rest[(hex ? 2 : 1)..];
        var end = digits.IndexOf(';');
        if (end is <= 0 or > 8) return false;
        var style = hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None;
        if (!int.TryParse(digits[..end], style, null, out var code) || code > 0x10FFFF) return false;
        value = char.ConvertFromUtf32(code is >= 0xD800 and <= 0xDFFF ? 0xFFFD : code);
        i += 1 + (hex ? 2 : 1) + end + 1;
        return true;
    }
}
