using ProviderHost.Hosting;
using ProviderHost.Logging;
using ProviderHost.Schema;
using SecretText;

namespace ProviderHost.Rpc;

/// <summary>
/// Process-wide state of the protocol: the Configure gate, the Cancel switch, the engine log sink and the cached schema.
/// </summary>
public sealed class ProviderRuntime
{
    private readonly TaskCompletionSource _configured = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lazy<string> _schema;
    private CancellationTokenSource _cancel = new();

    public ProviderRuntime(ProviderDefinition definition, EngineLogSink logSink, EngineLoggerProvider loggers, SecretRedactor secrets)
    {
        Definition = definition;
        Secrets = secrets;
        LogSink = logSink;
        Loggers = loggers;
        _schema = new Lazy<string>(() => PackageSchema.Build(
            definition.PackageSchema(), definition.Version, definition.Resources, definition.Functions));
    }

    public ProviderDefinition Definition { get; }
    public EngineLogSink LogSink { get; }
    public EngineLoggerProvider Loggers { get; }

    /// <summary>Every secret the process has seen; masked in every error and log line it sends.</summary>
    public SecretRedactor Secrets { get; }
    public string Schema => _schema.Value;

    /// <summary>Some resource honours the stack's autonaming configuration, so the engine may send it in Check.</summary>
    public bool HonoursAutonaming => Definition.Resources.Any(r => r.HonoursAutonaming);

    /// <summary>Resource RPCs wait for this; the engine may send them before Configure has finished.</summary>
    public Task WhenConfigured(CancellationToken cancellationToken) => _configured.Task.WaitAsync(cancellationToken);

    public void MarkConfigured() => _configured.TrySetResult();

    /// <summary>A token that fires when the engine sends Cancel.</summary>
    public CancellationToken CancelToken => Volatile.Read(ref _cancel).Token;

    /// <summary>
    /// Aborts every call in flight. A fresh source replaces the cancelled one so a provider that keeps serving
    /// (attach mode serves many runs) accepts the next run's calls.
    /// </summary>
    public void CancelInFlight()
    {
        var old = Interlocked.Exchange(ref _cancel, new CancellationTokenSource());
        old.Cancel();
    }
}
