using System.Text;

namespace PtSandbox.Harness.Fakes;

/// <summary>One request as <see cref="FakeSandbox"/> read it: headers as received (in order), body de-chunked.</summary>
public sealed record FakeRequest(string Method, string PathAndQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary><see cref="PathAndQuery"/> without the query.</summary>
    public string Path => PathAndQuery.IndexOf('?') is var query and >= 0 ? PathAndQuery[..query] : PathAndQuery;

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The first value of a header, case-insensitive name; null when absent.</summary>
    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                return value;
        return null;
    }
}
