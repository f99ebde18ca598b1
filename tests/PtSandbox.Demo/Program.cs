using System.Diagnostics;
using PtSandbox.Demo;
using PtSandbox.Harness;

// `make demo`: the provider binary through preview, up, no-op, rotation, a scheduled rotation with a grace period,
// refresh, import, getApiTokens and destroy, each command in freshly launched provider processes as the Pulumi engine
// runs them, against an in-process emulator; then examples/typescript, a real program on the Node.js SDK, through
// preview, up, no-op, rotation and destroy with the harness's resource monitor as its engine.
// Exit codes: 0 success; 1 a step failed or a secret appeared in the output; 2 bad command line.

const string Usage = "usage: dotnet run --project tests/PtSandbox.Demo -- --provider /abs/path/pulumi-resource-ptsandbox";

var binary = args is ["--provider", var path] ? path : args is [var single] && single.StartsWith("--provider=", StringComparison.Ordinal) ? single["--provider=".Length..] : null;
if (binary is null)
{
    Console.Error.WriteLine(args is ["--help"] or ["-h"] ? Usage : $"demo: expected --provider PATH\n{Usage}");
    return args is ["--help"] or ["-h"] ? 0 : 2;
}
binary = Path.GetFullPath(binary);

var clock = Stopwatch.StartNew();
var printer = new Printer(useColour: !Console.IsOutputRedirected);
var secrets = new SecretRegistry();
var exitCode = 0;

printer.Title("PT Sandbox provider demo: the lifecycle of API tokens, driven as the Pulumi engine drives a plugin");
try
{
    if (!File.Exists(binary)) throw new DemoFailure($"{binary} does not exist (run `make provider`)");

    await using var sandbox = await DemoSandbox.StartAsync();
    secrets.Add(sandbox.Password);
    await using var engine = await FakeEngine.StartAsync();
    var launcher = new ProviderLauncher(binary, engine, sandbox, printer);

    printer.Plain($"    provider:  {binary}");
    printer.Plain($"    sandbox:   {sandbox.Host} (emulator, HTTPS with a self-signed certificate made at start)");
    printer.Plain($"    config:    host {sandbox.Host}, username {DemoSandbox.Username}, password [secret]");
    printer.Plain($"               caCertificate {sandbox.CaPath}  (the emulator's PEM: the only certificate the provider trusts)");

    var steps = new DemoSteps(launcher, sandbox, secrets, printer);
    await steps.RunAsync();
    await new ProgramSteps(binary, sandbox, secrets, printer).RunAsync();
    await new RealPulumiRun(binary, sandbox, secrets, printer).RunIfAvailableAsync();
    await steps.SummaryAsync(clock);
}
catch (DemoFailure e)
{
    printer.Line();
    printer.Failure($"during `{printer.CurrentCommand}`: {e.Message}");
    exitCode = 1;
}
catch (Exception e)
{
    printer.Line();
    printer.Failure($"during `{printer.CurrentCommand}`: {e.GetType().Name}: {e.Message}");
    exitCode = 1;
}

// Self-check: no token secret, password or passphrase may appear in anything printed above.
var leaks = secrets.CountLeaks(printer.Captured);
printer.Line();
if (leaks > 0)
{
    printer.Failure($"self-check: {leaks} of {secrets.Count} secrets appear in the demo's output");
    exitCode = 1;
}
else
{
    printer.Plain($"self-check: none of the {secrets.Count} secrets the demo knows (every token value, the sandbox password) appears in its output");
}
printer.Plain(exitCode == 0 ? $"demo OK in {clock.Elapsed.TotalSeconds:0.0} s" : "demo FAILED (see above)");
return exitCode;
