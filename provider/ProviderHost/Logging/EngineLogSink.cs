using System.Threading.Channels;
using Grpc.Net.Client;
using Pulumirpc;
using SecretText;

namespace ProviderHost.Logging;

/// <summary>
/// Delivers log lines to the engine's <c>pulumirpc.Engine/Log</c>. Writers never wait: lines go through a bounded
/// queue to one background pump, which connects lazily (keeping the channel set-up off the start path) and
/// drops a line rather than failing an RPC if the engine does not answer. Nothing is ever written to stdout. Every
/// line leaves as one line with the process's secrets masked and control characters removed.
/// </summary>
public sealed class EngineLogSink : IAsyncDisposable
{
    private readonly Channel<LogRequest> _queue;
    private readonly TaskCompletionSource<string> _engineAddress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TextWriter? _stderrEcho;
    private readonly SecretRedactor _secrets;
    private Task? _pump;
    private int _pending;

    /// <summary>Longest line sent to the engine.</summary>
    public const int MaxLineLength = 4000;

    /// <summary>Lines waiting for the engine; beyond this the oldest is dropped.</summary>
    public const int QueueCapacity = 10_000;

    /// <param name="stderrEcho">Also echo every line here (the engine's <c>--logtostderr</c>); null = don't.</param>
    public EngineLogSink(TextWriter? stderrEcho, SecretRedactor secrets)
        : this(stderrEcho, secrets, QueueCapacity)
    {
    }

    internal EngineLogSink(TextWriter? stderrEcho, SecretRedactor secrets, int capacity)
    {
        _stderrEcho = stderrEcho;
        _secrets = secrets;
        // A dropped line will never be delivered: it stops counting as pending, or every flush would wait it out.
        _queue = Channel.CreateBounded<LogRequest>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Decrement(ref _pending));
    }

    /// <summary>Lines written but neither delivered nor dropped.</summary>
    internal int Pending => Volatile.Read(ref _pending);

    /// <summary>Where the engine listens; known from argv at start, or from Handshake/Attach in attach mode.</summary>
    public void SetEngineAddress(string address)
    {
        if (!string.IsNullOrWhiteSpace(address)) _engineAddress.TrySetResult(address);
    }

    internal void Write(LogSeverity severity, string message, string? urn)
    {
        message = _secrets.OneLine(message, MaxLineLength);
        _stderrEcho?.WriteLine($"[{severity}] {(urn is null ? "" : ControlCharacters.Strip(urn) + ": ")}{message}");
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(new LogRequest { Severity = severity, Message = message, Urn = urn ?? "" }))
            Interlocked.Decrement(ref _pending);
        if (_pump is null)
        {
            lock (_queue)
                _pump ??= Task.Run(PumpAsync);
        }
    }

    /// <summary>Waits (bounded) until queued lines have been delivered, e.g. before answering Cancel.</summary>
    public async Task FlushAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (Pending > 0 && _engineAddress.Task.IsCompleted && DateTime.UtcNow < deadline)
            await Task.Delay(5).ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        var address = await _engineAddress.Task.ConfigureAwait(false);
        using var channel = GrpcChannel.ForAddress(address.Contains("://", StringComparison.Ordinal) ? address : "http://" + address);
        var engine = new Engine.EngineClient(channel);
        await foreach (var line in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await engine.LogAsync(line, deadline: DateTime.UtcNow.AddSeconds(5)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is Grpc.Core.RpcException or HttpRequestException or OperationCanceledException)
            {
                // Logging must never fail the provider; the line is lost (it was echoed to stderr if asked).
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await FlushAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        _queue.Writer.TryComplete();
    }
}
