namespace PtSandbox.Emulator;

/// <summary>How an emulator instance behaves. Switches exist where the real product's behaviour is unknown.</summary>
public sealed record EmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 lets the OS pick one.</summary>
    public int Port { get; init; }

    /// <summary>Plain HTTP; false = HTTPS with a self-signed certificate generated at start.</summary>
    public bool Http { get; init; }

    public string Username { get; init; } = "admin";

    public string Password { get; init; } = "admin";

    /// <summary>Lifetime of an access (bearer) token. The Python client refreshes after 8 minutes.</summary>
    public TimeSpan BearerTtl { get; init; } = TimeSpan.FromMinutes(8);

    /// <summary>Reject (409) creating a token whose name a live token already uses.</summary>
    public bool UniqueNames { get; init; }

    /// <summary>Show soft-deleted tokens in the public listing.</summary>
    public bool ListDeleted { get; init; }

    /// <summary>
    /// When set, the public listing returns at most this many entries while <c>total</c> still counts
    /// every token: it imitates a paged listing, which the real product may or may not have.
    /// </summary>
    public int? ListLimit { get; init; }

    /// <summary>JSON file where tokens and the next id are persisted after every change.</summary>
    public string? StatePath { get; init; }

    /// <summary>File the generated certificate is written to (PEM); ignored with <see cref="Http"/>.</summary>
    public string? CertOut { get; init; }
}
