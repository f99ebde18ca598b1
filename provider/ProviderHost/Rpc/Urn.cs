namespace ProviderHost.Rpc;

/// <summary>Parts of a URN <c>urn:pulumi:stack::project::parent$type::name</c>, for engines that omit request name/type.</summary>
/// <remarks>Read in place (every call of such an engine names its resource this way): no array of parts.</remarks>
internal static class Urn
{
    public static string Type(string urn)
    {
        if (!TryFind(urn, out var typeStart, out var nameStart)) return "";
        var qualifiedType = urn.AsSpan(typeStart, nameStart - 2 - typeStart);
        return qualifiedType[(qualifiedType.LastIndexOf('$') + 1)..].ToString();
    }

    public static string Name(string urn) => TryFind(urn, out _, out var nameStart) ? urn[nameStart..] : "";

    /// <summary>Where the type and the name start: after the second and the third "::" (the name may hold more).</summary>
    private static bool TryFind(string urn, out int typeStart, out int nameStart)
    {
        typeStart = nameStart = 0;
        var project = urn.IndexOf("::", StringComparison.Ordinal);
        if (project < 0) return false;
        var type = urn.IndexOf("::", project + 2, StringComparison.Ordinal);
        if (type < 0) return false;
        var name = urn.IndexOf("::", type + 2, StringComparison.Ordinal);
        if (name < 0) return false;
        typeStart = type + 2;
        nameStart = name + 2;
        return true;
    }
}
