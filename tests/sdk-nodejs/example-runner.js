// Runs the compiled examples/typescript program (argv[2]: its directory) under pulumi.runtime.setMocks, with the
// project config given as JSON in argv[3], and prints what it did as one JSON line: the resources it registered or
// read, the invokes it made, and its stack outputs (value and secrecy). With argv[4] = "scanner-plain-key" it instead
// builds a ScannerClient from a plain (not secret) key and prints the error that refuses it.
"use strict";

const path = require("node:path");
const { installMocks, valueOf } = require("./mock-engine");

const [compiledDir, configJson, mode] = process.argv.slice(2);
const exampleDir = path.resolve(__dirname, "..", "..", "examples", "typescript");
// The program's own copy of @pulumi/pulumi: the one it, and the SDK installed beside it, load.
const pulumi = require(require.resolve("@pulumi/pulumi", { paths: [exampleDir] }));

const resources = [];
const invokes = [];

async function main() {
    const secretOutputsAsked = await installMocks(pulumi, {
        newResource(args) {
            resources.push({ type: args.type, name: args.name, id: args.id || undefined, inputs: args.inputs });
            if (args.type === "ptsandbox:index:ApiToken") {
                const state = args.id
                    ? { name: "made-elsewhere", permissions: ["TASKS_VIEW_ALL"], tokenId: Number(args.id), tokenHash: "hash-elsewhere" }
                    : { ...args.inputs, name: args.inputs.name ?? `${args.name}-abcdefg`, tokenId: 7, tokenHash: `hash-of-${args.name}`, token: `key-of-${args.name}` };
                return { id: args.id || "7", state };
            }
            return { id: `${args.name}-id`, state: args.inputs };
        },
        call(args) {
            invokes.push({ token: args.token, inputs: args.inputs });
            return { tokens: [], total: 1 };
        },
    }, "ptsandbox-typescript", "dev");
    for (const [key, value] of Object.entries(JSON.parse(configJson))) pulumi.runtime.setConfig(key, value);

    if (mode === "scanner-plain-key") {
        const { ScannerClient } = require(path.join(compiledDir, "scannerClient.js"));
        const client = new ScannerClient("scanner", { sandboxUrl: "sandbox.example.org", apiKey: "plain-key", tokenHash: "h" });
        try {
            await valueOf(client.settingsJson);
            return { error: null };
        } catch (e) {
            return { error: e.message };
        }
    }

    const program = require(path.join(compiledDir, "index.js"));
    const outputs = {};
    for (const [name, value] of Object.entries(program)) {
        if (value === undefined) continue;
        const output = pulumi.output(value);
        outputs[name] = { value: await valueOf(output), secret: await pulumi.isSecret(output) };
    }
    return { resources, invokes, outputs, secretOutputsAsked: Object.fromEntries(secretOutputsAsked) };
}

// An Output whose apply throws rejects a promise nobody awaits: report it as the program's error.
process.on("unhandledRejection", (e) => {
    process.stdout.write(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }) + "\n");
    process.exit(0);
});

main().then((result) => {
    process.stdout.write(JSON.stringify(result) + "\n");
    process.exit(0);
}, (e) => {
    process.stdout.write(JSON.stringify({ error: e instanceof Error ? e.stack : String(e) }) + "\n");
    process.exit(1);
});
