using System.Text.Json;
using PtSandbox.Emulator.Json;
using PtSandbox.Emulator.State;

namespace PtSandbox.Emulator.Http;

/// <summary>The four-step login of the UI API: authorize → login → callback (refresh cookie) → access token.</summary>
internal static class AuthEndpoints
{
    public static void Map(WebApplication app, EmulatorServices services)
    {
        app.MapGet(Routes.Authorize, context => AuthorizeAsync(context, services));
        app.MapPost(Routes.Login, context => LoginAsync(context, services));
        app.MapGet(Routes.AuthorizeCallback, context => CallbackAsync(context, services));
        app.MapPost(Routes.AccessToken, context => AccessTokenAsync(context, services));
    }

    private static Task AuthorizeAsync(HttpContext context, EmulatorServices services)
    {
        var fingerprint = context.Request.Query["fingerprint"].ToString();
        if (fingerprint.Length == 0)
            return ApiErrors.BadRequest(context, "'fingerprint' query parameter is required");
        var state = services.Auth.NewState(fingerprint);
        var request = context.Request;
        var location = $"{request.Scheme}://{request.Host}{Routes.AuthorizeCallback}?state={Uri.EscapeDataString(state)}";
        return context.Response.WriteAsJsonAsync(
            new AuthorizeResponse(new LocationData(location)), EmulatorJson.Context.AuthorizeResponse, contentType: null, context.RequestAborted);
    }

    private static async Task LoginAsync(HttpContext context, EmulatorServices services)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request);
        if (body.Error is not null)
        {
            await ApiErrors.BadRequest(context, body.Error);
            return;
        }

        var root = body.Root;
        var (_, username, userError) = JsonBody.OptionalString(root, "username");
        var (_, password, passwordError) = JsonBody.OptionalString(root, "password");
        if ((userError ?? passwordError) is { } typeError)
        {
            await ApiErrors.BadRequest(context, typeError);
            return;
        }
        if (username is null || password is null)
        {
            await ApiErrors.BadRequest(context, "'username' and 'password' are required");
            return;
        }
        // 0 = local account, 1 = LDAP; the emulator checks both against the one configured account.
        if (root.TryGetProperty("authType", out var authType)
            && !(authType.ValueKind == JsonValueKind.Number && authType.TryGetInt32(out var kind) && kind is 0 or 1))
        {
            await ApiErrors.BadRequest(context, "'authType' must be 0 (local) or 1 (LDAP)");
            return;
        }

        var options = services.Options;
        var ok = Secrets.EqualsConstantTime(username, options.Username) & Secrets.EqualsConstantTime(password, options.Password);
        if (!ok)
        {
            await ApiErrors.Unauthenticated(context, "Invalid username or password");
            return;
        }

        var session = services.Auth.NewSession(username);
        context.Response.Cookies.Append(Routes.SessionCookie, session, CookieOptionsFor(context));
        services.Stats.CountLogin();
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static Task CallbackAsync(HttpContext context, EmulatorServices services)
    {
        var user = services.Auth.SessionUser(context.Request.Cookies[Routes.SessionCookie]);
        if (user is null)
            return ApiErrors.Unauthenticated(context, "Not logged in");
        var state = context.Request.Query["state"].ToString();
        var refresh = state.Length == 0 ? null : services.Auth.RedeemState(state, user);
        if (refresh is null)
            return ApiErrors.BadRequest(context, "Unknown or already used 'state'");
        context.Response.Cookies.Append(Routes.RefreshCookie, refresh, CookieOptionsFor(context));
        context.Response.StatusCode = StatusCodes.Status200OK;
        return Task.CompletedTask;
    }

    private static async Task AccessTokenAsync(HttpContext context, EmulatorServices services)
    {
        var refresh = services.Auth.RefreshToken(context.Request.Cookies[Routes.RefreshCookie]);
        if (refresh is null)
        {
            await ApiErrors.Unauthenticated(context, "Missing or invalid refresh token");
            return;
        }
        var body = await JsonBody.ReadObjectAsync(context.Request);
        if (body.Error is not null)
        {
            await ApiErrors.BadRequest(context, body.Error);
            return;
        }
        var (_, fingerprint, error) = JsonBody.OptionalString(body.Root, "fingerprint");
        if (error is not null || fingerprint is null)
        {
            await ApiErrors.BadRequest(context, error ?? "'fingerprint' is required");
            return;
        }
        if (!string.Equals(fingerprint, refresh.Value.Fingerprint, StringComparison.Ordinal))
        {
            await ApiErrors.Unauthenticated(context, "Fingerprint does not match the session");
            return;
        }

        var bearer = services.Auth.NewBearer(refresh.Value.User, services.Options.BearerTtl);
        services.Stats.CountBearer();
        await context.Response.WriteAsJsonAsync(
            new AccessTokenResponse(new AccessTokenData(bearer)), EmulatorJson.Context.AccessTokenResponse, contentType: null, context.RequestAborted);
    }

    private static CookieOptions CookieOptionsFor(HttpContext context) => new()
    {
        HttpOnly = true,
        Path = "/",
        SameSite = SameSiteMode.Lax,
        // Secure only over HTTPS, or a client would never send the cookie back over plain HTTP.
        Secure = context.Request.IsHttps,
    };
}
