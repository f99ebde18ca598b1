using Microsoft.AspNetCore.Http.Features;
using PtSandbox.Emulator.Http;

namespace PtSandbox.Emulator.Middleware;

/// <summary>Applies the next pending fault that matches a (non-control) request; see <see cref="Fault"/>.</summary>
internal static class FaultInjector
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next, EmulatorServices services)
    {
        var fault = Routes.IsControl(context)
            ? null
            : services.Faults.Take(context.Request.Method, context.Request.Path.Value ?? "/", Routes.Template(context));
        switch (fault?.Kind)
        {
            case null:
                await next(context);
                return;
            case FaultKinds.Status:
                await WriteStatusAsync(context, fault);
                return;
            case FaultKinds.Delay:
                using (var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, services.Stopping))
                {
                    try
                    {
                        await Task.Delay(fault.DelayMs ?? 0, cts.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        context.Abort();
                        return;
                    }
                }
                await next(context);
                return;
            case FaultKinds.Reset:
                context.Abort();
                return;
            case FaultKinds.CommitThenDrop:
                await CommitThenDropAsync(context, next);
                return;
            default:
                await next(context);
                return;
        }
    }

    private static Task WriteStatusAsync(HttpContext context, Fault fault)
    {
        var response = context.Response;
        response.StatusCode = fault.Status ?? StatusCodes.Status503ServiceUnavailable;
        if (fault.RetryAfterSeconds is { } retryAfter)
            response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in fault.Headers ?? new Dictionary<string, string>())
            response.Headers[name] = value;
        if (fault.ContentType is not null)
            response.ContentType = fault.ContentType;
        return fault.Body is null ? Task.CompletedTask : response.WriteAsync(fault.Body, context.RequestAborted);
    }

    /// <summary>Runs the request to completion (its change is committed) into a buffer, then drops the
    /// connection so the client never sees the answer: the case where a retried POST creates twice.</summary>
    private static async Task CommitThenDropAsync(HttpContext context, RequestDelegate next)
    {
        var bodyFeature = context.Features.Get<IHttpResponseBodyFeature>();
        var buffer = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(bodyFeature);
            context.Abort();
        }
    }
}
