namespace PtSandbox.Harness;

/// <summary>
/// The environment a provider is launched with when only the stack config may count: the provider's own
/// PTSANDBOX_* fallbacks are removed, whatever the test or demo process itself has set.
/// </summary>
public static class ProviderEnvironment
{
    /// <summary>The variables the provider reads when a config key is not set.</summary>
    public static readonly IReadOnlyList<string> ConfigFallbacks =
        ["PTSANDBOX_HOST", "PTSANDBOX_USERNAME", "PTSANDBOX_PASSWORD", "PTSANDBOX_CA_CERT", "PTSANDBOX_INSECURE", "PTSANDBOX_AUTH_TYPE",
         "PTSANDBOX_REQUEST_TIMEOUT", "PTSANDBOX_OPERATION_TIMEOUT"];

    /// <summary>Changes to the inherited environment (null removes a variable): the fallbacks removed, then <paramref name="others"/>.</summary>
    public static Dictionary<string, string?> WithoutConfigFallbacks(IReadOnlyDictionary<string, string?>? others = null)
    {
        var environment = ConfigFallbacks.ToDictionary(name => name, _ => (string?)null);
        foreach (var (name, value) in others ?? new Dictionary<string, string?>()) environment[name] = value;
        return environment;
    }

    /// <summary>Applies changes to a child process's inherited environment: a null value removes the variable.</summary>
    public static void Apply(System.Diagnostics.ProcessStartInfo info, IReadOnlyDictionary<string, string?>? changes)
    {
        foreach (var (name, value) in changes ?? new Dictionary<string, string?>())
        {
            if (value is null) info.Environment.Remove(name);
            else info.Environment[name] = value;
        }
    }
}
