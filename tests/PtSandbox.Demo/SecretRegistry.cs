namespace PtSandbox.Demo;

/// <summary>Every secret the demo comes to know (token values, the sandbox password), for the final output scan.</summary>
internal sealed class SecretRegistry
{
    private readonly HashSet<string> _secrets = [];

    public int Count => _secrets.Count;

    public void Add(string? secret)
    {
        if (!string.IsNullOrEmpty(secret)) _secrets.Add(secret);
    }

    /// <summary>How many of the known secrets occur in <paramref name="text"/> (never which: that would print them).</summary>
    public int CountLeaks(string text) => _secrets.Count(text.Contains);
}
