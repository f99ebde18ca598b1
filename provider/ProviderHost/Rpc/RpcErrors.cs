using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ProviderHost.Resources;
using ProviderHost.Values;
using Pulumirpc;

namespace ProviderHost.Rpc;

/// <summary>Turns exceptions into the gRPC statuses the engine understands, with rich details where it reads them.</summary>
internal static class RpcErrors
{
    private const string StatusDetailsTrailer = "grpc-status-details-bin";

    public static RpcException From(Exception exception, bool cancelledByEngine) => exception switch
    {
        RpcException rpc => rpc,
        OperationCanceledException when cancelledByEngine => new RpcException(new Status(StatusCode.Cancelled, "operation cancelled by the engine")),
        MissingConfigurationException missing => WithDetail(missing.Status, missing.Message, MissingKeys(missing)),
        ResourceInitFailedException failed => WithDetail(failed.Status, failed.Message, InitFailed(failed)),
        ProviderException provider => new RpcException(new Status(provider.Status, OneLine(provider.Message))),
        OperationCanceledException => new RpcException(new Status(StatusCode.Cancelled, "operation cancelled")),
        _ => new RpcException(new Status(StatusCode.Unknown, OneLine($"internal error ({exception.GetType().Name}): {exception.Message}"))),
    };

    /// <summary>The CLI prints the message after "error: "; a single line keeps it readable.</summary>
    public static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static ConfigureErrorMissingKeys MissingKeys(MissingConfigurationException missing)
    {
        var detail = new ConfigureErrorMissingKeys();
        detail.MissingKeys.AddRange(missing.Keys.Select(k =>
            new ConfigureErrorMissingKeys.Types.MissingKey { Name = k.Name, Description = k.Description }));
        return detail;
    }

    private static ErrorResourceInitFailed InitFailed(ResourceInitFailedException failed)
    {
        var detail = new ErrorResourceInitFailed
        {
            Id = failed.Id,
            Properties = PropertyMarshaller.ToStruct(failed.Outputs),
            Inputs = PropertyMarshaller.ToStruct(failed.Inputs),
        };
        detail.Reasons.AddRange(failed.Reasons.Select(OneLine));
        return detail;
    }

    private static RpcException WithDetail(StatusCode code, string message, IMessage detail)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = OneLine(message) };
        status.Details.Add(Any.Pack(detail));
        var trailers = new Metadata { { StatusDetailsTrailer, status.ToByteArray() } };
        return new RpcException(new Status(code, status.Message), trailers);
    }
}
