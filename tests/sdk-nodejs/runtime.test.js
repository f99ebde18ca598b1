// The compiled SDK (sdk/nodejs/bin, from `make sdk_nodejs`) at run time, under pulumi.runtime.setMocks: what it asks
// the engine for (types, input names, invoke tokens, reads by id, secrets). It uses the SDK's own @pulumi/pulumi, the
// copy its code loads, so the mocks are set where the SDK registers its resources.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { sdkDir } = require("./checker");
const { installMocks, valueOf } = require("./mock-engine");

const pulumi = require(require.resolve("@pulumi/pulumi", { paths: [path.join(sdkDir, "bin")] }));

const registered = [];
const invoked = [];
const MOCK_KEY = "mock-api-key-value";

// Resolves to what each resource asked to keep secret (resource name -> additionalSecretOutputs).
const ready = installMocks(pulumi, {
    newResource(args) {
        registered.push(args);
        if (args.type === "ptsandbox:index:ApiToken") {
            const state = args.id
                ? { name: "made-elsewhere", permissions: ["TASKS_VIEW_ALL"], tokenId: Number(args.id) }
                : { ...args.inputs, name: args.inputs.name ?? `${args.name}-abcdefg`, tokenId: 7, tokenHash: "hash-7", token: MOCK_KEY };
            return { id: args.id || "7", state };
        }
        return { id: `${args.name}-id`, state: args.inputs };
    },
    call(args) {
        invoked.push(args);
        return { tokens: [{ id: 7, name: args.inputs.name, createdAt: "2026-01-01T00:00:00Z", creatorLogin: "admin", permissions: [] }], total: 1 };
    },
}, "sdk-nodejs-tests", "test");

const ptsandbox = require(path.join(sdkDir, "bin"));

const registration = (name) => registered.find((r) => r.name === name);

test("ApiToken registers ptsandbox:index:ApiToken with the schema's input names", async () => {
    await ready;
    const token = new ptsandbox.ApiToken("ci", {
        name: "ci-scanner",
        permissions: [ptsandbox.Permission.ScanWithPredefinedSettings, ptsandbox.Permission.TasksViewAll],
        comment: "nightly",
        rotation: { rotateAfter: "30d", earlyRotationWindow: "7d", previousTokenLifetime: "2d" },
        rotationTriggers: { rotation: "initial" },
    });
    assert.equal(await valueOf(token.urn), "urn:pulumi:test::sdk-nodejs-tests::ptsandbox:index:ApiToken::ci");
    const r = registration("ci");
    assert.equal(r.type, "ptsandbox:index:ApiToken");
    assert.deepEqual(Object.keys(r.inputs).sort(), ["comment", "name", "permissions", "rotation", "rotationTriggers"]);
    assert.deepEqual(r.inputs.permissions, ["SCAN_WITH_PREDEFINED_SETTINGS", "TASKS_VIEW_ALL"]);
    assert.deepEqual(r.inputs.rotation, { rotateAfter: "30d", earlyRotationWindow: "7d", previousTokenLifetime: "2d" });
    assert.deepEqual(r.inputs.rotationTriggers, { rotation: "initial" });
    assert.equal(ptsandbox.ApiToken.isInstance(token), true);
    assert.equal(await valueOf(token.tokenId), 7);
});

test("ApiToken's token output is a secret, and its other outputs are not", async () => {
    await ready;
    const token = new ptsandbox.ApiToken("secretive", { permissions: [ptsandbox.Permission.TasksViewAll] });
    await valueOf(token.urn);
    assert.deepEqual((await ready).get("secretive"), ["token"]);
    assert.equal(await pulumi.isSecret(token.token), true);
    assert.equal(await valueOf(token.token), MOCK_KEY);
    assert.equal(await pulumi.isSecret(token.tokenHash), false);
    assert.equal(await pulumi.isSecret(token.name), false);
});

test("ApiToken without a name sends none: the provider autonames it", async () => {
    await ready;
    const token = new ptsandbox.ApiToken("autonamed", { permissions: [ptsandbox.Permission.TasksViewAll] });
    assert.equal(await valueOf(token.name), "autonamed-abcdefg");
    assert.equal(registration("autonamed").inputs.name, undefined);
});

test("ApiToken refuses to be created without permissions", () => {
    assert.throws(() => new ptsandbox.ApiToken("nopermissions", {}), /Missing required property 'permissions'/);
});

test("ApiToken.get reads ptsandbox:index:ApiToken by id, sending no inputs", async () => {
    await ready;
    const token = ptsandbox.ApiToken.get("existing", "42");
    assert.equal(await valueOf(token.name), "made-elsewhere");
    assert.equal(await valueOf(token.tokenId), 42);
    const r = registration("existing");
    assert.equal(r.type, "ptsandbox:index:ApiToken");
    assert.equal(r.id, "42");
    assert.deepEqual(Object.values(r.inputs).filter((v) => v !== undefined), []);
});

test("getApiTokens invokes ptsandbox:index:getApiTokens with its name", async () => {
    await ready;
    const result = await ptsandbox.getApiTokens({ name: "ci-scanner" });
    assert.equal(result.total, 1);
    assert.equal(result.tokens[0].name, "ci-scanner");
    const call = invoked.at(-1);
    assert.equal(call.token, "ptsandbox:index:getApiTokens");
    assert.deepEqual(call.inputs, { name: "ci-scanner" });
});

test("getApiTokensOutput invokes ptsandbox:index:getApiTokens once its Output argument is known", async () => {
    await ready;
    const before = invoked.length;
    const token = new ptsandbox.ApiToken("lookedup", { permissions: [ptsandbox.Permission.TasksViewAll] });
    const result = ptsandbox.getApiTokensOutput({ name: token.name });
    assert.equal(await valueOf(result.total), 1);
    const calls = invoked.slice(before);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].token, "ptsandbox:index:getApiTokens");
    assert.deepEqual(calls[0].inputs, { name: "lookedup-abcdefg" });
});

test("an explicit Provider registers pulumi:providers:ptsandbox, JSON-encodes its boolean and defaults from the schema", async () => {
    await ready;
    const provider = new ptsandbox.Provider("explicit", { host: "sandbox.example.org", username: "bot" });
    await valueOf(provider.urn);
    const r = registration("explicit");
    assert.equal(r.type, "pulumi:providers:ptsandbox");
    assert.equal(r.inputs.host, "sandbox.example.org");
    assert.equal(r.inputs.insecureSkipVerify, "false");
    assert.equal(r.inputs.requestTimeout, "30s");
    assert.equal(r.inputs.operationTimeout, "5m");
    assert.equal(r.inputs.authType, "local");
});

test("an explicit Provider takes an unset value from its PTSANDBOX_* environment variable", async () => {
    await ready;
    process.env.PTSANDBOX_HOST = "env-sandbox.example.org";
    process.env.PTSANDBOX_INSECURE = "true";
    try {
        const provider = new ptsandbox.Provider("fromenv", {});
        await valueOf(provider.urn);
    } finally {
        delete process.env.PTSANDBOX_HOST;
        delete process.env.PTSANDBOX_INSECURE;
    }
    const r = registration("fromenv");
    assert.equal(r.inputs.host, "env-sandbox.example.org");
    assert.equal(r.inputs.insecureSkipVerify, "true");
});

test("config getters read the ptsandbox namespace and fall back to the schema's defaults", () => {
    assert.equal(ptsandbox.config.requestTimeout, "30s");
    assert.equal(ptsandbox.config.insecureSkipVerify, false);
    assert.equal(ptsandbox.config.host, undefined);
    pulumi.runtime.setConfig("ptsandbox:host", "configured.example.org");
    pulumi.runtime.setConfig("ptsandbox:insecureSkipVerify", "true");
    assert.equal(ptsandbox.config.host, "configured.example.org");
    assert.equal(ptsandbox.config.insecureSkipVerify, true);
});

test("resources and invokes ask for the plugin of the SDK's version, from the schema's download location", async () => {
    await ready;
    const { version } = require(path.join(sdkDir, "bin", "package.json"));
    const token = new ptsandbox.ApiToken("versioned", { permissions: [ptsandbox.Permission.TasksViewAll] });
    await valueOf(token.urn);
    const r = registration("versioned");
    assert.equal(r.version ?? version, version);
    const utilities = require(path.join(sdkDir, "bin", "utilities.js"));
    assert.deepEqual(utilities.resourceOptsDefaults(), { version, pluginDownloadURL: "github://api.github.com/pulumi-ptsandbox/pulumi-ptsandbox" });
});
