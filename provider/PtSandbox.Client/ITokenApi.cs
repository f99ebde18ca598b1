namespace PtSandbox.Client;

/// <summary>
/// The API-token area of a PT Sandbox: what a caller of the sandbox's token calls depends on, so that it can be given
/// a fake in tests. <see cref="SandboxClient"/> is the real one. Every failure is a <see cref="SandboxApiException"/>.
/// </summary>
public interface ITokenApi
{
    /// <summary>host[:port] of the instance, for messages.</summary>
    string Host { get; }

    /// <summary>The token listing as the sandbox sent it; it may be paged (see <see cref="TokenListing.IsComplete"/>).</summary>
    Task<TokenListing> ListTokensAsync(CancellationToken ct);

    /// <summary>
    /// Creates a token, refusing when a live token of that name made by our user, and not among
    /// <see cref="NewToken.OwnTokenIds"/>, looks left over from an interrupted run. A token whose answer was only
    /// partly usable is returned with its <see cref="CreatedToken.Problems"/>: it exists and must be recorded.
    /// </summary>
    /// <param name="baseline">A listing taken before this call, e.g. one shared with other calls; null takes one.</param>
    Task<CreatedToken> CreateTokenAsync(NewToken request, TokenListing? baseline, CancellationToken ct);

    /// <summary>True when deleted; false when the token is gone (a 404 the listing confirms).</summary>
    Task<bool> DeleteTokenAsync(long id, CancellationToken ct);
}
