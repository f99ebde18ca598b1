import * as pulumi from "@pulumi/pulumi";

/** Inputs of {@link ScannerClient}. */
export interface ScannerClientArgs {
    /** The sandbox the scanner talks to: name, name:port or https:// URL. */
    sandboxUrl: pulumi.Input<string>;
    /** The Public API key. It must be a secret, and it is only ever placed in secret outputs. */
    apiKey: pulumi.Input<string>;
    /** The sandbox's hash of the key: safe to show, tells keys apart. */
    tokenHash: pulumi.Input<string>;
}

/**
 * A downstream consumer of an API key: the settings a CI scanner needs to call the sandbox's Public API.
 * The key arrives as an Input and leaves only inside secret Outputs; nothing here logs or prints it.
 * A key that is not a secret (a plain string, or an Output that lost its secret mark) is refused.
 */
export class ScannerClient extends pulumi.ComponentResource {
    /** Base URL of the sandbox's Public API. */
    public readonly publicApiUrl: pulumi.Output<string>;
    /** The sandbox's hash of the key, for logs and dashboards. */
    public readonly tokenHash: pulumi.Output<string>;
    /** The scanner's settings file (JSON): base URL and the X-Api-Key header. Secret. */
    public readonly settingsJson: pulumi.Output<string>;

    constructor(name: string, args: ScannerClientArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ptsandbox-example:index:ScannerClient", name, {}, opts);

        const key = pulumi.output(args.apiKey);
        // The key goes on only once it is known to be secret; otherwise the deployment fails with this error.
        const apiKey = pulumi.secret(pulumi.output(pulumi.isSecret(key)).apply(isSecret => {
            if (!isSecret) {
                throw new Error(`ScannerClient ${name}: apiKey must be a secret Output (for example ApiToken.token); ` +
                    "refusing a plain value, which Pulumi would store and show unencrypted");
            }
            return key;
        }));
        const baseUrl = pulumi.output(args.sandboxUrl).apply(url => (url.includes("://") ? url : "https://" + url).replace(/\/+$/, ""));

        this.publicApiUrl = baseUrl.apply(url => url + "/api/v1");
        this.tokenHash = pulumi.output(args.tokenHash);
        this.settingsJson = pulumi.secret(pulumi.all([this.publicApiUrl, apiKey]).apply(([url, k]) => JSON.stringify({
            baseUrl: url,
            headers: { "X-Api-Key": k },
        })));

        this.registerOutputs({
            publicApiUrl: this.publicApiUrl,
            tokenHash: this.tokenHash,
            settingsJson: this.settingsJson,
        });
    }
}
