using System.Text.Json.Nodes;

namespace PtSandbox.Provider.Configuration;

/// <summary>
/// One provider configuration key: its name under <c>ptsandbox:</c>, its environment fallback, what it is (for error
/// messages and, with <see cref="Documentation"/>, for the schema), and its schema type, default and secretness.
/// <see cref="IdentifiesSandbox"/>: which sandbox and account the tokens belong to. CheckConfig records such a key
/// even when it comes from its environment variable, so that pointing the variable elsewhere is a provider diff
/// (and a refresh or destroy from state still talks to the sandbox the tokens live on).
/// </summary>
internal sealed record ConfigKey(
    string Name,
    string EnvironmentVariable,
    string Description,
    string Documentation,
    bool Required = false,
    bool Secret = false,
    bool IsBoolean = false,
    string? Default = null,
    bool IdentifiesSandbox = false)
{
    public string QualifiedName => "ptsandbox:" + Name;

    /// <summary>The schema description: the documentation, the environment variable and the default.</summary>
    public string SchemaDescription =>
        $"{Documentation} Environment: `{EnvironmentVariable}`." + (Default is null ? "" : $" Defaults to `{Default}`.");

    public JsonNode? SchemaDefault => Default is null ? null : IsBoolean ? JsonValue.Create(bool.Parse(Default)) : JsonValue.Create(Default);
}

internal static class ConfigKeys
{
    public static readonly ConfigKey Host = new("host", "PTSANDBOX_HOST",
        "the PT Sandbox instance: name, name:port, or an https:// or http:// URL",
        "The PT Sandbox instance: `name`, `name:port` or a full `https://` / `http://` base URL. A bare name means HTTPS.",
        Required: true, IdentifiesSandbox: true);
    public static readonly ConfigKey Username = new("username", "PTSANDBOX_USERNAME",
        "the UI user that manages the tokens",
        "UI user that manages the tokens; it becomes each token's `creatorLogin`.",
        Required: true, IdentifiesSandbox: true);
    public static readonly ConfigKey Password = new("password", "PTSANDBOX_PASSWORD",
        "the UI user's password (set it with --secret)",
        "Password of the UI user that manages the tokens.",
        Required: true, Secret: true);
    public static readonly ConfigKey AuthType = new("authType", "PTSANDBOX_AUTH_TYPE",
        "how the user logs in: local or ldap",
        "How the user logs in: `local` (a PT Sandbox account) or `ldap`.",
        Default: "local");
    public static readonly ConfigKey CaCertificate = new("caCertificate", "PTSANDBOX_CA_CERT",
        "PEM text or path of the CA that signs the sandbox certificate",
        "PEM text, or the path of a PEM file, holding the CA certificate(s) that sign the sandbox's TLS certificate.");
    public static readonly ConfigKey InsecureSkipVerify = new("insecureSkipVerify", "PTSANDBOX_INSECURE",
        "skip TLS certificate verification (true/false)",
        "Skip TLS certificate verification. Only for a sandbox whose self-signed certificate you cannot pin with `caCertificate`.",
        IsBoolean: true, Default: "false");

    public static readonly ConfigKey RequestTimeout = new("requestTimeout", "PTSANDBOX_REQUEST_TIMEOUT",
        "how long one HTTP attempt may take, e.g. 30s or 2m",
        "How long one HTTP attempt may take, from connecting to the last byte of the answer: a number of seconds or a duration such as `30s`, `2m`, `1m30s` (1 s to 1 h).",
        Default: "30s");
    public static readonly ConfigKey OperationTimeout = new("operationTimeout", "PTSANDBOX_OPERATION_TIMEOUT",
        "how long one operation with its login and retries may take, e.g. 5m",
        "How long one operation (a create, read, delete or `getApiTokens`, with its login and retries) may take when the resource sets no `customTimeouts`: a number of seconds or a duration such as `90s`, `5m` (1 s to 24 h).",
        Default: "5m");

    public static readonly IReadOnlyList<ConfigKey> All =
        [Host, Username, Password, AuthType, CaCertificate, InsecureSkipVerify, RequestTimeout, OperationTimeout];
}
