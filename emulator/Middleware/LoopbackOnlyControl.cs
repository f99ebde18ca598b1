using System.Net;
using PtSandbox.Emulator.Http;

namespace PtSandbox.Emulator.Middleware;

/// <summary>The control API has no auth, so it refuses (403) any client that is not on this machine.</summary>
internal static class LoopbackOnlyControl
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (Routes.IsControl(context) && !IsLoopback(context.Connection.RemoteIpAddress))
            return ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden, ApiErrors.Forbidden, "The control API is only served to loopback clients");
        return next(context);
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);
}
