using Microsoft.Extensions.Logging;

namespace PtSandbox.Client;

/// <summary>Source-generated log messages. None takes a password, bearer, cookie or secret.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "PT Sandbox HTTP {Method} {Path} -> {Status} in {ElapsedMs:0} ms")]
    public static partial void HttpCall(ILogger logger, string method, string path, int status, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "PT Sandbox {Host}: retrying {Call} in {DelayMs:0} ms after attempt {Attempt}: {Reason}")]
    public static partial void Retrying(ILogger logger, string host, string call, double delayMs, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "PT Sandbox {Host}: logged in as {Username} ({Reason})")]
    public static partial void LoggedIn(ILogger logger, string host, string username, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "PT Sandbox {Host}: bearer refreshed with the session cookie")]
    public static partial void BearerRefreshed(ILogger logger, string host);

    [LoggerMessage(Level = LogLevel.Debug, Message = "PT Sandbox {Host}: {Call} was rejected with 401; renewing the bearer and retrying once")]
    public static partial void BearerRejected(ILogger logger, string host, string call);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PT Sandbox {Host}: outcome of {Call} unknown ({Reason}); reconciling with the token listing")]
    public static partial void CreateOutcomeUnknown(ILogger logger, string host, string call, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PT Sandbox {Host}: {Call} was cancelled while its outcome was unknown; the sandbox may have been left with a token named \"{Name}\" whose secret is lost: find it in the token list and delete it")]
    public static partial void CreateAbandoned(ILogger logger, string host, string call, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PT Sandbox {Host}: token {Id} was created by an attempt whose response was lost; its secret is unrecoverable, deleting it")]
    public static partial void DeletingOrphan(ILogger logger, string host, long id);
}
