using System.Globalization;
using ProviderHost.Values;
using PtSandbox.Harness;
using Pulumirpc;
using static ProviderHost.Values.PropertyMarshaller;

namespace PtSandbox.Demo;

/// <summary>What the engine plans for one resource in a preview.</summary>
internal sealed record PlannedStep(string Name, Op Op, PropertyMap Inputs, PropertyMap Outputs, DiffResponse? Diff);

/// <summary>
/// `pulumi preview` and `pulumi up` of a program against the stack: a preview phase (Check, Diff, Create(preview))
/// in one provider process, then the execution phase (Check, Diff, Create / Update / replace) in another.
/// </summary>
internal sealed class UpCommand(ProviderLauncher launcher, DemoStack stack, SecretRegistry secrets, Printer printer)
{
    private const string ApiToken = DemoProgram.ApiToken;

    /// <summary>The preview phase: what would happen, with no change anywhere.</summary>
    public Task<IReadOnlyList<PlannedStep>> PreviewAsync(IReadOnlyList<(string Name, PropertyMap Inputs)> program) =>
        launcher.PhaseAsync<IReadOnlyList<PlannedStep>>(Phase.Preview, ConfigSource.Program, async session =>
        {
            var plan = new List<PlannedStep>();
            foreach (var (name, inputs) in program)
                plan.Add(await PlanAsync(session, name, inputs));
            return plan;
        });

    /// <summary>The execution phase; every outcome must match the preview's plan.</summary>
    public Task<IReadOnlyList<(UpResult Result, ResourceState? Old)>> ExecuteAsync(
        IReadOnlyList<(string Name, PropertyMap Inputs)> program, IReadOnlyList<PlannedStep> plan) =>
        launcher.PhaseAsync<IReadOnlyList<(UpResult, ResourceState?)>>(Phase.Execution, ConfigSource.Program, async session =>
        {
            var results = new List<(UpResult, ResourceState?)>();
            foreach (var (name, inputs) in program)
            {
                var old = stack.Find(name);
                var result = old is null
                    ? new UpResult(UpAction.Created, await session.CreateAsync(ApiToken, name, inputs), null)
                    : await session.UpAsync(old, inputs);
                stack.Save(result.State);
                secrets.Add(result.State.Outputs.Text("token"));

                var planned = plan.Single(p => p.Name == name).Op;
                var done = result.Action switch
                {
                    UpAction.Created => Op.Create, UpAction.Same => Op.Same, UpAction.Updated => Op.Update, UpAction.Replaced => Op.Replace, _ => (Op?)null,
                };
                if (done != planned)
                    throw new DemoFailure($"{name}: the preview planned '{planned}' but `up` did '{result.Action}'");
                results.Add((result, old));
            }
            return results;
        });

    /// <summary>Shows a plan the way `pulumi preview` does, planned values included.</summary>
    public void ShowPlan(IReadOnlyList<PlannedStep> plan, bool withValues)
    {
        foreach (var step in plan)
        {
            var detail = step.Op == Op.Update ? $"({string.Join(", ", step.Diff!.Diffs.Select(key => WhyUpdated(stack.Get(step.Name), key)))})"
                : step.Diff is { Diffs.Count: > 0 } diff ? $"[diff: {string.Join(", ", diff.Diffs.Select(d => "~" + d))}]" : null;
            printer.Resource(step.Op, ApiToken, step.Name, detail);
            if (step.Op == Op.Replace && stack.Find(step.Name) is { } old)
                foreach (var key in step.Diff!.Diffs)
                    printer.Property(key, $"{Printer.Show(old.Inputs.Find(key))} => {Printer.Show(step.Inputs.Find(key))}");
            else if (withValues && step.Op == Op.Create)
                ShowProperties(step.Outputs);
        }
        printer.Summary("Resources: " + Counts(plan));
    }

    public void ShowProperties(PropertyMap properties)
    {
        foreach (var key in DemoProgram.PropertyOrder.Where(properties.ContainsKey).Concat(properties.Keys.Except(DemoProgram.PropertyOrder)))
            if (properties.Find(key) is { } value)
                printer.Property(key, Printer.Show(value));
    }

    /// <summary>The outputs a user looks at after a create: id, short hash, creator, time, and the secret as [secret].</summary>
    public void ShowCreated(ResourceState state)
    {
        printer.Property("id", state.Id);
        printer.Property("tokenHash", Printer.Short(state.Outputs.Text("tokenHash")));
        printer.Property("creatorLogin", state.Outputs.Text("creatorLogin") ?? "(none)");
        printer.Property("createdAt", state.Outputs.Text("createdAt") ?? "(none)");
        printer.Property("token", Printer.Show(state.Outputs.Find("token")));
    }

    public static string Counts(IEnumerable<PlannedStep> plan)
    {
        var groups = plan.GroupBy(p => p.Op).ToDictionary(g => g.Key, g => g.Count());
        var parts = new List<string>();
        if (groups.TryGetValue(Op.Create, out var create)) parts.Add($"+ {create} to create");
        if (groups.TryGetValue(Op.Update, out var update)) parts.Add($"~ {update} to update");
        if (groups.TryGetValue(Op.Replace, out var replace)) parts.Add($"+- {replace} to replace");
        if (groups.TryGetValue(Op.Same, out var same)) parts.Add($"{same} unchanged");
        return string.Join(", ", parts);
    }

    /// <summary>
    /// New: Check → Create(preview). Existing: Check(olds) → Diff; an update adds Update(preview), a replacement
    /// Check(no olds) → Create(preview).
    /// </summary>
    private async Task<PlannedStep> PlanAsync(EngineSession session, string name, PropertyMap inputs)
    {
        var old = stack.Find(name);
        if (old is null)
        {
            var preview = await session.PreviewCreateAsync(ApiToken, name, inputs);
            return new PlannedStep(name, Op.Create, inputs, ToPropertyMap(preview.Properties), null);
        }

        var planned = await session.PreviewUpAsync(old, inputs);
        var op = planned.Action switch { UpAction.Same => Op.Same, UpAction.Updated => Op.Update, _ => Op.Replace };
        return new PlannedStep(name, op, inputs, planned.Outputs, planned.Diff);
    }

    /// <summary>Why a diff key of an in-place update changes, from the state before it, e.g. "rotationDueAt: due since …".</summary>
    private static string WhyUpdated(ResourceState old, string key) => key switch
    {
        "rotationDueAt" => $"rotationDueAt: due since {old.Outputs.Text("rotationDueAt")}",
        "retiringTokens" => "retiringTokens: " + string.Join(", ", RetiringTokens(old)
            .Where(t => DateTimeOffset.Parse(t.Text("deleteAfter")!, CultureInfo.InvariantCulture) <= DateTimeOffset.UtcNow)
            .Select(t => $"#{Printer.Show(t.Find("tokenId"))} past its deleteAfter {t.Text("deleteAfter")}")),
        _ => key,
    };

    /// <summary>The tokens a rotation in place replaced and the resource still holds (its output <c>retiringTokens</c>).</summary>
    public static IReadOnlyList<PropertyMap> RetiringTokens(ResourceState state) =>
        state.Outputs.Find("retiringTokens")?.Unsecret() is { Kind: PropertyValueKind.Array } tokens
            ? [.. tokens.ArrayValue.Select(t => t.Unsecret().ObjectValue)]
            : [];
}
