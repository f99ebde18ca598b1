namespace PtSandbox.Harness.Monitor;

/// <summary>The engine's step operations (pkg/resource/deploy/step.go), as the CLI names them.</summary>
public static class StepOps
{
    public const string Same = "same";
    public const string Create = "create";
    public const string Update = "update";
    public const string Replace = "replace";
    public const string CreateReplacement = "create-replacement";
    public const string DeleteReplaced = "delete-replaced";
    public const string Delete = "delete";
    public const string Read = "read";
}

/// <summary>One step of a run (in preview: one the run would take).</summary>
public sealed record StepRecord(string Op, string Urn, string Type)
{
    public string Name => Urns.Name(Urn);

    public override string ToString() => $"{Op} {Urn}";
}

/// <summary>A step failed (a provider error, Check failures): the run fails with this message, which names the resource.</summary>
public sealed class StepFailedException(string message) : Exception(message);
