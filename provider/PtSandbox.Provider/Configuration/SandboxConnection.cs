using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ProviderHost.Resources;
using PtSandbox.Client;
using PtSandbox.Provider.ApiTokens;
using SecretText;

namespace PtSandbox.Provider.Configuration;

/// <summary>
/// The configured sandbox, shared by every resource and function of this provider instance. Configure only
/// records the settings: the client (and with it any network activity) is created on first use. It also remembers
/// the token each replacement replaces (the client itself remembers the tokens it made).
/// </summary>
/// <param name="clients">Makes the client for the configured settings; tests pass a fake, the plugin the real one.</param>
internal sealed class SandboxConnection(ILoggerFactory loggers, TimeProvider time, SecretRedactor secrets, Func<SandboxSettings, ITokenApi>? clients = null)
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, long[]> _replacing = new(StringComparer.Ordinal);
    private SandboxSettings? _settings;
    private ITokenApi? _client;
    private TokenListingCache? _listings;

    public SecretRedactor Secrets => secrets;

    /// <summary>The provider's clock: what rotation schedules and grace periods are measured against.</summary>
    public TimeProvider Time => time;

    public void Configure(SandboxSettings settings)
    {
        lock (_gate)
        {
            if (_settings == settings) return;
            (_client as IDisposable)?.Dispose();
            (_settings, _client, _listings) = (settings, null, null);
        }
    }

    public ITokenApi Client => Current().Client;

    /// <summary>Listings shared by calls that arrive together (a refresh of many tokens costs a few requests).</summary>
    public TokenListingCache Listings => Current().Listings;

    /// <summary>The configured user: the creator of every token this provider makes.</summary>
    public string Username => Settings.Username;

    /// <summary>How long one operation may take when the resource sets no customTimeouts.</summary>
    public TimeSpan OperationTimeout => Settings.OperationTimeout;

    private SandboxSettings Settings
    {
        get
        {
            lock (_gate) return _settings ?? throw new ProviderException("the ptsandbox provider is not configured");
        }
    }

    /// <summary>
    /// Diff decided to replace <paramref name="urn"/>, which holds the tokens <paramref name="oldIds"/> (its current
    /// token and those it retires): its successor may share their name.
    /// </summary>
    public void RecordReplacement(string urn, IEnumerable<long> oldIds) => _replacing[urn] = [.. oldIds];

    /// <summary>The tokens a create for <paramref name="urn"/> replaces, if any: they may share the new token's name.</summary>
    public IReadOnlyCollection<long> OwnTokenIds(string urn) => _replacing.TryGetValue(urn, out var replaced) ? replaced : [];

    public bool IsReplacing(string urn) => _replacing.ContainsKey(urn);

    private (ITokenApi Client, TokenListingCache Listings) Current()
    {
        lock (_gate)
        {
            if (_settings is null)
                throw new ProviderException("the ptsandbox provider is not configured");
            _client ??= clients?.Invoke(_settings)
                ?? new SandboxClient(_settings.ToClientOptions(), loggers.CreateLogger("PtSandbox.Client"), time, secrets);
            _listings ??= new TokenListingCache(_client, time);
            return (_client, _listings);
        }
    }
}
