using System.Text.Json.Nodes;
using ProviderHost.Typed;
using ProviderHost.Values;

namespace PtSandbox.Provider.Configuration;

/// <summary>
/// The provider's configuration, declared as a resource's inputs are: each key's name under <c>ptsandbox:</c>, its
/// environment variable, default, secrecy and documentation. The schema, CheckConfig, DiffConfig and Configure all
/// read it through <see cref="ConfigKeys"/>; stack configuration arrives as text, so <see cref="SettingsParser"/>
/// reads the values. Keys marked <c>RecordEnvironment</c> say which sandbox and account the tokens belong to:
/// CheckConfig records them even from the environment, so pointing the variable elsewhere is a provider diff (and a
/// refresh or destroy from state still talks to the sandbox the tokens live on). A change of <c>host</c> replaces.
/// </summary>
[Properties]
internal sealed partial record ProviderConfig
{
    [Property(Description = "The PT Sandbox instance: `name`, `name:port` or a full `https://` / `http://` base URL. A bare name means HTTPS.",
        Summary = "the PT Sandbox instance: name, name:port, or an https:// or http:// URL",
        Environment = ["PTSANDBOX_HOST"], RecordEnvironment = true, ReplaceOnChanges = true)]
    public string Host { get; init; } = "";

    [Property(Description = "UI user that manages the tokens; it becomes each token's `creatorLogin`.",
        Summary = "the UI user that manages the tokens", Environment = ["PTSANDBOX_USERNAME"], RecordEnvironment = true)]
    public string Username { get; init; } = "";

    [Property(Description = "Password of the UI user that manages the tokens.",
        Summary = "the UI user's password (set it with --secret)", Environment = ["PTSANDBOX_PASSWORD"], Secret = true)]
    public string Password { get; init; } = "";

    [Property(Description = "How the user logs in: `local` (a PT Sandbox account) or `ldap`.",
        Summary = "how the user logs in: local or ldap", Environment = ["PTSANDBOX_AUTH_TYPE"], Default = "local")]
    public string AuthType { get; init; } = "local";

    [Property(Description = "PEM text, or the path of a PEM file, holding the CA certificate(s) that sign the sandbox's TLS certificate.",
        Summary = "PEM text or path of the CA that signs the sandbox certificate", Environment = ["PTSANDBOX_CA_CERT"])]
    public string? CaCertificate { get; init; }

    [Property(Description = "Skip TLS certificate verification. Only for a sandbox whose self-signed certificate you cannot pin with `caCertificate`.",
        Summary = "skip TLS certificate verification (true/false)", Environment = ["PTSANDBOX_INSECURE"], Default = false)]
    public bool InsecureSkipVerify { get; init; }

    [Property(Description = "How long one HTTP attempt may take, from connecting to the last byte of the answer: a number of seconds or a duration such as `30s`, `2m`, `1m30s` (1 s to 1 h).",
        Summary = "how long one HTTP attempt may take, e.g. 30s or 2m", Environment = ["PTSANDBOX_REQUEST_TIMEOUT"], Default = "30s")]
    public string RequestTimeout { get; init; } = "30s";

    [Property(Description = "How long one operation (a create, read, delete or `getApiTokens`, with its login and retries) may take when the resource sets no `customTimeouts`: a number of seconds or a duration such as `90s`, `5m` (1 s to 24 h).",
        Summary = "how long one operation with its login and retries may take, e.g. 5m", Environment = ["PTSANDBOX_OPERATION_TIMEOUT"], Default = "5m")]
    public string OperationTimeout { get; init; } = "5m";
}

/// <summary>One configuration key, as the declaration says it: what messages, the schema and the parser need.</summary>
internal sealed record ConfigKey(PropertySpec Spec)
{
    public string Name => Spec.Name;
    public string QualifiedName => "ptsandbox:" + Name;
    public string EnvironmentVariable => Spec.Environment[0];

    /// <summary>What the key is, for messages.</summary>
    public string Description => Spec.Summary ?? Name;

    public bool Secret => Spec.Secret;
    public bool IsBoolean => Spec.Type.Kind == PropertyTypeKind.Boolean;
    public bool IdentifiesSandbox => Spec.RecordEnvironment;
    public bool ReplacesOnChange => Spec.ReplaceOnChanges;

    /// <summary>The default as stack configuration would write it ("local", "false", "30s"), or null.</summary>
    public string? Default => Spec.Default switch
    {
        null => null,
        { Kind: PropertyValueKind.Bool } flag => flag.BoolValue ? "true" : "false",
        { Kind: PropertyValueKind.Number } number => number.NumberText,
        var text => text.StringValue,
    };

    /// <summary>The schema description: the documentation, the environment variable and the default.</summary>
    public string SchemaDescription =>
        $"{Spec.Description} Environment: `{EnvironmentVariable}`." + (Default is null ? "" : $" Defaults to `{Default}`.");

    public JsonNode? SchemaDefault => Default is null ? null : IsBoolean ? JsonValue.Create(bool.Parse(Default)) : JsonValue.Create(Default);
}

internal static class ConfigKeys
{
    public static readonly IReadOnlyList<ConfigKey> All = [.. ProviderConfig.Shape.Properties.Select(spec => new ConfigKey(spec))];

    public static readonly ConfigKey Host = Key("host");
    public static readonly ConfigKey Username = Key("username");
    public static readonly ConfigKey Password = Key("password");
    public static readonly ConfigKey AuthType = Key("authType");
    public static readonly ConfigKey CaCertificate = Key("caCertificate");
    public static readonly ConfigKey InsecureSkipVerify = Key("insecureSkipVerify");
    public static readonly ConfigKey RequestTimeout = Key("requestTimeout");
    public static readonly ConfigKey OperationTimeout = Key("operationTimeout");

    private static ConfigKey Key(string name) => All.Single(k => k.Name == name);
}
