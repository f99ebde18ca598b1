using System.Text;
using System.Text.RegularExpressions;

namespace ProviderHost.Values;

/// <summary>
/// Property paths as the engine writes them in CheckFailure.property and DiffResponse.detailedDiff keys:
/// <c>a.b[0]</c>, and <c>a["x.y"]</c> for keys that are not plain identifiers.
/// </summary>
public static partial class PropertyPath
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
                case string key when PlainKey().IsMatch(key):
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
    public static string Append(string path, string key) => path + (PlainKey().IsMatch(key)
        ? (path.Length > 0 ? "." : "") + key
        : "[\"" + key.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"]");

    /// <summary><paramref name="path"/> extended by an index: <c>a[1]</c>.</summary>
    public static string Append(string path, int index) => path + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex PlainKey();
}
