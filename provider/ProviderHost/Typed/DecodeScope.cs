using ProviderHost.Resources;
using ProviderHost.Values;

namespace ProviderHost.Typed;

/// <summary>
/// What decoding one property map found besides the values: failures on property paths, and which paths were
/// unknown (preview) or secret. Lenient decoding (of recorded state) reports no failures: what does not fit is
/// only not known.
/// </summary>
public sealed class DecodeScope(bool lenient = false)
{
    // Made on first use: most scopes (state read back on every refresh) record nothing, or only a secret.
    private List<CheckFailure>? _failures;
    private HashSet<string>? _unknown;
    private HashSet<string>? _secret;
    private HashSet<string>? _failed;

    public bool Lenient { get; } = lenient;
    public IReadOnlyList<CheckFailure> Failures => _failures ?? [];

    /// <summary>The paths whose values were unknown (preview).</summary>
    public IReadOnlyCollection<string> UnknownPaths => _unknown ?? [];

    /// <summary>Records a failure on <paramref name="path"/> (lenient decoding only marks the path as not known).</summary>
    public void Fail(string path, string reason)
    {
        if (!Lenient) (_failures ??= []).Add(new CheckFailure(path, reason));
        (_failed ??= new(StringComparer.Ordinal)).Add(path);
    }

    internal void MarkUnknown(string path) => (_unknown ??= new(StringComparer.Ordinal)).Add(path);
    internal void MarkSecret(string path) => (_secret ??= new(StringComparer.Ordinal)).Add(path);

    /// <summary>The value at <paramref name="path"/> was given, known and of the declared type (and so was every value above it).</summary>
    public bool IsKnown(string path) =>
        (_unknown is null && _failed is null) || !Above(path).Any(p => _unknown?.Contains(p) == true || _failed?.Contains(p) == true);

    /// <summary>The value at <paramref name="path"/>, or one containing it, was marked secret.</summary>
    public bool IsSecret(string path) => _secret is not null && Above(path).Any(_secret.Contains);

    /// <summary>
    /// User text for a message: shortened, control characters escaped; a value marked secret is never quoted, since
    /// failures and warnings are shown in plain text.
    /// </summary>
    public string Quote(string path, string text)
    {
        if (IsSecret(path)) return "[secret]";
        var shown = text.Length > 40 ? text[..40] + $"… ({text.Length} characters)" : text;
        return "\"" + string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) + "\"";
    }

    /// <summary><paramref name="path"/> and the paths of the values containing it: <c>a.b[1]</c>, <c>a.b</c>, <c>a</c>.</summary>
    private static IEnumerable<string> Above(string path)
    {
        for (var end = path.Length; end > 0; end = LastBreak(path, end))
            yield return path[..end];
    }

    private static int LastBreak(string path, int end)
    {
        for (var i = end - 1; i > 0; i--)
            if (path[i] is '.' or '[') return i;
        return 0;
    }

    /// <summary>
    /// Decodes one value: a null or absent one is <c>default</c>; an unknown one is recorded and <c>default</c>;
    /// a secret one is recorded and decoded as any other.
    /// </summary>
    public T? Read<T>(ValueCodec<T> codec, PropertyValue? value, string path)
    {
        if (value is null || value.IsNull) return default;
        if (value.IsSecret) MarkSecret(path);
        if (value.IsComputed)
        {
            MarkUnknown(path);
            return default;
        }
        return codec.Read(value, path, this);
    }

    internal T? WrongKind<T>(ValueCodec<T> codec, PropertyValue value, string path)
    {
        Fail(path, $"must be {codec.Type.Noun}, not {Describe(value)}");
        return default;
    }

    private static string Describe(PropertyValue value) => value.Kind switch
    {
        PropertyValueKind.Special => "an asset, archive or resource reference",
        _ => value.Kind.ToString().ToLowerInvariant(),
    };
}
