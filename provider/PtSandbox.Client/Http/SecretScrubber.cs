using System.Collections.Concurrent;

namespace PtSandbox.Client.Http;

/// <summary>
/// Last line of defence for error texts: replaces every secret this client knows (password, bearers)
/// with <c>***</c>, in case a server echoes one back in an error body.
/// </summary>
internal sealed class SecretScrubber
{
    private readonly ConcurrentDictionary<string, byte> secrets = new(StringComparer.Ordinal);

    public void Add(string? secret)
    {
        // Very short values would mangle ordinary words while hiding nothing.
        if (secret is { Length: >= 4 })
            secrets.TryAdd(secret, 0);
    }

    public string Scrub(string text)
    {
        foreach (var secret in secrets.Keys)
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        return text;
    }
}
