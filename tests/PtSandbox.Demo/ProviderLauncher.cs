using PtSandbox.Harness;
using Pulumirpc;

namespace PtSandbox.Demo;

/// <summary>Which half of a command: the engine previews first, then executes, each with new provider processes.</summary>
internal enum Phase { Preview, Execution }

/// <summary>How the engine configures the provider: from the program (CheckConfig + Configure) or from state (Configure only).</summary>
internal enum ConfigSource { Program, State }

/// <summary>
/// Launches the provider binary afresh for every phase of every command, as the Pulumi engine does: spawn, port line,
/// Handshake, GetPluginInfo, then the configuration the command calls for. The process is stopped as the engine stops
/// it (Cancel, SIGINT) when the phase ends, whether it succeeded or not.
/// </summary>
internal sealed class ProviderLauncher(string binary, FakeEngine engine, DemoSandbox sandbox, Printer printer)
{
    public const string Stack = "dev";
    public const string Project = "ptsandbox-demo";

    // Only the stack config counts: nothing from the demo's own environment.
    private static readonly Dictionary<string, string?> CleanEnvironment = ProviderEnvironment.WithoutConfigFallbacks();

    private readonly HashSet<string> _shownLogLines = [];

    public int Launched { get; private set; }

    public string? PluginVersion { get; private set; }

    public Task PhaseAsync(Phase phase, ConfigSource source, Func<EngineSession, Task> work) =>
        PhaseAsync(phase, source, async session => { await work(session); return true; });

    public Task<T> PhaseAsync<T>(Phase phase, ConfigSource source, Func<EngineSession, Task<T>> work) =>
        PhaseAsync(phase, source, sandbox.Config, work);

    public async Task<T> PhaseAsync<T>(Phase phase, ConfigSource source, ProviderHost.Values.PropertyMap config, Func<EngineSession, Task<T>> work)
    {
        var process = await ProviderProcess.StartAsync(engine.Address, environment: CleanEnvironment, binary: binary);
        Launched++;
        try
        {
            var session = new EngineSession(process, Stack, Project);
            PluginVersion = (await session.HandshakeAsync(engine.Address)).Version;
            if (source == ConfigSource.Program) await session.ConfigureAsync(config, preview: phase == Phase.Preview);
            else await session.ConfigureFromStateAsync(config);
            return await work(session);
        }
        catch (Grpc.Core.RpcException e)
        {
            var stderr = process.Stderr.Trim();
            throw new ProviderCallFailed(e.Status.Detail,
                $"the provider (pid {process.ProcessId}, {phase.ToString().ToLowerInvariant()} phase) answered {e.StatusCode}: {e.Status.Detail}"
                + (stderr.Length > 0 ? $"\n  provider stderr (last lines):\n    {string.Join("\n    ", stderr.Split('\n').TakeLast(10))}" : ""));
        }
        finally
        {
            await process.DisposeAsync();
            if (process.ExtraStdout.Count > 0)
                throw new DemoFailure($"the provider wrote {process.ExtraStdout.Count} line(s) to stdout after its port line (a plugin must not)");
            ShowEngineLog();
        }
    }

    /// <summary>Warnings and errors the provider sent to the engine's Log service, shown as the CLI shows them.</summary>
    public void ShowEngineLog()
    {
        while (engine.Logs.TryDequeue(out var log))
        {
            // Both phases of a command log the same thing; the CLI shows a diagnostic once.
            if (log.Severity < LogSeverity.Warning || !_shownLogLines.Add(log.Urn + log.Message)) continue;
            var name = log.Urn.Length > 0 ? log.Urn[(log.Urn.LastIndexOf("::", StringComparison.Ordinal) + 2)..] + ": " : "";
            if (log.Severity == LogSeverity.Warning) printer.Warning(name + log.Message);
            else printer.Error(name + log.Message);
        }
    }

    /// <summary>Lets log lines still on their way arrive (the provider's Log calls are asynchronous).</summary>
    public async Task WaitForLogAsync(Func<LogRequest, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!engine.Logs.Any(match) && DateTime.UtcNow < deadline) await Task.Delay(20);
    }
}

/// <summary>A provider RPC returned a gRPC error; <see cref="Detail"/> is what the CLI would print after "error:".</summary>
internal sealed class ProviderCallFailed(string detail, string message) : DemoFailure(message)
{
    public string Detail { get; } = detail;
}
