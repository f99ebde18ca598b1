namespace PtSandbox.Provider.Configuration;

/// <summary>One provider configuration key: its name under <c>ptsandbox:</c>, its environment fallback, and what it is.</summary>
internal sealed record ConfigKey(string Name, string EnvironmentVariable, string Description, bool Required = false)
{
    public string QualifiedName => "ptsandbox:" + Name;
}

internal static class ConfigKeys
{
    public static readonly ConfigKey Host = new("host", "PTSANDBOX_HOST",
        "the PT Sandbox instance: name, name:port or an https:// URL", Required: true);
    public static readonly ConfigKey Username = new("username", "PTSANDBOX_USERNAME",
        "the UI user that manages the tokens", Required: true);
    public static readonly ConfigKey Password = new("password", "PTSANDBOX_PASSWORD",
        "the UI user's password (set it with --secret)", Required: true);
    public static readonly ConfigKey AuthType = new("authType", "PTSANDBOX_AUTH_TYPE",
        "how the user logs in: local or ldap");
    public static readonly ConfigKey CaCertificate = new("caCertificate", "PTSANDBOX_CA_CERT",
        "PEM text or path of the CA that signs the sandbox certificate");
    public static readonly ConfigKey InsecureSkipVerify = new("insecureSkipVerify", "PTSANDBOX_INSECURE",
        "skip TLS certificate verification (true/false)");

    public static readonly IReadOnlyList<ConfigKey> All = [Host, Username, Password, AuthType, CaCertificate, InsecureSkipVerify];
}
