namespace PtSandbox.Client;

/// <summary>Comparing a token's creator login with a configured username, in the forms a directory login takes.</summary>
public static class LoginNames
{
    /// <summary>
    /// True when <paramref name="creatorLogin"/> names the user <paramref name="username"/>: <c>admin</c>,
    /// <c>CORP\admin</c> and <c>admin@corp.example</c> are one user, case aside. Where both name a domain, the domains
    /// must agree (a NetBIOS name against a DNS name's first label). An empty login names nobody: a token whose
    /// creator the sandbox does not say is never taken for ours.
    /// </summary>
    public static bool Same(string creatorLogin, string username)
    {
        var (creator, creatorDomain) = Split(creatorLogin);
        var (user, userDomain) = Split(username);
        if (creator.Length == 0 || !string.Equals(creator, user, StringComparison.OrdinalIgnoreCase)) return false;
        return creatorDomain is null || userDomain is null || string.Equals(creatorDomain, userDomain, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The account name and, when the login carries one, the first label of its domain.</summary>
    private static (string Name, string? Domain) Split(string login)
    {
        var text = login.Trim();
        var slash = text.LastIndexOf('\\');
        if (slash >= 0) return (text[(slash + 1)..], FirstLabel(text[..slash]));
        var at = text.IndexOf('@');
        return at > 0 ? (text[..at], FirstLabel(text[(at + 1)..])) : (text, null);
    }

    private static string FirstLabel(string domain)
    {
        var dot = domain.IndexOf('.');
        return dot >= 0 ? domain[..dot] : domain;
    }
}
