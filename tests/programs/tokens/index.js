"use strict";
// A Pulumi program the harness's monitor runs (tests/PtSandbox.Provider.Tests/Programs): ApiTokens through the
// default provider (stack config ptsandbox:*) inside a component, optionally one through an explicit provider, a
// `.get` by id and the getApiTokens invoke. Each scenario is switched on by this project's config.
const pulumi = require("@pulumi/pulumi");

const config = new pulumi.Config();
if (config.getBoolean("fail")) {
    // Thrown from a timer, after the registrations below were sent, so that its stack holds no frame of @pulumi/pulumi:
    // the SDK prints an unhandled error with util.inspect(err, { colors: true }), which in Node 20 spins for a minute
    // or more (then throws RangeError) on a source-mapped frame such as node_modules/@pulumi/resource.ts.
    setTimeout(() => { throw new Error("this program fails on purpose"); }, 0);
}

const tokenOutputs = { token: undefined, tokenId: undefined, tokenHash: undefined, creatorLogin: undefined, createdAt: undefined };

function apiToken(name, inputs, opts) {
    return new pulumi.CustomResource("ptsandbox:index:ApiToken", name, { ...inputs, ...tokenOutputs },
        { ...opts, additionalSecretOutputs: ["token"] });
}

class TokenSet extends pulumi.ComponentResource {
    constructor(name, opts) {
        super("tokens:index:TokenSet", name, {}, opts);
        this.main = apiToken("main", {
            name: "main-token",
            permissions: ["SCAN_WITH_PREDEFINED_SETTINGS"],
            comment: "made by the monitor tests",
            rotationTriggers: { rotation: config.get("rotation") ?? "1" },
        }, { parent: this });
        if (config.getBoolean("withSecond")) {
            this.second = apiToken("second", { name: "second-token", permissions: ["TASKS_VIEW_ALL"] }, { parent: this });
        }
        this.registerOutputs({ mainId: this.main.id });
    }
}

const set = new TokenSet("set");
exports.mainId = set.main.id;
exports.tokenId = set.main.tokenId;
exports.token = set.main.token;
// Checked inside the program: the SDK got the token as a secret Output.
exports.tokenIsSecret = pulumi.isSecret(set.main.token);

if (config.getBoolean("explicitProvider")) {
    const explicit = new pulumi.ProviderResource("ptsandbox", "explicit", {
        host: config.require("host"),
        username: config.require("username"),
        password: config.requireSecret("password"),
        caCertificate: config.require("caCertificate"),
    });
    const viaExplicit = apiToken("via-explicit", { name: "explicit-token", permissions: ["TASKS_VIEW_ALL"] }, { provider: explicit });
    exports.explicitId = viaExplicit.id;
}

const getId = config.get("getId");
if (getId) {
    const found = new pulumi.CustomResource("ptsandbox:index:ApiToken", "looked-up", { name: undefined, tokenId: undefined, permissions: undefined }, { id: getId });
    exports.lookedUpName = found.name;
}

if (config.getBoolean("invoke")) {
    exports.listedTotal = pulumi.output(pulumi.runtime.invoke("ptsandbox:index:getApiTokens", {})).apply(r => r.total);
}
