using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using ProviderHost.Testing;
using Pulumirpc;

namespace PtSandbox.Harness;

/// <summary>
/// The built provider binary, launched as the engine launches a plugin: <c>[flags] ENGINE_ADDRESS</c>, the port read
/// from the first stdout line, then a gRPC channel to 127.0.0.1:PORT. Anything else written to stdout is recorded
/// as a protocol violation. Disposal follows the engine: Cancel, close the channel, SIGINT, then kill after 5 s.
/// </summary>
public sealed class ProviderProcess : IProviderConnection, IAsyncDisposable
{
    private readonly Process _process;
    private readonly GrpcChannel _channel;
    private readonly StringBuilder _stderr = new();
    private readonly ConcurrentQueue<string> _extraStdout = new();
    private readonly Task _stdoutPump;

    private ProviderProcess(Process process, int port, TimeSpan startedIn, string? engineAddress)
    {
        _process = process;
        Port = port;
        EngineAddress = engineAddress;
        StartedIn = startedIn;
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}", new GrpcChannelOptions
        {
            // One HTTP/2 connection, as the engine's grpc-go client keeps: calls beyond the server's stream limit
            // wait for a free stream instead of opening more connections (Grpc.Net.Client's default).
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false },
            MaxReceiveMessageSize = 400 * 1024 * 1024,
            MaxSendMessageSize = 400 * 1024 * 1024,
        });
        Client = new ResourceProvider.ResourceProviderClient(_channel);
        _stdoutPump = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line) _extraStdout.Enqueue(line);
        });
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        process.BeginErrorReadLine();
    }

    /// <summary>The binary is the ptsandbox plugin's (or a build of it).</summary>
    public string Package => "ptsandbox";

    /// <summary>The address it was launched with; null in attach mode.</summary>
    public string? EngineAddress { get; }

    public ResourceProvider.ResourceProviderClient Client { get; }

    /// <summary>The channel itself, for calls outside our .proto (e.g. methods the provider does not implement).</summary>
    public Grpc.Core.CallInvoker CallInvoker => _channel.CreateCallInvoker();
    public int Port { get; }
    public int ProcessId => _process.Id;

    /// <summary>Exec until the port line was read.</summary>
    public TimeSpan StartedIn { get; }

    /// <summary>Lines written to stdout after the port line: must stay empty.</summary>
    public IReadOnlyCollection<string> ExtraStdout => _extraStdout;

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Where the binary is: $PTSANDBOX_PROVIDER_BINARY, else bin/pulumi-resource-ptsandbox in the repository.</summary>
    public static string DefaultBinary =>
        Environment.GetEnvironmentVariable("PTSANDBOX_PROVIDER_BINARY") is { Length: > 0 } path
            ? path
            : Path.Combine(RepositoryRoot.Find(), "bin", "pulumi-resource-ptsandbox");

    /// <param name="engineAddress">The engine's address (last argument); null starts it in attach mode.</param>
    /// <param name="flags">Engine flags placed before the address, e.g. --logtostderr, -v=9.</param>
    /// <param name="environment">Variables added to (value) or removed from (null) the inherited environment.</param>
    public static async Task<ProviderProcess> StartAsync(
        string? engineAddress,
        IEnumerable<string>? flags = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? binary = null)
    {
        var info = new ProcessStartInfo(binary ?? DefaultBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // the engine gives plugins no stdin
            UseShellExecute = false,
        };
        foreach (var flag in flags ?? []) info.ArgumentList.Add(flag);
        if (engineAddress is not null) info.ArgumentList.Add(engineAddress);
        ProviderEnvironment.Apply(info, environment);

        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        process.StandardInput.Close();
        var firstLine = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var startedIn = clock.Elapsed;
        if (firstLine is null || !int.TryParse(firstLine.Trim(), out var port) || port is < 1 or > 65535)
        {
            var stderr = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(5));
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the provider wrote an invalid port line {firstLine ?? "<EOF>"}; stderr: {stderr}");
        }
        return new ProviderProcess(process, port, startedIn, engineAddress);
    }

    /// <summary>Sends SIGINT (as the engine does after Cancel) and waits for the exit code.</summary>
    public async Task<int> InterruptAsync(TimeSpan wait)
    {
        if (!_process.HasExited) _ = Posix.Kill(_process.Id, Posix.SIGINT);
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return -1;
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try { await Client.CancelAsync(new Empty(), deadline: DateTime.UtcNow.AddSeconds(5)); }
            catch (Grpc.Core.RpcException) { }
        }
        _channel.Dispose();
        await InterruptAsync(TimeSpan.FromSeconds(5));
        await _stdoutPump.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        _process.Dispose();
    }
}
