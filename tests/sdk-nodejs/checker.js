// Compares the Node.js SDK's TypeScript sources with provider/schema.json, as tests/PtSandbox.Sdk.Tests does for the
// C# SDK: the sources are parsed with the TypeScript compiler API (syntax only) and every declaration the code
// generator derives from the schema is compared with what the schema says. checkSdk returns the differences found;
// an empty list means the SDK agrees with the schema.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const ts = require("typescript");

const repoRoot = path.resolve(__dirname, "..", "..");
const sdkDir = path.join(repoRoot, "sdk", "nodejs");

/** Every source file of the SDK (relative path with "/" separators -> text), package.json and tsconfig.json included. */
function readSdk(dir = sdkDir) {
    const files = {};
    const walk = (rel) => {
        for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
            const child = rel ? `${rel}/${entry.name}` : entry.name;
            if (entry.isDirectory()) {
                if (entry.name !== "node_modules" && entry.name !== "bin") walk(child);
            } else if (child.endsWith(".ts") || child === "package.json" || child === "tsconfig.json") {
                files[child] = fs.readFileSync(path.join(dir, child), "utf8");
            }
        }
    };
    walk("");
    return files;
}

function readSchema() {
    return JSON.parse(fs.readFileSync(path.join(repoRoot, "provider", "schema.json"), "utf8"));
}

const squash = (text) => text.replace(/\s+/g, "");
const lastSegment = (token) => token.split(":").pop();
const sorted = (xs) => [...xs].sort();
const sameSet = (a, b) => JSON.stringify(sorted(new Set(a))) === JSON.stringify(sorted(new Set(b)));
const show = (xs) => `[${sorted(xs).join(", ")}]`;

// ---- What the code generator writes for a schema type -------------------------------------------------------------

function refToken(spec) {
    return spec.$ref.slice(spec.$ref.lastIndexOf("/") + 1);
}

/** The TypeScript type of a value of the schema type in outputs (resource outputs, output types, plain args). */
function outputType(schema, spec) {
    if (spec.$ref) {
        const tok = refToken(spec);
        const target = schema.types[tok];
        if (!target) throw new Error(`schema: unknown type ${tok}`);
        return target.enum ? `enums.${lastSegment(tok)}` : `outputs.${lastSegment(tok)}`;
    }
    switch (spec.type) {
        case "string": return "string";
        case "integer": case "number": return "number";
        case "boolean": return "boolean";
        case "array": return `${outputType(schema, spec.items)}[]`;
        case "object": return `{[key: string]: ${outputType(schema, spec.additionalProperties)}}`;
        default: throw new Error(`schema: unsupported type ${JSON.stringify(spec)}`);
    }
}

/** The TypeScript type inside pulumi.Input<...> of an input of the schema type. */
function inputType(schema, spec) {
    if (spec.$ref) {
        const tok = refToken(spec);
        return schema.types[tok].enum ? `enums.${lastSegment(tok)}` : `inputs.${lastSegment(tok)}Args`;
    }
    switch (spec.type) {
        case "array": return `pulumi.Input<${inputType(schema, spec.items)}>[]`;
        case "object": return `{[key: string]: pulumi.Input<${inputType(schema, spec.additionalProperties)}>}`;
        default: return outputType(schema, spec);
    }
}

const inputMember = (schema, spec, required) =>
    ({ optional: !required, type: required ? `pulumi.Input<${inputType(schema, spec)}>` : `pulumi.Input<${inputType(schema, spec)} | undefined>` });
const outputMember = (schema, spec, required) => ({ optional: !required, type: outputType(schema, spec) });

// ---- Reading the sources -------------------------------------------------------------------------------------------

function parse(files, rel, errors) {
    const text = files[rel];
    if (text === undefined) {
        errors.push(`${rel}: missing`);
        return undefined;
    }
    return ts.createSourceFile(rel, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

function walk(node, visit) {
    visit(node);
    ts.forEachChild(node, (child) => walk(child, visit));
}

function find(sf, predicate) {
    const found = [];
    if (sf) walk(sf, (n) => { if (predicate(n)) found.push(n); });
    return found;
}

const nameOf = (n) => (n.name && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) ? n.name.text : undefined);
const hasModifier = (n, kind) => (ts.canHaveModifiers(n) ? ts.getModifiers(n) ?? [] : []).some((m) => m.kind === kind);

/** name -> { optional, type, readonly } of an exported interface (undefined when there is none). */
function interfaceMembers(sf, name) {
    const decl = find(sf, (n) => ts.isInterfaceDeclaration(n) && n.name.text === name)[0];
    if (!decl) return undefined;
    const members = {};
    for (const m of decl.members) {
        if (!ts.isPropertySignature(m)) continue;
        members[nameOf(m)] = {
            optional: !!m.questionToken,
            type: m.type ? m.type.getText(sf) : "",
            readonly: hasModifier(m, ts.SyntaxKind.ReadonlyKeyword),
        };
    }
    return members;
}

function classDecl(sf, name) {
    return find(sf, (n) => ts.isClassDeclaration(n) && n.name?.text === name)[0];
}

/** The string a static readonly field is initialised with. */
function staticString(cls, field) {
    const member = cls?.members.find((m) => ts.isPropertyDeclaration(m) && nameOf(m) === field);
    return member?.initializer && ts.isStringLiteral(member.initializer) ? member.initializer.text : undefined;
}

/** name -> type text of the class's `declare public readonly x: pulumi.Output<T>` properties. */
function outputProperties(sf, cls) {
    const props = {};
    for (const m of cls?.members ?? []) {
        if (ts.isPropertyDeclaration(m) && hasModifier(m, ts.SyntaxKind.DeclareKeyword)) props[nameOf(m)] = m.type ? m.type.getText(sf) : "";
    }
    return props;
}

/** [key, right-hand side] of every `resourceInputs["key"] = ...` in the node. */
function resourceInputAssignments(sf, node) {
    return find(node, (n) => ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isElementAccessExpression(n.left) && n.left.expression.getText(sf) === "resourceInputs" &&
        ts.isStringLiteral(n.left.argumentExpression))
        .map((n) => [n.left.argumentExpression.text, n.right]);
}

/** The string elements of every array given to the named option (additionalSecretOutputs, replaceOnChanges). */
function optionList(node, option) {
    const lists = find(node, (n) => ts.isPropertyAssignment(n) && nameOf(n) === option && ts.isArrayLiteralExpression(n.initializer));
    return lists.length === 0 ? undefined : lists.flatMap((l) => l.initializer.elements.filter(ts.isStringLiteral).map((e) => e.text));
}

/** Every call whose callee reads as `callee` (e.g. "pulumi.runtime.invoke"), with its arguments. */
function calls(node, callee) {
    return find(node, (n) => ts.isCallExpression(n) && n.expression.getText() === callee);
}

function literalValue(expr) {
    if (!expr) return undefined;
    if (ts.isParenthesizedExpression(expr)) return literalValue(expr.expression);
    if (ts.isStringLiteral(expr)) return expr.text;
    if (ts.isNumericLiteral(expr)) return Number(expr.text);
    if (expr.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (expr.kind === ts.SyntaxKind.FalseKeyword) return false;
    return undefined;
}

// ---- Comparisons ---------------------------------------------------------------------------------------------------

function compareMembers(errors, where, actual, expected) {
    if (actual === undefined) {
        errors.push(`${where}: missing`);
        return;
    }
    for (const name of Object.keys(expected)) {
        if (!(name in actual)) errors.push(`${where}: property ${name} is missing`);
    }
    for (const [name, got] of Object.entries(actual)) {
        const want = expected[name];
        if (!want) {
            errors.push(`${where}: property ${name} is not in the schema`);
            continue;
        }
        if (got.optional !== want.optional) errors.push(`${where}.${name}: ${got.optional ? "optional" : "required"}, the schema says ${want.optional ? "optional" : "required"}`);
        if (squash(got.type) !== squash(want.type)) errors.push(`${where}.${name}: type ${got.type}, the schema gives ${want.type}`);
        if (want.readonly !== undefined && got.readonly !== want.readonly) errors.push(`${where}.${name}: ${got.readonly ? "" : "not "}readonly`);
    }
}

function expectedMembers(schema, properties, required, member, extra = {}) {
    const out = {};
    for (const [name, spec] of Object.entries(properties ?? {})) out[name] = { ...member(schema, spec, required.has(name)), ...extra };
    return out;
}

function checkResource(errors, schema, files, token, spec) {
    const className = lastSegment(token);
    const rel = className[0].toLowerCase() + className.slice(1) + ".ts";
    const sf = parse(files, rel, errors);
    if (!sf) return;
    const cls = classDecl(sf, className);
    if (!cls) {
        errors.push(`${rel}: class ${className} is missing`);
        return;
    }
    const pulumiType = staticString(cls, "__pulumiType");
    if (pulumiType !== token) errors.push(`${className}.__pulumiType is ${pulumiType}, the schema's token is ${token}`);
    if (!cls.members.some((m) => ts.isMethodDeclaration(m) && nameOf(m) === "get" && hasModifier(m, ts.SyntaxKind.StaticKeyword))) errors.push(`${className}: static get is missing`);
    if (!cls.members.some((m) => ts.isMethodDeclaration(m) && nameOf(m) === "isInstance")) errors.push(`${className}: static isInstance is missing`);

    // Outputs: every property, Output<T> (T | undefined unless required).
    const required = new Set(spec.required ?? []);
    const outputs = outputProperties(sf, cls);
    const expectedOutputs = {};
    for (const [name, p] of Object.entries(spec.properties ?? {})) {
        expectedOutputs[name] = required.has(name) ? `pulumi.Output<${outputType(schema, p)}>` : `pulumi.Output<${outputType(schema, p)} | undefined>`;
    }
    if (!sameSet(Object.keys(outputs), Object.keys(expectedOutputs))) errors.push(`${className} outputs ${show(Object.keys(outputs))}, the schema's properties ${show(Object.keys(expectedOutputs))}`);
    for (const [name, type] of Object.entries(outputs)) {
        if (expectedOutputs[name] && squash(type) !== squash(expectedOutputs[name])) errors.push(`${className}.${name}: type ${type}, the schema gives ${expectedOutputs[name]}`);
    }

    // Args and State interfaces.
    compareMembers(errors, `${className}Args`, interfaceMembers(sf, `${className}Args`),
        expectedMembers(schema, spec.inputProperties, new Set(spec.requiredInputs ?? []), inputMember));
    if (spec.stateInputs) {
        compareMembers(errors, `${className}State`, interfaceMembers(sf, `${className}State`),
            expectedMembers(schema, spec.stateInputs.properties, new Set(), inputMember));
    }

    // The constructor sends the inputs under their schema names; the outputs it only declares.
    const ctor = cls.members.find((m) => ts.isConstructorDeclaration(m) && m.body);
    const assignments = resourceInputAssignments(sf, ctor);
    const fromArgs = assignments.filter(([, rhs]) => /\bargs\b/.test(rhs.getText(sf))).map(([k]) => k);
    const fromState = assignments.filter(([, rhs]) => /\bstate\b/.test(rhs.getText(sf))).map(([k]) => k);
    const outOnly = assignments.filter(([, rhs]) => rhs.getText(sf) === "undefined").map(([k]) => k);
    const inputNames = Object.keys(spec.inputProperties ?? {});
    if (!sameSet(fromArgs, inputNames)) errors.push(`${className} constructor sends ${show(fromArgs)}, the schema's inputProperties are ${show(inputNames)}`);
    const outNames = Object.keys(spec.properties ?? {}).filter((n) => !inputNames.includes(n));
    if (!sameSet(outOnly, outNames)) errors.push(`${className} constructor declares outputs ${show(outOnly)}, the schema's output-only properties are ${show(outNames)}`);
    if (spec.stateInputs && !sameSet(fromState, Object.keys(spec.stateInputs.properties))) errors.push(`${className} get sends state ${show(fromState)}, the schema's stateInputs are ${show(Object.keys(spec.stateInputs.properties))}`);
    const requiredChecks = find(ctor, (n) => ts.isStringLiteral(n) && n.text.startsWith("Missing required property '"))
        .map((n) => n.text.slice("Missing required property '".length, -1));
    if (!sameSet(requiredChecks, spec.requiredInputs ?? [])) errors.push(`${className} constructor requires ${show(requiredChecks)}, the schema's requiredInputs are ${show(spec.requiredInputs ?? [])}`);

    // Secret outputs and replace-on-changes.
    const secrets = Object.entries(spec.properties ?? {}).filter(([, p]) => p.secret).map(([n]) => n);
    const additionalSecretOutputs = optionList(ctor, "additionalSecretOutputs") ?? [];
    if (!sameSet(additionalSecretOutputs, secrets)) errors.push(`${className} additionalSecretOutputs ${show(additionalSecretOutputs)}, the schema's secret properties are ${show(secrets)}`);
    const replacing = Object.entries(spec.properties ?? {}).filter(([, p]) => p.willReplaceOnChanges).map(([n]) => n);
    const replaceOnChanges = optionList(ctor, "replaceOnChanges") ?? [];
    if (!sameSet(replaceOnChanges, replacing)) errors.push(`${className} replaceOnChanges ${show(replaceOnChanges)}, the schema's willReplaceOnChanges properties are ${show(replacing)}`);
    const aliases = (spec.aliases ?? []).map((a) => a.type);
    const aliasTypes = find(ctor, (n) => ts.isPropertyAssignment(n) && nameOf(n) === "aliases")
        .flatMap((n) => find(n, (x) => ts.isPropertyAssignment(x) && nameOf(x) === "type").map((x) => literalValue(x.initializer)));
    if (!sameSet(aliasTypes, aliases)) errors.push(`${className} aliases ${show(aliasTypes)}, the schema's aliases are ${show(aliases)}`);
}

function checkFunction(errors, schema, files, token, spec) {
    const name = lastSegment(token);
    const Name = name[0].toUpperCase() + name.slice(1);
    const rel = `${name}.ts`;
    const sf = parse(files, rel, errors);
    if (!sf) return;
    for (const [fn, invoke] of [[name, "pulumi.runtime.invoke"], [`${name}Output`, "pulumi.runtime.invokeOutput"]]) {
        const decl = find(sf, (n) => ts.isFunctionDeclaration(n) && n.name?.text === fn)[0];
        if (!decl) {
            errors.push(`${rel}: function ${fn} is missing`);
            continue;
        }
        const call = calls(decl, invoke)[0];
        const tok = literalValue(call?.arguments[0]);
        if (tok !== token) errors.push(`${fn} invokes ${tok}, the schema's token is ${token}`);
        const sent = call && ts.isObjectLiteralExpression(call.arguments[1]) ? call.arguments[1].properties.map(nameOf) : [];
        const inputs = Object.keys(spec.inputs?.properties ?? {});
        if (!sameSet(sent, inputs)) errors.push(`${fn} sends ${show(sent)}, the schema's inputs are ${show(inputs)}`);
    }
    const requiredIn = new Set(spec.inputs?.required ?? []);
    compareMembers(errors, `${Name}Args`, interfaceMembers(sf, `${Name}Args`),
        expectedMembers(schema, spec.inputs?.properties, requiredIn, outputMember));
    compareMembers(errors, `${Name}OutputArgs`, interfaceMembers(sf, `${Name}OutputArgs`),
        expectedMembers(schema, spec.inputs?.properties, requiredIn, inputMember));
    compareMembers(errors, `${Name}Result`, interfaceMembers(sf, `${Name}Result`),
        expectedMembers(schema, spec.outputs?.properties, new Set(spec.outputs?.required ?? []), outputMember, { readonly: true }));
}

function checkProvider(errors, schema, files) {
    const sf = parse(files, "provider.ts", errors);
    if (!sf) return;
    const cls = classDecl(sf, "Provider");
    const pulumiType = staticString(cls, "__pulumiType");
    if (pulumiType !== schema.name) errors.push(`Provider.__pulumiType is ${pulumiType}, the package is ${schema.name}`);
    const spec = schema.provider;
    compareMembers(errors, "ProviderArgs", interfaceMembers(sf, "ProviderArgs"),
        expectedMembers(schema, spec.inputProperties, new Set(spec.requiredInputs ?? []), inputMember));

    const outputs = outputProperties(sf, cls);
    const expectedOutputs = Object.keys(spec.properties ?? {});
    if (!sameSet(Object.keys(outputs), expectedOutputs)) errors.push(`Provider outputs ${show(Object.keys(outputs))}, the schema's provider properties are ${show(expectedOutputs)}`);

    const ctor = cls?.members.find((m) => ts.isConstructorDeclaration(m) && m.body);
    const assignments = new Map(resourceInputAssignments(sf, ctor));
    const inputs = Object.keys(spec.inputProperties ?? {});
    if (!sameSet([...assignments.keys()], inputs)) errors.push(`Provider constructor sends ${show([...assignments.keys()])}, the schema's provider inputs are ${show(inputs)}`);
    for (const [name, p] of Object.entries(spec.inputProperties ?? {})) {
        const rhs = assignments.get(name);
        if (!rhs) continue;
        const text = rhs.getText(sf);
        // Environment defaults: utilities.getEnv / getEnvBoolean / getEnvNumber by type, with the defaultInfo's names in order.
        const kind = { boolean: "Boolean", integer: "Number", number: "Number" }[p.type] ?? "";
        const envCalls = find(rhs, (n) => ts.isCallExpression(n) && /^utilities\.getEnv/.test(n.expression.getText(sf)));
        const envNames = envCalls.flatMap((c) => c.arguments.map(literalValue));
        const wantEnv = p.defaultInfo?.environment ?? [];
        if (JSON.stringify(envNames) !== JSON.stringify(wantEnv)) errors.push(`Provider input ${name} reads environment ${show(envNames)}, the schema's defaultInfo names ${show(wantEnv)}`);
        for (const c of envCalls) {
            if (c.expression.getText(sf) !== `utilities.getEnv${kind}`) errors.push(`Provider input ${name} (${p.type}) is read with ${c.expression.getText(sf)}, not utilities.getEnv${kind}`);
        }
        // The schema default, after the environment: (getEnv(...) || <default>).
        const fallbacks = find(rhs, (n) => ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.BarBarToken).map((n) => literalValue(n.right));
        const got = fallbacks.length ? fallbacks[0] : undefined;
        if (got !== p.default) errors.push(`Provider input ${name} defaults to ${JSON.stringify(got)}, the schema's default is ${JSON.stringify(p.default)}`);
        const secret = /pulumi\.secret\(/.test(text);
        if (secret !== !!p.secret) errors.push(`Provider input ${name}: ${secret ? "sent as a secret" : "not sent as a secret"}, the schema says ${p.secret ? "secret" : "not secret"}`);
        const json = /\.apply\(JSON\.stringify\)$/.test(squash(text));
        if (json !== (p.type !== "string")) errors.push(`Provider input ${name} (${p.type}) ${json ? "is" : "is not"} JSON-encoded; provider inputs other than strings must be`);
    }
    const secrets = Object.entries(spec.properties ?? {}).filter(([, p]) => p.secret).map(([n]) => n);
    const additionalSecretOutputs = optionList(ctor, "additionalSecretOutputs") ?? [];
    if (!sameSet(additionalSecretOutputs, secrets)) errors.push(`Provider additionalSecretOutputs ${show(additionalSecretOutputs)}, the schema's secret provider properties are ${show(secrets)}`);
}

function checkConfig(errors, schema, files) {
    const sf = parse(files, "config/vars.ts", errors);
    if (!sf) return;
    const bag = find(sf, (n) => ts.isNewExpression(n) && n.expression.getText(sf) === "pulumi.Config")[0];
    if (literalValue(bag?.arguments?.[0]) !== schema.name) errors.push(`config/vars.ts reads config namespace ${literalValue(bag?.arguments?.[0])}, the package is ${schema.name}`);
    const declared = {};
    for (const stmt of sf.statements) {
        if (ts.isVariableStatement(stmt) && hasModifier(stmt, ts.SyntaxKind.ExportKeyword) && hasModifier(stmt, ts.SyntaxKind.DeclareKeyword)) {
            for (const d of stmt.declarationList.declarations) declared[d.name.getText(sf)] = d.type?.getText(sf) ?? "";
        }
    }
    // Object.defineProperty(exports, "name", { get() { return <fetch>; } })
    const getters = {};
    for (const c of calls(sf, "Object.defineProperty")) {
        const key = literalValue(c.arguments[1]);
        const ret = find(c.arguments[2], ts.isReturnStatement)[0];
        if (key !== undefined && ret) getters[key] = ret.expression;
    }
    const variables = schema.config?.variables ?? {};
    if (!sameSet(Object.keys(declared), Object.keys(variables))) errors.push(`config/vars.ts declares ${show(Object.keys(declared))}, the schema's config variables are ${show(Object.keys(variables))}`);
    if (!sameSet(Object.keys(getters), Object.keys(variables))) errors.push(`config/vars.ts defines getters ${show(Object.keys(getters))}, the schema's config variables are ${show(Object.keys(variables))}`);
    for (const [name, p] of Object.entries(variables)) {
        const hasDefault = p.default !== undefined;
        const want = hasDefault ? outputType(schema, p) : `${outputType(schema, p)} | undefined`;
        if (declared[name] !== undefined && squash(declared[name]) !== squash(want)) errors.push(`config.${name}: type ${declared[name]}, the schema gives ${want}`);
        const fetch = getters[name];
        if (!fetch) continue;
        const read = find(fetch, (n) => ts.isCallExpression(n) && /^__config\.get/.test(n.expression.getText(sf)))[0];
        if (literalValue(read?.arguments[0]) !== name) errors.push(`config.${name} reads key ${literalValue(read?.arguments[0])}`);
        const getter = read ? read.expression.getText(sf).replace(/<.*>$/, "") : "";
        const wantGetter = p.type === "string" ? "__config.get" : "__config.getObject";
        if (getter !== wantGetter) errors.push(`config.${name} (${p.type}) is read with ${getter}, not ${wantGetter}`);
        const fallback = ts.isBinaryExpression(fetch) && fetch.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ? fetch.right : undefined;
        const envNames = find(fallback, (n) => ts.isCallExpression(n) && /^utilities\.getEnv/.test(n.expression.getText(sf))).flatMap((c) => c.arguments.map(literalValue));
        const wantEnv = p.defaultInfo?.environment ?? [];
        if (JSON.stringify(envNames) !== JSON.stringify(wantEnv)) errors.push(`config.${name} reads environment ${show(envNames)}, the schema's defaultInfo names ${show(wantEnv)}`);
        const gotDefault = fallback === undefined ? undefined
            : literalValue(fallback) ?? find(fallback, (n) => ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.BarBarToken).map((n) => literalValue(n.right))[0];
        if (gotDefault !== p.default) errors.push(`config.${name} defaults to ${JSON.stringify(gotDefault)}, the schema's default is ${JSON.stringify(p.default)}`);
    }
}

function checkEnums(errors, schema, files) {
    const sf = parse(files, "types/enums/index.ts", errors);
    if (!sf) return;
    const consts = {};
    for (const stmt of sf.statements) {
        if (!ts.isVariableStatement(stmt)) continue;
        for (const d of stmt.declarationList.declarations) {
            let init = d.initializer;
            if (init && ts.isAsExpression(init)) init = init.expression;
            if (init && ts.isObjectLiteralExpression(init)) consts[d.name.getText(sf)] = Object.fromEntries(init.properties.map((p) => [nameOf(p), literalValue(p.initializer)]));
        }
    }
    const types = new Set(sf.statements.filter(ts.isTypeAliasDeclaration).map((t) => t.name.text));
    const enums = Object.entries(schema.types ?? {}).filter(([, t]) => t.enum);
    if (!sameSet(Object.keys(consts), enums.map(([tok]) => lastSegment(tok)))) errors.push(`types/enums declares ${show(Object.keys(consts))}, the schema's enums are ${show(enums.map(([tok]) => lastSegment(tok)))}`);
    for (const [tok, t] of enums) {
        const name = lastSegment(tok);
        if (!types.has(name)) errors.push(`enum ${name}: the type alias is missing`);
        const members = consts[name] ?? {};
        const want = Object.fromEntries(t.enum.map((e) => [e.name ?? e.value, e.value]));
        if (!sameSet(Object.keys(members), Object.keys(want))) errors.push(`enum ${name} has members ${show(Object.keys(members))}, the schema's are ${show(Object.keys(want))}`);
        for (const [m, v] of Object.entries(members)) {
            if (m in want && want[m] !== v) errors.push(`enum ${name}.${m} is ${JSON.stringify(v)}, the schema's value is ${JSON.stringify(want[m])}`);
        }
    }
}

/** Object types reached from the given properties, transitively. */
function reachable(schema, properties, into = new Set()) {
    for (const p of Object.values(properties ?? {})) {
        for (const s of [p, p.items, p.additionalProperties]) {
            if (!s?.$ref) continue;
            const tok = refToken(s);
            if (schema.types[tok]?.type === "object" && !into.has(tok)) {
                into.add(tok);
                reachable(schema, schema.types[tok].properties, into);
            }
        }
    }
    return into;
}

function checkObjectTypes(errors, schema, files) {
    const inputsNeeded = new Set(), outputsNeeded = new Set();
    for (const r of Object.values(schema.resources ?? {})) {
        reachable(schema, r.inputProperties, inputsNeeded);
        reachable(schema, r.stateInputs?.properties, inputsNeeded);
        reachable(schema, r.properties, outputsNeeded);
    }
    for (const f of Object.values(schema.functions ?? {})) {
        reachable(schema, f.inputs?.properties, inputsNeeded);
        reachable(schema, f.outputs?.properties, outputsNeeded);
    }
    for (const [rel, needed, suffix, member] of [["types/input.ts", inputsNeeded, "Args", inputMember], ["types/output.ts", outputsNeeded, "", outputMember]]) {
        const sf = parse(files, rel, errors);
        if (!sf) continue;
        const declared = sf.statements.filter(ts.isInterfaceDeclaration).map((i) => i.name.text);
        const want = [...needed].map((tok) => lastSegment(tok) + suffix);
        if (!sameSet(declared, want)) errors.push(`${rel} declares ${show(declared)}, the schema needs ${show(want)}`);
        for (const tok of needed) {
            const t = schema.types[tok];
            compareMembers(errors, `${rel} ${lastSegment(tok)}${suffix}`, interfaceMembers(sf, lastSegment(tok) + suffix),
                expectedMembers(schema, t.properties, new Set(t.required ?? []), member));
        }
    }
}

function checkIndex(errors, schema, files) {
    const sf = parse(files, "index.ts", errors);
    if (!sf) return;
    const lazy = calls(sf, "utilities.lazyLoad").flatMap((c) => ts.isArrayLiteralExpression(c.arguments[1]) ? c.arguments[1].elements.map(literalValue) : []);
    const wantLazy = ["Provider",
        ...Object.keys(schema.resources ?? {}).map(lastSegment),
        ...Object.keys(schema.functions ?? {}).flatMap((t) => [lastSegment(t), lastSegment(t) + "Output"])];
    if (!sameSet(lazy, wantLazy)) errors.push(`index.ts lazily exports ${show(lazy)}, the schema gives ${show(wantLazy)}`);
    const modules = calls(sf, "pulumi.runtime.registerResourceModule").map((c) => `${literalValue(c.arguments[0])}/${literalValue(c.arguments[1])}`);
    const wantModules = [...new Set(Object.keys(schema.resources ?? {}).map((t) => `${schema.name}/${t.split(":")[1]}`))];
    if (!sameSet(modules, wantModules)) errors.push(`index.ts registers resource modules ${show(modules)}, the schema gives ${show(wantModules)}`);
    const cases = find(sf, ts.isCaseClause).map((c) => literalValue(c.expression));
    if (!sameSet(cases, Object.keys(schema.resources ?? {}))) errors.push(`index.ts constructs ${show(cases)}, the schema's resources are ${show(Object.keys(schema.resources ?? {}))}`);
    const pkg = calls(sf, "pulumi.runtime.registerResourcePackage").map((c) => literalValue(c.arguments[0]));
    if (!sameSet(pkg, [schema.name])) errors.push(`index.ts registers resource package ${show(pkg)}, the package is ${schema.name}`);
    if (!find(sf, (n) => ts.isStringLiteral(n) && n.text === `pulumi:providers:${schema.name}`).length) errors.push(`index.ts does not construct providers of type pulumi:providers:${schema.name}`);
}

function checkPackage(errors, schema, files) {
    let pkg;
    try {
        pkg = JSON.parse(files["package.json"]);
    } catch (e) {
        errors.push(`package.json: ${e.message}`);
        return;
    }
    const node = schema.language?.nodejs ?? {};
    const expect = (what, got, want) => { if (JSON.stringify(got) !== JSON.stringify(want)) errors.push(`package.json ${what} is ${JSON.stringify(got)}, the schema gives ${JSON.stringify(want)}`); };
    expect("name", pkg.name, node.packageName);
    expect("version", pkg.version, schema.version);
    expect("homepage", pkg.homepage, schema.homepage);
    expect("repository", pkg.repository, schema.repository);
    expect("license", pkg.license, schema.license);
    expect("keywords", pkg.keywords, schema.keywords);
    expect("pulumi", pkg.pulumi, { resource: true, name: schema.name, version: schema.version, server: schema.pluginDownloadURL });
    for (const [dep, range] of Object.entries(node.dependencies ?? {})) expect(`dependencies.${dep}`, pkg.dependencies?.[dep], range);
    // utilities.resourceOptsDefaults gives every resource and invoke the plugin's download location.
    const sf = parse(files, "utilities.ts", errors);
    const url = find(sf, (n) => ts.isPropertyAssignment(n) && nameOf(n) === "pluginDownloadURL").map((n) => literalValue(n.initializer));
    expect("utilities.ts pluginDownloadURL", url, [schema.pluginDownloadURL]);
    // tsconfig.json compiles every source file.
    const tsconfig = ts.parseConfigFileTextToJson("tsconfig.json", files["tsconfig.json"] ?? "").config ?? {};
    const sources = Object.keys(files).filter((f) => f.endsWith(".ts"));
    if (!sameSet(tsconfig.files ?? [], sources)) errors.push(`tsconfig.json compiles ${show(tsconfig.files ?? [])}, the SDK's sources are ${show(sources)}`);
    if (tsconfig.compilerOptions?.strict !== true) errors.push("tsconfig.json: strict is not on");
}

/** The differences between the SDK sources and the schema (empty: they agree). */
function checkSdk(files, schema) {
    const errors = [];
    for (const [token, spec] of Object.entries(schema.resources ?? {})) checkResource(errors, schema, files, token, spec);
    for (const [token, spec] of Object.entries(schema.functions ?? {})) checkFunction(errors, schema, files, token, spec);
    checkProvider(errors, schema, files);
    checkConfig(errors, schema, files);
    checkEnums(errors, schema, files);
    checkObjectTypes(errors, schema, files);
    checkIndex(errors, schema, files);
    checkPackage(errors, schema, files);
    return errors;
}

module.exports = { checkSdk, readSdk, readSchema, repoRoot, sdkDir };
