using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Pulumirpc;

namespace PtSandbox.Harness.Monitor;

/// <summary>Where a stack's program, state and provider are, and how its program runs.</summary>
public sealed record StackOptions
{
    public required string Project { get; init; }

    public string Stack { get; init; } = "dev";

    /// <summary>The Node.js program's directory (its entry point is found as `pulumi` finds it for <c>main: .</c>).</summary>
    public required string ProgramDirectory { get; init; }

    /// <summary>The state file (JSON, secrets encrypted); created by the first update.</summary>
    public required string StateFile { get; init; }

    /// <summary>The key that encrypts the state's secrets; <c>STATEFILE.key</c> when not given.</summary>
    public string? KeyFile { get; init; }

    public StackConfig Config { get; init; } = new();

    public string ProviderBinary { get; init; } = ProviderProcess.DefaultBinary;

    /// <summary>Changes to the providers' inherited environment (null removes); by default no PTSANDBOX_* fallback.</summary>
    public IReadOnlyDictionary<string, string?> ProviderEnvironment { get; init; } = Harness.ProviderEnvironment.WithoutConfigFallbacks();

    /// <summary>Changes to the program's inherited environment (null removes).</summary>
    public IReadOnlyDictionary<string, string?> ProgramEnvironment { get; init; } = new Dictionary<string, string?>();

    /// <summary>--parallel as the CLI passes it.</summary>
    public int Parallel { get; init; } = 4;

    /// <summary>Whether the program is TypeScript (PULUMI_NODEJS_TYPESCRIPT); null: when it has a tsconfig.json or an index.ts.</summary>
    public bool? TypeScript { get; init; }

    public string NodeExecutable { get; init; } = "node";

    /// <summary>A program still running after this long is killed and the run fails (a safety net, not a measurement).</summary>
    public TimeSpan ProgramTimeout { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// A Pulumi stack driven by a real Node.js program, with this harness as its engine: <see cref="PreviewAsync"/>,
/// <see cref="UpAsync"/> and <see cref="DestroyAsync"/> behave as `pulumi preview / up --yes / destroy --yes` with a
/// local backend. A run starts an Engine service and a ResourceMonitor on 127.0.0.1, launches the program as
/// pulumi-language-nodejs does (node @pulumi/pulumi/cmd/run --monitor … --engine … --project … --stack … [--dry-run]
/// --parallel N, PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS), launches a provider binary per provider resource, and
/// (update, destroy) saves the state file; secrets in it are encrypted.
/// </summary>
public sealed class PulumiStack(StackOptions options)
{
    public StackOptions Options => options;

    public StackConfig Config => options.Config;

    public string KeyFile => options.KeyFile ?? options.StateFile + ".key";

    /// <summary>The saved state, secrets decrypted into secret values.</summary>
    public StackState State => StackState.Load(options.StateFile, SecretCipher.ForKeyFile(KeyFile));

    /// <summary>The state file's text as stored (what must show no secret).</summary>
    public string StateText => File.Exists(options.StateFile) ? File.ReadAllText(options.StateFile) : "";

    public Task<RunResult> PreviewAsync(CancellationToken cancellationToken = default) => RunAsync("preview", cancellationToken);

    public Task<RunResult> UpAsync(CancellationToken cancellationToken = default) => RunAsync("update", cancellationToken);

    public Task<RunResult> DestroyAsync(CancellationToken cancellationToken = default) => RunAsync("destroy", cancellationToken);

    private async Task<RunResult> RunAsync(string operation, CancellationToken cancellationToken)
    {
        var dryRun = operation == "preview";
        var cipher = SecretCipher.ForKeyFile(KeyFile);
        var old = StackState.Load(options.StateFile, cipher);
        var log = new RunLog();
        await using var engine = await FakeEngine.StartAsync();
        var providers = new ProviderRegistry(engine.Address, options.ProviderBinary, options.ProviderEnvironment);
        var deployment = new Deployment(options.Project, options.Stack, dryRun, options.Config, old, providers, log);
        int? exitCode = null;
        var programOutput = new StringBuilder();
        string? programError = null;
        try
        {
            if (operation == "destroy")
            {
                await Quietly(deployment.DestroyAsync());
            }
            else
            {
                await Quietly(deployment.BeginAsync());
                if (deployment.Error is null)
                {
                    await using var monitor = await MonitorServer.StartAsync(deployment);
                    log.Add($"program started: {options.ProgramDirectory}");
                    (exitCode, programError) = await RunProgramAsync(monitor.Address, engine.Address, dryRun, programOutput, deployment.Failed, cancellationToken);
                    log.Add($"program exited with code {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
                    // As the CLI: a program that exits non-zero, or logged an error, fails the run.
                    var errors = engine.Logs.Where(l => l.Severity == LogSeverity.Error).Select(l => l.Message.Trim()).ToList();
                    if (programError is null && (exitCode != 0 || errors.Count > 0))
                        programError = $"the program failed (exit code {exitCode})" + (errors.Count > 0 ? ": " + string.Join("; ", errors) : "");
                    if (programError is null && deployment.Error is null) await Quietly(deployment.FinishAsync());
                }
            }
        }
        finally
        {
            if (!dryRun) deployment.NewState().Save(options.StateFile, cipher);
            await providers.DisposeAsync();
        }

        var error = deployment.Error ?? programError;
        if (error is not null) log.Add("error: " + error);
        // DEBUG lines are left out, as the CLI shows them only with --debug: the SDK's own debug lines quote whole RPC
        // responses, secret values included.
        var shown = engine.Logs.Where(l => l.Severity != LogSeverity.Debug).ToList();
        return new RunResult(operation, error, exitCode, deployment.Steps.ToList(), providers.Calls, deployment.StackOutputs,
            programOutput.ToString(), log.Lines, shown, providers.Stderr);
    }

    /// <summary>A failed step is already the deployment's error; only its RPC answer is dropped here.</summary>
    private static async Task Quietly(Task work)
    {
        try { await work; }
        catch (Grpc.Core.RpcException) { }
    }

    /// <summary>Runs the program to its exit; returns its exit code and, when it could not run to the end, why.</summary>
    private async Task<(int? ExitCode, string? Error)> RunProgramAsync(
        string monitorAddress, string engineAddress, bool dryRun, StringBuilder output, Task failed, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(options.ProgramDirectory);
        var runPath = FindRunModule(directory);
        var info = new ProcessStartInfo(options.NodeExecutable)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            UseShellExecute = false, WorkingDirectory = directory,
        };
        foreach (var argument in (string[])[runPath, "--monitor", monitorAddress, "--engine", engineAddress, "--project", options.Project,
                     "--root-directory", directory, "--stack", options.Stack, "--pwd", directory])
            info.ArgumentList.Add(argument);
        if (dryRun) info.ArgumentList.Add("--dry-run");
        foreach (var argument in (string[])["--parallel", options.Parallel.ToString(System.Globalization.CultureInfo.InvariantCulture), "."])
            info.ArgumentList.Add(argument);

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("PULUMI_", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(name);
        info.Environment["PULUMI_CONFIG"] = options.Config.ProgramConfigJson();
        info.Environment["PULUMI_CONFIG_SECRET_KEYS"] = options.Config.ProgramSecretKeysJson();
        var typeScript = options.TypeScript ?? (File.Exists(Path.Combine(directory, "tsconfig.json")) || File.Exists(Path.Combine(directory, "index.ts")));
        if (typeScript) info.Environment["PULUMI_NODEJS_TYPESCRIPT"] = "true";
        Harness.ProviderEnvironment.Apply(info, options.ProgramEnvironment);

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        process.StandardInput.Close();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ProgramTimeout);
        var exited = process.WaitForExitAsync(timeout.Token);
        try
        {
            // A failed step cancels the program as the engine cancels the language host's Run: SIGINT, then a kill
            // after 5 s (pulumi-language-nodejs's WaitDelay).
            if (await Task.WhenAny(exited, failed) == failed && !process.HasExited)
            {
                _ = Posix.Kill(process.Id, Posix.SIGINT);
                try { await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None); }
                catch (TimeoutException) { process.Kill(entireProcessTree: true); }
            }
            await exited;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return (null, cancellationToken.IsCancellationRequested ? "the run was cancelled" : $"the program did not exit within {options.ProgramTimeout}");
        }
        process.WaitForExit(); // drains the output readers
        return (process.ExitCode, null);
    }

    /// <summary>@pulumi/pulumi/cmd/run as Node resolves it from the program's directory.</summary>
    private static string FindRunModule(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules", "@pulumi", "pulumi", "cmd", "run");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException($"@pulumi/pulumi is not installed for {directory}: run npm ci there");
    }
}

/// <summary>The ResourceMonitor gRPC server of one run, on 127.0.0.1 (HTTP/2 without TLS, as the engine serves it).</summary>
internal sealed class MonitorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MonitorServer(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    /// <summary><c>127.0.0.1:PORT</c>, as the language host passes --monitor.</summary>
    public string Address { get; }

    public static async Task<MonitorServer> StartAsync(Deployment deployment)
    {
        var (app, address) = await LoopbackGrpcHost.StartAsync(s => s.AddSingleton(deployment), a => a.MapGrpcService<ResourceMonitorService>());
        return new MonitorServer(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
