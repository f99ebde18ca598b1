namespace PtSandbox.Harness.Monitor;

/// <summary>One ResourceProvider RPC the monitor sent, in the order sent: what a test checks the engine's sequence with.</summary>
/// <param name="Method">The RPC: CheckConfig, DiffConfig, Configure, Check, Diff, Create, Update, Delete, Read, Invoke.</param>
/// <param name="Target">The resource URN, or the function token of an Invoke.</param>
/// <param name="Id">The resource id the call acts on (Diff, Update, Delete, Read; Configure: the provider's id).</param>
public sealed record ProviderCall(string Method, string Target, string? Id = null, bool Preview = false)
{
    public override string ToString() => $"{Method}({Target}{(Id is null ? "" : " id=" + Id)}{(Preview ? " preview" : "")})";
}
