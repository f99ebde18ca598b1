using PtSandbox.Emulator.Http;

namespace PtSandbox.Emulator.Middleware;

/// <summary>Counts every non-control request by "METHOD template" (the raw path when no route matched),
/// before faults apply, so faulted requests are counted too.</summary>
internal static class RequestCounter
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next, EmulatorServices services)
    {
        if (!Routes.IsControl(context))
        {
            var route = Routes.Template(context) ?? context.Request.Path.Value ?? "/";
            services.Stats.CountRequest($"{context.Request.Method} {route}");
        }
        return next(context);
    }
}
