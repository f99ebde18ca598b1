// The Node.js SDK agrees with provider/schema.json, and the checker that says so reports each kind of drift.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { checkSdk, readSdk, readSchema } = require("./checker");

const sdk = readSdk();
const schema = readSchema();

test("sdk/nodejs agrees with provider/schema.json", () => {
    assert.deepEqual(checkSdk(sdk, schema), []);
});

test("the SDK's package name is the schema's language.nodejs.packageName, outside Pulumi Corporation's @pulumi scope", () => {
    const name = JSON.parse(sdk["package.json"]).name;
    assert.equal(name, schema.language.nodejs.packageName);
    assert.match(name, /^@pulumi-ptsandbox\//);
});

/** A copy of the SDK with one source edited (the edit must apply: a mutation that changes nothing proves nothing). */
function edit(rel, from, to) {
    const files = { ...sdk };
    assert.ok(files[rel].includes(from), `${rel} does not contain ${JSON.stringify(from)}`);
    files[rel] = files[rel].replace(from, to);
    return files;
}

/** A copy of the schema changed by fn. */
function schemaWith(fn) {
    const copy = structuredClone(schema);
    fn(copy);
    return copy;
}

const token = "ptsandbox:index:ApiToken";

const mutations = [
    // Type tokens.
    ["resource type token", edit("apiToken.ts", "__pulumiType = 'ptsandbox:index:ApiToken'", "__pulumiType = 'ptsandbox:index:ApiKey'"), schema, "__pulumiType is ptsandbox:index:ApiKey"],
    ["provider type", edit("provider.ts", "__pulumiType = 'ptsandbox'", "__pulumiType = 'sandbox'"), schema, "Provider.__pulumiType is sandbox"],
    ["function token", edit("getApiTokens.ts", 'invoke("ptsandbox:index:getApiTokens"', 'invoke("ptsandbox:index:listApiTokens"'), schema, "getApiTokens invokes ptsandbox:index:listApiTokens"],
    ["output-form function token", edit("getApiTokens.ts", 'invokeOutput("ptsandbox:index:getApiTokens"', 'invokeOutput("ptsandbox::getApiTokens"'), schema, "getApiTokensOutput invokes ptsandbox::getApiTokens"],
    // Inputs: names, optionality, types.
    ["an input renamed in Args", edit("apiToken.ts", "    rotationTriggers?: pulumi.Input<{[key: string]: pulumi.Input<string>} | undefined>;\n}", "    rotationTrigger?: pulumi.Input<{[key: string]: pulumi.Input<string>} | undefined>;\n}"), schema, "ApiTokenArgs: property rotationTrigger is not in the schema"],
    ["an input the constructor does not send", edit("apiToken.ts", 'resourceInputs["comment"] = args?.comment;', ""), schema, "ApiToken constructor sends [name, permissions, rotation, rotationTriggers]"],
    ["a required input made optional", edit("apiToken.ts", "    permissions: pulumi.Input<pulumi.Input<enums.Permission>[]>;\n    /**\n     * Rotate", "    permissions?: pulumi.Input<pulumi.Input<enums.Permission>[]>;\n    /**\n     * Rotate"), schema, "ApiTokenArgs.permissions: optional, the schema says required"],
    ["a required input no longer checked", edit("apiToken.ts", "Missing required property 'permissions'", "Missing permissions"), schema, "ApiToken constructor requires []"],
    ["an input whose type drifted", edit("apiToken.ts", "    comment?: pulumi.Input<string | undefined>;\n    /**\n     * The token's name", "    comment?: pulumi.Input<number | undefined>;\n    /**\n     * The token's name"), schema, "ApiTokenArgs.comment: type pulumi.Input<number | undefined>"],
    ["a schema input the SDK lacks", sdk, schemaWith((s) => { s.resources[token].inputProperties.entryPointId = { type: "string" }; }), "ApiTokenArgs: property entryPointId is missing"],
    ["a state input the SDK lacks", sdk, schemaWith((s) => { s.resources[token].stateInputs.properties.extra = { type: "string" }; }), "ApiTokenState: property extra is missing"],
    // Outputs.
    ["an output whose optionality drifted", edit("apiToken.ts", "readonly tokenId: pulumi.Output<number>;", "readonly tokenId: pulumi.Output<number | undefined>;"), schema, "ApiToken.tokenId: type pulumi.Output<number | undefined>"],
    ["an output the schema gained", sdk, schemaWith((s) => { s.resources[token].properties.expiresAt = { type: "string" }; }), "the schema's properties [comment, createdAt, creatorLogin, entryPoint, expiresAt"],
    ["an output-only property sent as an input", edit("apiToken.ts", 'resourceInputs["tokenHash"] = undefined /*out*/;', 'resourceInputs["tokenHash"] = args?.tokenHash;'), schema, "ApiToken constructor sends [comment, name, permissions, rotation, rotationTriggers, tokenHash]"],
    // Secrets, replacement, aliases.
    ["the secret output not marked", edit("apiToken.ts", 'additionalSecretOutputs: ["token"]', "additionalSecretOutputs: []"), schema, "ApiToken additionalSecretOutputs [], the schema's secret properties are [token]"],
    ["a schema secret the SDK does not mark", sdk, schemaWith((s) => { s.resources[token].properties.tokenHash.secret = true; }), "the schema's secret properties are [token, tokenHash]"],
    ["replaceOnChanges missing a property", edit("apiToken.ts", 'replaceOnChanges: ["comment", "name", "permissions"]', 'replaceOnChanges: ["name", "permissions"]'), schema, "ApiToken replaceOnChanges [name, permissions]"],
    ["a schema alias the SDK lacks", sdk, schemaWith((s) => { s.resources[token].aliases = [{ type: "ptsandbox:index:Token" }]; }), "the schema's aliases are [ptsandbox:index:Token]"],
    // Enums.
    ["an enum value drifted", edit("types/enums/index.ts", 'TasksViewAll: "TASKS_VIEW_ALL"', 'TasksViewAll: "TASKS_VIEW"'), schema, 'enum Permission.TasksViewAll is "TASKS_VIEW"'],
    ["an enum member the schema gained", sdk, schemaWith((s) => { s.types["ptsandbox:index:Permission"].enum.push({ name: "FilesDownload", value: "FILES_DOWNLOAD" }); }), "enum Permission has members [ScanWithExtendedSettings, ScanWithPredefinedSettings, TasksViewAll], the schema's are [FilesDownload"],
    // Function args and result.
    ["a function argument not sent", edit("getApiTokens.ts", '        "name": args.name,\n    }, opts);\n}\n\nexport interface GetApiTokensOutputArgs', "    }, opts);\n}\n\nexport interface GetApiTokensOutputArgs"), schema, "getApiTokensOutput sends [], the schema's inputs are [name]"],
    ["a function argument the schema gained", sdk, schemaWith((s) => { s.functions["ptsandbox:index:getApiTokens"].inputs.properties.creatorLogin = { type: "string" }; }), "GetApiTokensArgs: property creatorLogin is missing"],
    ["an output-form argument not an Input", edit("getApiTokens.ts", "    name?: pulumi.Input<string | undefined>;", "    name?: string;"), schema, "GetApiTokensOutputArgs.name: type string"],
    ["a result property's type drifted", edit("getApiTokens.ts", "readonly total: number;", "readonly total: string;"), schema, "GetApiTokensResult.total: type string"],
    ["a result property not readonly", edit("getApiTokens.ts", "readonly total: number;", "total: number;"), schema, "GetApiTokensResult.total: not readonly"],
    // Config.
    ["a config default drifted", edit("config/vars.ts", '__config.get("requestTimeout") ?? "30s"', '__config.get("requestTimeout") ?? "60s"'), schema, 'config.requestTimeout defaults to "60s", the schema\'s default is "30s"'],
    ["a config variable read under another key", edit("config/vars.ts", '__config.get("host")', '__config.get("hostname")'), schema, "config.host reads key hostname"],
    ["a config variable the schema gained", sdk, schemaWith((s) => { s.config.variables.proxy = { type: "string" }; }), "the schema's config variables are [authType, caCertificate, host, insecureSkipVerify, operationTimeout, password, proxy"],
    ["a boolean config read as a string", edit("config/vars.ts", '__config.getObject<boolean>("insecureSkipVerify")', '__config.get("insecureSkipVerify")'), schema, "config.insecureSkipVerify (boolean) is read with __config.get, not __config.getObject"],
    ["a config variable with an environment default the SDK ignores", sdk, schemaWith((s) => { s.config.variables.host.defaultInfo = { environment: ["PTSANDBOX_HOST"] }; }), "config.host reads environment [], the schema's defaultInfo names [PTSANDBOX_HOST]"],
    // Provider inputs.
    ["a provider environment variable renamed", edit("provider.ts", 'utilities.getEnv("PTSANDBOX_CA_CERT")', 'utilities.getEnv("PTSANDBOX_CA_CERTIFICATE")'), schema, "Provider input caCertificate reads environment [PTSANDBOX_CA_CERTIFICATE], the schema's defaultInfo names [PTSANDBOX_CA_CERT]"],
    ["a boolean provider input read as a string", edit("provider.ts", 'utilities.getEnvBoolean("PTSANDBOX_INSECURE")', 'utilities.getEnv("PTSANDBOX_INSECURE")'), schema, "Provider input insecureSkipVerify (boolean) is read with utilities.getEnv, not utilities.getEnvBoolean"],
    ["a provider default drifted", edit("provider.ts", '(utilities.getEnv("PTSANDBOX_OPERATION_TIMEOUT") || "5m")', '(utilities.getEnv("PTSANDBOX_OPERATION_TIMEOUT") || "10m")'), schema, 'Provider input operationTimeout defaults to "10m"'],
    ["the provider password not sent as a secret", edit("provider.ts", "(args?.password ? pulumi.secret(args.password) : undefined)", "(args?.password)"), schema, "Provider input password: not sent as a secret"],
    ["a non-string provider input not JSON-encoded", edit("provider.ts", 'pulumi.output((args?.insecureSkipVerify) ?? (utilities.getEnvBoolean("PTSANDBOX_INSECURE") || false)).apply(JSON.stringify)', '(args?.insecureSkipVerify) ?? (utilities.getEnvBoolean("PTSANDBOX_INSECURE") || false)'), schema, "Provider input insecureSkipVerify (boolean) is not JSON-encoded"],
    ["a provider input missing from ProviderArgs", edit("provider.ts", "    username?: pulumi.Input<string | undefined>;\n}", "}"), schema, "ProviderArgs: property username is missing"],
    ["a provider input the schema gained", sdk, schemaWith((s) => { s.provider.inputProperties.proxy = { type: "string", defaultInfo: { environment: ["PTSANDBOX_PROXY"] } }; }), "Provider constructor sends [authType, caCertificate, host, insecureSkipVerify, operationTimeout, password, requestTimeout, username], the schema's provider inputs are [authType, caCertificate, host, insecureSkipVerify, operationTimeout, password, proxy"],
    // Object types.
    ["an input object type's property drifted", edit("types/input.ts", "    rotateAfter?: pulumi.Input<string | undefined>;", "    rotateAfterDays?: pulumi.Input<number | undefined>;"), schema, "types/input.ts RotationPolicyArgs: property rotateAfterDays is not in the schema"],
    ["an output object type's required property made optional", edit("types/output.ts", "    deleteAfter: string;", "    deleteAfter?: string;"), schema, "types/output.ts RetiringToken.deleteAfter: optional, the schema says required"],
    ["an output object type missing", edit("types/output.ts", "export interface TokenSummary {", "export interface TokenSummaries {"), schema, "types/output.ts declares [RetiringToken, RotationPolicy, TokenEntryPoint, TokenSummaries], the schema needs [RetiringToken, RotationPolicy, TokenEntryPoint, TokenSummary]"],
    ["an object type the schema gained", sdk, schemaWith((s) => { s.types["ptsandbox:index:RotationPolicy"].properties.notifyBefore = { type: "string" }; }), "types/input.ts RotationPolicyArgs: property notifyBefore is missing"],
    // Index, package metadata.
    ["the resource module not registered", edit("index.ts", 'registerResourceModule("ptsandbox", "index", _module)', 'registerResourceModule("ptsandbox", "", _module)'), schema, "index.ts registers resource modules [ptsandbox/], the schema gives [ptsandbox/index]"],
    ["a resource the index cannot construct", edit("index.ts", 'case "ptsandbox:index:ApiToken":', 'case "ptsandbox:index:Token":'), schema, "index.ts constructs [ptsandbox:index:Token]"],
    ["a function not exported", edit("index.ts", '["getApiTokens","getApiTokensOutput"]', '["getApiTokens"]'), schema, "index.ts lazily exports [ApiToken, Provider, getApiTokens], the schema gives [ApiToken, Provider, getApiTokens, getApiTokensOutput]"],
    ["package version not the schema's", edit("package.json", '    "version": "', '    "version": "9'), schema, "package.json version is"],
    ["the plugin's version not the schema's", edit("package.json", '        "version": "', '        "version": "9'), schema, 'package.json pulumi is'],
    ["package name not the schema's", edit("package.json", '"name": "@pulumi-ptsandbox/ptsandbox"', '"name": "@pulumi/ptsandbox"'), schema, 'package.json name is "@pulumi/ptsandbox", the schema gives "@pulumi-ptsandbox/ptsandbox"'],
    ["plugin server not the schema's", sdk, schemaWith((s) => { s.pluginDownloadURL = "github://api.github.com/someone/pulumi-ptsandbox"; }), "package.json pulumi is"],
    ["utilities' download URL not the schema's", edit("utilities.ts", 'pluginDownloadURL: "github://api.github.com/pulumi-ptsandbox/pulumi-ptsandbox"', 'pluginDownloadURL: "github://api.github.com/other/pulumi-ptsandbox"'), schema, "package.json utilities.ts pluginDownloadURL is"],
    ["a @pulumi/pulumi range not the schema's", sdk, schemaWith((s) => { s.language.nodejs.dependencies["@pulumi/pulumi"] = "^3.280.0"; }), 'package.json dependencies.@pulumi/pulumi is "^3.270.0", the schema gives "^3.280.0"'],
    ["a source tsconfig does not compile", edit("tsconfig.json", '        "provider.ts",\n', ""), schema, "tsconfig.json compiles"],
];

for (const [what, files, schemaVariant, expected] of mutations) {
    test(`the checker reports ${what}`, () => {
        const errors = checkSdk(files, schemaVariant);
        assert.ok(errors.some((e) => e.includes(expected)),
            `expected a difference containing ${JSON.stringify(expected)}, got:\n${errors.join("\n") || "(none)"}`);
    });
}
