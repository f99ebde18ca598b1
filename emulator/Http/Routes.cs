using Microsoft.AspNetCore.Routing;

namespace PtSandbox.Emulator.Http;

internal static class Routes
{
    public const string Authorize = "/api/ui/auth/authorize";
    public const string Login = "/ui/login";
    public const string AuthorizeCallback = "/ui/authorize/callback";
    public const string AccessToken = "/api/ui/auth/token";
    public const string Tokens = "/api/ui/public-api/tokens";
    public const string Token = "/api/ui/public-api/tokens/{id}";

    public const string ControlPrefix = "/_emulator";

    public const string SessionCookie = "ptsb_session";
    public const string RefreshCookie = "ptsb_refresh";

    /// <summary>The <c>{id}</c> route value as a number; null when it is not one (treated as an unknown id).</summary>
    public static long? Id(HttpContext context) =>
        context.GetRouteValue("id") is string raw && long.TryParse(raw, System.Globalization.NumberStyles.None, null, out var id) ? id : null;

    /// <summary>The route template of the matched endpoint, e.g. <c>/api/ui/public-api/tokens/{id}</c>.</summary>
    public static string? Template(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;

    public static bool IsControl(HttpContext context) => context.Request.Path.StartsWithSegments(ControlPrefix);
}
