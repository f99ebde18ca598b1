// Wire cross-check: drives bin/pulumi-resource-ptsandbox through Pulumi's own generated gRPC stubs
// (@pulumi/pulumi/proto), so the provider's wire format is checked independently of our .proto files.
//
// Run: PTSANDBOX_PROVIDER_BINARY=/abs/path/pulumi-resource-ptsandbox node --test

import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const grpc = require("@grpc/grpc-js");
const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb.js");
const providerPb = require("@pulumi/pulumi/proto/provider_pb.js");
const pluginPb = require("@pulumi/pulumi/proto/plugin_pb.js");
const engineGrpc = require("@pulumi/pulumi/proto/engine_grpc_pb.js");
const enginePb = require("@pulumi/pulumi/proto/engine_pb.js");
const rpcStatusPb = require("@pulumi/pulumi/proto/status_pb.js");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb.js");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb.js");

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..", "..");
const binary = process.env.PTSANDBOX_PROVIDER_BINARY
    ? resolve(process.env.PTSANDBOX_PROVIDER_BINARY)
    : resolve(here, "..", "..", "bin", "pulumi-resource-ptsandbox");
const committedSchemaText = readFileSync(resolve(repoRoot, "provider", "schema.json"), "utf8");
// The emulator for the List suite: `make test_wire` names it; run by hand without it, that suite is skipped.
const emulatorBinary = process.env.PTSANDBOX_EMULATOR_BINARY
    ? resolve(process.env.PTSANDBOX_EMULATOR_BINARY)
    : resolve(here, "..", "..", "bin", "ptsandbox-emulator");
const emulatorSkip = !process.env.PTSANDBOX_EMULATOR_BINARY && !existsSync(emulatorBinary)
    ? `no emulator at ${emulatorBinary} (run \`make emulator\`, or set PTSANDBOX_EMULATOR_BINARY)`
    : false;

// Pulumi's property encoding (sdk/go/common/resource/plugin/rpc.go).
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const secret = (value) => ({ [SIG_KEY]: SECRET_SIG, value });
const isSecretObject = (v) =>
    v !== null && typeof v === "object" && !Array.isArray(v) && v[SIG_KEY] === SECRET_SIG && "value" in v;

const API_TOKEN = "ptsandbox:index:ApiToken";
const urnOf = (type, name) => `urn:pulumi:dev::wire::${type}::${name}`;
const PROVIDER_URN = "urn:pulumi:dev::wire::pulumi:providers:ptsandbox::default";
const PASSWORD = "p@ss";
const RPC_DEADLINE_MS = 5000;
const START_TIMEOUT_MS = 10000;
const EXIT_TIMEOUT_MS = 5000;

/** The parent's environment minus every PTSANDBOX_* variable, so config must come from the request alone. */
function childEnv() {
    const env = {};
    for (const [key, value] of Object.entries(process.env)) {
        if (!key.toUpperCase().startsWith("PTSANDBOX_")) env[key] = value;
    }
    return env;
}

/** A fake engine: only pulumirpc.Engine/Log, recording every call. */
async function startFakeEngine() {
    const logs = [];
    const server = new grpc.Server();
    server.addService(engineGrpc.EngineService, {
        log(call, callback) {
            const req = call.request;
            logs.push({ severity: req.getSeverity(), message: req.getMessage(), urn: req.getUrn() });
            callback(null, new Empty());
        },
    });
    const port = await new Promise((ok, fail) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? fail(err) : ok(p))));
    return {
        address: `127.0.0.1:${port}`,
        logs,
        stop: () => new Promise((ok) => server.tryShutdown(() => ok())),
    };
}

/** Launches the plugin the way the engine does and waits for its port line. */
async function launchProvider(engineAddress) {
    assert.ok(existsSync(binary), `provider binary not found at ${binary} (set PTSANDBOX_PROVIDER_BINARY)`);
    const child = spawn(binary, [engineAddress], { env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
    const proc = { child, firstLine: null, extraStdout: "", stderr: "", exit: null };
    proc.exited = new Promise((ok) => child.once("exit", (code, signal) => {
        proc.exit = { code, signal };
        ok(proc.exit);
    }));
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d) => { proc.stderr += d; });
    child.stdout.setEncoding("utf8");
    try {
        await readPortLine(proc);
    } catch (err) {
        // Never leave a half-started plugin behind: it would keep the test process alive.
        if (proc.exit === null) child.kill("SIGKILL");
        throw err;
    }
    proc.client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${proc.port}`, grpc.credentials.createInsecure());
    return proc;
}

/** Reads the plugin's first stdout line, which must be its port alone; later output is kept in extraStdout. */
async function readPortLine(proc) {
    const { child } = proc;
    await new Promise((ok, fail) => {
        let buffered = "";
        const timer = setTimeout(() => fail(new Error(`no port line within ${START_TIMEOUT_MS} ms; stderr: ${proc.stderr}`)), START_TIMEOUT_MS);
        const onData = (d) => {
            if (proc.firstLine !== null) { proc.extraStdout += d; return; }
            buffered += d;
            const nl = buffered.indexOf("\n");
            if (nl < 0) return;
            clearTimeout(timer);
            proc.firstLine = buffered.slice(0, nl);
            proc.extraStdout += buffered.slice(nl + 1);
            ok(proc.firstLine);
        };
        child.stdout.on("data", onData);
        child.once("error", (err) => { clearTimeout(timer); fail(err); });
        proc.exited.then((e) => {
            clearTimeout(timer);
            if (proc.firstLine === null) fail(new Error(`provider exited (${JSON.stringify(e)}) before its port line; stdout: ${JSON.stringify(buffered)}; stderr: ${proc.stderr}`));
        });
    });
    assert.match(proc.firstLine, /^[0-9]+$/, `first stdout line must be a decimal port alone, got ${JSON.stringify(proc.firstLine)}`);
    const port = Number(proc.firstLine);
    assert.ok(port > 0 && port < 65536, `port out of range: ${port}`);
    proc.port = port;
}

/** Stops the plugin as the engine does: close the connection, then SIGINT; resolves with its exit. */
async function stopProvider(proc) {
    proc.client?.close();
    if (proc.exit === null) proc.child.kill("SIGINT");
    let timer;
    const timedOut = new Promise((ok) => { timer = setTimeout(() => ok("timeout"), EXIT_TIMEOUT_MS); });
    const result = await Promise.race([proc.exited, timedOut]);
    clearTimeout(timer);
    if (result === "timeout") proc.child.kill("SIGKILL");
    return result;
}

/** Calls a unary method of the generated client with a deadline; resolves with the reply, rejects with the gRPC error. */
function unary(client, method, request) {
    return new Promise((ok, fail) => {
        client[method](request, new grpc.Metadata(), { deadline: Date.now() + RPC_DEADLINE_MS }, (err, reply) =>
            (err ? fail(err) : ok(reply)));
    });
}

/** Calls a server-streaming method of the generated client; resolves with every message, rejects with the gRPC error. */
function streamed(client, method, request) {
    return new Promise((ok, fail) => {
        const messages = [];
        const call = client[method](request, new grpc.Metadata(), { deadline: Date.now() + RPC_DEADLINE_MS });
        call.on("data", (message) => messages.push(message));
        call.on("error", fail);
        call.on("end", () => ok(messages));
    });
}

function listRequest(type, query = {}, { limit = 0, pageSize = 0, continuationToken = "" } = {}) {
    const req = new providerPb.ListRequest();
    req.setToken(type);
    req.setQuery(Struct.fromJavaScript(query));
    req.setLimit(limit);
    req.setPageSize(pageSize);
    req.setContinuationToken(continuationToken);
    return req;
}

/** Starts the emulator on plain HTTP and a free port; resolves once it printed its base URL. */
async function startEmulator(username, password) {
    assert.ok(existsSync(emulatorBinary), `emulator not found at ${emulatorBinary}`);
    const child = spawn(emulatorBinary, ["--http", "--port", "0", "--username", username, "--password", password],
        { stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise((ok) => child.once("exit", ok));
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d) => { stderr += d; });
    child.stdout.setEncoding("utf8");
    try {
        const url = await new Promise((ok, fail) => {
            let buffered = "";
            const timer = setTimeout(() => fail(new Error(`emulator printed no URL within ${START_TIMEOUT_MS} ms; stderr: ${stderr}`)), START_TIMEOUT_MS);
            child.stdout.on("data", (d) => {
                buffered += d;
                const nl = buffered.indexOf("\n");
                if (nl >= 0) { clearTimeout(timer); ok(buffered.slice(0, nl).trim()); }
            });
            child.once("error", (err) => { clearTimeout(timer); fail(err); });
            exited.then((code) => { clearTimeout(timer); fail(new Error(`emulator exited (${code}); stderr: ${stderr}`)); });
        });
        return { url, stop: async () => { child.kill("SIGTERM"); await exited; } };
    } catch (err) {
        child.kill("SIGKILL");
        throw err;
    }
}

function checkRequest(type, name, news, olds = {}) {
    const req = new providerPb.CheckRequest();
    req.setUrn(urnOf(type, name));
    req.setName(name);
    req.setType(type);
    req.setOlds(Struct.fromJavaScript(olds));
    req.setNews(Struct.fromJavaScript(news));
    req.setRandomseed(new Uint8Array(32).fill(7));
    return req;
}

function configRequest(news) {
    return checkRequest("pulumi:providers:ptsandbox", "default", news);
}

function failuresOf(reply) {
    return reply.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
}

function configureRequest(args) {
    const req = new providerPb.ConfigureRequest();
    req.setArgs(Struct.fromJavaScript(args));
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    req.setUrn(PROVIDER_URN);
    req.setName("default");
    req.setType("pulumi:providers:ptsandbox");
    return req;
}

async function waitFor(predicate, ms) {
    const until = Date.now() + ms;
    while (Date.now() < until) {
        if (predicate()) return true;
        await new Promise((r) => setTimeout(r, 25));
    }
    return predicate();
}

/**
 * Registers the enclosing describe's hooks: before, a fake engine and a provider launched against it; after, both
 * stopped. Returns the holder of `engine` and `proc`, filled in when the suite starts.
 */
function providerPerSuite() {
    const rig = { engine: undefined, proc: undefined };
    before(async () => {
        rig.engine = await startFakeEngine();
        rig.proc = await launchProvider(rig.engine.address);
    });
    after(async () => {
        if (rig.proc && rig.proc.exit === null) await stopProvider(rig.proc);
        await rig.engine?.stop();
    });
    return rig;
}

describe("pulumi-resource-ptsandbox over Pulumi's generated ResourceProvider client", () => {
    const rig = providerPerSuite();

    it("handshake accepts secrets and resources", async () => {
        const req = new providerPb.ProviderHandshakeRequest();
        req.setEngineAddress(rig.engine.address);
        req.setConfigureWithUrn(true);
        req.setSupportsViews(true);
        req.setSupportsRefreshBeforeUpdate(true);
        req.setInvokeWithPreview(true);
        req.setAcceptsByteString(true);
        req.setSendsOldOutputsToCheck(true);
        req.setAcceptsOutputsInInvoke(true);
        req.setAcceptsOutputsInCall(true);
        req.setAcceptsOutputsInCheck(true);
        const reply = await unary(rig.proc.client, "handshake", req);
        assert.ok(reply instanceof providerPb.ProviderHandshakeResponse);
        assert.equal(reply.getAcceptSecrets(), true, "acceptSecrets");
        assert.equal(reply.getAcceptResources(), true, "acceptResources");
    });

    it("getPluginInfo reports a full semver equal to schema.json's version", async () => {
        const reply = await unary(rig.proc.client, "getPluginInfo", new Empty());
        assert.ok(reply instanceof pluginPb.PluginInfo);
        const version = reply.getVersion();
        assert.match(version, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/);
        assert.equal(version, JSON.parse(committedSchemaText).version);
    });

    it("getSchema returns the committed provider/schema.json", async () => {
        const req = new providerPb.GetSchemaRequest();
        req.setVersion(0);
        const reply = await unary(rig.proc.client, "getSchema", req);
        const text = reply.getSchema();
        let schema;
        assert.doesNotThrow(() => { schema = JSON.parse(text); }, "schema must be JSON");
        assert.equal(schema.name, "ptsandbox");
        assert.ok(schema.resources?.[API_TOKEN], `resources[${API_TOKEN}]`);
        assert.equal(schema.resources[API_TOKEN].properties?.token?.secret, true, "ApiToken.token must be secret");
        assert.ok(schema.functions?.["ptsandbox:index:getApiTokens"], "functions[ptsandbox:index:getApiTokens]");
        assert.deepEqual(schema, JSON.parse(committedSchemaText));
    });

    it("checkConfig accepts a valid configuration", async () => {
        const reply = await unary(rig.proc.client, "checkConfig",
            configRequest({ host: "127.0.0.1:1", username: "u", password: "p" }));
        assert.deepEqual(failuresOf(reply), []);
    });

    it("checkConfig reports a bad host on `host`", async () => {
        const reply = await unary(rig.proc.client, "checkConfig",
            configRequest({ host: "ftp://x", username: "u", password: "p" }));
        const failures = failuresOf(reply);
        assert.deepEqual(failures.map((f) => f.property), ["host"], JSON.stringify(failures));
        assert.ok(failures[0].reason.length > 0, "failure has a reason");
    });

    it("checkConfig reports missing host, username and password (no PTSANDBOX_* in the environment)", async () => {
        const reply = await unary(rig.proc.client, "checkConfig", configRequest({}));
        const properties = failuresOf(reply).map((f) => f.property).sort();
        assert.deepEqual(properties, ["host", "password", "username"]);
    });

    it("configure accepts a secret password and reports its capabilities", async () => {
        const reply = await unary(rig.proc.client, "configure",
            configureRequest({ host: "127.0.0.1:1", username: "u", password: secret(PASSWORD) }));
        assert.ok(reply instanceof providerPb.ConfigureResponse);
        assert.equal(reply.getAcceptsecrets(), true, "acceptSecrets");
        assert.equal(reply.getAcceptresources(), true, "acceptResources");
        assert.equal(reply.getSupportspreview(), true, "supportsPreview");
    });

    it("check reports a bad ApiToken name on `name`", async () => {
        const reply = await unary(rig.proc.client, "check",
            checkRequest(API_TOKEN, "bad", { name: "1bad", permissions: ["TASKS_VIEW_ALL"] }));
        const failures = failuresOf(reply);
        assert.deepEqual(failures.map((f) => f.property), ["name"], JSON.stringify(failures));
    });

    it("check accepts a valid ApiToken and keeps a secret comment secret", async () => {
        const news = { name: "ci-token", permissions: ["TASKS_VIEW_ALL"], comment: secret("built by CI") };
        const reply = await unary(rig.proc.client, "check", checkRequest(API_TOKEN, "ci", news));
        assert.deepEqual(failuresOf(reply), []);
        assert.ok(reply.hasInputs(), "inputs returned");
        const inputs = reply.getInputs().toJavaScript();
        assert.ok(isSecretObject(inputs.comment), `comment must stay a secret, got ${JSON.stringify(inputs.comment)}`);
        assert.equal(inputs.comment.value, "built by CI");
        assert.equal(inputs.name, "ci-token");
        assert.deepEqual(inputs.permissions, ["TASKS_VIEW_ALL"]);
    });

    it("check warns through the engine's Log service about an unknown permission", async () => {
        const urn = urnOf(API_TOKEN, "future");
        const reply = await unary(rig.proc.client, "check",
            checkRequest(API_TOKEN, "future", { name: "future-token", permissions: ["SOME_FUTURE_RIGHT"] }));
        assert.deepEqual(failuresOf(reply), []);
        const arrived = await waitFor(() => rig.engine.logs.some((l) => l.urn === urn), 3000);
        assert.ok(arrived, `expected a Log call for ${urn}; got ${JSON.stringify(rig.engine.logs)}`);
        const line = rig.engine.logs.find((l) => l.urn === urn);
        assert.equal(line.severity, enginePb.LogSeverity.WARNING);
        assert.match(line.message, /SOME_FUTURE_RIGHT/);
    });

    it("create in preview returns no id and a secret, unknown token", async () => {
        const req = new providerPb.CreateRequest();
        req.setUrn(urnOf(API_TOKEN, "ci"));
        req.setName("ci");
        req.setType(API_TOKEN);
        req.setProperties(Struct.fromJavaScript({ name: "ci-token", permissions: ["TASKS_VIEW_ALL"] }));
        req.setPreview(true);
        const reply = await unary(rig.proc.client, "create", req);
        assert.equal(reply.getId(), "");
        assert.ok(reply.hasProperties(), "properties returned");
        const props = reply.getProperties().toJavaScript();
        assert.ok(isSecretObject(props.token), `token must be a secret, got ${JSON.stringify(props.token)}`);
        assert.equal(props.token.value, UNKNOWN, "token must be unknown");
        assert.equal(props.name, "ci-token");
    });

    it("cancel succeeds", async () => {
        const reply = await unary(rig.proc.client, "cancel", new Empty());
        assert.ok(reply instanceof Empty);
    });

    it("never logged the password to the engine", () => {
        for (const line of rig.engine.logs) assert.ok(!line.message.includes(PASSWORD), `password in log: ${line.message}`);
    });

    it("exits 0 within 5 s on SIGINT and wrote nothing to stdout after the port", async () => {
        const exit = await stopProvider(rig.proc);
        assert.notEqual(exit, "timeout", `provider did not exit within ${EXIT_TIMEOUT_MS} ms of SIGINT`);
        assert.deepEqual(exit, { code: 0, signal: null }, `stderr: ${rig.proc.stderr}`);
        assert.equal(rig.proc.extraStdout, "", "stdout after the port line");
    });
});

describe("configure without required keys (second provider process)", () => {
    const rig = providerPerSuite();

    it("fails with ConfigureErrorMissingKeys in grpc-status-details-bin", async () => {
        const err = await unary(rig.proc.client, "configure", configureRequest({})).then(
            () => assert.fail("configure without host/username/password must fail"),
            (e) => e);
        assert.ok(err.code !== undefined && err.code !== grpc.status.OK, `expected a gRPC error, got ${err}`);
        assert.equal(err.code, grpc.status.INVALID_ARGUMENT, err.details);
        const raw = err.metadata?.get("grpc-status-details-bin") ?? [];
        assert.equal(raw.length, 1, "one grpc-status-details-bin trailer");
        const status = rpcStatusPb.Status.deserializeBinary(new Uint8Array(raw[0]));
        assert.equal(status.getCode(), grpc.status.INVALID_ARGUMENT);
        const details = status.getDetailsList();
        assert.equal(details.length, 1, "one detail");
        assert.equal(details[0].getTypeUrl(), "type.googleapis.com/pulumirpc.ConfigureErrorMissingKeys");
        const missing = details[0].unpack(providerPb.ConfigureErrorMissingKeys.deserializeBinary,
            "pulumirpc.ConfigureErrorMissingKeys");
        assert.ok(missing, "detail unpacks as pulumirpc.ConfigureErrorMissingKeys");
        const keys = missing.getMissingkeysList();
        assert.deepEqual(keys.map((k) => k.getName()).sort(),
            ["ptsandbox:host", "ptsandbox:password", "ptsandbox:username"]);
        for (const key of keys) assert.ok(key.getDescription().length > 0, `${key.getName()} has a description`);
    });

    it("exits 0 within 5 s on SIGINT and wrote nothing to stdout after the port", async () => {
        const exit = await stopProvider(rig.proc);
        assert.notEqual(exit, "timeout", `provider did not exit within ${EXIT_TIMEOUT_MS} ms of SIGINT`);
        assert.deepEqual(exit, { code: 0, signal: null }, `stderr: ${rig.proc.stderr}`);
        assert.equal(rig.proc.extraStdout, "", "stdout after the port line");
    });
});

describe("List through Pulumi's generated stub, against the emulator", { skip: emulatorSkip }, () => {
    const rig = providerPerSuite();
    const EMULATOR_PASSWORD = "wire-Emul4tor-pass";
    const { COMPUTED, RESULT, CONTINUATION } = providerPb.ListResponse.ResponseCase;
    const created = [];
    let emulator;

    before(async () => {
        emulator = await startEmulator("admin", EMULATOR_PASSWORD);
        await unary(rig.proc.client, "configure",
            configureRequest({ host: emulator.url, username: "admin", password: secret(EMULATOR_PASSWORD) }));
        for (const [name, tokenName] of [["ci", "ci-scanner"], ["nightly", "nightly-scan"]]) {
            const checked = await unary(rig.proc.client, "check", checkRequest(API_TOKEN, name, { name: tokenName, permissions: ["TASKS_VIEW_ALL"] }));
            assert.deepEqual(failuresOf(checked), []);
            const req = new providerPb.CreateRequest();
            req.setUrn(urnOf(API_TOKEN, name));
            req.setName(name);
            req.setType(API_TOKEN);
            req.setProperties(checked.getInputs());
            const reply = await unary(rig.proc.client, "create", req);
            const outputs = reply.getProperties().toJavaScript();
            created.push({ id: reply.getId(), name: tokenName, secret: outputs.token.value, hash: outputs.tokenHash });
        }
    });
    after(async () => { await emulator?.stop(); });

    it("streams each live token as a result, a page at a time, each page but the last ending with a continuation", async () => {
        const first = await streamed(rig.proc.client, "list", listRequest(API_TOKEN, {}, { pageSize: 1 }));
        assert.deepEqual(first.map((m) => m.getResponseCase()), [RESULT, CONTINUATION]);
        assert.deepEqual([first[0].getResult().getId(), first[0].getResult().getName()], [created[0].id, "ci-scanner"]);
        const token = first[1].getContinuation().getContinuationToken();
        assert.notEqual(token, "");

        const second = await streamed(rig.proc.client, "list", listRequest(API_TOKEN, {}, { pageSize: 1, continuationToken: token }));
        assert.deepEqual(second.map((m) => m.getResponseCase()), [RESULT]);
        assert.deepEqual([second[0].getResult().getId(), second[0].getResult().getName()], [created[1].id, "nightly-scan"]);

        const filtered = await streamed(rig.proc.client, "list", listRequest(API_TOKEN, { namePrefix: "nightly" }));
        assert.deepEqual(filtered.map((m) => m.getResult()?.getId()), [created[1].id]);
    });

    it("answers a query holding an unknown with exactly one computed", async () => {
        const messages = await streamed(rig.proc.client, "list", listRequest(API_TOKEN, { namePrefix: UNKNOWN }));
        assert.deepEqual(messages.map((m) => m.getResponseCase()), [COMPUTED]);
    });

    it("refuses a continuation token it did not give with INVALID_ARGUMENT", async () => {
        const err = await streamed(rig.proc.client, "list", listRequest(API_TOKEN, {}, { continuationToken: "not-a-token" })).then(
            () => assert.fail("a foreign continuation token must fail"), (e) => e);
        assert.equal(err.code, grpc.status.INVALID_ARGUMENT, err.details);
        assert.match(err.details, /continuation token 'not-a-token' is not one this provider gave/);
    });

    it("never streams a token's secret or hash", async () => {
        const messages = await streamed(rig.proc.client, "list", listRequest(API_TOKEN));
        assert.equal(messages.length, 2);
        const wire = messages.map((m) => Buffer.from(m.serializeBinary()).toString("utf8")).join("\n");
        for (const token of created) {
            assert.ok(token.secret.length > 8 && token.hash.length > 8, "create returned a secret and a hash");
            assert.ok(!wire.includes(token.secret), "secret in List stream");
            assert.ok(!wire.includes(token.hash), "hash in List stream");
        }
    });
});
