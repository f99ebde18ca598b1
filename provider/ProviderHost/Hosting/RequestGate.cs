using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using ProviderHost.Rpc;

namespace ProviderHost.Hosting;

/// <summary>
/// Decides, from the length in a request's gRPC frame header and before gRPC reads the message, what the request may
/// cost. Over the provider's limit it fails at once, unread, with an error naming the limit. A large one waits until
/// no other large request is being read, handled or answered, so concurrent large requests cost one request's memory,
/// not the sum: a waiting request holds only its HTTP/2 flow-control window of data (see <see cref="StreamWindowBytes"/>).
/// It also counts the calls in flight, so that memory is given back once they are over (<see cref="IdleCollector"/>).
/// </summary>
internal sealed class RequestGate(ProviderRuntime runtime)
{
    /// <summary>Requests larger than this are read and handled one at a time.</summary>
    public const int LargeRequestBytes = 64 * 1024;

    /// <summary>
    /// The HTTP/2 window of each request: what a client may send before the provider reads it. The connection's
    /// window is this times the most concurrent requests, plus room, so that requests waiting unread can never
    /// leave the request being read without window.
    /// </summary>
    public const int StreamWindowBytes = 64 * 1024;

    /// <summary>A request this large is followed by a full garbage collection once it has been answered.</summary>
    public const int CollectAfterBytes = 1024 * 1024;

    private const int GrpcHeaderBytes = 5;

    /// <summary>Calls that wait for Configure. They wait before the gate, so that a large Configure never waits
    /// behind a large call that waits for it.</summary>
    private static readonly HashSet<string> WaitForConfigure = new(StringComparer.Ordinal)
    {
        "Check", "Diff", "Create", "Read", "List", "Update", "Delete", "Invoke",
    };

    private readonly SemaphoreSlim _large = new(1, 1);
    private long _releaseLength; // read and written only while holding _large

    private readonly IdleCollector _idle = IdleCollector.ForProcess();

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        _idle.Enter();
        try
        {
            await GateAsync(context, next);
        }
        finally
        {
            _idle.Exit();
        }
    }

    private async Task GateAsync(HttpContext context, RequestDelegate next)
    {
        if (await PeekMessageLengthAsync(context.Request.BodyReader, context.RequestAborted) is not { } length)
        {
            await next(context);
            return;
        }
        var method = context.Request.Path.Value is { } path ? path[(path.LastIndexOf('/') + 1)..] : "";
        var limit = runtime.Definition.MaxRequestBytes;
        if (length > limit)
        {
            Fail(context, StatusCode.ResourceExhausted, string.Create(CultureInfo.InvariantCulture,
                $"{method}: the request is {length:N0} bytes; this provider accepts at most {Mib(limit)} ({limit:N0} bytes) in one request"));
            return;
        }
        if (length <= LargeRequestBytes)
        {
            await next(context);
            return;
        }

        var engineCancel = runtime.CancelToken;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, engineCancel);
        try
        {
            if (WaitForConfigure.Contains(method)) await runtime.WhenConfigured(cancel.Token);
            await _large.WaitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Fail(context, StatusCode.Cancelled, engineCancel.IsCancellationRequested ? "operation cancelled by the engine" : "operation cancelled");
            return;
        }
        // The next large request goes in once this one has ended and its reply has been sent.
        context.Response.OnCompleted(ReleaseAsync);
        _releaseLength = length;
        await next(context);
    }

    private Task ReleaseAsync()
    {
        if (_releaseLength >= CollectAfterBytes)
        {
            // Its values are garbage on the large object heap, which is collected only with everything else: collect
            // and decommit them, so that the next large request reuses that memory instead of adding to it.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        _large.Release();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The length of the request's message, from its gRPC frame header, leaving the body unread (nothing examined,
    /// so no flow-control window is given back). Null when there is no complete header or the message is compressed:
    /// gRPC then reports what is wrong.
    /// </summary>
    private static async ValueTask<long?> PeekMessageLengthAsync(PipeReader body, CancellationToken cancellationToken)
    {
        long examined = 0;
        try
        {
            while (true)
            {
                var result = await body.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                if (buffer.Length >= GrpcHeaderBytes)
                {
                    body.AdvanceTo(buffer.Start, buffer.GetPosition(examined));
                    return ReadHeader(buffer.Slice(0, GrpcHeaderBytes));
                }
                body.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted || result.IsCanceled) return null;
                examined = buffer.Length;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
        {
            return null;
        }
    }

    private static long? ReadHeader(ReadOnlySequence<byte> header)
    {
        Span<byte> bytes = stackalloc byte[GrpcHeaderBytes];
        header.CopyTo(bytes);
        return bytes[0] == 0 ? BinaryPrimitives.ReadUInt32BigEndian(bytes[1..]) : null;
    }

    /// <summary>Answers with a gRPC status alone, as gRPC does for a call that fails before it replies.</summary>
    private static void Fail(HttpContext context, StatusCode code, string message)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)code).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncode(message);
    }

    /// <summary>gRPC's encoding of a status message: printable ASCII as is, everything else as %XX of its UTF-8 bytes.</summary>
    private static string PercentEncode(string message)
    {
        var encoded = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != '%') encoded.Append((char)b);
            else encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return encoded.ToString();
    }

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB";
}
