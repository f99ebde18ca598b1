namespace PtSandbox.AotRoots;

/// <summary>
/// Turns the names DI's events carry (<c>Type.ToString()</c>: <c>Ns.Generic`1[Ns.Arg]</c>, no assembly) back into
/// types, by looking each definition up among the loaded assemblies.
/// </summary>
internal sealed class TypeNames
{
    private readonly Dictionary<string, Type> _byFullName = new(StringComparer.Ordinal);

    public TypeNames()
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            foreach (var type in assembly.GetTypes())
                if (type.FullName is { } name) _byFullName.TryAdd(name, type);
    }

    public Type Resolve(string name)
    {
        var open = name.IndexOf('[');
        if (open < 0)
            return _byFullName.GetValueOrDefault(name) ?? throw new InvalidOperationException($"no loaded type is named '{name}'");
        var definition = Resolve(name[..open]);
        var arguments = SplitArguments(name[(open + 1)..^1]).Select(Resolve).ToArray();
        return definition.MakeGenericType(arguments);
    }

    /// <summary>"A`1[B], C" → ["A`1[B]", "C"]: commas at bracket depth 0 only.</summary>
    private static IEnumerable<string> SplitArguments(string list)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < list.Length; i++)
        {
            switch (list[i])
            {
                case '[': depth++; break;
                case ']': depth--; break;
                case ',' when depth == 0:
                    yield return list[start..i].Trim();
                    start = i + 1;
                    break;
            }
        }
        yield return list[start..].Trim();
    }
}
