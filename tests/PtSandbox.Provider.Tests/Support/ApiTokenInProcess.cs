using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ProviderHost.Resources;
using ProviderHost.Values;
using PtSandbox.Client;
using PtSandbox.Provider.ApiTokens;
using PtSandbox.Provider.Configuration;
using SecretText;

namespace PtSandbox.Provider.Tests.Support;

/// <summary>
/// The ApiToken resource in process, configured against a <see cref="FakeTokenApi"/> and a fake clock, driven through
/// the host's interface: what its create, read and delete decide from what the sandbox says, without HTTP.
/// </summary>
internal sealed class ApiTokenInProcess
{
    public const string Urn = "urn:pulumi:dev::test::ptsandbox:index:ApiToken::t";

    public ApiTokenInProcess()
    {
        Sandbox = new FakeTokenApi(time: Time);
        Connection = new SandboxConnection(NullLoggerFactory.Instance, Time, new SecretRedactor(), _ => Sandbox);
        Connection.Configure(new SandboxSettings(new Uri("https://sandbox.example"), Sandbox.Username, "pw", SandboxAuthType.Local,
            null, false, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)));
        Resource = new ApiToken(Connection);
        Context = new ResourceContext(Urn, "t", Resource.TypeToken, Log);
    }

    /// <summary>The sandbox, on the same clock as the provider.</summary>
    public FakeTokenApi Sandbox { get; }

    /// <summary>The provider's clock (and the sandbox's), starting now.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>What the resource logged for the engine, "Level: message" per line.</summary>
    public LogLines Log { get; } = new();
    public SandboxConnection Connection { get; }
    public ICustomResource Resource { get; }
    public ResourceContext Context { get; }

    public Task<CreateResult> CreateAsync(PropertyMap inputs, bool preview = false) =>
        Resource.CreateAsync(Context, new CreateArgs(inputs, preview), CancellationToken.None);

    public Task<ReadResult> ReadAsync(string id, PropertyMap outputs, PropertyMap inputs) =>
        Resource.ReadAsync(Context, new ReadArgs(id, outputs, inputs), CancellationToken.None);

    public Task DeleteAsync(string id, PropertyMap outputs, PropertyMap inputs) =>
        Resource.DeleteAsync(Context, new DeleteArgs(id, outputs, inputs), CancellationToken.None);

    /// <summary>List as the host calls it (the host's paging aside): every token the query matches, or null if unlistable.</summary>
    public Task<IReadOnlyList<ListedResource>?> ListAsync(PropertyMap? query = null) =>
        Resource.ListAsync(new ListContext(Resource.TypeToken, NullLogger.Instance), new ListArgs(query ?? PropertyMap.Empty), CancellationToken.None);

    public DiffResult Diff(PropertyMap olds, PropertyMap news) =>
        Resource.DiffAsync(Context, new DiffArgs("1", olds, olds, news, []), CancellationToken.None).GetAwaiter().GetResult();

    public DiffResult Diff(string id, PropertyMap outputs, PropertyMap oldInputs, PropertyMap news) =>
        Resource.DiffAsync(Context, new DiffArgs(id, outputs, oldInputs, news, []), CancellationToken.None).GetAwaiter().GetResult();

    public Task<CheckResult> CheckAsync(PropertyMap olds, PropertyMap news, byte[]? seed = null, Autonaming? autonaming = null) =>
        Resource.CheckAsync(Context, new CheckArgs(olds, news, seed ?? new byte[32]) { Autonaming = autonaming }, CancellationToken.None);

    public Task<UpdateResult> UpdateAsync(string id, PropertyMap outputs, PropertyMap oldInputs, PropertyMap news, bool preview = false) =>
        Resource.UpdateAsync(Context, new UpdateArgs(id, outputs, oldInputs, news, preview), CancellationToken.None);

    /// <summary>Tokens the sandbox holds that are not deleted.</summary>
    public IReadOnlyList<SandboxToken> LiveTokens => [.. Sandbox.Tokens.Where(t => t.Deleted is null)];
}

/// <summary>A logger that keeps every line.</summary>
internal sealed class LogLines : ILogger
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
}
