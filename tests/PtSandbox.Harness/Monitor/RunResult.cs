using ProviderHost.Values;
using Pulumirpc;

namespace PtSandbox.Harness.Monitor;

/// <summary>The monitor's own log of a run: each step and error, never a property value.</summary>
public sealed class RunLog
{
    private readonly List<string> _lines = [];

    public void Add(string line) { lock (_lines) _lines.Add(line); }

    public IReadOnlyList<string> Lines { get { lock (_lines) return _lines.ToList(); } }
}

/// <summary>What one preview, update or destroy did.</summary>
/// <param name="Operation">preview, update or destroy.</param>
/// <param name="Error">Why it failed (a step's message names the resource); null when it succeeded.</param>
/// <param name="ExitCode">The program's exit code; null for destroy (no program) or when it did not start.</param>
/// <param name="Steps">The steps taken (preview: the steps an update would take), in order.</param>
/// <param name="ProviderCalls">Every ResourceProvider RPC sent, in order.</param>
/// <param name="Outputs">The stack outputs the program registered (secrets stay secret; unknown in preview where not known).</param>
/// <param name="ProgramOutput">The program's stdout and stderr.</param>
/// <param name="Log">The monitor's log: steps and errors.</param>
/// <param name="EngineLogs">What the program and the providers logged through the Engine service at INFO and above (what the CLI shows without --debug).</param>
/// <param name="ProviderStderr">What the providers wrote to stderr.</param>
public sealed record RunResult(
    string Operation,
    string? Error,
    int? ExitCode,
    IReadOnlyList<StepRecord> Steps,
    IReadOnlyList<ProviderCall> ProviderCalls,
    PropertyMap Outputs,
    string ProgramOutput,
    IReadOnlyList<string> Log,
    IReadOnlyList<LogRequest> EngineLogs,
    string ProviderStderr)
{
    public bool Succeeded => Error is null;

    /// <summary>The steps of one kind, e.g. <see cref="StepOps.Create"/>.</summary>
    public IReadOnlyList<StepRecord> StepsOf(string op) => [.. Steps.Where(s => s.Op == op)];

    /// <summary>The provider RPCs of one method (Create, Delete…), in order.</summary>
    public IReadOnlyList<ProviderCall> CallsOf(string method) => [.. ProviderCalls.Where(c => c.Method == method)];

    /// <summary>Every text the run showed: program output, the monitor's and the engine's logs, the providers' stderr, the error.</summary>
    public string AllText => string.Join("\n",
        [ProgramOutput, .. Log, .. EngineLogs.Select(l => $"{l.Severity}: {l.Message} {l.Urn}"), ProviderStderr, Error ?? ""]);

    public override string ToString() =>
        $"{Operation} {(Succeeded ? "succeeded" : "failed: " + Error)}\n{string.Join("\n", Log)}\n--- program output ---\n{ProgramOutput}";
}
