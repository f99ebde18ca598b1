using Microsoft.Extensions.Logging;
using ProviderHost.Resources;
using PtSandbox.Client;
using PtSandbox.Provider.ApiTokens;

namespace PtSandbox.Provider.Configuration;

/// <summary>
/// The configured sandbox, shared by every resource and function of this provider instance. Configure only
/// records the settings: the client (and with it any network activity) is created on first use.
/// </summary>
internal sealed class SandboxConnection(ILoggerFactory loggers, TimeProvider time)
{
    private readonly object _gate = new();
    private SandboxSettings? _settings;
    private SandboxClient? _client;
    private TokenListingCache? _listings;

    public void Configure(SandboxSettings settings)
    {
        lock (_gate)
        {
            if (_settings == settings) return;
            _client?.Dispose();
            (_settings, _client, _listings) = (settings, null, null);
        }
    }

    public SandboxClient Client => Current().Client;

    /// <summary>Listings shared by Reads that arrive together (a refresh of many tokens costs a few requests).</summary>
    public TokenListingCache Listings => Current().Listings;

    private (SandboxClient Client, TokenListingCache Listings) Current()
    {
        lock (_gate)
        {
            if (_settings is null)
                throw new ProviderException("the ptsandbox provider is not configured");
            _client ??= new SandboxClient(_settings.ToClientOptions(), loggers.CreateLogger("PtSandbox.Client"), time);
            _listings ??= new TokenListingCache(_client, time);
            return (_client, _listings);
        }
    }
}
