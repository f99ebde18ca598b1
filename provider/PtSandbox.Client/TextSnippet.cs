using System.Text;

namespace PtSandbox.Client;

/// <summary>Turns arbitrary text (server bodies, exception messages) into one short line.</summary>
internal static class TextSnippet
{
    public static string OneLine(string text, int maxLength)
    {
        var builder = new StringBuilder(Math.Min(text.Length, maxLength + 1));
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(c);
            if (builder.Length > maxLength)
                break;
        }
        return builder.Length > maxLength ? string.Concat(builder.ToString(0, maxLength - 1), "…") : builder.ToString();
    }

    public static string FromBody(ReadOnlySpan<byte> body, int maxLength = 200)
    {
        // Decode a little more than needed: enough for the snippet, never the whole of a huge body.
        var slice = body.Length > maxLength * 4 ? body[..(maxLength * 4)] : body;
        return OneLine(Encoding.UTF8.GetString(slice), maxLength);
    }
}
