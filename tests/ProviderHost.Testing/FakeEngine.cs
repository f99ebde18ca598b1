using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Pulumirpc;

namespace ProviderHost.Testing;

/// <summary>
/// The engine's side of the plugin protocol: a <c>pulumirpc.Engine</c> gRPC server on 127.0.0.1 that records
/// every Log call, so tests can assert what a user would see (and that no secret is ever in it), and keeps the root
/// resource a language SDK sets (its stack resource) as the engine does for GetRootResource / SetRootResource.
/// </summary>
public sealed class FakeEngine : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly LogBook _book;

    private FakeEngine(WebApplication app, string address, LogBook book)
    {
        _app = app;
        Address = address;
        _book = book;
    }

    /// <summary><c>127.0.0.1:PORT</c>, without a scheme, as the engine passes it on the command line.</summary>
    public string Address { get; }

    public ConcurrentQueue<LogRequest> Logs => _book.Lines;

    /// <summary>The URN a program set with SetRootResource; empty until then.</summary>
    public string RootResource => _book.RootResource;

    /// <summary>The first line received, or to be received, that matches: log lines arrive asynchronously.</summary>
    public Task<LogRequest> WaitForLogAsync(Func<LogRequest, bool> match, CancellationToken cancellationToken = default) =>
        _book.WaitAsync(match, cancellationToken);

    public static async Task<FakeEngine> StartAsync()
    {
        var book = new LogBook();
        var (app, address) = await LoopbackGrpcHost.StartAsync(s => s.AddSingleton(book), a => a.MapGrpcService<EngineService>());
        return new FakeEngine(app, address, book);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class EngineService(LogBook book) : Engine.EngineBase
    {
        public override Task<Empty> Log(LogRequest request, ServerCallContext context)
        {
            book.Add(request);
            return Task.FromResult(new Empty());
        }

        public override Task<GetRootResourceResponse> GetRootResource(GetRootResourceRequest request, ServerCallContext context) =>
            Task.FromResult(new GetRootResourceResponse { Urn = book.RootResource });

        public override Task<SetRootResourceResponse> SetRootResource(SetRootResourceRequest request, ServerCallContext context)
        {
            book.RootResource = request.Urn;
            return Task.FromResult(new SetRootResourceResponse());
        }
    }

    private sealed class LogBook
    {
        private readonly List<(Func<LogRequest, bool> Match, TaskCompletionSource<LogRequest> Found)> _waiters = [];

        public ConcurrentQueue<LogRequest> Lines { get; } = new();

        public string RootResource { get; set; } = "";

        public void Add(LogRequest line)
        {
            lock (_waiters)
            {
                Lines.Enqueue(line);
                foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
                {
                    waiter.Found.TrySetResult(line);
                    _waiters.Remove(waiter);
                }
            }
        }

        public Task<LogRequest> WaitAsync(Func<LogRequest, bool> match, CancellationToken cancellationToken)
        {
            lock (_waiters)
            {
                if (Lines.FirstOrDefault(match) is { } seen) return Task.FromResult(seen);
                var found = new TaskCompletionSource<LogRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((match, found));
                return found.Task.WaitAsync(cancellationToken);
            }
        }
    }
}
