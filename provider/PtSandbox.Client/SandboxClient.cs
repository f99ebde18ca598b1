using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PtSandbox.Client.Auth;
using PtSandbox.Client.Http;
using PtSandbox.Client.Tokens;

namespace PtSandbox.Client;

/// <summary>
/// Client for the API-token part of the PT Sandbox UI API. Construction is free of I/O: the HTTP stack
/// is built and the login happens at the first call. Thread-safe.
/// </summary>
public sealed class SandboxClient : IDisposable
{
    private readonly SandboxClientOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly Lock buildLock = new();
    private Services? services;
    private bool disposed;

    /// <summary>Checks the options (throws <see cref="ArgumentException"/>) and nothing else: no I/O.</summary>
    /// <param name="logger">Debug-level call logs; never given a password, bearer, cookie or secret.</param>
    /// <param name="timeProvider">Clock for the bearer's age, retry delays and timeouts (tests may fake it).</param>
    public SandboxClient(SandboxClientOptions options, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.logger = logger ?? NullLogger.Instance;
        time = timeProvider ?? TimeProvider.System;
        Host = options.BaseUrl.Authority;
    }

    /// <summary>host[:port] of the instance, for messages.</summary>
    public string Host { get; }

    /// <summary>The bearer in use; for tests that check it never appears in messages.</summary>
    internal string? CurrentBearerForTests => Volatile.Read(ref services)?.Session.Current?.Value;

    public Task<TokenListing> ListTokensAsync(CancellationToken ct) =>
        Ready(TokenCalls.ListCall).Tokens.ListAsync(ct);

    public Task<CreatedToken> CreateTokenAsync(NewToken request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Name);
        ArgumentNullException.ThrowIfNull(request.Permissions);
        return Ready(TokenCreator.CallFor(request)).Creator.CreateAsync(request, ct);
    }

    /// <summary>True when deleted; false when the server says 404 (already gone).</summary>
    public Task<bool> DeleteTokenAsync(long id, CancellationToken ct) =>
        Ready(TokenCalls.DeleteCall(id)).Tokens.DeleteAsync(id, ct);

    public void Dispose()
    {
        lock (buildLock)
        {
            disposed = true;
            services?.Dispose();
        }
    }

    /// <summary>Builds the HTTP stack on first use; a bad caCertificate surfaces here, as an error of the call.</summary>
    private Services Ready(string call)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed), this);
        if (Volatile.Read(ref services) is { } ready)
            return ready;
        lock (buildLock)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (services is not null)
                return services;
            try
            {
                var built = new Services(options, Host, time, logger);
                Volatile.Write(ref services, built);
                return built;
            }
            catch (ArgumentException e)
            {
                throw new SandboxApiException(Host, call, e.Message);
            }
        }
    }

    /// <summary>Everything built lazily, together.</summary>
    private sealed class Services : IDisposable
    {
        public Services(SandboxClientOptions options, string host, TimeProvider time, ILogger logger)
        {
            var scrubber = new SecretScrubber();
            scrubber.Add(options.Password);
            var clock = new ServerClock(time);
            Transport = new SandboxTransport(options, host, scrubber, clock, time, logger);
            Session = new BearerSession(new LoginFlow(Transport, options), options, time, host, logger);
            Tokens = new TokenCalls(Transport, Session, logger);
            Creator = new TokenCreator(Tokens, options, clock, time, logger);
        }

        public SandboxTransport Transport { get; }
        public BearerSession Session { get; }
        public TokenCalls Tokens { get; }
        public TokenCreator Creator { get; }

        public void Dispose()
        {
            Session.Dispose();
            Transport.Dispose();
        }
    }
}
