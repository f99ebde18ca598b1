using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PtSandbox.Client.Tests;

/// <summary>Keeps every log line (all levels), with any exception's messages, for secret-leak checks.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var line = $"{logLevel}: {formatter(state, exception)}";
        for (var e = exception; e is not null; e = e.InnerException)
            line += " | " + e.Message;
        lines.Enqueue(line);
    }
}
