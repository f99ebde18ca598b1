using System.Text.RegularExpressions;

namespace PtSandbox.Emulator.Http;

/// <summary>Validation rules of the real API for a new token.</summary>
internal static partial class TokenRules
{
    public static readonly IReadOnlySet<string> KnownPermissions = new HashSet<string>(StringComparer.Ordinal)
    {
        "SCAN_WITH_EXTENDED_SETTINGS",
        "SCAN_WITH_PREDEFINED_SETTINGS",
        "TASKS_VIEW_ALL",
    };

    // The documented pattern is ^[a-zA-Z][a-zA-Z0-9-]{3,28}[a-zA-Z]$; \z instead of $ because .NET's $ also
    // matches before a final "\n", which the real server's pattern engine would not accept.
    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9-]{3,28}[a-zA-Z]\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public static string? CheckName(string name) =>
        NamePattern().IsMatch(name)
            ? null
            : "'name' must match ^[a-zA-Z][a-zA-Z0-9-]{3,28}[a-zA-Z]$ (5 to 30 characters, letters, digits and '-', starting and ending with a letter)";

    public static string? CheckPermissions(IReadOnlyList<string> permissions)
    {
        if (permissions.Count == 0)
            return "'permissions' must not be empty";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var permission in permissions)
        {
            if (!KnownPermissions.Contains(permission))
                return $"Unknown permission '{permission}'";
            if (!seen.Add(permission))
                return $"Duplicate permission '{permission}'";
        }
        return null;
    }
}
