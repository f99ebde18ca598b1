using Microsoft.Extensions.Logging;
using ProviderHost.Values;

namespace ProviderHost.Resources;

/// <summary>Who a resource call is about, and where its user-visible log lines go (tied to its URN).</summary>
public sealed record ResourceContext(string Urn, string Name, string Type, ILogger Logger);

public sealed record CheckFailure(string Property, string Reason);

public sealed record CheckArgs(PropertyMap Olds, PropertyMap News, ReadOnlyMemory<byte> RandomSeed)
{
    /// <summary>The stack's autonaming configuration (`pulumi:autonaming`); null when the engine sent none.</summary>
    public Autonaming? Autonaming { get; init; }
}

/// <summary>How the stack wants names the program leaves unset: use <see cref="ProposedName"/> as a hint, exactly, or not at all.</summary>
public sealed record Autonaming(string ProposedName, AutonamingMode Mode);

public enum AutonamingMode { Propose, Enforce, Disable }

public sealed record CheckResult(PropertyMap Inputs, IReadOnlyList<CheckFailure> Failures)
{
    public static CheckResult Valid(PropertyMap inputs) => new(inputs, []);
}

public sealed record DiffArgs(string Id, PropertyMap OldOutputs, PropertyMap OldInputs, PropertyMap News, IReadOnlyList<string> IgnoreChanges);

public enum DiffChanges { Unknown, None, Some }

public enum PropertyDiffKind { Add, AddReplace, Delete, DeleteReplace, Update, UpdateReplace }

public sealed record PropertyDiff(PropertyDiffKind Kind, bool InputDiff = true);

/// <param name="Diffs">Changed top-level keys (the engine matches the user's replaceOnChanges against them).</param>
/// <param name="DetailedDiff">Changed property paths; null means no detailed diff is reported.</param>
public sealed record DiffResult(
    DiffChanges Changes,
    IReadOnlyList<string> Diffs,
    IReadOnlyList<string> Replaces,
    IReadOnlyDictionary<string, PropertyDiff>? DetailedDiff,
    bool DeleteBeforeReplace = false)
{
    public static DiffResult NoChanges { get; } = new(DiffChanges.None, [], [], new Dictionary<string, PropertyDiff>());
}

public sealed record CreateArgs(PropertyMap Properties, bool Preview);

public sealed record CreateResult(string Id, PropertyMap Outputs);

/// <param name="OldOutputs">Outputs in state; empty for an import.</param>
/// <param name="OldInputs">Inputs in state; empty for an import.</param>
public sealed record ReadArgs(string Id, PropertyMap OldOutputs, PropertyMap OldInputs)
{
    public bool IsImport => OldOutputs.Count == 0 && OldInputs.Count == 0;
}

/// <summary>A read result; <see cref="Gone"/> tells the engine the resource no longer exists.</summary>
public sealed record ReadResult(string Id, PropertyMap Outputs, PropertyMap Inputs)
{
    public static ReadResult Gone { get; } = new("", PropertyMap.Empty, PropertyMap.Empty);
    public bool IsGone => Id.Length == 0;
}

public sealed record UpdateArgs(string Id, PropertyMap OldOutputs, PropertyMap OldInputs, PropertyMap News, bool Preview);

public sealed record UpdateResult(PropertyMap Outputs);

public sealed record DeleteArgs(string Id, PropertyMap OldOutputs, PropertyMap OldInputs);

public sealed record InvokeResult(PropertyMap Return, IReadOnlyList<CheckFailure> Failures);

/// <summary>What a List call is about: the type listed, and where its log lines go (tied to no resource).</summary>
public sealed record ListContext(string Type, ILogger Logger);

/// <param name="Query">The resource's filter, as its <see cref="ICustomResource.ListInputs"/> describe it. The host
/// passes only a known query (one with an unknown is answered `computed`) without secrets (refused).</param>
public sealed record ListArgs(PropertyMap Query);

/// <summary>
/// One resource List found. <paramref name="Id"/> is what Read and `pulumi import TYPE NAME ID` accept;
/// <paramref name="Name"/> is how the resource is known where it lives ("" for none). Both reach the engine and the
/// user's terminal as plain text, outside any secret wrapper: a resource must never list a secret (nor anything
/// derived from one, such as a hash) in either. As a safeguard the host sends a name that shows a secret this process
/// knows as "" and fails the listing on such an id, and removes control characters from names.
/// </summary>
public sealed record ListedResource(string Id, string Name);
