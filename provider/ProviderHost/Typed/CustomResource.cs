using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ProviderHost.Resources;
using ProviderHost.Values;

namespace ProviderHost.Typed;

/// <summary>What the generator derives from a resource's declaration.</summary>
public sealed record ResourceShapes<TArgs, TState>(string TypeToken, string? Description, ObjectShape<TArgs> Args, ObjectShape<TState> State, bool UpdatesInPlace)
{
    public bool RefreshBeforeUpdate { get; init; }

    /// <summary>The input autonaming fills in (see <see cref="ResourceAttribute.AutoName"/>).</summary>
    public string? AutoName { get; init; }
}

/// <summary>
/// Who a call is about, where its log lines go, which input paths were unknown or secret (Check, Diff), which inputs
/// autonaming filled in, and (Update) what the resource reports back besides its state.
/// </summary>
public sealed class ResourceCall(ResourceContext context, DecodeScope inputs, IReadOnlyCollection<string>? autonamed = null)
{
    private readonly List<string> _willChange = [];
    private readonly List<string> _problems = [];

    public string Urn => context.Urn;
    public string Name => context.Name;
    public ILogger Logger => context.Logger;
    public DecodeScope Inputs { get; } = inputs;

    /// <summary>The input was filled in by autonaming, at this Check or an earlier one, rather than written by the program.</summary>
    public bool IsAutonamed(string property) => autonamed?.Contains(property) == true;

    /// <summary>Update in preview: these state properties will change to values not known yet (shown as unknown).</summary>
    public void WillChange(params string[] properties) => _willChange.AddRange(properties);

    /// <summary>
    /// Update: what went wrong after the change was made. Non-empty: the engine records the returned state and shows
    /// these as the error; the next `pulumi up` sends Update again.
    /// </summary>
    public void ReportProblem(string problem) => _problems.Add(problem);

    internal IReadOnlyList<string> ChangingProperties => _willChange;
    internal IReadOnlyList<string> Problems => _problems;
}

/// <summary>What Diff compares: the inputs as recorded and as checked now, and the recorded state.</summary>
public sealed record DiffCall<TArgs, TState>(string Id, PropertyMap OldInputs, PropertyMap News, TArgs OldArgs, TState OldState, TArgs NewArgs);

public sealed record Created<TState>(string Id, TState State)
{
    /// <summary>
    /// What went wrong after the resource came to exist. Non-empty: the engine records the resource and its state
    /// and shows these as the error; the next `pulumi up` sends Update to finish it.
    /// </summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}

/// <summary>A resource as read back: its id, the inputs that would produce it, and its state.</summary>
public sealed record Observed<TArgs, TState>(string Id, TArgs Args, TState State);

/// <summary>
/// A custom resource declared once, as typed inputs and state: the generator derives its schema, decoding (Check
/// failures on property paths), encoding (secrets marked), preview outputs and default diff. A resource overrides
/// only what is special: <see cref="Validate"/>, <see cref="Unchanged"/>, and Update when it can change in place.
/// Secrecy follows the values: a state property is secret when declared so, or when the input of the same name
/// held a secret.
/// </summary>
public abstract class CustomResource<TArgs, TState> : ICustomResource where TArgs : class where TState : class
{
    /// <summary>Provided by the generator.</summary>
    protected abstract ResourceShapes<TArgs, TState> Shapes { get; }

    public string TypeToken => Shapes.TypeToken;

    public JsonObject Schema => SchemaWriter.Resource(Shapes.TypeToken, Shapes.Description, Shapes.Args, Shapes.State, Shapes.AutoName);

    public bool RefreshBeforeUpdate => Shapes.RefreshBeforeUpdate;

    public bool HonoursAutonaming => Shapes.AutoName is not null;

    /// <summary>
    /// Recorded beside the inputs: which of them autonaming filled in. The engine keeps keys starting with "__" in
    /// state without showing them; a program cannot set it (Check refuses unknown inputs).
    /// </summary>
    internal const string AutonamedKey = "__autonamed";

    /// <summary>Rules beyond the declared types; report with <see cref="DecodeScope.Fail"/>. A path that is not
    /// <see cref="DecodeScope.IsKnown"/> holds <c>default</c>: check before reading it.</summary>
    protected virtual void Validate(TArgs args, ResourceCall call) { }

    /// <summary>
    /// Called for an input property whose encoded value differs from the old one: true when the two mean the same
    /// (a list compared as a set, "" as no value). By default they differ.
    /// </summary>
    protected virtual bool Unchanged(string property, TArgs olds, TArgs news) => false;

    protected abstract Task<Created<TState>> CreateAsync(ResourceCall call, TArgs args, CancellationToken cancellationToken);

    /// <summary>The resource as it is now, or null when it is gone. <paramref name="oldArgs"/> and
    /// <paramref name="oldState"/> are null for an import (or a lookup by id).</summary>
    protected abstract Task<Observed<TArgs, TState>?> ReadAsync(ResourceCall call, string id, TArgs? oldArgs, TState? oldState, CancellationToken cancellationToken);

    /// <summary>Changes the resource in place. Declaring an override makes changes of inputs not marked
    /// ReplaceOnChanges updates; without one, every change replaces.</summary>
    protected virtual Task<TState> UpdateAsync(ResourceCall call, string id, TArgs oldArgs, TState oldState, TArgs news, bool preview, CancellationToken cancellationToken) =>
        throw new ProviderException($"{TypeToken} cannot be changed in place; its changes replace it");

    protected abstract Task DeleteAsync(ResourceCall call, string id, TArgs oldArgs, TState oldState, CancellationToken cancellationToken);

    /// <summary>
    /// A name for a resource whose program leaves <see cref="ResourceAttribute.AutoName"/> unset and whose stack
    /// proposes none: derived from the resource's name and <paramref name="random"/> (seeded by the engine, so a
    /// preview and the update after it agree). It must pass the property's own checks.
    /// </summary>
    protected virtual string NewName(string resourceName, Random random) =>
        throw new InvalidOperationException($"{TypeToken} declares AutoName but does not override NewName");

    /// <summary>The default diff, for an override that adds to it.</summary>
    protected DiffResult DefaultDiff(PropertyMap olds, PropertyMap news)
    {
        var changes = new Dictionary<string, PropertyDiff>();
        TArgs? oldArgs = null, newArgs = null;
        foreach (var spec in Shapes.Args.Properties)
        {
            var (old, @new) = (olds.Find(spec.Name), news.Find(spec.Name));
            var changed = @new is not null && @new.ContainsComputed() // preview: assume the worst
                || (!(old is null ? @new is null : old.SameContent(@new)) && !Unchanged(spec.Name,
                    oldArgs ??= Shapes.Args.Read(olds, new DecodeScope(lenient: true)), newArgs ??= Shapes.Args.Read(news, new DecodeScope(lenient: true))));
            if (!changed) continue;
            var replace = spec.ReplaceOnChanges || !Shapes.UpdatesInPlace;
            changes[spec.Name] = new PropertyDiff((old, @new, replace) switch
            {
                (null, _, true) => PropertyDiffKind.AddReplace,
                (null, _, false) => PropertyDiffKind.Add,
                (_, null, true) => PropertyDiffKind.DeleteReplace,
                (_, null, false) => PropertyDiffKind.Delete,
                (_, _, true) => PropertyDiffKind.UpdateReplace,
                _ => PropertyDiffKind.Update,
            });
        }
        if (changes.Count == 0) return DiffResult.NoChanges;
        var replaces = changes.Where(c => c.Value.Kind is PropertyDiffKind.AddReplace or PropertyDiffKind.DeleteReplace or PropertyDiffKind.UpdateReplace)
            .Select(c => c.Key).ToList();
        return new DiffResult(DiffChanges.Some, [.. changes.Keys], replaces, changes);
    }

    /// <summary>Diff; an override may add to the default diff or act on it (e.g. remember a replacement).</summary>
    protected virtual DiffResult Diff(ResourceCall call, DiffCall<TArgs, TState> diff) => DefaultDiff(diff.OldInputs, diff.News);

    // ICustomResource: the untyped calls the host makes, decoded and encoded here.

    Task<CheckResult> ICustomResource.CheckAsync(ResourceContext context, CheckArgs args, CancellationToken cancellationToken)
    {
        var scope = new DecodeScope();
        var (news, autonamed) = Shapes.AutoName is { } property ? AutoName(property, context, args, scope) : (args.News, null);
        var typed = Shapes.Args.Read(news, scope);
        Validate(typed, new ResourceCall(context, scope, autonamed is null ? null : [autonamed]));
        var inputs = Checked(news);
        if (autonamed is not null) inputs = inputs.Set(AutonamedKey, PropertyValue.FromStrings([autonamed]));
        return Task.FromResult(new CheckResult(inputs, scope.Failures));
    }

    Task<DiffResult> ICustomResource.DiffAsync(ResourceContext context, DiffArgs args, CancellationToken cancellationToken)
    {
        var olds = args.OldInputs.Count > 0 ? args.OldInputs : args.OldOutputs;
        var (oldArgs, oldState) = DecodeState(args.OldInputs, args.OldOutputs);
        var scope = new DecodeScope(lenient: true);
        var newArgs = Shapes.Args.Read(WithoutInternal(args.News), scope);
        return Task.FromResult(Diff(new ResourceCall(context, scope, Autonamed(args.News)), new DiffCall<TArgs, TState>(args.Id, olds, args.News, oldArgs, oldState, newArgs)));
    }

    async Task<CreateResult> ICustomResource.CreateAsync(ResourceContext context, CreateArgs args, CancellationToken cancellationToken)
    {
        if (args.Preview) return new CreateResult("", PreviewOutputs(args.Properties));
        var created = await CreateAsync(Call(context), DecodeInputs(args.Properties), cancellationToken);
        var outputs = Outputs(created.State, args.Properties);
        if (created.Problems.Count > 0)
            throw new ResourceInitFailedException(created.Id, outputs, args.Properties, created.Problems) { RefreshBeforeUpdate = RefreshBeforeUpdate };
        return new CreateResult(created.Id, outputs);
    }

    async Task<ReadResult> ICustomResource.ReadAsync(ResourceContext context, ReadArgs args, CancellationToken cancellationToken)
    {
        var (oldArgs, oldState) = args.IsImport ? (null, null) : DecodeState(args.OldInputs, args.OldOutputs);
        var observed = await ReadAsync(Call(context, args.OldInputs), args.Id, oldArgs, oldState, cancellationToken);
        if (observed is null) return ReadResult.Gone;
        var inputs = Inputs(observed.Args, args.OldInputs, oldArgs);
        if (args.OldInputs.Find(AutonamedKey) is { } autonamed) inputs = inputs.Set(AutonamedKey, autonamed);
        return new ReadResult(observed.Id, Outputs(observed.State, inputs, args.OldOutputs), inputs);
    }

    async Task<UpdateResult> ICustomResource.UpdateAsync(ResourceContext context, UpdateArgs args, CancellationToken cancellationToken)
    {
        var (oldArgs, oldState) = DecodeState(args.OldInputs, args.OldOutputs);
        var call = Call(context, args.News);
        var state = await UpdateAsync(call, args.Id, oldArgs, oldState, DecodeInputs(args.News), args.Preview, cancellationToken);
        var outputs = Outputs(state, args.News, args.OldOutputs);
        foreach (var name in call.ChangingProperties)
            if (Shapes.State.Find(name) is { } spec)
                outputs = outputs.Set(name, spec.Secret ? PropertyValue.Secret(PropertyValue.Computed) : PropertyValue.Computed);
        if (call.Problems.Count > 0)
            throw new ResourceInitFailedException(args.Id, outputs, args.News, call.Problems) { RefreshBeforeUpdate = RefreshBeforeUpdate };
        return new UpdateResult(outputs);
    }

    Task ICustomResource.DeleteAsync(ResourceContext context, DeleteArgs args, CancellationToken cancellationToken)
    {
        var (oldArgs, oldState) = DecodeState(args.OldInputs, args.OldOutputs);
        return DeleteAsync(Call(context, args.OldInputs), args.Id, oldArgs, oldState, cancellationToken);
    }

    private static ResourceCall Call(ResourceContext context, PropertyMap? inputs = null) =>
        new(context, new DecodeScope(lenient: true), inputs is null ? null : Autonamed(inputs));

    /// <summary>The inputs autonaming filled in, as recorded beside <paramref name="inputs"/>.</summary>
    private static IReadOnlyCollection<string>? Autonamed(PropertyMap inputs) =>
        inputs.Find(AutonamedKey) is { Kind: PropertyValueKind.Array } recorded
            ? [.. recorded.ArrayValue.Where(v => v.Kind == PropertyValueKind.String).Select(v => v.StringValue)]
            : null;

    private static PropertyMap WithoutInternal(PropertyMap inputs) => inputs.Find(AutonamedKey) is null ? inputs : inputs.Remove(AutonamedKey);

    /// <summary>
    /// Fills in <paramref name="property"/> when the program left it unset: the name chosen before (kept across
    /// updates; a replacement's Check has no olds, so it gets a new one), else what the stack's autonaming
    /// configuration says, else <see cref="NewName"/>. Returns the property's name when it filled it in.
    /// </summary>
    private (PropertyMap News, string? Autonamed) AutoName(string property, ResourceContext context, CheckArgs args, DecodeScope scope)
    {
        if (args.News.Find(property) is { IsNull: false }) return (args.News, null);
        if (args.Olds.Find(property) is { IsNull: false } old) return (args.News.Set(property, old), property);
        var proposed = args.Autonaming?.ProposedName ?? "";
        switch (args.Autonaming?.Mode)
        {
            case AutonamingMode.Disable:
                scope.Fail(property, $"{property} is required: the stack's autonaming configuration (pulumi:autonaming) turns generated names off");
                return (args.News, null);
            case AutonamingMode.Enforce when proposed.Length == 0 || Unfit(property, proposed) is not null:
                var why = proposed.Length == 0 ? "it is empty" : Unfit(property, proposed);
                scope.Fail(property, $"the name {scope.Quote(property, proposed)} that the stack's autonaming configuration (pulumi:autonaming) enforces cannot be used: {why}");
                return (args.News, null);
            case AutonamingMode.Enforce:
                return (args.News.Set(property, PropertyValue.From(proposed)), property);
            case AutonamingMode.Propose when proposed.Length > 0:
                if (Unfit(property, proposed) is not { } unfit) return (args.News.Set(property, PropertyValue.From(proposed)), property);
                context.Logger.LogWarning("the name {Proposed} proposed by the stack's autonaming configuration cannot be used ({Reason}); a generated one is used instead", scope.Quote(property, proposed), unfit);
                break;
        }
        var seed = args.RandomSeed.Span;
        var random = seed.Length >= sizeof(int) ? new Random(BinaryPrimitives.ReadInt32LittleEndian(seed)) : new Random();
        return (args.News.Set(property, PropertyValue.From(NewName(context.Name, random))), property);
    }

    /// <summary>Why <paramref name="name"/> cannot be the value of <paramref name="property"/>, or null when it can.</summary>
    private string? Unfit(string property, string name)
    {
        var scope = new DecodeScope();
        Shapes.Args.Read(PropertyMap.Empty.Set(property, PropertyValue.From(name)), scope);
        return scope.Failures.FirstOrDefault(f => f.Property == property)?.Reason;
    }

    /// <summary>Inputs Check accepted; a failure now means the engine skipped Check.</summary>
    private TArgs DecodeInputs(PropertyMap inputs)
    {
        var scope = new DecodeScope();
        var args = Shapes.Args.Read(WithoutInternal(inputs), scope);
        return scope.Failures.Count == 0 ? args : throw new ProviderException(
            $"the inputs of this {TypeToken} are not what this provider version records: " + string.Join("; ", scope.Failures.Select(f => $"{f.Property}: {f.Reason}")),
            ProviderErrorKind.InvalidInput);
    }

    /// <summary>
    /// The state in the engine's records, read as it is: a value missing or of another type (an older version, a
    /// state edited by hand) keeps the property's initial value, for the resource to judge. Inputs absent from old
    /// state (very old engines) come from the outputs; outputs absent, from the inputs.
    /// </summary>
    private (TArgs Args, TState State) DecodeState(PropertyMap oldInputs, PropertyMap oldOutputs)
    {
        var args = Shapes.Args.Read(oldInputs.Count > 0 ? oldInputs : oldOutputs, new DecodeScope(lenient: true));
        var merged = oldInputs.SetAll(oldOutputs, exceptNulls: true);
        var scope = new DecodeScope(lenient: true);
        var state = Shapes.State.Read(merged, scope);
        // An output that does not fit its type gives way to the input of that name, if that one fits.
        PropertyMap.Builder? fallbacks = null;
        foreach (var spec in Shapes.State.Properties)
            if (!scope.IsKnown(spec.Name) && oldInputs.Find(spec.Name) is { } input) (fallbacks ??= new())[spec.Name] = input;
        return (args, fallbacks is null ? state : Shapes.State.Read(merged.SetAll(fallbacks.ToMap()), new DecodeScope(lenient: true)));
    }

    /// <summary>The inputs as checked: defaults filled in, inputs declared secret marked so whatever the program did.</summary>
    private PropertyMap Checked(PropertyMap news)
    {
        // Collected, then set in one pass: the program's map may be large (Check reports what it does not declare).
        var changes = new PropertyMap.Builder();
        foreach (var spec in Shapes.Args.Properties)
        {
            if (news.Find(spec.Name) is { } value)
            {
                if (spec.Secret && !value.IsSecret) changes[spec.Name] = PropertyValue.Secret(value);
            }
            else if (spec.Default is { } fallback)
                changes[spec.Name] = spec.Secret ? PropertyValue.Secret(fallback) : fallback;
        }
        return news.SetAll(changes.ToMap());
    }

    /// <summary>Preview outputs: the inputs as given, every state-only property unknown (and secret if declared so).</summary>
    private PropertyMap PreviewOutputs(PropertyMap inputs)
    {
        var unknown = new PropertyMap.Builder();
        foreach (var spec in Shapes.State.Properties.Where(p => Shapes.Args.Find(p.Name) is null))
            unknown[spec.Name] = spec.Secret ? PropertyValue.Secret(PropertyValue.Computed) : PropertyValue.Computed;
        return inputs.SetAll(unknown.ToMap());
    }

    /// <summary>Inputs as read: where a value equals the old one or means the same, the old one as given (its order, its secrecy).</summary>
    private PropertyMap Inputs(TArgs args, PropertyMap oldInputs, TArgs? oldArgs)
    {
        var inputs = KeepAsGiven(Shapes.Args.Write(args), oldInputs);
        if (oldArgs is null) return inputs;
        // A value that differs from the old one only in form (Unchanged says so) is kept as the program wrote it.
        foreach (var spec in Shapes.Args.Properties)
        {
            var (old, now) = (oldInputs.Find(spec.Name), inputs.Find(spec.Name));
            if (old is null || (now is not null && old.SameContent(now)) || !Unchanged(spec.Name, oldArgs, args)) continue;
            inputs = inputs.Set(spec.Name, old);
        }
        return inputs;
    }

    /// <summary>
    /// Encoded state. A value equal to the input (or old output) of the same name is kept as that was given; one
    /// that changed stays secret if that was.
    /// </summary>
    private PropertyMap Outputs(TState state, PropertyMap inputs, PropertyMap? oldOutputs = null) =>
        SecretWhereShown(KeepAsGiven(KeepAsGiven(Shapes.State.Write(state), inputs), oldOutputs ?? PropertyMap.Empty), inputs, oldOutputs ?? PropertyMap.Empty);

    /// <summary>
    /// An output that holds, anywhere inside it and not under a secret, the text of a secret input or old output is
    /// made secret as a whole: a secret value the resource copies into another output (a list of past names, say)
    /// must not land in state in plain text.
    /// </summary>
    private static PropertyMap SecretWhereShown(PropertyMap outputs, PropertyMap inputs, PropertyMap oldOutputs)
    {
        HashSet<string>? secrets = null;
        foreach (var (_, value) in inputs) CollectSecrets(value, value.IsSecret, ref secrets);
        foreach (var (_, value) in oldOutputs) CollectSecrets(value, value.IsSecret, ref secrets);
        if (secrets is null) return outputs;
        var result = outputs;
        foreach (var (key, value) in outputs)
            if (Shows(value, secrets)) result = result.Set(key, PropertyValue.Secret(value));
        return result;

        static void CollectSecrets(PropertyValue value, bool secret, ref HashSet<string>? into)
        {
            secret |= value.IsSecret;
            switch (value.Kind)
            {
                case PropertyValueKind.String when secret && value.StringValue.Length > 0: (into ??= new(StringComparer.Ordinal)).Add(value.StringValue); break;
                case PropertyValueKind.Array: foreach (var item in value.ArrayValue) CollectSecrets(item, secret, ref into); break;
                case PropertyValueKind.Object: foreach (var (_, item) in value.ObjectValue) CollectSecrets(item, secret, ref into); break;
            }
        }

        static bool Shows(PropertyValue value, HashSet<string> secrets)
        {
            if (value.IsSecret) return false;
            switch (value.Kind)
            {
                case PropertyValueKind.String: return secrets.Contains(value.StringValue);
                case PropertyValueKind.Array:
                    foreach (var item in value.ArrayValue)
                        if (Shows(item, secrets)) return true;
                    return false;
                case PropertyValueKind.Object:
                    foreach (var (_, item) in value.ObjectValue)
                        if (Shows(item, secrets)) return true;
                    return false;
                default: return false;
            }
        }
    }

    private static PropertyMap KeepAsGiven(PropertyMap encoded, PropertyMap given)
    {
        var result = encoded;
        foreach (var (key, value) in encoded)
        {
            if (given.Find(key) is not { } old) continue;
            // An equal value (secrecy included, neither recording dependencies) is already what would be set.
            if (old.Dependencies.IsEmpty && value.Dependencies.IsEmpty && old.Equals(value)) continue;
            if (old.SameContent(value)) result = result.Set(key, value.IsSecret ? PropertyValue.Secret(old) : old);
            else if (old.ContainsSecret()) result = result.Set(key, PropertyValue.Secret(value));
        }
        return result;
    }
}
