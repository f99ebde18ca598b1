using System.Net.Http;
using System.Net.Sockets;
using SecretText;

namespace PtSandbox.Client.Http;

/// <summary>What an exception from one HTTP attempt means for the caller, in words and in retry terms.</summary>
internal readonly record struct TransportFailure(string Detail, bool IsTransient, bool RequestNeverSent)
{
    public static TransportFailure Describe(Exception error, SandboxClientOptions options, SecretRedactor secrets) => error switch
    {
        RequestTimeoutException => new($"no response within {Seconds(options.RequestTimeout)} (requestTimeout)", true, false),
        ResponseTooLargeException tooLarge => new($"unexpected response: body larger than {tooLarge.Limit} bytes refused", false, false),
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => Tls(error, (error as TlsHandshakeException)?.Certificate, secrets),
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } http => new(ConnectDetail(http, secrets), true, true),
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => new("cannot resolve the host name", true, true),
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => new("connection closed by the server before a complete response", true, false),
        _ when FindSocketError(error) == SocketError.ConnectionReset => new("connection reset by the server", true, false),
        HttpRequestException http => new($"network error: {Innermost(http, secrets)}", true, false),
        IOException io => new($"connection lost while reading the response: {Innermost(io, secrets)}", true, false),
        _ => new($"unexpected error: {error.GetType().Name}: {Innermost(error, secrets)}", false, false),
    };

    private static TransportFailure Tls(Exception error, TlsFailure? certificate, SecretRedactor secrets)
    {
        var hint = "set caCertificate to the PEM of the CA that issued the server certificate, or insecureSkipVerify = true to skip the check (lab only)";
        var detail = certificate is { } failure
            ? $"TLS certificate verification failed ({failure.Reason}): {failure.Fix ?? hint}"
            : $"TLS handshake failed ({Innermost(error, secrets)}); if it is a certificate problem, {hint}";
        return new(detail, false, true);
    }

    private static string ConnectDetail(HttpRequestException error, SecretRedactor secrets) =>
        FindSocketError(error) switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.TimedOut => "connect timed out",
            SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
            _ => $"cannot connect: {Innermost(error, secrets)}",
        };

    private static SocketError? FindSocketError(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is SocketException socket)
                return socket.SocketErrorCode;
        }
        return null;
    }

    /// <summary>The root cause's message: it may quote what the server sent (a malformed status line or header).</summary>
    private static string Innermost(Exception error, SecretRedactor secrets)
    {
        while (error.InnerException is not null)
            error = error.InnerException;
        return secrets.OneLine(error.Message, 200);
    }

    private static string Seconds(TimeSpan span) =>
        span.TotalSeconds >= 1 ? $"{span.TotalSeconds:0.###} s" : $"{span.TotalMilliseconds:0} ms";
}
