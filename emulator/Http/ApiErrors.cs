using PtSandbox.Emulator.Json;

namespace PtSandbox.Emulator.Http;

/// <summary>Writes the UI API's error shape: <c>{"errors":[{"message","type"}]}</c>.</summary>
internal static class ApiErrors
{
    public const string Validation = "ValidationError";
    public const string Unauthorized = "AuthenticationError";
    public const string NotFound = "NotFoundError";
    public const string Conflict = "ConflictError";
    public const string Forbidden = "ForbiddenError";

    public static Task WriteAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        var body = new ErrorBody([new ErrorItem(message, type)]);
        return context.Response.WriteAsJsonAsync(body, EmulatorJson.Context.ErrorBody, contentType: null, context.RequestAborted);
    }

    public static Task BadRequest(HttpContext context, string message) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, Validation, message);

    public static Task Unauthenticated(HttpContext context, string message) =>
        WriteAsync(context, StatusCodes.Status401Unauthorized, Unauthorized, message);

    public static Task NotFoundError(HttpContext context, string message) =>
        WriteAsync(context, StatusCodes.Status404NotFound, NotFound, message);
}
