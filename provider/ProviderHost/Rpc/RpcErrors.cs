using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ProviderHost.Resources;
using ProviderHost.Values;
using Pulumirpc;
using SecretText;

namespace ProviderHost.Rpc;

/// <summary>
/// Turns exceptions into the gRPC statuses the engine understands, with rich details where it reads them. Every text
/// leaves as one line with the process's secrets masked and control characters removed.
/// </summary>
internal static class RpcErrors
{
    /// <summary>Longest message sent; the CLI prints it after "error: ".</summary>
    public const int MaxMessageLength = 2000;

    private const string StatusDetailsTrailer = "grpc-status-details-bin";

    public static RpcException From(Exception exception, bool cancelledByEngine, SecretRedactor secrets) => exception switch
    {
        RpcException rpc => new RpcException(new Status(rpc.StatusCode, Text(rpc.Status.Detail, secrets)), rpc.Trailers),
        OperationCanceledException when cancelledByEngine => new RpcException(new Status(StatusCode.Cancelled, "operation cancelled by the engine")),
        MissingConfigurationException missing => WithDetail(Code(missing.Kind), missing.Message, MissingKeys(missing, secrets), secrets),
        ResourceInitFailedException failed => WithDetail(Code(failed.Kind), failed.Message, InitFailed(failed, secrets), secrets),
        ProviderException provider => new RpcException(new Status(Code(provider.Kind), Text(provider.Message, secrets))),
        OperationCanceledException => new RpcException(new Status(StatusCode.Cancelled, "operation cancelled")),
        _ => new RpcException(new Status(StatusCode.Unknown, Text($"internal error ({exception.GetType().Name}): {exception.Message}", secrets))),
    };

    public static StatusCode Code(ProviderErrorKind kind) => kind switch
    {
        ProviderErrorKind.InvalidInput => StatusCode.InvalidArgument,
        ProviderErrorKind.Unavailable => StatusCode.Unavailable,
        ProviderErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        ProviderErrorKind.TimedOut => StatusCode.DeadlineExceeded,
        ProviderErrorKind.Incomplete => StatusCode.Unknown,
        _ => StatusCode.FailedPrecondition,
    };

    /// <summary>A text for the engine: one line, secrets masked, no control characters, bounded.</summary>
    public static string Text(string message, SecretRedactor secrets) => secrets.OneLine(message, MaxMessageLength);

    private static ConfigureErrorMissingKeys MissingKeys(MissingConfigurationException missing, SecretRedactor secrets)
    {
        var detail = new ConfigureErrorMissingKeys();
        detail.MissingKeys.AddRange(missing.Keys.Select(k =>
            new ConfigureErrorMissingKeys.Types.MissingKey { Name = k.Name, Description = Text(k.Description, secrets) }));
        return detail;
    }

    private static ErrorResourceInitFailed InitFailed(ResourceInitFailedException failed, SecretRedactor secrets)
    {
        var detail = new ErrorResourceInitFailed
        {
            RefreshBeforeUpdate = failed.RefreshBeforeUpdate,
            Id = failed.Id,
            Properties = PropertyMarshaller.ToStruct(failed.Outputs),
            Inputs = PropertyMarshaller.ToStruct(failed.Inputs),
        };
        detail.Reasons.AddRange(failed.Reasons.Select(reason => Text(reason, secrets)));
        return detail;
    }

    private static RpcException WithDetail(StatusCode code, string message, IMessage detail, SecretRedactor secrets)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = Text(message, secrets) };
        status.Details.Add(Any.Pack(detail));
        var trailers = new Metadata { { StatusDetailsTrailer, status.ToByteArray() } };
        return new RpcException(new Status(code, status.Message), trailers);
    }
}
