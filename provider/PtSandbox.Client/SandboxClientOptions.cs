namespace PtSandbox.Client;

/// <summary>Everything <see cref="SandboxClient"/> needs to reach and log in to one PT Sandbox instance.</summary>
public sealed class SandboxClientOptions
{
    /// <summary>Default cap on a response body; token listings are small, anything near this is wrong.</summary>
    public const long DefaultMaxResponseBytes = 64L * 1024 * 1024;

    /// <summary><c>scheme://host[:port]</c> with no path; the UI API lives under <c>{BaseUrl}/api/ui</c>.</summary>
    public required Uri BaseUrl { get; init; }

    public required string Username { get; init; }

    public required string Password { get; init; }

    public SandboxAuthType AuthType { get; init; } = SandboxAuthType.Local;

    /// <summary>PEM with one or more CA certificates to trust instead of the system store.</summary>
    public string? CaCertificatePem { get; init; }

    /// <summary>Accept any server certificate. Only for lab instances; not together with <see cref="CaCertificatePem"/>.</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary>Upper bound of one HTTP attempt (connect, send, read the whole body).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Age after which the bearer is renewed; the server lets it live 8 minutes.</summary>
    public TimeSpan BearerRefreshAfter { get; init; } = TimeSpan.FromMinutes(7);

    /// <summary>Retries after the first attempt for idempotent calls (list, delete, login steps).</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>Median delay before the first retry; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap on a server's Retry-After (and on any backoff delay).</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bodies larger than this are refused.</summary>
    public long MaxResponseBytes { get; init; } = DefaultMaxResponseBytes;

    /// <summary>Checks the cheap invariants; throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    internal void Validate()
    {
        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri)
            throw new ArgumentException("BaseUrl must be an absolute URL like https://sandbox.example.com", nameof(BaseUrl));
        if (BaseUrl.Scheme != Uri.UriSchemeHttps && BaseUrl.Scheme != Uri.UriSchemeHttp)
            throw new ArgumentException($"BaseUrl must use https or http, not {BaseUrl.Scheme}", nameof(BaseUrl));
        if (BaseUrl.AbsolutePath != "/" || BaseUrl.Query.Length > 0 || BaseUrl.Fragment.Length > 0)
            throw new ArgumentException("BaseUrl must be scheme://host[:port] with no path, query or fragment", nameof(BaseUrl));
        if (string.IsNullOrEmpty(Username))
            throw new ArgumentException("Username must not be empty", nameof(Username));
        if (string.IsNullOrEmpty(Password))
            throw new ArgumentException("Password must not be empty", nameof(Password));
        if (InsecureSkipVerify && !string.IsNullOrWhiteSpace(CaCertificatePem))
            throw new ArgumentException("InsecureSkipVerify must be false when CaCertificatePem is set: skipping verification would ignore the CA", nameof(InsecureSkipVerify));
        if (!Enum.IsDefined(AuthType))
            throw new ArgumentException($"AuthType {(int)AuthType} is neither Local (0) nor Ldap (1)", nameof(AuthType));
        // A timeout under 10 ms cannot be met by any answer; a wait of more than a day is a mistake.
        RequireBetween(RequestTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1), nameof(RequestTimeout));
        RequireBetween(RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromDays(1), nameof(RetryBaseDelay));
        RequireBetween(MaxRetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1), nameof(MaxRetryAfter));
        if (BearerRefreshAfter <= TimeSpan.Zero)
            throw new ArgumentException("BearerRefreshAfter must be positive", nameof(BearerRefreshAfter));
        if (MaxRetries < 0)
            throw new ArgumentException("MaxRetries must not be negative", nameof(MaxRetries));
        if (MaxResponseBytes <= 0)
            throw new ArgumentException("MaxResponseBytes must be positive", nameof(MaxResponseBytes));
    }

    private static void RequireBetween(TimeSpan value, TimeSpan min, TimeSpan max, string name)
    {
        if (value < min || value > max)
            throw new ArgumentException($"{name} must be between {min} and {max}, not {value}", name);
    }
}
