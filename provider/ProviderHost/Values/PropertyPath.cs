using System.Text;

namespace ProviderHost.Values;

/// <summary>
/// Property paths as the engine writes them in CheckFailure.property and DiffResponse.detailedDiff keys:
/// <c>a.b[0]</c>, and <c>a["x.y"]</c> for keys that are not plain identifiers.
/// </summary>
public static class PropertyPath
{
    public static string Format(params object[] segments)
    {
        var path = new StringBuilder();
        foreach (var segment in segments)
        {
            switch (segment)
            {
                case int index:
                    path.Append('[').Append(index).Append(']');
                    break;
                case string key when IsPlain(key):
                    if (path.Length > 0) path.Append('.');
                    path.Append(key);
                    break;
                case string key:
                    path.Append("[\"").Append(key.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append("\"]");
                    break;
                default:
                    throw new ArgumentException($"a path segment must be a string key or an int index, not {segment.GetType().Name}");
            }
        }
        return path.ToString();
    }

    /// <summary><paramref name="path"/> extended by a key: <c>a.key</c>, or <c>a["x.y"]</c>.</summary>
    public static string Append(string path, string key) =>
        !IsPlain(key) ? path + "[\"" + key.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"]"
        : path.Length == 0 ? key
        : path + "." + key;

    /// <summary><paramref name="path"/> extended by an index: <c>a[1]</c>.</summary>
    public static string Append(string path, int index) => path + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    /// <summary>An identifier (<c>[A-Za-z_$][A-Za-z0-9_$]*</c>), written after a dot; any other key is quoted.</summary>
    private static bool IsPlain(string key)
    {
        if (key.Length == 0 || char.IsAsciiDigit(key[0])) return false;
        foreach (var c in key)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '$')) return false;
        return true;
    }
}
