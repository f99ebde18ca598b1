namespace ProviderHost.Rpc;

/// <summary>Parts of a URN <c>urn:pulumi:stack::project::parent$type::name</c>, for engines that omit request name/type.</summary>
internal static class Urn
{
    public static string Type(string urn)
    {
        var parts = urn.Split("::", 4);
        if (parts.Length < 4) return "";
        var qualifiedType = parts[2];
        return qualifiedType[(qualifiedType.LastIndexOf('$') + 1)..];
    }

    public static string Name(string urn)
    {
        var parts = urn.Split("::", 4);
        return parts.Length < 4 ? "" : parts[3];
    }
}
