using System.Text;

namespace SecretText;

/// <summary>
/// A text with its escapes decoded (JSON <c>\uXXXX</c> and backslash escapes, URL <c>%XX</c> runs as UTF-8, HTML
/// character references, optionally <c>+</c> as a space), remembering for every decoded character the span of the
/// original text it came from. A secret found in the view is masked over that span of the original, so a server
/// that echoes a password JSON-, URL- or HTML-escaped cannot show it in any mix of those forms.
/// </summary>
internal sealed class DecodedView
{
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

    public static DecodedView Of(string text, bool plusIsSpace)
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

    /// <summary>Consecutive <c>%XX</c> bytes decoded together as UTF-8 (one character may take several).</summary>
    private static bool TryPercentRun(string text, ref int i, out string value)
    {
        var bytes = new List<byte>();
        var j = i;
        while (j + 3 <= text.Length && text[j] == '%' && byte.TryParse(text.AsSpan(j + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var b))
        {
            bytes.Add(b);
            j += 3;
        }
        value = bytes.Count == 0 ? "" : Encoding.UTF8.GetString(bytes.ToArray());
        if (bytes.Count == 0) return false;
        i = j;
        return true;
    }

    private static readonly (string Name, char Value)[] NamedReferences =
        [("amp;", '&'), ("lt;", '<'), ("gt;", '>'), ("quot;", '"'), ("apos;", '\''), ("plus;", '+'), ("nbsp;", ' ')];

    private static bool TryCharacterReference(string text, ref int i, out string value)
    {
        value = "";
        var rest = text.AsSpan(i + 1);
        foreach (var (name, c) in NamedReferences)
        {
            if (rest.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                value = c.ToString();
                i += 1 + name.Length;
                return true;
            }
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
