using ProviderHost.Values;
using PtSandbox.Harness;
using PtSandbox.Harness.Monitor;
using static PtSandbox.Demo.DemoFailure;

namespace PtSandbox.Demo;

/// <summary>
/// The demo's second part: examples/typescript, a real Pulumi program on the Node.js SDK, run by `node` with the
/// harness's resource monitor as its engine (what `pulumi preview / up / destroy` do with a local backend), against
/// the same emulator, with the default provider configured from stack config.
/// </summary>
internal sealed class ProgramSteps(string providerBinary, DemoSandbox sandbox, SecretRegistry secrets, Printer printer)
{
    private const string Project = "ptsandbox-typescript";

    public async Task RunAsync()
    {
        var example = Path.Combine(RepositoryRoot.Find(), "examples", "typescript");
        if (!Directory.Exists(Path.Combine(example, "node_modules", "@pulumi-ptsandbox", "ptsandbox")))
            throw new DemoFailure($"{example} has no node_modules (run `make programs`, which `make demo` runs first)");

        var folder = Directory.CreateTempSubdirectory("ptsandbox-demo-stack-").FullName;
        try
        {
            var stack = new PulumiStack(new StackOptions
            {
                Project = Project,
                ProgramDirectory = example,
                StateFile = Path.Combine(folder, "dev.json"),
                ProviderBinary = providerBinary,
                Config = new StackConfig().SetAll("ptsandbox", sandbox.Config),
            });
            printer.Line();
            printer.Title("Part 2: a real Pulumi program (examples/typescript, Node.js SDK) with the harness as its engine");
            printer.Plain($"    program:   {example}  (node @pulumi/pulumi/cmd/run, as pulumi-language-nodejs starts it)");
            printer.Plain("    engine:    the harness's ResourceMonitor and Engine services; one provider process per run");
            printer.Plain($"    state:     {stack.Options.StateFile} (secrets AES-GCM encrypted, key beside it)");
            printer.Plain("    config:    ptsandbox:host, ptsandbox:username, ptsandbox:password [secret], ptsandbox:caCertificate");

            await PreviewAsync(stack);
            await UpAsync(stack, "pulumi up", "creates both tokens; the program hands scannerToken's key to its ScannerClient");
            var noOp = await UpAsync(stack, "pulumi up", "same program, same config: nothing to do");
            Expect(!noOp.ProviderCalls.Any(c => c.Method is "Create" or "Update" or "Delete"), "a second `up` sends no Create, Update or Delete");

            printer.Line();
            printer.Plain($"    $ pulumi config set rotationKey 2026-11-29");
            stack.Config.Set($"{Project}:rotationKey", "2026-11-29");
            var rotation = await UpAsync(stack, "pulumi up", "rotationKey changed: ciToken rotates in place, scannerToken is replaced");
            ShowOrder(rotation);

            await DestroyAsync(stack);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task PreviewAsync(PulumiStack stack)
    {
        printer.Command("pulumi preview", "the program runs with --dry-run: providers answer with unknowns");
        var before = await sandbox.Control.GetStatsAsync();
        var run = await RunAsync(stack.PreviewAsync());
        ShowSteps(run);
        ShowOutputs(run);
        var requests = SandboxCalls.Total(await sandbox.Control.GetStatsAsync()) - SandboxCalls.Total(before);
        printer.Note($"the sandbox got {requests} requests during the preview");
        Expect(requests == 0, "a preview makes no sandbox request");
        Expect(run.StepsOf(StepOps.Create).Count(s => s.Type == DemoProgram.ApiToken) == 2, "the preview plans to create both tokens");
    }

    private async Task<RunResult> UpAsync(PulumiStack stack, string command, string why)
    {
        printer.Command(command, why);
        var before = await sandbox.Control.GetStatsAsync();
        var run = await RunAsync(stack.UpAsync());
        foreach (var resource in stack.State.Managed)
            secrets.Add(resource.Outputs.Find("token")?.Unsecret() is { Kind: PropertyValueKind.String } token ? token.StringValue : null);
        ShowSteps(run);
        ShowOutputs(run);
        printer.Note("sandbox calls: " + SandboxCalls.Describe(before, await sandbox.Control.GetStatsAsync()));
        Expect(run.Outputs.Find("apiKey")?.IsSecret == true, "the exported key is a secret stack output");
        Expect(secrets.CountLeaks(stack.StateText) == 0, "no secret in plain text in the state file");
        printer.Good($"state file: {stack.State.Managed.Count()} tokens, their keys encrypted (none of the {secrets.Count} known secrets in its text)");
        return run;
    }

    private async Task DestroyAsync(PulumiStack stack)
    {
        printer.Command("pulumi destroy", "no program run: the state says what to delete");
        var before = await sandbox.Control.GetStatsAsync();
        var run = await RunAsync(stack.DestroyAsync());
        ShowSteps(run);
        printer.Note("sandbox calls: " + SandboxCalls.Describe(before, await sandbox.Control.GetStatsAsync()));
        var live = await sandbox.LiveTokenCountAsync();
        printer.Good($"the sandbox holds {live} live tokens; the state holds {stack.State.Resources.Count} resources");
        Expect(live == 0 && stack.State.Resources.Count == 0, "destroy deletes every token, retiring ones included");
    }

    private async Task<RunResult> RunAsync(Task<RunResult> running)
    {
        var run = await running;
        if (!run.Succeeded) throw new DemoFailure($"the {run.Operation} failed: {run.Error}");
        return run;
    }

    private void ShowSteps(RunResult run)
    {
        var shown = run.Steps.Where(s => s.Op is not (StepOps.CreateReplacement or StepOps.DeleteReplaced) && !s.Type.StartsWith("pulumi:", StringComparison.Ordinal)).ToList();
        foreach (var step in shown)
            printer.Resource(Sign(step.Op, run.Operation == "preview"), step.Type, step.Name);
        var preview = run.Operation == "preview";
        var counts = shown.GroupBy(s => s.Op).Select(g => $"{g.Count()} " + (g.Key == StepOps.Same ? "unchanged"
            : preview ? "to " + g.Key : g.Key == StepOps.Replace ? "replaced" : g.Key.TrimEnd('e') + "ed"));
        printer.Summary("Resources: " + string.Join(", ", counts));
    }

    private void ShowOutputs(RunResult run)
    {
        if (run.Outputs.Count == 0) return;
        printer.Phase("Outputs:");
        var width = run.Outputs.Keys.Max(k => k.Length) + 2;
        foreach (var (key, value) in run.Outputs.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            printer.Plain($"          {(key + ":").PadRight(width)}{Printer.Show(value)}");
    }

    /// <summary>The order of the provider's Create and Delete calls: the replacement's new token comes first.</summary>
    private void ShowOrder(RunResult run)
    {
        var order = run.ProviderCalls.Where(c => c.Method is "Create" or "Update" or "Delete")
            .Select(c => $"{c.Method} {Urns.Name(c.Target)}{(c.Id is null ? "" : " (id " + c.Id + ")")}").ToList();
        printer.Note("provider calls in order: " + string.Join(" → ", order));
        var create = order.FindIndex(c => c.StartsWith("Create scannerToken", StringComparison.Ordinal));
        var delete = order.FindIndex(c => c.StartsWith("Delete scannerToken", StringComparison.Ordinal));
        Expect(create >= 0 && delete > create, "scannerToken's new token is created before its old one is deleted");
    }

    private static Op Sign(string op, bool preview) => op switch
    {
        StepOps.Create => preview ? Op.Create : Op.Created,
        StepOps.Update => preview ? Op.Update : Op.Updated,
        StepOps.Replace => preview ? Op.Replace : Op.Replaced,
        StepOps.Delete or StepOps.DeleteReplaced => preview ? Op.Delete : Op.Deleted,
        StepOps.Read => Op.Refreshed,
        _ => Op.Same,
    };
}
