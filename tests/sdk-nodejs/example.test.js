// examples/typescript against the built SDK (`make sdk_nodejs`, then `npm ci` in examples/typescript, which installs
// sdk/nodejs/bin): it type-checks (tsc, strict), and compiled, it runs under mocks (example-runner.js) doing what its
// README says.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync, spawnSync } = require("node:child_process");
const { repoRoot } = require("./checker");

const exampleDir = path.join(repoRoot, "examples", "typescript");
const tsc = path.join(exampleDir, "node_modules", "typescript", "bin", "tsc");
const compiledDir = fs.mkdtempSync(path.join(os.tmpdir(), "ptsandbox-example-"));

function typeCheck(args) {
    return spawnSync(process.execPath, [tsc, ...args], { cwd: exampleDir, encoding: "utf8" });
}

/** The program run under mocks with this project config: { resources, invokes, outputs, secretOutputsAsked } or { error }. */
function runProgram(config = {}, mode) {
    const out = execFileSync(process.execPath, [path.join(__dirname, "example-runner.js"), compiledDir, JSON.stringify(config), ...(mode ? [mode] : [])], {
        encoding: "utf8",
        // Only the config given here: none of the PTSANDBOX_* variables of the machine running the tests.
        env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PTSANDBOX_"))), NODE_PATH: path.join(exampleDir, "node_modules") },
    });
    return JSON.parse(out.trim().split("\n").pop());
}

test.before(() => {
    const result = typeCheck(["-p", ".", "--outDir", compiledDir]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
});
test.after(() => fs.rmSync(compiledDir, { recursive: true, force: true }));

test("examples/typescript type-checks against the built SDK (tsc --noEmit, strict)", () => {
    const result = typeCheck(["--noEmit", "-p", "."]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
});

test("the type check fails on a program that misuses the SDK (a misspelt input, a number for a string)", () => {
    const mutant = path.join(exampleDir, ".typecheck-mutant.ts");
    const source = fs.readFileSync(path.join(exampleDir, "index.ts"), "utf8");
    for (const [from, to, message] of [
        ["rotationTriggers: { rotation: rotationKey },\n});\n\n// 2.", "rotationTrigger: { rotation: rotationKey },\n});\n\n// 2.", /rotationTrigger/],
        ['name: "scanner-service",', "name: 42,", /Type 'number' is not assignable/],
    ]) {
        assert.ok(source.includes(from));
        fs.writeFileSync(mutant, source.replace(from, to));
        try {
            const result = typeCheck(["--noEmit", "--strict", "--target", "ES2022", "--module", "commonjs", "--moduleResolution", "node", "--types", "node", ".typecheck-mutant.ts"]);
            assert.notEqual(result.status, 0);
            assert.match(result.stdout, message);
        } finally {
            fs.rmSync(mutant, { force: true });
        }
    }
});

/** Every ```typescript block of the Markdown files that show the Node.js SDK. */
function readmeSnippets() {
    const snippets = [];
    for (const rel of ["README.md", "sdk/nodejs/README.md", "examples/typescript/README.md", "docs/_index.md", "docs/installation-configuration.md"]) {
        const text = fs.readFileSync(path.join(repoRoot, rel), "utf8");
        for (const m of text.matchAll(/^```(?:typescript|ts)[ \t]*\n([\s\S]*?)^```/gm)) {
            snippets.push({ where: `${rel}:${text.slice(0, m.index).split("\n").length}`, code: m[1] });
        }
    }
    return snippets;
}

function typeCheckSnippet(code) {
    const file = path.join(exampleDir, ".readme-snippet.ts");
    fs.writeFileSync(file, code);
    try {
        return typeCheck(["--noEmit", "--strict", "--target", "ES2022", "--module", "commonjs", "--moduleResolution", "node", "--types", "node", ".readme-snippet.ts"]);
    } finally {
        fs.rmSync(file, { force: true });
    }
}

test("every TypeScript snippet of the READMEs type-checks against the built SDK, and a wrong one does not", () => {
    const snippets = readmeSnippets();
    assert.ok(snippets.some((s) => s.where.startsWith("README.md:")), "README.md has a TypeScript quick start");
    assert.ok(snippets.some((s) => s.where.startsWith("sdk/nodejs/README.md:")), "the SDK's README has a TypeScript example");
    for (const { where, code } of snippets) {
        const result = typeCheckSnippet(code);
        assert.equal(result.status, 0, `${where}:\n${result.stdout}${result.stderr}`);
    }
    const wrong = typeCheckSnippet(snippets[0].code.replace("permissions:", "permission:"));
    assert.notEqual(wrong.status, 0);
});

test("the program makes ciToken (autonamed, rotated 30d/7d/2d) and scannerToken (scanner-service) with the default provider", () => {
    const run = runProgram();
    assert.equal(run.error, undefined, run.error);
    const byName = Object.fromEntries(run.resources.map((r) => [r.name, r]));
    assert.deepEqual(Object.keys(byName).sort(), ["ciToken", "scanner", "scannerToken"]);
    assert.equal(run.resources.filter((r) => r.type.startsWith("pulumi:providers:")).length, 0, "no explicit provider");

    const ci = byName.ciToken;
    assert.equal(ci.type, "ptsandbox:index:ApiToken");
    assert.equal(ci.inputs.name, undefined, "ciToken sets no name: the provider names it");
    assert.deepEqual(ci.inputs.permissions, ["SCAN_WITH_PREDEFINED_SETTINGS", "TASKS_VIEW_ALL"]);
    assert.deepEqual(ci.inputs.rotation, { rotateAfter: "30d", earlyRotationWindow: "7d", previousTokenLifetime: "2d" });
    assert.deepEqual(ci.inputs.rotationTriggers, { rotation: "initial" });

    const scanner = byName.scannerToken;
    assert.equal(scanner.type, "ptsandbox:index:ApiToken");
    assert.equal(scanner.inputs.name, "scanner-service");
    assert.deepEqual(scanner.inputs.permissions, ["SCAN_WITH_EXTENDED_SETTINGS"]);
    assert.deepEqual(scanner.inputs.rotationTriggers, { rotation: "initial" });
    assert.equal(byName.scanner.type, "ptsandbox-example:index:ScannerClient");
});

test("the program looks up ciToken's generated name with getApiTokensOutput and exports the key only as secrets", () => {
    const run = runProgram();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(run.invokes, [{ token: "ptsandbox:index:getApiTokens", inputs: { name: "ciToken-abcdefg" } }]);
    const o = run.outputs;
    assert.deepEqual(o.tokenName, { value: "ciToken-abcdefg", secret: false });
    assert.deepEqual(o.tokensWithThisName, { value: 1, secret: false });
    assert.deepEqual(o.tokenHash, { value: "hash-of-ciToken", secret: false });
    assert.deepEqual(o.apiKey, { value: "key-of-ciToken", secret: true });
    assert.equal(o.scannerSettings.secret, true);
    assert.deepEqual(JSON.parse(o.scannerSettings.value), { baseUrl: "https://127.0.0.1:8443/api/v1", headers: { "X-Api-Key": "key-of-scannerToken" } });
    assert.deepEqual(o.scannerTokenHash, { value: "hash-of-scannerToken", secret: false });
    // No other output carries a key.
    for (const [name, { value, secret }] of Object.entries(o)) {
        if (!secret) assert.doesNotMatch(JSON.stringify(value) ?? "", /key-of-/, `${name} shows a key`);
    }
    assert.equal(o.existingTokenName, undefined);
});

test("rotationKey rotates both tokens, ptsandbox:host reaches the scanner, and existingTokenId reads a token with ApiToken.get", () => {
    const run = runProgram({
        "ptsandbox-typescript:rotationKey": "2026-11-29",
        "ptsandbox-typescript:existingTokenId": "42",
        "ptsandbox:host": "sandbox.example.org",
    });
    assert.equal(run.error, undefined, run.error);
    const byName = Object.fromEntries(run.resources.map((r) => [r.name, r]));
    assert.deepEqual(byName.ciToken.inputs.rotationTriggers, { rotation: "2026-11-29" });
    assert.deepEqual(byName.scannerToken.inputs.rotationTriggers, { rotation: "2026-11-29" });
    assert.equal(byName.existingToken.type, "ptsandbox:index:ApiToken");
    assert.equal(byName.existingToken.id, "42");
    assert.deepEqual(run.outputs.existingTokenName, { value: "made-elsewhere", secret: false });
    assert.deepEqual(run.outputs.existingTokenHash, { value: "hash-elsewhere", secret: false });
    assert.deepEqual(run.outputs.scannerPublicApiUrl, { value: "https://sandbox.example.org/api/v1", secret: false });
});

test("ScannerClient refuses an API key that is not a secret", () => {
    const run = runProgram({}, "scanner-plain-key");
    assert.match(run.error ?? "", /ScannerClient scanner: apiKey must be a secret Output/);
});
