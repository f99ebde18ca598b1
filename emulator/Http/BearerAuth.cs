namespace PtSandbox.Emulator.Http;

internal static class BearerAuth
{
    /// <summary>The user behind the request's <c>Authorization: Bearer</c> header; null if absent, unknown, revoked or expired.</summary>
    public static string? User(HttpContext context, EmulatorServices services)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return null;
        var bearer = header[scheme.Length..].Trim();
        return bearer.Length == 0 ? null : services.Auth.BearerUser(bearer);
    }
}
