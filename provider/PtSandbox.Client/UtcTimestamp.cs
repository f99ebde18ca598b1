using System.Globalization;

namespace PtSandbox.Client;

/// <summary>
/// Times as outputs and messages show them: RFC 3339 in UTC with milliseconds (<c>2026-11-29T19:21:50.742Z</c>).
/// Written and read without a custom format string, since every Read formats and compares them; any other form a
/// state may hold is read by the general parser.
/// </summary>
public static class UtcTimestamp
{
    private const int Length = 24; // yyyy-MM-ddTHH:mm:ss.fffZ

    public static string Format(DateTimeOffset time) =>
        string.Create(Length, time.UtcDateTime, static (text, t) =>
        {
            // The sortable standard format ("s") is yyyy-MM-ddTHH:mm:ss, written without parsing a format string.
            t.TryFormat(text, out _, "s", CultureInfo.InvariantCulture);
            text[19] = '.';
            Digits(text.Slice(20, 3), t.Millisecond);
            text[23] = 'Z';
        });

    /// <summary>The time <paramref name="text"/> gives (UTC when it names no offset), or null when it is no time.</summary>
    public static DateTimeOffset? Parse(string? text) =>
        text is null ? null
        : ParseFormatted(text) ?? (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null);

    /// <summary>Whether <paramref name="text"/> is <paramref name="time"/> exactly as <see cref="Format"/> writes it.</summary>
    public static bool IsFormatted(string? text, DateTimeOffset time) => text is not null && ParseFormatted(text) == time;

    private static DateTimeOffset? ParseFormatted(string text)
    {
        if (text.Length == Length && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' && text[16] == ':' && text[19] == '.' && text[23] == 'Z'
            && Number(text, 0, 4) is { } year and >= 1 && Number(text, 5, 2) is { } month and >= 1 and <= 12
            && Number(text, 8, 2) is { } day and >= 1 && day <= DateTime.DaysInMonth(year, month)
            && Number(text, 11, 2) is { } hour and <= 23 && Number(text, 14, 2) is { } minute and <= 59
            && Number(text, 17, 2) is { } second and <= 59 && Number(text, 20, 3) is { } millisecond)
            return new DateTimeOffset(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero);
        return null;
    }

    private static void Digits(Span<char> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--, value /= 10) into[i] = (char)('0' + value % 10);
    }

    private static int? Number(string text, int start, int length)
    {
        var value = 0;
        for (var i = start; i < start + length; i++)
        {
            if (!char.IsAsciiDigit(text[i])) return null;
            value = value * 10 + (text[i] - '0');
        }
        return value;
    }
}
