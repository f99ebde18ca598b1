using System.Text.Json;
using Pulumi;

/// <summary>Inputs of <see cref="ScannerClient"/>.</summary>
public sealed class ScannerClientArgs
{
    /// <summary>The sandbox the scanner talks to: name, name:port or https:// URL.</summary>
    public Input<string> SandboxUrl { get; init; } = null!;

    /// <summary>The Public API key (a secret). It is only ever placed in secret outputs.</summary>
    public Input<string> ApiKey { get; init; } = null!;

    /// <summary>The sandbox's hash of the key: safe to show, tells keys apart.</summary>
    public Input<string> TokenHash { get; init; } = null!;
}

/// <summary>
/// A downstream consumer of an API key: the settings a CI scanner needs to call the sandbox's Public API.
/// The key arrives as an Input and leaves only inside secret Outputs; nothing here logs or prints it.
/// </summary>
public sealed class ScannerClient : ComponentResource
{
    public ScannerClient(string name, ScannerClientArgs args, ComponentResourceOptions? options = null)
        : base("ptsandbox-example:index:ScannerClient", name, options)
    {
        // Already secret when it comes from ApiToken.Token; marking it again makes the guarantee local.
        var apiKey = Output.CreateSecret(args.ApiKey.ToOutput());
        var baseUrl = args.SandboxUrl.Apply(url =>
            (url.Contains("://", StringComparison.Ordinal) ? url : "https://" + url).TrimEnd('/'));

        PublicApiUrl = baseUrl.Apply(url => url + "/api/v1");
        TokenHash = args.TokenHash.ToOutput();
        SettingsJson = Output.CreateSecret(Output.Tuple(PublicApiUrl, apiKey).Apply(t => JsonSerializer.Serialize(new
        {
            baseUrl = t.Item1,
            headers = new Dictionary<string, string> { ["X-Api-Key"] = t.Item2 },
        })));

        RegisterOutputs(new Dictionary<string, object?>
        {
            ["publicApiUrl"] = PublicApiUrl,
            ["tokenHash"] = TokenHash,
            ["settingsJson"] = SettingsJson,
        });
    }

    /// <summary>Base URL of the sandbox's Public API.</summary>
    public Output<string> PublicApiUrl { get; }

    /// <summary>The sandbox's hash of the key, for logs and dashboards.</summary>
    public Output<string> TokenHash { get; }

    /// <summary>The scanner's settings file (JSON): base URL and the X-Api-Key header. Secret.</summary>
    public Output<string> SettingsJson { get; }
}
