using System.Globalization;
using System.Text;

namespace SecretText;

/// <summary>
/// Removes what a terminal or a log viewer would interpret rather than show: ANSI escape sequences (CSI, OSC and
/// two-character ones), other C0/C1 controls (BEL, backspace…) and invisible format characters such as bidi
/// overrides. Line breaks and tabs become spaces. A text with none of them is returned as is.
/// </summary>
public static class ControlCharacters
{
    private const char Escape = '\u001b';

    public static string Strip(string text)
    {
        var i = 0;
        while (i < text.Length && !NeedsWork(text[i])) i++;
        if (i == text.Length) return text;

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, i);
        while (i < text.Length)
        {
            var c = text[i];
            if (c == Escape)
            {
                i = SkipEscapeSequence(text, i);
                continue;
            }
            if (c is '\t' or '\n' or '\r' or '\v' or '\f') builder.Append(' ');
            else if (!NeedsWork(c)) builder.Append(c);
            i++;
        }
        return builder.ToString();
    }

    private static bool NeedsWork(char c) =>
        char.IsControl(c) || (c > 0x7f && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format);

    /// <summary>Index just past the escape sequence that starts at <paramref name="start"/>.</summary>
    private static int SkipEscapeSequence(string text, int start)
    {
        var i = start + 1;
        if (i >= text.Length) return i;
        switch (text[i])
        {
            case '[':
                // CSI: parameter and intermediate bytes, then one final byte in @..~.
                i++;
                while (i < text.Length && text[i] is >= '\u0020' and <= '\u003f') i++;
                return i < text.Length && text[i] is >= '@' and <= '~' ? i + 1 : i;
            case ']':
                // OSC: up to BEL or ESC \ (string terminator).
                for (i++; i < text.Length; i++)
                {
                    if (text[i] == '\u0007') return i + 1;
                    if (text[i] == Escape) return i + 1 < text.Length && text[i + 1] == '\\' ? i + 2 : i;
                }
                return i;
            default:
                return text[i] is >= '\u0020' and <= '\u007e' ? i + 1 : i;
        }
    }
}
