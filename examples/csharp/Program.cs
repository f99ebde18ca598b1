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

    // Changing rotationKey rotates both tokens on demand: ciToken in place (the old token kept valid for its
    // grace period), scannerToken by replacement (new token first, old one deleted at the end of the update).
    // E.g. pulumi config set rotationKey "$(date +%Y-%m-%d)".
    var rotationKey = config.Get("rotationKey") ?? "initial";

    // 1. A token for CI, exported as a secret stack output. No Name: the provider generates one (ciToken-<7 letters>,
    //    or per the stack's autonaming configuration), and a new one for each token a rotation creates.
    //    Rotated by the provider once 30 days old, by any `pulumi up` from 7 days before that, so a weekly scheduled
    //    `pulumi up` never leaves a token older than 30 days; the token it replaces stays valid 2 more days (listed in
    //    RetiringTokens), then the next `pulumi up` deletes it.
    var ciToken = new PtSandbox.ApiToken("ciToken", new PtSandbox.ApiTokenArgs
    {
        Permissions =
        {
            PtSandbox.Permission.ScanWithPredefinedSettings,
            PtSandbox.Permission.TasksViewAll,
        },
        Comment = "Used by the nightly CI scan; managed by Pulumi (project ptsandbox-csharp).",
        Rotation = new PtSandbox.Inputs.RotationPolicyArgs
        {
            RotateAfter = "30d",
            EarlyRotationWindow = "7d",
            PreviousTokenLifetime = "2d",
        },
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

    // The invoke runs once ciToken's generated name is known, through the same explicit provider. It finds one token:
    // a retiring token keeps its own name. Name is an Output<string?> now that it is optional; a token that exists
    // always has one, hence the `!`.
    var sameName = PtSandbox.GetApiTokens.Invoke(
        new PtSandbox.GetApiTokensInvokeArgs { Name = ciToken.Name },
        new InvokeOptions { Provider = sandbox });

    return new Dictionary<string, object?>
    {
        ["tokenName"] = ciToken.Name,
        ["tokenId"] = ciToken.TokenId,
        ["tokenHash"] = ciToken.TokenHash,
        ["createdAt"] = ciToken.CreatedAt,
        // When ciToken is due for rotation (30 days after createdAt).
        ["rotationDueAt"] = ciToken.RotationDueAt,
        // Replaced tokens still valid until their deleteAfter (their secrets are not kept).
        ["retiringTokens"] = ciToken.RetiringTokens,
        ["tokensWithThisName"] = sameName.Apply(result => result.Total),
        // Secret: shown as [secret]; read it with `pulumi stack output apiKey --show-secrets`.
        ["apiKey"] = ciToken.Token,
        ["scannerPublicApiUrl"] = scanner.PublicApiUrl,
        ["scannerTokenHash"] = scanner.TokenHash,
        // Secret as well: it contains the scanner's key.
        ["scannerSettings"] = scanner.SettingsJson,
    };
});
