using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ProviderHost.Resources;
using ProviderHost.Values;
using PtSandbox.Provider.ApiTokens;
using PtSandbox.Provider.Configuration;
using SecretText;

namespace PtSandbox.Provider.Tests.Support;

/// <summary>The ApiToken resource driven in process through the host's interface, for Check and Diff (no sandbox calls).</summary>
internal sealed class ApiTokenProbe
{
    private readonly ICustomResource _resource = new ApiToken(new SandboxConnection(NullLoggerFactory.Instance, TimeProvider.System, new SecretRedactor()));
    private readonly WarningLog _log = new();

    public IReadOnlyCollection<string> Warnings => _log.Lines;

    private ResourceContext Context => new("urn:pulumi:dev::test::ptsandbox:index:ApiToken::t", "t", _resource.TypeToken, _log);

    public IReadOnlyList<CheckFailure> Check(PropertyMap news) =>
        _resource.CheckAsync(Context, new CheckArgs(PropertyMap.Empty, news, default), CancellationToken.None).GetAwaiter().GetResult().Failures;

    public DiffResult Diff(PropertyMap olds, PropertyMap news) =>
        _resource.DiffAsync(Context, new DiffArgs("1", olds, olds, news, []), CancellationToken.None).GetAwaiter().GetResult();

    private sealed class WarningLog : ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning) _lines.Enqueue(formatter(state, exception));
        }
    }
}
