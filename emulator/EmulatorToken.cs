namespace PtSandbox.Emulator;

/// <summary>A token as the emulator stores it: everything but the secret, which is never kept.</summary>
/// <param name="Key">Hex SHA-256 of the secret.</param>
public sealed record EmulatorToken(
    long Id,
    string Name,
    string? Comment,
    IReadOnlyList<string> Permissions,
    string CreatorLogin,
    double Created,
    double? Modified,
    double? Deleted,
    EmulatorEntryPoint? EntryPoint,
    string Key);

public sealed record EmulatorEntryPoint(string Id, string Name);
