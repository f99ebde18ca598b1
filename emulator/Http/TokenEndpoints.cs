using PtSandbox.Emulator.Json;
using PtSandbox.Emulator.State;

namespace PtSandbox.Emulator.Http;

/// <summary><c>/api/ui/public-api/tokens</c>: list, create, (soft) delete. All need a valid bearer.</summary>
internal static class TokenEndpoints
{
    // Secret length in random bytes: 33 bytes → 44 URL-safe characters.
    private const int SecretBytes = 33;

    public static void Map(WebApplication app, EmulatorServices services)
    {
        app.MapGet(Routes.Tokens, context => WithUser(context, services, ListAsync));
        app.MapPost(Routes.Tokens, context => WithUser(context, services, CreateAsync));
        app.MapDelete(Routes.Token, context => WithUser(context, services, DeleteAsync));
    }

    private static Task WithUser(HttpContext context, EmulatorServices services, Func<HttpContext, EmulatorServices, string, Task> handler)
    {
        var user = BearerAuth.User(context, services);
        return user is null
            ? ApiErrors.Unauthenticated(context, "Missing, invalid or expired access token")
            : handler(context, services, user);
    }

    private static Task ListAsync(HttpContext context, EmulatorServices services, string user)
    {
        var tokens = services.Tokens.Snapshot(includeDeleted: services.Options.ListDeleted);
        var shown = services.Options.ListLimit is { } limit && limit < tokens.Count ? tokens.GetRange(0, limit) : tokens;
        var entries = new TokenView[shown.Count];
        for (var i = 0; i < entries.Length; i++)
            entries[i] = TokenView.From(shown[i]);
        return context.Response.WriteAsJsonAsync(
            new TokenListing(tokens.Count, entries), EmulatorJson.Context.TokenListing, contentType: null, context.RequestAborted);
    }

    private static async Task CreateAsync(HttpContext context, EmulatorServices services, string user)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request);
        if (body.Error is not null)
        {
            await ApiErrors.BadRequest(context, body.Error);
            return;
        }

        var root = body.Root;
        var (_, name, nameError) = JsonBody.OptionalString(root, "name");
        if (nameError is not null || name is null)
        {
            await ApiErrors.BadRequest(context, nameError ?? "'name' is required");
            return;
        }
        if (TokenRules.CheckName(name) is { } badName)
        {
            await ApiErrors.BadRequest(context, badName);
            return;
        }

        if (!root.TryGetProperty("permissions", out var permissionsJson))
        {
            await ApiErrors.BadRequest(context, "'permissions' is required");
            return;
        }
        var (permissions, permissionsError) = JsonBody.StringArray(permissionsJson, "permissions");
        if ((permissionsError ?? TokenRules.CheckPermissions(permissions!)) is { } badPermissions)
        {
            await ApiErrors.BadRequest(context, badPermissions);
            return;
        }

        var (_, comment, commentError) = JsonBody.OptionalString(root, "comment");
        if (commentError is not null)
        {
            await ApiErrors.BadRequest(context, commentError);
            return;
        }

        var secret = Secrets.Random(SecretBytes);
        var (outcome, token) = services.Tokens.Create(name, comment, permissions!, user, secret, services.Options.UniqueNames);
        if (outcome == TokenStore.CreateOutcome.NameTaken)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status409Conflict, ApiErrors.Conflict,
                $"Token name '{name}' is already taken by another token");
            return;
        }

        await context.Response.WriteAsJsonAsync(
            CreatedTokenView.From(token!, secret), EmulatorJson.Context.CreatedTokenView, contentType: null, context.RequestAborted);
    }

    private static Task DeleteAsync(HttpContext context, EmulatorServices services, string user)
    {
        if (Routes.Id(context) is not { } id || !services.Tokens.SoftDelete(id))
            return ApiErrors.NotFoundError(context, $"Token '{context.GetRouteValue("id")}' not found");
        // Success is 200 with an empty body, as the real API answers.
        context.Response.StatusCode = StatusCodes.Status200OK;
        return Task.CompletedTask;
    }
}
