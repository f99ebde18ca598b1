using System.Text.RegularExpressions;
using ProviderHost.Resources;
using ProviderHost.Values;

namespace PtSandbox.Provider.ApiTokens;

/// <summary>Check for ApiToken: every rule of the sandbox, reported on the property path, with no API call.</summary>
internal static partial class ApiTokenValidation
{
    /// <summary>The permissions this provider knows; the sandbox may add more (accepted with a warning).</summary>
    public static readonly IReadOnlySet<string> KnownPermissions = new HashSet<string>(StringComparer.Ordinal)
    {
        "SCAN_WITH_EXTENDED_SETTINGS", "SCAN_WITH_PREDEFINED_SETTINGS", "TASKS_VIEW_ALL",
    };

    public const int MaxCommentLength = 1000;

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9-]{3,28}[a-zA-Z]\z")]
    private static partial Regex NamePattern();

    /// <summary>A well-formed permission name: what a newer sandbox may send.</summary>
    [GeneratedRegex(@"^[A-Z][A-Z0-9_]{0,63}\z")]
    private static partial Regex PermissionShape();

    /// <returns>Failures, and warnings for permissions this provider does not know.</returns>
    public static (IReadOnlyList<CheckFailure> Failures, IReadOnlyList<string> Warnings) Validate(PropertyMap news)
    {
        var failures = new List<CheckFailure>();
        var warnings = new List<string>();
        foreach (var key in news.Keys.Where(k => !Props.Inputs.Contains(k)))
            failures.Add(new(PropertyPath.Format(key), $"unknown property; ApiToken takes {string.Join(", ", Props.Inputs)}"));

        ValidateName(news.Find(Props.Name), failures);
        ValidatePermissions(news.Find(Props.Permissions), failures, warnings);
        ValidateComment(news.Find(Props.Comment), failures);
        ValidateTriggers(news.Find(Props.RotationTriggers), failures);
        return (failures, warnings);
    }

    private static void ValidateName(PropertyValue? raw, List<CheckFailure> failures)
    {
        var value = raw?.Unsecret();
        if (value is null) { failures.Add(new(Props.Name, "required: the token's name")); return; }
        if (value.IsComputed) return;
        if (value.Kind != PropertyValueKind.String) { failures.Add(new(Props.Name, MustBe("a string", value))); return; }
        if (!NamePattern().IsMatch(value.StringValue))
            failures.Add(new(Props.Name,
                $"must be 5 to 30 characters: letters, digits and '-', starting and ending with a letter (pattern ^[a-zA-Z][a-zA-Z0-9-]{{3,28}}[a-zA-Z]$); got {Describe(value.StringValue, raw!.IsSecret)}"));
    }

    private static void ValidatePermissions(PropertyValue? raw, List<CheckFailure> failures, List<string> warnings)
    {
        var value = raw?.Unsecret();
        if (value is null) { failures.Add(new(Props.Permissions, "required: at least one permission")); return; }
        if (value.IsComputed) return;
        if (value.Kind != PropertyValueKind.Array) { failures.Add(new(Props.Permissions, MustBe("a list of permissions", value))); return; }
        if (value.ArrayValue.Length == 0) { failures.Add(new(Props.Permissions, $"must name at least one permission: {Known()}")); return; }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < value.ArrayValue.Length; i++)
        {
            var secret = raw!.IsSecret || value.ArrayValue[i].IsSecret;
            var item = value.ArrayValue[i].Unsecret();
            var path = PropertyPath.Format(Props.Permissions, i);
            if (item.IsComputed) continue;
            if (item.Kind != PropertyValueKind.String) { failures.Add(new(path, MustBe("a permission name", item))); continue; }
            var permission = item.StringValue;
            var shown = Describe(permission, secret);
            if (!seen.Add(permission)) failures.Add(new(path, $"duplicate permission {shown}"));
            else if (KnownPermissions.Contains(permission)) continue;
            else if (PermissionShape().IsMatch(permission))
                warnings.Add($"permission {shown} is not one this provider knows ({Known()}); it is sent as is, for a sandbox that supports it");
            else
                failures.Add(new(path, $"{shown} is not a permission: expected one of {Known()}"));
        }
    }

    private static void ValidateComment(PropertyValue? raw, List<CheckFailure> failures)
    {
        var value = raw?.Unsecret();
        if (value is null || value.IsComputed) return;
        if (value.Kind != PropertyValueKind.String) failures.Add(new(Props.Comment, MustBe("a string", value)));
        else if (value.StringLength > MaxCommentLength)
            failures.Add(new(Props.Comment, $"must be at most {MaxCommentLength} characters, got {value.StringLength}"));
    }

    private static void ValidateTriggers(PropertyValue? raw, List<CheckFailure> failures)
    {
        var value = raw?.Unsecret();
        if (value is null || value.IsComputed) return;
        if (value.Kind != PropertyValueKind.Object) { failures.Add(new(Props.RotationTriggers, MustBe("a map of strings", value))); return; }
        foreach (var (key, item) in value.ObjectValue)
        {
            var element = item.Unsecret();
            if (!element.IsComputed && element.Kind != PropertyValueKind.String)
                failures.Add(new(PropertyPath.Format(Props.RotationTriggers, key), MustBe("a string", element)));
        }
    }

    private static string Known() => string.Join(", ", KnownPermissions.Order(StringComparer.Ordinal));

    private static string MustBe(string expected, PropertyValue actual) =>
        $"must be {expected}, not {(actual.Kind == PropertyValueKind.Special ? "an asset, archive or resource reference" : actual.Kind.ToString().ToLowerInvariant())}";

    /// <summary>
    /// Quotes user text for an error: shortened, control characters escaped, never more than 60 characters.
    /// A value the user marked secret is never quoted: failures and warnings are shown in plain text.
    /// </summary>
    private static string Describe(string text, bool secret)
    {
        if (secret) return "[secret]";
        var shown = text.Length > 40 ? text[..40] + $"… ({text.Length} characters)" : text;
        return "\"" + string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) + "\"";
    }
}
