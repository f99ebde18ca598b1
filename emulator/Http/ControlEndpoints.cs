using System.Text.Json;
using PtSandbox.Emulator.Json;
using PtSandbox.Emulator.State;

namespace PtSandbox.Emulator.Http;

/// <summary>
/// <c>/_emulator/*</c>: lets tests look behind the API and change things out of band. No auth; only
/// loopback clients (see <see cref="Middleware.LoopbackOnlyControl"/>). Never counted, never faulted.
/// </summary>
internal static class ControlEndpoints
{
    private static readonly HashSet<string> Kinds = new(StringComparer.Ordinal)
    {
        FaultKinds.Status, FaultKinds.Delay, FaultKinds.Reset, FaultKinds.CommitThenDrop,
    };

    /// <summary>Year 10000 in UNIX seconds: a <c>created</c> must be earlier, like any time the provider reads.</summary>
    private const double LatestCreated = 253402300800;

    public static void Map(WebApplication app, EmulatorServices services)
    {
        app.MapGet("/_emulator/tokens", context => context.Response.WriteAsJsonAsync(
            (IReadOnlyList<EmulatorToken>)services.Tokens.Snapshot(includeDeleted: true),
            EmulatorJson.Context.IReadOnlyListEmulatorToken, contentType: null, context.RequestAborted));
        app.MapPatch("/_emulator/tokens/{id}", context => PatchAsync(context, services));
        app.MapDelete("/_emulator/tokens/{id}", context =>
        {
            if (Routes.Id(context) is not { } id || !services.Tokens.HardDelete(id))
                return ApiErrors.NotFoundError(context, "Token not found");
            return NoContent(context);
        });
        app.MapPost("/_emulator/faults", context => AddFaultAsync(context, services));
        app.MapDelete("/_emulator/faults", context =>
        {
            services.Faults.Clear();
            return NoContent(context);
        });
        app.MapPost("/_emulator/revoke-bearers", context =>
        {
            services.Auth.RevokeBearers();
            return NoContent(context);
        });
        app.MapGet("/_emulator/stats", context => context.Response.WriteAsJsonAsync(
            services.Stats.Snapshot(), EmulatorJson.Context.EmulatorStats, contentType: null, context.RequestAborted));
        app.MapGet("/_emulator/clock", context => WriteClockAsync(context, services));
        app.MapPut("/_emulator/clock", context => SetClockAsync(context, services));
        app.MapPost("/_emulator/reset", context =>
        {
            // Ids keep increasing after a reset: a test can never confuse a new token with an old one.
            services.Tokens.Clear();
            services.Auth.Clear();
            services.Faults.Clear();
            services.Stats.Clear();
            services.Clock.Reset();
            return NoContent(context);
        });
    }

    private static Task NoContent(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private static async Task PatchAsync(HttpContext context, EmulatorServices services)
    {
        // Nulls are allowed here: "entryPoint": null clears the entry point, "comment": null the comment.
        var body = await JsonBody.ReadObjectAsync(context.Request, allowNulls: true);
        if (body.Error is not null)
        {
            await ApiErrors.BadRequest(context, body.Error);
            return;
        }

        var root = body.Root;
        var (hasName, name, nameError) = JsonBody.OptionalString(root, "name");
        var (hasComment, comment, commentError) = JsonBody.OptionalString(root, "comment");
        if ((nameError ?? commentError ?? (hasName && name is null ? "'name' cannot be null" : null)) is { } error)
        {
            await ApiErrors.BadRequest(context, error);
            return;
        }

        string[]? permissions = null;
        if (root.TryGetProperty("permissions", out var permissionsJson))
        {
            // Any strings are accepted, e.g. to imitate a newer server that knows more permissions.
            (permissions, var permissionsError) = JsonBody.StringArray(permissionsJson, "permissions");
            if (permissionsError is not null)
            {
                await ApiErrors.BadRequest(context, permissionsError);
                return;
            }
        }

        var hasEntryPoint = root.TryGetProperty("entryPoint", out var entryPointJson);
        EmulatorEntryPoint? entryPoint = null;
        if (hasEntryPoint && entryPointJson.ValueKind != JsonValueKind.Null)
        {
            if (entryPointJson.ValueKind != JsonValueKind.Object
                || !entryPointJson.TryGetProperty("id", out var epId) || epId.ValueKind != JsonValueKind.String
                || !entryPointJson.TryGetProperty("name", out var epName) || epName.ValueKind != JsonValueKind.String)
            {
                await ApiErrors.BadRequest(context, "'entryPoint' must be null or {\"id\": string, \"name\": string}");
                return;
            }
            entryPoint = new EmulatorEntryPoint(epId.GetString()!, epName.GetString()!);
        }

        bool? deleted = null;
        if (root.TryGetProperty("deleted", out var deletedJson))
        {
            if (deletedJson.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                await ApiErrors.BadRequest(context, "'deleted' must be true or false");
                return;
            }
            deleted = deletedJson.GetBoolean();
        }

        double? created = null;
        if (root.TryGetProperty("created", out var createdJson))
        {
            if (createdJson.ValueKind != JsonValueKind.Number
                || !createdJson.TryGetDouble(out var seconds) || seconds is not (>= 0 and < LatestCreated))
            {
                await ApiErrors.BadRequest(context, "'created' must be a number of UNIX seconds, at least 0 and below 253402300800 (years 1970 to 9999)");
                return;
            }
            created = seconds;
        }

        // "modified" tells of an edit (name, comment, ...); moving the creation time is not one.
        var onlyMovesCreated = created is not null
            && !hasName && !hasComment && permissions is null && !hasEntryPoint && deleted is null;
        var now = services.Clock.Now();
        var updated = Routes.Id(context) is { } id
            ? services.Tokens.Update(id, token => token with
            {
                Created = created ?? token.Created,
                Name = hasName ? name! : token.Name,
                Comment = hasComment ? comment : token.Comment,
                Permissions = permissions ?? token.Permissions,
                EntryPoint = hasEntryPoint ? entryPoint : token.EntryPoint,
                Deleted = deleted switch
                {
                    true => token.Deleted ?? now,
                    false => null,
                    null => token.Deleted,
                },
                Modified = onlyMovesCreated ? token.Modified : now,
            })
            : null;
        if (updated is null)
        {
            await ApiErrors.NotFoundError(context, "Token not found");
            return;
        }
        await context.Response.WriteAsJsonAsync(updated, EmulatorJson.Context.EmulatorToken, contentType: null, context.RequestAborted);
    }

    private static async Task SetClockAsync(HttpContext context, EmulatorServices services)
    {
        // Nulls are allowed so that "offsetSeconds": null gets the same message as any other non-number.
        var body = await JsonBody.ReadObjectAsync(context.Request, allowNulls: true);
        if (body.Error is not null)
        {
            await ApiErrors.BadRequest(context, body.Error);
            return;
        }
        if (!body.Root.TryGetProperty("offsetSeconds", out var offsetJson) || offsetJson.ValueKind != JsonValueKind.Number
            || !offsetJson.TryGetDouble(out var seconds) || !SandboxClock.IsAllowedOffset(seconds))
        {
            await ApiErrors.BadRequest(context, "'offsetSeconds' must be a number of seconds from -315576000 to 315576000 (ten years either way)");
            return;
        }
        services.Clock.SetOffset(seconds);
        await WriteClockAsync(context, services);
    }

    private static Task WriteClockAsync(HttpContext context, EmulatorServices services)
    {
        var (offsetSeconds, now) = services.Clock.Read();
        return context.Response.WriteAsJsonAsync(
            new EmulatorClock(offsetSeconds, now), EmulatorJson.Context.EmulatorClock, contentType: null, context.RequestAborted);
    }

    private static async Task AddFaultAsync(HttpContext context, EmulatorServices services)
    {
        FaultRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, EmulatorJson.Context.FaultRequest, context.RequestAborted);
        }
        catch (JsonException e)
        {
            await ApiErrors.BadRequest(context, $"Invalid fault: {e.Message}");
            return;
        }

        var fault = request?.ToFault();
        var error = fault switch
        {
            null => "Request body must be a fault object",
            { Kind: var k } when !Kinds.Contains(k) => $"'kind' must be one of: {string.Join(", ", Kinds)}",
            { Count: < 1 } => "'count' must be at least 1",
            { Path: { } p } when !p.StartsWith('/') => "'path' must start with '/'",
            { Status: < 100 or > 599 } => "'status' must be an HTTP status code",
            { Kind: FaultKinds.Delay, DelayMs: null or < 0 } => "'delayMs' is required for a delay fault and must not be negative",
            { RetryAfterSeconds: < 0 } => "'retryAfterSeconds' must not be negative",
            _ => null,
        };
        if (error is not null)
        {
            await ApiErrors.BadRequest(context, error);
            return;
        }

        services.Faults.Add(fault!);
        await NoContent(context);
    }
}
