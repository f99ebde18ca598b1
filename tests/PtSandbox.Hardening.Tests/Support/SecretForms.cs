using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PtSandbox.Hardening.Tests.Support;

/// <summary>
/// A secret as a server may echo it (raw, JSON-escaped by .NET or Python, URL- and form-encoded in either hex case,
/// HTML-escaped), and a search for any of those forms, or a start of one, in a text.
/// </summary>
public static class SecretForms
{
    /// <summary>Characters of a form's start that count as showing the secret (shorter runs occur by chance).</summary>
    public const int PieceLength = 6;

    public static IReadOnlyList<string> Of(string secret)
    {
        var url = Uri.EscapeDataString(secret);
        var forms = new[]
        {
            secret,
            JsonSerializer.Serialize(secret).Trim('"'),
            JsonSerializer.Serialize(secret, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).Trim('"'),
            AsciiJson(secret, "x4"),
            AsciiJson(secret, "X4"),
            url,
            Regex.Replace(url, "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant()),
            WebUtility.UrlEncode(secret),
            WebUtility.HtmlEncode(secret),
            HtmlEncoder.Default.Encode(secret),
        };
        return forms.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Where <paramref name="text"/> shows <paramref name="secret"/> (a form, or the first characters of one); null if nowhere.</summary>
    public static string? FindIn(string text, string secret, string secretName)
    {
        foreach (var form in Of(secret))
        {
            var piece = form[..Math.Min(PieceLength, form.Length)];
            var at = text.IndexOf(piece, StringComparison.Ordinal);
            if (at >= 0) return $"{secretName} (as \"{form}\", first {piece.Length} characters) at {at}: …{Around(text, at)}…";
        }
        return null;
    }

    private static string Around(string text, int at) => text.Substring(Math.Max(0, at - 40), Math.Min(text.Length - Math.Max(0, at - 40), 100));

    /// <summary>JSON as Python's json.dumps writes it: ASCII only, hex digits in the given case.</summary>
    private static string AsciiJson(string text, string hex) =>
        string.Concat(text.Select(c => c switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            > '\u007e' => "\\u" + ((int)c).ToString(hex, CultureInfo.InvariantCulture),
            _ => c.ToString(),
        }));
}
