using Pulumi;
using PtSandbox = Pulumi.PtSandbox;

return await Deployment.RunAsync(() =>
{
    var config = new Config();

    // An explicit provider. Each setting comes from this project's stack configuration when it is set;
    // otherwise ProviderArgs keeps the value its constructor read from PTSANDBOX_* environment variables.
    var providerArgs = new PtSandbox.ProviderArgs();
    if (config.Get("host") is { } host) providerArgs.Host = host;
    if (config.Get("username") is { } username) providerArgs.Username = username;
    if (config.GetSecret("password") is { } password) providerArgs.Password = password;
    if (config.Get("caCertificate") is { } caCertificate) providerArgs.CaCertificate = caCertificate;
    if (config.GetBoolean("insecureSkipVerify") is { } insecureSkipVerify) providerArgs.InsecureSkipVerify = insecureSkipVerify;

    var sandbox = new PtSandbox.Provider("sandbox", providerArgs);
    var onSandbox = new CustomResourceOptions { Provider = sandbox };

    // Changing rotationKey replaces both tokens: new secrets first, then the old tokens are deleted.
    // A scheduled CI job bumps it: pulumi config set rotationKey "$(date +%Y-%m)".
    var rotationKey = config.Get("rotationKey") ?? "initial";

    // 1. A token for CI, exported as a secret stack output.
    var ciToken = new PtSandbox.ApiToken("ciToken", new PtSandbox.ApiTokenArgs
    {
        Name = config.Get("tokenName") ?? "ci-scanner",
        Permissions =
        {
            PtSandbox.Permission.ScanWithPredefinedSettings,
            PtSandbox.Permission.TasksViewAll,
        },
        Comment = "Used by the nightly CI scan; managed by Pulumi (project ptsandbox-csharp).",
        RotationTriggers = { { "rotation", rotationKey } },
    }, onSandbox);

    // 2. A token consumed inside the program by a downstream component.
    var scannerToken = new PtSandbox.ApiToken("scannerToken", new PtSandbox.ApiTokenArgs
    {
        Name = "scanner-service",
        Permissions = { PtSandbox.Permission.ScanWithExtendedSettings },
        Comment = "Used by the scanner service; managed by Pulumi (project ptsandbox-csharp).",
        RotationTriggers = { { "rotation", rotationKey } },
    }, onSandbox);

    var scanner = new ScannerClient("scanner", new ScannerClientArgs
    {
        SandboxUrl = config.Get("host") ?? Environment.GetEnvironmentVariable("PTSANDBOX_HOST") ?? "https://127.0.0.1:8443",
        // Token is absent only for an imported token (the sandbox shows a secret once, at creation).
        ApiKey = scannerToken.Token.Apply(key => key ?? throw new InvalidOperationException(
            "scannerToken has no secret (was it imported?); bump rotationKey to replace it")),
        TokenHash = scannerToken.TokenHash.Apply(hash => hash ?? string.Empty),
    });

    // The invoke runs once ciToken's name is known, through the same explicit provider.
    var sameName = PtSandbox.GetApiTokens.Invoke(
        new PtSandbox.GetApiTokensInvokeArgs { Name = ciToken.Name },
        new InvokeOptions { Provider = sandbox });

    return new Dictionary<string, object?>
    {
        ["tokenId"] = ciToken.TokenId,
        ["tokenHash"] = ciToken.TokenHash,
        ["createdAt"] = ciToken.CreatedAt,
        ["tokensWithThisName"] = sameName.Apply(result => result.Total),
        // Secret: shown as [secret]; read it with `pulumi stack output apiKey --show-secrets`.
        ["apiKey"] = ciToken.Token,
        ["scannerPublicApiUrl"] = scanner.PublicApiUrl,
        ["scannerTokenHash"] = scanner.TokenHash,
        // Secret as well: it contains the scanner's key.
        ["scannerSettings"] = scanner.SettingsJson,
    };
});
