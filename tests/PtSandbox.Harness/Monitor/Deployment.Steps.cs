using Grpc.Core;
using ProviderHost.Values;
using Pulumirpc;
using static ProviderHost.Values.PropertyMarshaller;

namespace PtSandbox.Harness.Monitor;

internal sealed partial class Deployment
{
    /// <summary>
    /// A provider resource (providers/registry.go Check, Diff, Create, Same): a fresh plugin, CheckConfig against the
    /// old inputs, DiffConfig against the old state, then Configure under the old id (same, update) or a new one
    /// (create, replace; the unknown id in preview). A replaced provider replaces every resource it served.
    /// </summary>
    private async Task<ResourceRecord> ProviderStepsAsync(string urn, PropertyMap inputs, string parent, IReadOnlyList<string> dependencies)
    {
        var type = Urns.Type(urn);
        var name = Urns.Name(urn);
        if (inputs.Values.Any(v => v.ContainsComputed()))
            throw new StepFailedException($"{type} resource '{name}': configuration that is not known yet is not supported by this monitor");
        var previous = old.Find(urn);
        var provider = await Rpc(type, name, "load", providers.LaunchAsync);
        var check = await Rpc(type, name, "check config", () => providers.CheckConfigAsync(provider, urn, previous?.Inputs ?? PropertyMap.Empty, inputs));
        ThrowOnFailures(type, name, check.Failures);
        var checkedInputs = MarkSecrets(ToPropertyMap(check.Inputs), inputs, []);
        foreach (var key in new[] { "version", ProviderRegistry.InternalKey })
            if (inputs.TryGetValue(key, out var value) && !checkedInputs.ContainsKey(key)) checkedInputs = checkedInputs.Set(key, value);

        string id, op;
        if (previous is null)
        {
            (id, op) = (NewProviderId(), StepOps.Create);
        }
        else
        {
            var diff = await Rpc(type, name, "diff config", () => providers.DiffConfigAsync(provider, previous, checkedInputs));
            var changes = diff.Changes == DiffResponse.Types.DiffChanges.DiffUnknown
                ? previous.Outputs.SameContent(ProviderRegistry.WithoutInternal(checkedInputs)) ? DiffResponse.Types.DiffChanges.DiffNone : DiffResponse.Types.DiffChanges.DiffSome
                : diff.Changes;
            var replace = changes == DiffResponse.Types.DiffChanges.DiffSome && EngineSession.IsReplacement(diff);
            (id, op) = replace ? (NewProviderId(), StepOps.Replace)
                : (previous.Id, changes == DiffResponse.Types.DiffChanges.DiffSome ? StepOps.Update : StepOps.Same);
            if (replace) _replaced.Add(previous);
        }
        await Rpc(type, name, "configure", () => providers.ConfigureAsync(provider, urn, id, checkedInputs));
        var record = new ResourceRecord(urn, type, true, id, parent, "", checkedInputs, ProviderRegistry.WithoutInternal(checkedInputs), dependencies);
        Step(op, record);
        return record;
    }

    private string NewProviderId() => dryRun ? Sentinels.UnknownString : Guid.NewGuid().ToString();

    /// <summary>
    /// A custom resource (step_generator.go generateSteps/diff, step.go): Check against the old inputs; with an old
    /// state Diff, then nothing (same), Update, or a replacement: Check again without olds, then Create before the old
    /// one's Delete at the end, or Delete first (deleteBeforeReplace); without one Check and Create. In preview Create
    /// and Update run with preview=true and nothing is deleted.
    /// </summary>
    private async Task<ResourceRecord> ResourceStepsAsync(
        RegisterResourceRequest request, string urn, PropertyMap inputs, string reference, IReadOnlyList<string> dependencies)
    {
        var (type, name) = (request.Type, request.Name);
        if (request.ImportId.Length > 0) throw new StepFailedException($"{type} resource '{name}': the import option is not supported by this monitor");
        var provider = Provider(reference, type, name);
        var previous = old.Find(urn) is { Custom: true, External: false } found ? found : null;
        var timeouts = request.CustomTimeouts;

        ResourceRecord Record(string id, PropertyMap checkedInputs, PropertyMap outputs) =>
            new(urn, type, true, id, request.Parent, reference, checkedInputs, MarkSecrets(outputs, checkedInputs, request.AdditionalSecretOutputs), dependencies);

        async Task<ResourceRecord> CreateAsync(PropertyMap checkedInputs)
        {
            providers.Record(new ProviderCall("Create", urn, Preview: dryRun));
            var created = await Rpc(type, name, "create", () => provider.Client.CreateAsync(new CreateRequest
            {
                Urn = urn, Name = name, Type = type, Properties = ToStruct(checkedInputs), Preview = dryRun,
                Timeout = Seconds(timeouts?.Create),
            }).ResponseAsync);
            if (!dryRun && created.Id.Length == 0) throw new StepFailedException($"{type} resource '{name}': provider did not return an ID from Create");
            return Record(created.Id, checkedInputs, ToPropertyMap(created.Properties));
        }

        if (previous is null)
        {
            var record = await CreateAsync(await CheckAsync(provider, urn, type, name, PropertyMap.Empty, inputs));
            Step(StepOps.Create, record);
            return record;
        }

        var checkedNews = await CheckAsync(provider, urn, type, name, previous.Inputs, inputs);
        var replace = await ProviderReplacedAsync(previous.Provider, reference);
        DiffResponse? diff = null;
        var update = false;
        if (!replace)
        {
            providers.Record(new ProviderCall("Diff", urn, previous.Id));
            diff = await Rpc(type, name, "diff", () => provider.Client.DiffAsync(new DiffRequest
            {
                Id = previous.Id, Urn = urn, Name = name, Type = type, Olds = ToStruct(previous.Outputs), News = ToStruct(checkedNews),
                OldInputs = ToStruct(previous.Inputs), IgnoreChanges = { request.IgnoreChanges },
            }).ResponseAsync);
            if (diff.Changes == DiffResponse.Types.DiffChanges.DiffUnknown)
                update = !previous.Inputs.SameContent(checkedNews);
            else if (diff.Changes == DiffResponse.Types.DiffChanges.DiffSome)
            {
                var changed = diff.Diffs.Concat(diff.DetailedDiff.Keys).ToList();
                replace = EngineSession.IsReplacement(diff) || request.ReplaceOnChanges.Any(p => p == "*" || changed.Any(c => c == p || c.StartsWith(p + ".", StringComparison.Ordinal) || c.StartsWith(p + "[", StringComparison.Ordinal)));
                update = !replace;
            }
        }

        if (!replace && !update)
        {
            var same = Record(previous.Id, checkedNews, previous.Outputs);
            Step(StepOps.Same, same);
            return same;
        }
        if (update)
        {
            providers.Record(new ProviderCall("Update", urn, previous.Id, dryRun));
            var updated = await Rpc(type, name, "update", () => provider.Client.UpdateAsync(new UpdateRequest
            {
                Id = previous.Id, Urn = urn, Name = name, Type = type, Olds = ToStruct(previous.Outputs), News = ToStruct(checkedNews),
                OldInputs = ToStruct(previous.Inputs), IgnoreChanges = { request.IgnoreChanges }, Preview = dryRun,
                Timeout = Seconds(timeouts?.Update),
            }).ResponseAsync);
            var record = Record(previous.Id, checkedNews, ToPropertyMap(updated.Properties));
            Step(StepOps.Update, record);
            return record;
        }

        // Replacement: the user's deleteBeforeReplace wins over the provider's.
        var deleteFirst = request.DeleteBeforeReplaceDefined || request.DeleteBeforeReplace
            ? request.DeleteBeforeReplace
            : diff?.DeleteBeforeReplace ?? false;
        var replacementInputs = await CheckAsync(provider, urn, type, name, PropertyMap.Empty, inputs);
        if (deleteFirst && !dryRun) await DeleteAsync(previous, StepOps.DeleteReplaced);
        var replacement = await CreateAsync(replacementInputs);
        Step(StepOps.CreateReplacement, replacement);
        Step(StepOps.Replace, replacement);
        if (dryRun) Step(StepOps.DeleteReplaced, previous);
        else if (!deleteFirst) _replaced.Add(previous);
        return replacement;
    }

    /// <summary>
    /// step_generator.go providerChanged: a resource moving to another provider is replaced when the new provider's
    /// DiffConfig against the old provider's state asks for a replacement.
    /// </summary>
    private async Task<bool> ProviderReplacedAsync(string oldReference, string newReference)
    {
        if (oldReference == newReference) return false;
        var oldProvider = old.Resources.FirstOrDefault(r => r.IsProvider && r.Reference == oldReference);
        var newProvider = _news.FirstOrDefault(r => r.IsProvider && r.Reference == newReference);
        if (oldProvider is null || newProvider is null || providers.Find(newReference) is not { } process) return true;
        var diff = await Rpc(newProvider.Type, newProvider.Name, "diff config",
            () => providers.DiffConfigAsync(process, oldProvider with { Urn = newProvider.Urn }, newProvider.Inputs));
        return diff.Changes == DiffResponse.Types.DiffChanges.DiffSome && EngineSession.IsReplacement(diff);
    }

    private async Task<PropertyMap> CheckAsync(ProviderProcess provider, string urn, string type, string name, PropertyMap olds, PropertyMap news)
    {
        providers.Record(new ProviderCall("Check", urn));
        var check = await Rpc(type, name, "check", () => provider.Client.CheckAsync(new CheckRequest
        {
            Urn = urn, Name = name, Type = type, Olds = ToStruct(olds), News = ToStruct(news),
            RandomSeed = Google.Protobuf.ByteString.CopyFrom(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        }).ResponseAsync);
        ThrowOnFailures(type, name, check.Failures);
        return ToPropertyMap(check.Inputs);
    }

    /// <summary>Check failures as the CLI prints them, without the value (which may be a secret).</summary>
    private static void ThrowOnFailures(string type, string name, IReadOnlyCollection<CheckFailure> failures)
    {
        if (failures.Count == 0) return;
        throw new StepFailedException(string.Join("; ", failures.Select(f => f.Property.Length > 0
            ? $"{type} resource '{name}': property {f.Property} has a problem: {f.Reason}"
            : $"{type} resource '{name}' has a problem: {f.Reason}")));
    }

    /// <summary>
    /// step_executor.go: the outputs named in additionalSecretOutputs, and every output whose same-named input is
    /// secret, become secret.
    /// </summary>
    private static PropertyMap MarkSecrets(PropertyMap outputs, PropertyMap inputs, IEnumerable<string> additionalSecretOutputs)
    {
        var secretKeys = additionalSecretOutputs.Concat(inputs.Where(kv => kv.Value.IsSecret).Select(kv => kv.Key)).ToHashSet();
        foreach (var key in secretKeys)
            if (key != "id" && outputs.TryGetValue(key, out var value) && !value.IsSecret)
                outputs = outputs.Set(key, PropertyValue.Secret(value));
        return outputs;
    }

    private static double Seconds(string? duration)
    {
        if (string.IsNullOrEmpty(duration)) return 0;
        var total = 0.0;
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(duration, @"(\d+(?:\.\d+)?)(h|ms|m|s)"))
            total += double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * m.Groups[2].Value switch
            {
                "h" => 3600, "m" => 60, "s" => 1, _ => 0.001,
            };
        return total;
    }

    /// <summary>A provider RPC of a step: its error fails the step with a message naming the resource.</summary>
    private static async Task<T> Rpc<T>(string type, string name, string operation, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException e)
        {
            throw new StepFailedException($"{type} resource '{name}': {operation} failed: {e.Status.Detail}");
        }
    }

    private static Task Rpc(string type, string name, string operation, Func<Task> call) =>
        Rpc(type, name, operation, async () => { await call(); return 0; });

    /// <summary>Deletes a managed resource through the provider that serves it (configured from state when this run has not).</summary>
    private async Task DeleteAsync(ResourceRecord record, string op)
    {
        if (record.Custom && !record.IsProvider && !record.External)
        {
            var providerRecord = _news.Concat(old.Resources).FirstOrDefault(r => r.IsProvider && r.Reference == record.Provider)
                ?? throw new StepFailedException($"{record.Type} resource '{record.Name}': its provider '{record.Provider}' is not in the state");
            var provider = await Rpc(providerRecord.Type, providerRecord.Name, "configure", () => providers.FromStateAsync(providerRecord));
            providers.Record(new ProviderCall("Delete", record.Urn, record.Id));
            await Rpc(record.Type, record.Name, "delete", () => provider.Client.DeleteAsync(new DeleteRequest
            {
                Id = record.Id, Urn = record.Urn, Name = record.Name, Type = record.Type,
                Properties = ToStruct(record.Outputs), OldInputs = ToStruct(record.Inputs),
            }).ResponseAsync);
        }
        _deleted.Add(Key(record));
        Step(op, record);
    }

    private static string Key(ResourceRecord record) => $"{record.Urn}|{record.Id}|{record.PendingDelete}";

    /// <summary>Before the program runs (an update only): replaced resources an earlier failed run left pending are deleted first.</summary>
    public Task BeginAsync() => Serialized("pending deletes", async () =>
    {
        if (dryRun) return 0;
        foreach (var pending in old.Resources.Where(r => r.PendingDelete).ToList()) await DeleteAsync(pending, StepOps.DeleteReplaced);
        return 0;
    });

    /// <summary>
    /// After the program succeeded: the replaced resources, then what the program no longer registers in reverse
    /// order (dependents first); in preview only the steps are shown.
    /// </summary>
    public Task FinishAsync() => Serialized("deletes", async () =>
    {
        foreach (var replaced in _replaced.ToList()) await DeleteAsync(replaced, StepOps.DeleteReplaced);
        foreach (var gone in old.Resources.Reverse().Where(r => !r.PendingDelete && !_registered.Contains(r.Urn)).ToList())
        {
            if (dryRun) Step(StepOps.Delete, gone);
            else await DeleteAsync(gone, StepOps.Delete);
        }
        return 0;
    });

    /// <summary>
    /// The state after the run, also after a failure: what is left of the old state (not replaced, not deleted) in its
    /// order, then what the program registered; a replaced resource not yet deleted stays, marked pending deletion.
    /// </summary>
    public StackState NewState()
    {
        // An old resource whose registration failed is still there: only a new record supersedes it.
        var newUrns = _news.Select(r => r.Urn).ToHashSet();
        var kept = old.Resources.Where(r => !_deleted.Contains(Key(r)) && !_replaced.Contains(r) && (r.PendingDelete || !newUrns.Contains(r.Urn)));
        var pending = _replaced.Where(r => !_deleted.Contains(Key(r)) && !r.IsProvider).Select(r => r with { PendingDelete = true });
        var replacedProviders = _replaced.Where(r => r.IsProvider && !_deleted.Contains(Key(r)));
        return new StackState([.. kept, .. replacedProviders, .. pending, .. _news]);
    }

    /// <summary>`pulumi destroy`: every managed resource deleted through its provider configured from state, dependents first.</summary>
    public Task DestroyAsync() => Serialized("destroy", async () =>
    {
        foreach (var record in old.Resources.Reverse()) await DeleteAsync(record, StepOps.Delete);
        return 0;
    });
}
