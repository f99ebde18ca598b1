// `make test` ends with the failed tests, one line each with the error's message, the failed suites and the total
// (tests/ci/summary.awk), since the end of the output is all a CI page shows. Fed the logs the suites write: dotnet
// test's console logger (a crashed test host's as it printed one) and a real node --test TAP run of failing tests.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const summary = resolve(dirname(fileURLToPath(import.meta.url)), "summary.awk");

/** Each log is written as build/<suite>.log is, suite "s0", "s1", ...; `failed` lists the suites whose make failed. */
function summarise(logs, failed = "") {
    const dir = mkdtempSync(join(tmpdir(), "summary-"));
    const files = logs.map((log, i) => {
        writeFileSync(join(dir, `s${i}.log`), log);
        return `s${i}.log`;
    });
    return execFileSync("awk", ["-v", `failed=${failed}`, "-f", summary, ...files], { cwd: dir, encoding: "utf8" });
}

const DOTNET = `  Passed PtSandbox.Client.Tests.Unit.A.Passes [1 ms]
[xUnit.net 00:00:04.10]     PtSandbox.Hardening.Tests.AbandonedCreateTests.Times_out(after: "2 s") [FAIL]
  Failed PtSandbox.Hardening.Tests.AbandonedCreateTests.Times_out(after: "2 s") [2 s]
  Error Message:
   Expected result to be "created", but found "timed out".
   second line of the message
  Stack Trace:
     at PtSandbox.Hardening.Tests.AbandonedCreateTests.Times_out(String after)
  Failed PtSandbox.Client.Tests.Unit.B.Throws(value: "a [b] c") [3 ms]
  Error Message:
   System.InvalidOperationException : 
the reason is on line two
  Stack Trace:
     at PtSandbox.Client.Tests.Unit.B.Throws(String value)
  Passed PtSandbox.Client.Tests.Unit.A.Also_passes [1 ms]

Test Run Failed.
Total tests: 4
     Passed: 2
     Failed: 2
`;

describe("make test's failure summary", () => {
    it("names each failed dotnet test with its error's message on one line", () => {
        assert.equal(summarise([DOTNET], " s0"), "failed tests:\n"
            + '  PtSandbox.Hardening.Tests.AbandonedCreateTests.Times_out(after: "2 s"): Expected result to be "created", but found "timed out". second line of the message\n'
            + '  PtSandbox.Client.Tests.Unit.B.Throws(value: "a [b] c"): System.InvalidOperationException : the reason is on line two\n'
            + "failed suites: s0\n2 passed, 2 failed\n");
    });

    it("names each failed node test with its error, inline or in a block, and not the suite holding it", () => {
        const dir = mkdtempSync(join(tmpdir(), "summary-node-"));
        writeFileSync(join(dir, "failing.test.mjs"), `import { describe, it } from "node:test";
import assert from "node:assert/strict";
describe("outer", () => { it("inner fails", () => assert.equal(1, 2)); it("inner passes", () => {}); });
it("top throws", () => { throw new Error("boom\\nsecond line"); });
it("top rejects", async () => { throw "plain text"; });
it("not done yet", { todo: true }, () => { throw new Error("a TODO test's failure is not one"); });
`);
        // Without NODE_TEST_CONTEXT, which this runner sets, the child is a run of its own rather than a part of this one.
        const { NODE_TEST_CONTEXT, ...env } = process.env;
        const run = spawnSync(process.execPath, ["--test", "--test-reporter=tap"], { cwd: dir, env, encoding: "utf8" });
        assert.notEqual(run.status, 0);
        assert.equal(summarise([run.stdout]),
            "failed tests:\n  inner fails: Expected values to be strictly equal: 1 !== 2\n  top throws: boom second line\n  top rejects: 'plain text'\n"
            + "1 passed, 3 failed\n");
    });

    it("reports a crashed test host with its reason and the first frame of the project's code", () => {
        const crash = `  Passed PtSandbox.Emulator.Tests.A.Passes [3 ms]
The active test run was aborted. Reason: Test host process crashed : Process terminated.
the reason it gave
   at System.Environment.FailFast(System.String)
   at PtSandbox.Emulator.Tests.CrashTests.Crashes_the_test_host()
   at System.Reflection.MethodBaseInvoker.InvokeWithNoArgs(System.Object, System.Reflection.BindingFlags)

Test Run Aborted.
Total tests: Unknown
     Passed: 1
`;
        assert.equal(summarise([crash]),
            "failed tests:\n  test host crashed: the reason it gave (at PtSandbox.Emulator.Tests.CrashTests.Crashes_the_test_host())\n"
            + "1 passed, 1 failed\n");
    });

    it("prints only the total when every test passed, across several logs", () => {
        assert.equal(summarise(["  Passed A.B [1 ms]\n     Passed: 1\n     Failed: 0\n", "ok 1 - fine\n# pass 1\n# fail 0\n"]), "2 passed, 0 failed\n");
    });

    it("shows the end of the log of a failed suite that names no failed test, and only of that one", () => {
        const install = "installing\n1\n2\n3\nnpm ERR! 404 Not Found - GET https://registry.example/x\nmake[1]: *** [Makefile:9: lint_ci] Error 1\n";
        assert.equal(summarise([install, DOTNET, "ok 1 - fine\n# pass 1\n# fail 0\n"], " s0 s1"),
            "failed tests:\n"
            + '  PtSandbox.Hardening.Tests.AbandonedCreateTests.Times_out(after: "2 s"): Expected result to be "created", but found "timed out". second line of the message\n'
            + '  PtSandbox.Client.Tests.Unit.B.Throws(value: "a [b] c"): System.InvalidOperationException : the reason is on line two\n'
            + "s0 failed with no test named; the end of s0.log:\n"
            + "    1\n    2\n    3\n    npm ERR! 404 Not Found - GET https://registry.example/x\n    make[1]: *** [Makefile:9: lint_ci] Error 1\n"
            + "failed suites: s0 s1\n3 passed, 2 failed\n");
    });
});
