using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PtSandbox.Client.Auth;
using PtSandbox.Client.Http;
using PtSandbox.Client.Tokens;
using SecretText;

namespace PtSandbox.Client;

/// <summary>
/// Client for the PT Sandbox UI API: each API area (<see cref="ITokenApi"/> today) is a thin layer over one
/// authorised-request core. Construction is free of I/O: the HTTP stack is built and the login happens at the first
/// call. Thread-safe.
/// </summary>
public sealed class SandboxClient : ITokenApi, IDisposable
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
    /// <param name="secrets">
    /// Where the client registers every secret it meets (password, bearers, cookies, created secrets) and from which
    /// it masks every text it produces; share one with the rest of the process so that its texts are masked too.
    /// </param>
    public SandboxClient(SandboxClientOptions options, ILogger? logger = null, TimeProvider? timeProvider = null, SecretRedactor? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.logger = logger ?? NullLogger.Instance;
        time = timeProvider ?? TimeProvider.System;
        Host = options.BaseUrl.Authority;
        Secrets = secrets ?? new SecretRedactor();
        Secrets.Add(options.Password);
    }

    /// <inheritdoc/>
    public string Host { get; }

    /// <summary>Every secret this client knows; masks every text it produces.</summary>
    public SecretRedactor Secrets { get; }

    /// <inheritdoc/>
    public Task<TokenListing> ListTokensAsync(CancellationToken ct) =>
        Ready(TokenCalls.ListCall).Tokens.ListAsync(ct);

    /// <inheritdoc/>
    public Task<CreatedToken> CreateTokenAsync(NewToken request, TokenListing? baseline, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Name);
        ArgumentNullException.ThrowIfNull(request.Permissions);
        return Ready(TokenCreator.CallFor(request)).Creator.CreateAsync(request, baseline, ct);
    }

    /// <inheritdoc/>
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
                var built = new Services(options, Host, Secrets, time, logger);
                Volatile.Write(ref services, built);
                return built;
            }
            catch (ArgumentException e)
            {
                throw SandboxApiException.Create(Secrets, Host, call, e.Message);
            }
        }
    }

    /// <summary>Everything built lazily, together.</summary>
    private sealed class Services : IDisposable
    {
        public Services(SandboxClientOptions options, string host, SecretRedactor secrets, TimeProvider time, ILogger logger)
        {
            Transport = new SandboxTransport(options, host, secrets, time, logger);
            Session = new BearerSession(new LoginFlow(Transport, options), options, time, host, logger);
            Tokens = new TokenCalls(new AuthorizedApi(Transport, Session, logger));
            Creator = new TokenCreator(Tokens, options, time, logger);
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
