using Microsoft.Extensions.Logging;
using Pulumirpc;

namespace ProviderHost.Logging;

/// <summary>An <see cref="ILogger"/> whose lines reach the engine (tied to a resource when it has a URN).</summary>
public sealed class EngineLogger(EngineLogSink sink, string? urn, LogLevel minimumLevel) : ILogger
{
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimumLevel;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        var message = formatter(state, exception);
        if (exception is not null) message += ": " + exception.Message;
        sink.Write(ToSeverity(logLevel), message, urn);
    }

    private static LogSeverity ToSeverity(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => LogSeverity.Debug,
        LogLevel.Information => LogSeverity.Info,
        LogLevel.Warning => LogSeverity.Warning,
        _ => LogSeverity.Error,
    };
}

/// <summary>Routes Microsoft.Extensions.Logging to the engine for code that takes an ILoggerFactory.</summary>
public sealed class EngineLoggerProvider(EngineLogSink sink, LogLevel minimumLevel) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new EngineLogger(sink, null, minimumLevel);

    public ILogger ForResource(string urn) => new EngineLogger(sink, urn, minimumLevel);

    public void Dispose() { }
}
