using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ProviderHost.Values;
using PtSandbox.Client;

namespace PtSandbox.Provider.Configuration;

/// <summary>
/// Validates provider configuration key by key. CheckConfig reports each problem on its key; Configure turns
/// missing keys into ConfigureErrorMissingKeys and anything malformed into one clear error.
/// </summary>
internal static partial class SettingsParser
{
    public sealed record Problem(ConfigKey Key, string Reason, bool Missing);

    /// <summary>Parses everything; returns settings when there is no problem and no value is unknown.</summary>
    public static (SandboxSettings? Settings, IReadOnlyList<Problem> Problems) Parse(ConfigValues values)
    {
        var problems = new List<Problem>();
        var baseUrl = Required(values, ConfigKeys.Host, problems, ParseHost);
        var username = Required(values, ConfigKeys.Username, problems, NonEmpty);
        var password = Required(values, ConfigKeys.Password, problems, NonEmpty);
        var authType = Optional(values, ConfigKeys.AuthType, problems, ParseAuthType, SandboxAuthType.Local);
        var caPem = Optional<string?>(values, ConfigKeys.CaCertificate, problems, ParseCaCertificate, null);
        var insecure = Optional(values, ConfigKeys.InsecureSkipVerify, problems, ParseBool, false);
        if (insecure && caPem is not null)
            problems.Add(new Problem(ConfigKeys.InsecureSkipVerify, InsecureWithCaCertificate, Missing: false));
        var requestTimeout = Optional(values, ConfigKeys.RequestTimeout, problems, v => ParseDuration(v, MaxRequestTimeout), DefaultDuration(ConfigKeys.RequestTimeout));
        var operationTimeout = Optional(values, ConfigKeys.OperationTimeout, problems, v => ParseDuration(v, MaxOperationTimeout), DefaultDuration(ConfigKeys.OperationTimeout));

        var anyUnknown = ConfigKeys.All.Any(values.IsUnknown);
        if (problems.Count > 0 || anyUnknown) return (null, problems);
        return (new SandboxSettings(baseUrl!, username!, password!, authType, caPem, insecure, requestTimeout, operationTimeout), problems);
    }

    private static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxOperationTimeout = TimeSpan.FromHours(24);

    /// <summary>
    /// A key's value in a form where equal settings compare equal (<c>name</c>, <c>https://NAME:443/</c> are one
    /// host; <c>90s</c> and <c>1m30s</c> one duration); an absent key reads as its default. Null: not set, or unknown.
    /// </summary>
    public static string? Normalized(ConfigKey key, PropertyValue? value)
    {
        var plain = value?.Unsecret();
        if (plain is null) return key.Default is null ? null : Normalized(key, PropertyValue.From(key.Default));
        if (plain.IsComputed) return null;
        try
        {
            return key.Name switch
            {
                "host" => NormalizedHost(ParseHost(plain)),
                "authType" => ParseAuthType(plain).ToString(),
                "insecureSkipVerify" => ParseBool(plain) ? "true" : "false",
                "requestTimeout" or "operationTimeout" => ParseDuration(plain, TimeSpan.MaxValue).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => plain.Kind == PropertyValueKind.String ? plain.StringValue.Trim() : plain.ToString(),
            };
        }
        catch (FormatException)
        {
            return plain.Kind == PropertyValueKind.String ? plain.StringValue : plain.ToString();
        }
    }

    /// <summary>Scheme, host and port as DNS and TLS see them: punycode, lower case, no trailing dot, no default port.</summary>
    private static string NormalizedHost(Uri uri) =>
        $"{uri.Scheme}://{uri.IdnHost.TrimEnd('.').ToLowerInvariant()}:{uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private static TimeSpan DefaultDuration(ConfigKey key) => ParseDuration(PropertyValue.From(key.Default!), TimeSpan.MaxValue);

    /// <summary>A number of seconds, or hours/minutes/seconds such as <c>1h</c>, <c>2m</c>, <c>1m30s</c>, <c>0.5s</c>.</summary>
    public static TimeSpan ParseDuration(PropertyValue value, TimeSpan max)
    {
        var text = value.Kind == PropertyValueKind.Number
            ? value.NumberText
            : NonEmpty(value).Trim();
        var match = DurationPattern().Match(text);
        if (!match.Success || text.Length == 0)
            throw new FormatException($"must be a number of seconds or a duration such as 30s, 2m or 1m30s, not '{text}'");
        double Part(string group) => match.Groups[group].Success
            ? double.Parse(match.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var seconds = Part("h") * 3600 + Part("m") * 60 + Part("s") + Part("n");
        if (seconds < 1 || seconds > max.TotalSeconds)
            throw new FormatException($"must be between 1 s and {(max.TotalHours >= 1 ? $"{max.TotalHours:0} h" : $"{max.TotalSeconds:0} s")}, not '{text}'");
        return TimeSpan.FromSeconds(seconds);
    }

    // [0-9], not \d: \d also matches other scripts' digits, which double.Parse refuses.
    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:(?<n>[0-9]{1,9}(?:\.[0-9]{1,3})?)|(?:(?<h>[0-9]{1,6})h)?(?:(?<m>[0-9]{1,6})m)?(?:(?<s>[0-9]{1,9}(?:\.[0-9]{1,3})?)s)?)\z")]
    private static partial System.Text.RegularExpressions.Regex DurationPattern();

    // Skipping verification would silently drop the CA pin, host-name check included.
    private const string InsecureWithCaCertificate =
        "must not be true when caCertificate is set: caCertificate verifies the sandbox against that CA, insecureSkipVerify skips verification; unset one of them";

    private static T? Required<T>(ConfigValues values, ConfigKey key, List<Problem> problems, Func<PropertyValue, T> parse)
    {
        var value = values.Get(key);
        if (value is null)
        {
            problems.Add(new Problem(key, $"missing: set `pulumi config set {key.QualifiedName}` or the {key.EnvironmentVariable} environment variable", Missing: true));
            return default;
        }
        return TryParse(key, value, problems, parse, default);
    }

    private static T Optional<T>(ConfigValues values, ConfigKey key, List<Problem> problems, Func<PropertyValue, T> parse, T fallback) =>
        values.Get(key) is { } value ? TryParse(key, value, problems, parse, fallback)! : fallback;

    private static T? TryParse<T>(ConfigKey key, PropertyValue value, List<Problem> problems, Func<PropertyValue, T> parse, T? fallback)
    {
        var plain = value.Unsecret();
        if (plain.IsComputed) return fallback;
        try
        {
            return parse(plain);
        }
        catch (FormatException ex)
        {
            // Reasons may quote the value: never one the user marked secret.
            problems.Add(new Problem(key, value.IsSecret ? "is not valid (the value is secret, so it is not shown here)" : ex.Message, Missing: false));
            return fallback;
        }
    }

    private static string Text(PropertyValue value) =>
        value.Kind == PropertyValueKind.String ? value.StringValue : throw new FormatException($"must be a string, not a {value.Kind.ToString().ToLowerInvariant()}");

    private static string NonEmpty(PropertyValue value) =>
        Text(value) is { Length: > 0 } text ? text : throw new FormatException("must not be empty");

    /// <summary><c>name</c>, <c>name:port</c> or <c>http(s)://name[:port][/]</c>; a bare name means HTTPS.</summary>
    public static Uri ParseHost(PropertyValue value)
    {
        var text = NonEmpty(value);
        if (text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            throw new FormatException("must not contain spaces or control characters");
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            throw new FormatException($"'{text}' is not a host name, host:port or URL");
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            throw new FormatException($"scheme must be https or http, not {uri.Scheme}");
        if (uri.UserInfo.Length > 0)
            throw new FormatException("must not carry credentials: use the username and password keys");
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || text.Contains("..", StringComparison.Ordinal))
            throw new FormatException("must be scheme://host[:port] with no path, query or fragment");
        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }

    private static SandboxAuthType ParseAuthType(PropertyValue value) => Text(value).ToLowerInvariant() switch
    {
        "local" => SandboxAuthType.Local,
        "ldap" => SandboxAuthType.Ldap,
        var other => throw new FormatException($"must be 'local' or 'ldap', not '{other}'"),
    };

    private static bool ParseBool(PropertyValue value)
    {
        if (value.Kind == PropertyValueKind.Bool) return value.BoolValue;
        return Text(value).Trim().ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" or "" => false,
            var other => throw new FormatException($"must be true or false, not '{other}'"),
        };
    }

    /// <summary>PEM text, or the path of a PEM file; either must hold at least one certificate.</summary>
    public static string ParseCaCertificate(PropertyValue value)
    {
        // A CA bundle is a few KiB, and decoding PEM costs several times its size: a larger value is refused undecoded.
        if (value.Kind == PropertyValueKind.String && value.StringLength > CaCertificateFile.MaxBytes)
            throw new FormatException($"is larger than {CaCertificateFile.MaxSize}");
        var text = NonEmpty(value);
        var pem = text.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal) ? BoundedPemText(text) : CaCertificateFile.Read(text);
        try
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPem(pem);
            if (certificates.Count == 0) throw new FormatException("holds no CERTIFICATE block");
        }
        catch (CryptographicException)
        {
            // The framework's text is not meant for users (under AOT it can be a bare resource key).
            throw new FormatException("is not a valid PEM certificate: expected one or more -----BEGIN CERTIFICATE----- blocks");
        }
        return pem;
    }

    private static string BoundedPemText(string text) =>
        Encoding.UTF8.GetByteCount(text) <= CaCertificateFile.MaxBytes ? text : throw new FormatException($"is larger than {CaCertificateFile.MaxSize}");
}
