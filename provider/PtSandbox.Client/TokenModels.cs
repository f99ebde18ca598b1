namespace PtSandbox.Client;

/// <summary>What to create. <paramref name="Comment"/> null means "no comment" (the field is omitted).</summary>
public sealed record NewToken(string Name, IReadOnlyList<string> Permissions, string? Comment);

/// <summary>One page of the token listing as the server sent it; <paramref name="Total"/> may exceed the entries.</summary>
public sealed record TokenListing(int Total, IReadOnlyList<SandboxToken> Entries);

/// <summary>A token as listed. Times are UNIX seconds. Permissions are kept as the server's strings.</summary>
public sealed record SandboxToken(
    long Id,
    string Name,
    string? Comment,
    IReadOnlyList<string> Permissions,
    string CreatorLogin,
    double Created,
    double? Modified,
    double? Deleted,
    TokenEntryPoint? EntryPoint);

public sealed record TokenEntryPoint(string Id, string Name);

/// <summary>
/// The result of a create: <paramref name="Secret"/> is the API key itself, returned by the server only once;
/// <paramref name="Key"/> is its hash as the server stores it.
/// </summary>
public sealed record CreatedToken(SandboxToken Token, string Secret, string Key)
{
    // Records print every member; keep the secret out of logs and exception texts that format this object.
    public override string ToString() => $"CreatedToken {{ Token = {Token}, Secret = ***, Key = {Key} }}";
}
