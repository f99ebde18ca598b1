using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Grpc.Core;
using ProviderHost.Values;

namespace PtSandbox.Hardening.Tests.Support;

/// <summary>
/// Collects every text a user, a log collector or the engine's state could ever see (responses, errors, logs,
/// stdout/stderr, the schema) and then searches all of it for secrets. Inside a secret object is the one place a
/// secret may legitimately be: that content is cut out before scanning; everything else is scanned.
/// </summary>
public sealed partial class LeakAudit
{
    private readonly List<(string Place, string Text)> _texts = [];

    public int Places => _texts.Count;
    public long Characters => _texts.Sum(t => (long)t.Text.Length);
    public int SecretObjectsCut { get; private set; }

    /// <summary>The status detail of every RPC error recorded, in order.</summary>
    public List<string> ErrorDetails { get; } = [];

    public void Add(string place, string? text)
    {
        if (text is not null) _texts.Add((place, text));
    }

    /// <summary>A response, as JSON, with the inside of every secret object replaced by a marker.</summary>
    public void AddResponse(string place, IMessage response, params string[] plainExceptions)
    {
        var node = JsonNode.Parse(JsonFormatter.Default.Format(response));
        foreach (var path in plainExceptions) Remove(node, path);
        Add(place, CutSecrets(node)?.ToJsonString() ?? "null");
    }

    /// <summary>An RPC error: its message and every trailer (binary ones decoded byte for byte).</summary>
    public void AddError(string place, RpcException error)
    {
        ErrorDetails.Add(error.Status.Detail);
        Add(place + " (status detail)", error.Status.Detail);
        foreach (var trailer in error.Trailers)
            Add($"{place} (trailer {trailer.Key})", trailer.IsBinary ? Encoding.Latin1.GetString(trailer.ValueBytes) : trailer.Value);
    }

    /// <summary>Runs a call, records its response or its error; returns the response (null after an error).</summary>
    public async Task<T?> CallAsync<T>(string place, Func<Task<T>> call, params string[] plainExceptions) where T : class, IMessage
    {
        try
        {
            var response = await call();
            AddResponse(place, response, plainExceptions);
            return response;
        }
        catch (RpcException error)
        {
            AddError(place, error);
            return null;
        }
    }

    /// <summary>
    /// Every (place, secret name) where a secret shows in plain text, in any form a server may echo it (raw,
    /// JSON-escaped, URL- or form-encoded, HTML-escaped) or as the first characters of such a form.
    /// </summary>
    public IReadOnlyList<string> Find(IReadOnlyDictionary<string, string> secrets)
    {
        var found = new List<string>();
        foreach (var (place, text) in _texts)
        {
            foreach (var (name, value) in secrets.Where(s => s.Value.Length >= 4))
                if (SecretForms.FindIn(text, value, name) is { } where) found.Add($"{where} in {place}");
            if (text.Contains("authorization", StringComparison.OrdinalIgnoreCase)) found.Add($"the word Authorization in {place}");
            if (BearerHeader().IsMatch(text)) found.Add($"a 'Bearer <token>' in {place}");
            if (CookieHeader().IsMatch(text)) found.Add($"a cookie header in {place}");
        }
        return found;
    }

    private JsonNode? CutSecrets(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when obj.TryGetPropertyValue(Sentinels.SignatureKey, out var sig)
                                     && sig?.GetValueKind() == System.Text.Json.JsonValueKind.String
                                     && sig.GetValue<string>() == Sentinels.SecretSignature:
                SecretObjectsCut++;
                return JsonValue.Create("<secret cut out>");
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList()) obj[key] = CutSecrets(obj[key]?.DeepClone());
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) array[i] = CutSecrets(array[i]?.DeepClone());
                return array;
            default:
                return node;
        }
    }

    private static void Remove(JsonNode? node, string dottedPath)
    {
        var parts = dottedPath.Split('.');
        for (var i = 0; i < parts.Length - 1 && node is not null; i++) node = node[parts[i]];
        (node as JsonObject)?.Remove(parts[^1]);
    }

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9\-_.~+/=]{16,}")]
    private static partial Regex BearerHeader();

    [GeneratedRegex(@"(Set-)?Cookie:\s*\w+=|ptsb_(session|refresh)=", RegexOptions.IgnoreCase)]
    private static partial Regex CookieHeader();
}
