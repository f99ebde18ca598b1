namespace PtSandbox.Emulator;

/// <summary>An out-of-band change to a token, sent to <c>PATCH /_emulator/tokens/{id}</c>. Null = leave as is.</summary>
public sealed record TokenPatch
{
    public string? Name { get; init; }

    public string? Comment { get; init; }

    public IReadOnlyList<string>? Permissions { get; init; }

    public EmulatorEntryPoint? EntryPoint { get; init; }

    /// <summary>Set the entry point to null (wins over <see cref="EntryPoint"/>).</summary>
    public bool ClearEntryPoint { get; init; }

    /// <summary>true soft-deletes the token, false undeletes it.</summary>
    public bool? Deleted { get; init; }
}
