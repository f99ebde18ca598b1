using ProviderHost.Values;
using Pulumirpc;
using static ProviderHost.Values.PropertyMarshaller;

namespace ProviderHost.Testing;

/// <summary>One program run in a <see cref="LifecycleTest"/>: the resource's inputs, and what should come of them.</summary>
public sealed record LifecycleStep(PropertyMap Inputs)
{
    /// <summary>What `pulumi up` must do on an update step: Same, Updated or Replaced. Not used on the create step.</summary>
    public UpAction? Expect { get; init; }

    /// <summary>The outputs the step must leave, exactly; null = not compared.</summary>
    public PropertyMap? Outputs { get; init; }

    /// <summary>Called with the checked inputs and the outputs after the step, for the test's own assertions.</summary>
    public Action<PropertyMap, PropertyMap>? Verify { get; init; }

    /// <summary>
    /// Check must refuse the inputs with exactly these failures (in any order). Nothing changes: on the create step
    /// the run ends there, on an update step it goes on with the next step.
    /// </summary>
    public IReadOnlyList<(string Property, string Reason)>? CheckFailures { get; init; }
}

/// <summary>What a <see cref="LifecycleTest"/> did: the states it went through, for further assertions.</summary>
/// <param name="Created">Null when Check refused the create step, as expected.</param>
/// <param name="Updates">One per update step; null for a step Check refused, as expected.</param>
/// <param name="Imported">The resource as `pulumi import` read it, before it was deleted.</param>
public sealed record LifecycleRun(ResourceState? Created, IReadOnlyList<UpResult?> Updates, ResourceState? Imported);

/// <summary>A lifecycle invariant the provider broke; the message says at which step and how.</summary>
public sealed class LifecycleException(string message) : Exception(message);

/// <summary>
/// Takes one resource through its whole life as the engine does, over the provider's gRPC wire, and checks at each
/// step what the engine relies on (in the spirit of pulumi-go-provider's <c>integration.LifeCycleTest</c>):
/// <list type="number">
/// <item>CheckConfig and Configure with <see cref="Config"/>;</item>
/// <item>Check → Create(preview) → Create: the preview leaves unknown only <see cref="Computed"/> outputs, the create
/// returns an id and outputs with no unknowns;</item>
/// <item>per update step, preview (Check → Diff → Update(preview) or Create(preview) of the replacement) then up
/// (Check → Diff → Update, or Create of the replacement and Delete of the old one, in the order
/// <see cref="DeleteBeforeReplace"/> and the diff ask for): the action is the step's, the same in preview and up;</item>
/// <item>after each create, update or replacement, Read (refresh) gives back the same inputs and outputs, and Diff
/// against the inputs then finds nothing to do; a replaced resource reads as gone;</item>
/// <item>Read with no state (import) gives back the same inputs and outputs, apart from <see cref="NotImported"/>,
/// and its inputs pass Check;</item>
/// <item>Delete, after which Read finds the resource gone.</item>
/// </list>
/// All along, outputs keep secret what is secret: every <see cref="Secrets"/> output, every output of an input sent
/// secret, and no value sent or returned secret appears anywhere in plain. Throws <see cref="LifecycleException"/>
/// at the first broken invariant, and lets an unexpected gRPC error through.
/// </summary>
public sealed class LifecycleTest
{
    /// <summary>The resource's type token, e.g. <c>pkg:index:Thing</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The resource's name in the program.</summary>
    public string Name { get; init; } = "test";

    /// <summary>The provider's configuration, as the stack's config would give it.</summary>
    public PropertyMap Config { get; init; } = PropertyMap.Empty;

    public required LifecycleStep Create { get; init; }

    public IReadOnlyList<LifecycleStep> Updates { get; init; } = [];

    /// <summary>The outputs the provider computes: the only ones a preview may leave unknown.</summary>
    public IReadOnlyCollection<string> Computed { get; init; } = [];

    /// <summary>Outputs that must be secret whenever they are present.</summary>
    public IReadOnlyCollection<string> Secrets { get; init; } = [];

    /// <summary>Inputs and outputs an import cannot read back (e.g. a secret shown only once): not compared after it.</summary>
    public IReadOnlyCollection<string> NotImported { get; init; } = [];

    /// <summary>The program's <c>deleteBeforeReplace</c> option (a diff may also ask for it).</summary>
    public bool DeleteBeforeReplace { get; init; }

    public async Task<LifecycleRun> RunAsync(IProviderConnection provider)
    {
        for (var i = 0; i < Updates.Count; i++)
            if (Updates[i] is { Expect: null, CheckFailures: null })
                throw new ArgumentException($"update step {i + 1} says neither what up must do (Expect) nor which Check failures to expect");

        var session = new EngineSession(provider);
        await session.HandshakeAsync(provider.EngineAddress ?? "");
        await session.ConfigureAsync(Config);

        var created = await CreateAsync(session);
        if (created is null) return new LifecycleRun(null, [], null);

        var state = created;
        var updates = new List<UpResult?>();
        for (var i = 0; i < Updates.Count; i++)
        {
            var result = await UpdateAsync(session, state, Updates[i], $"update step {i + 1}");
            updates.Add(result);
            if (result is not null) state = result.State;
        }

        var imported = await ImportAsync(session, state);

        await session.DeleteAsync(state);
        if (await session.RefreshAsync(state) is not null)
            Fail("delete", $"Read still finds resource '{state.Id}' after Delete (the engine would keep it in state on refresh)");
        return new LifecycleRun(created, updates, imported);
    }

    private async Task<ResourceState?> CreateAsync(EngineSession session)
    {
        const string phase = "create";
        var check = await session.CheckAsync(Type, Name, PropertyMap.Empty, Create.Inputs);
        ExpectFailures(Create, check.Failures, phase);
        if (check.Failures.Count > 0) return null;
        var checkedInputs = ToPropertyMap(check.Inputs);
        var preview = await session.Client.CreateAsync(new CreateRequest
        {
            Urn = session.Urn(Type, Name), Name = Name, Type = Type, Properties = ToStruct(checkedInputs), Preview = true,
        });
        ExpectPreview(checkedInputs, ToPropertyMap(preview.Properties), "create preview");

        var state = await session.CreateAsync(Type, Name, Create.Inputs);
        ExpectOutcome(Create, state, phase);
        await ExpectRefreshAsync(session, state, phase);
        return state;
    }

    private async Task<UpResult?> UpdateAsync(EngineSession session, ResourceState state, LifecycleStep step, string phase)
    {
        PreviewResult preview;
        try
        {
            preview = await session.PreviewUpAsync(state, step.Inputs);
        }
        catch (CheckFailedException refused)
        {
            ExpectFailures(step, refused.Failures, phase);
            return null;
        }
        ExpectFailures(step, [], phase);
        if (preview.Action != step.Expect)
            Fail(phase, $"expected {step.Expect} but the preview's Diff means {preview.Action}{Describe(preview.Diff)}");
        if (preview.Action != UpAction.Same)
            ExpectPreview(preview.Inputs, preview.Outputs, phase + " preview");

        var up = await session.UpAsync(state, step.Inputs, DeleteBeforeReplace);
        if (up.Action != preview.Action)
            Fail(phase, $"the preview said {preview.Action} but up did {up.Action}{Describe(up.Diff)}");
        if (up.Action == UpAction.Replaced)
        {
            var deleteFirst = DeleteBeforeReplace || up.Diff?.DeleteBeforeReplace == true;
            if (!deleteFirst && up.State.Id == state.Id)
                Fail(phase, $"the replacement has the old resource's id '{state.Id}': deleting the old one would delete it " +
                    "(a provider whose ids repeat must ask for deleteBeforeReplace)");
            if (up.State.Id != state.Id && await session.RefreshAsync(state) is not null)
                Fail(phase, $"the replaced resource '{state.Id}' still reads as existing after its Delete");
        }
        ExpectOutcome(step, up.State, phase);
        if (up.Action != UpAction.Same) await ExpectRefreshAsync(session, up.State, phase);
        return up;
    }

    private async Task<ResourceState> ImportAsync(EngineSession session, ResourceState state)
    {
        const string phase = "import";
        var (imported, check) = await session.ImportAsync(Type, Name, state.Id);
        if (check.Failures.Count > 0)
            Fail(phase, "Check refuses the imported inputs: " + string.Join("; ", check.Failures.Select(f => $"{f.Property}: {f.Reason}")));
        if (imported.Id != state.Id) Fail(phase, $"Read of id '{state.Id}' answered id '{imported.Id}'");
        ExpectSame("input", state.Inputs, imported.Inputs, phase, NotImported);
        ExpectSame("output", state.Outputs, imported.Outputs, phase, NotImported);
        ExpectKnown(imported.Outputs, phase);
        ExpectSecretsKept(imported.Inputs, imported.Outputs, phase, state);
        return imported;
    }

    /// <summary>Read with the state gives it back, and Diff against its inputs then finds nothing to do.</summary>
    private static async Task ExpectRefreshAsync(EngineSession session, ResourceState state, string phase)
    {
        phase += ", refresh";
        var refreshed = await session.RefreshAsync(state) ?? throw new LifecycleException($"{phase}: Read says resource '{state.Id}' is gone");
        if (refreshed.Id != state.Id) Fail(phase, $"Read of id '{state.Id}' answered id '{refreshed.Id}'");
        ExpectSame("input", state.Inputs, refreshed.Inputs, phase, []);
        ExpectSame("output", state.Outputs, refreshed.Outputs, phase, []);
        var diff = await session.DiffAsync(refreshed, state.Inputs);
        if (diff.Changes == DiffResponse.Types.DiffChanges.DiffSome)
            Fail(phase, "Diff of the refreshed state against its own inputs finds changes" + Describe(diff));
    }

    private void ExpectFailures(LifecycleStep step, IReadOnlyList<CheckFailure> actual, string phase)
    {
        var got = actual.Select(f => (f.Property, f.Reason)).OrderBy(f => f.Property, StringComparer.Ordinal).ThenBy(f => f.Reason, StringComparer.Ordinal).ToList();
        var expected = (step.CheckFailures ?? []).OrderBy(f => f.Property, StringComparer.Ordinal).ThenBy(f => f.Reason, StringComparer.Ordinal).ToList();
        if (!got.SequenceEqual(expected))
            Fail(phase, $"Check failures were [{Join(got)}], expected [{Join(expected)}]");

        static string Join(IEnumerable<(string Property, string Reason)> failures) =>
            string.Join("; ", failures.Select(f => $"{f.Property}: {f.Reason}"));
    }

    /// <summary>Preview outputs: unknown only where <see cref="Computed"/> allows, secrets kept.</summary>
    private void ExpectPreview(PropertyMap inputs, PropertyMap outputs, string phase)
    {
        foreach (var (key, value) in outputs)
            if (value.ContainsComputed() && !Computed.Contains(key))
                Fail(phase, $"output '{key}' is unknown, but only [{string.Join(", ", Computed)}] may be (LifecycleTest.Computed)");
        ExpectSecretsKept(inputs, outputs, phase, null);
    }

    /// <summary>After a create, update or replacement: an id, known outputs, secrets kept, the step's own expectations.</summary>
    private void ExpectOutcome(LifecycleStep step, ResourceState state, string phase)
    {
        if (string.IsNullOrEmpty(state.Id)) Fail(phase, "the resource has no id");
        ExpectKnown(state.Outputs, phase);
        ExpectSecretsKept(state.Inputs, state.Outputs, phase, null);
        if (step.Outputs is { } expected && !expected.Equals(state.Outputs))
            Fail(phase, $"outputs are {state.Outputs}, expected {expected}");
        step.Verify?.Invoke(state.Inputs, state.Outputs);
    }

    private static void ExpectKnown(PropertyMap outputs, string phase)
    {
        foreach (var (key, value) in outputs)
            if (value.ContainsComputed()) Fail(phase, $"output '{key}' is unknown outside a preview");
    }

    private static void ExpectSame(string what, PropertyMap expected, PropertyMap actual, string phase, IReadOnlyCollection<string> except)
    {
        foreach (var key in expected.Keys.Union(actual.Keys).Where(k => !except.Contains(k)))
        {
            var before = expected.TryGetValue(key, out var b) ? b : null;
            var after = actual.TryGetValue(key, out var a) ? a : null;
            if (!Equals(before, after))
                Fail(phase, $"{what} '{key}' was {before?.ToString() ?? "absent"}, Read gives {after?.ToString() ?? "absent"}");
        }
    }

    /// <param name="previous">State whose secrets must stay secret too (an import reads what was created).</param>
    private void ExpectSecretsKept(PropertyMap inputs, PropertyMap outputs, string phase, ResourceState? previous)
    {
        foreach (var key in Secrets)
            if (outputs.Find(key) is { } value && !value.IsSecret && !value.IsComputed)
                Fail(phase, $"output '{key}' is not secret (LifecycleTest.Secrets)");
        foreach (var (key, input) in inputs)
            if (input.IsSecret && outputs.Find(key) is { } output && !output.IsSecret && !output.IsComputed)
                Fail(phase, $"input '{key}' was sent secret, but output '{key}' is not secret");

        var secretTexts = new[] { inputs, outputs, previous?.Inputs, previous?.Outputs }
            .SelectMany(map => map is null ? [] : SecretValues.Texts(map))
            .Where(text => text.Length > 0)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in outputs)
            if (FindPlain(value, secretTexts, key) is { } path)
                Fail(phase, $"output '{path}' shows a secret value in plain");
    }

    /// <summary>The path of a string outside any secret that equals a secret's text, or null.</summary>
    private static string? FindPlain(PropertyValue value, HashSet<string> secretTexts, string path) => value.IsSecret ? null : value.Kind switch
    {
        PropertyValueKind.String => secretTexts.Contains(value.StringValue) ? path : null,
        PropertyValueKind.Array => value.ArrayValue.Select((item, i) => FindPlain(item, secretTexts, $"{path}[{i}]")).FirstOrDefault(p => p is not null),
        PropertyValueKind.Object => value.ObjectValue.Select(kv => FindPlain(kv.Value, secretTexts, $"{path}.{kv.Key}")).FirstOrDefault(p => p is not null),
        _ => null,
    };

    private static string Describe(DiffResponse? diff) => diff is null ? "" :
        $" (diff: {diff.Changes}; diffs [{string.Join(", ", diff.Diffs)}]; replaces [{string.Join(", ", diff.Replaces)}]" +
        $"; detailed [{string.Join(", ", diff.DetailedDiff.Select(d => $"{d.Key}: {d.Value.Kind}"))}])";

    private static void Fail(string phase, string message) => throw new LifecycleException($"{phase}: {message}");
}
