using System.Text.RegularExpressions;

namespace PtSandbox.Harness.Fakes;

/// <summary>
/// A method and a path pattern: an exact path, "{name}" standing for one non-empty path segment, a trailing "*" for a
/// prefix. The query string never counts; a null method matches any (case-insensitive).
/// </summary>
internal sealed partial class PathPattern
{
    private readonly string? _method;
    private readonly Regex _path;

    public PathPattern(string? method, string pathPattern)
    {
        ArgumentNullException.ThrowIfNull(pathPattern);
        _method = method;
        var prefix = pathPattern.EndsWith('*');
        var literal = prefix ? pathPattern[..^1] : pathPattern;
        var expression = Placeholder().Replace(Regex.Escape(literal), "[^/]+");
        _path = new Regex("^" + expression + (prefix ? "" : "$"), RegexOptions.CultureInvariant);
    }

    public bool Matches(FakeRequest request) =>
        (_method is null || string.Equals(_method, request.Method, StringComparison.OrdinalIgnoreCase)) && _path.IsMatch(request.Path);

    // "{id}" after Regex.Escape, which escapes the opening brace only.
    [GeneratedRegex(@"\\\{[^/}]+}")]
    private static partial Regex Placeholder();
}
