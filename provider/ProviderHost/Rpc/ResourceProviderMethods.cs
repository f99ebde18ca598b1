using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Pulumirpc;

namespace ProviderHost.Rpc;

/// <summary>
/// Registers the ResourceProvider methods with Grpc.AspNetCore directly. The default discovery reflects over the
/// generated base class and binds through a generic virtual method per RPC; under Native AOT both go through the
/// runtime type loader and were most of the plugin's start-up. Here each method is a plain descriptor plus a direct
/// call on the service. Names and types are those of our .proto (the wire contract); methods not listed stay
/// UNIMPLEMENTED, as for any gRPC service.
/// </summary>
internal sealed class ResourceProviderMethods : IServiceMethodProvider<ResourceProviderService>
{
    private const string Service = "pulumirpc.ResourceProvider";
    private static readonly IList<object> NoMetadata = [];

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<ResourceProviderService> context)
    {
        Add(context, "Handshake", ProviderHandshakeRequest.Parser, (s, r, c) => s.Handshake(r, c));
        Add(context, "Attach", PluginAttach.Parser, (s, r, c) => s.Attach(r, c));
        Add(context, "GetPluginInfo", Empty.Parser, (s, r, c) => s.GetPluginInfo(r, c));
        Add(context, "GetSchema", GetSchemaRequest.Parser, (s, r, c) => s.GetSchema(r, c));
        Add(context, "Cancel", Empty.Parser, (s, r, c) => s.Cancel(r, c));
        Add(context, "CheckConfig", CheckRequest.Parser, (s, r, c) => s.CheckConfig(r, c));
        Add(context, "DiffConfig", DiffRequest.Parser, (s, r, c) => s.DiffConfig(r, c));
        Add(context, "Configure", ConfigureRequest.Parser, (s, r, c) => s.Configure(r, c));
        Add(context, "Check", CheckRequest.Parser, (s, r, c) => s.Check(r, c));
        Add(context, "Diff", DiffRequest.Parser, (s, r, c) => s.Diff(r, c));
        Add(context, "Create", CreateRequest.Parser, (s, r, c) => s.Create(r, c));
        Add(context, "Read", ReadRequest.Parser, (s, r, c) => s.Read(r, c));
        Add(context, "Update", UpdateRequest.Parser, (s, r, c) => s.Update(r, c));
        Add(context, "Delete", DeleteRequest.Parser, (s, r, c) => s.Delete(r, c));
        Add(context, "Invoke", InvokeRequest.Parser, (s, r, c) => s.Invoke(r, c));
    }

    private static void Add<TRequest, TResponse>(
        ServiceMethodProviderContext<ResourceProviderService> context,
        string name,
        MessageParser<TRequest> requests,
        UnaryServerMethod<ResourceProviderService, TRequest, TResponse> invoker)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var method = new Method<TRequest, TResponse>(MethodType.Unary, Service, name, Requests(name, requests), Responses<TResponse>());
        context.AddUnaryMethod(method, NoMetadata, invoker);
    }

    /// <summary>
    /// Reads a request from the frame's buffers. A request protobuf refuses (e.g. nested deeper than its recursion
    /// limit) becomes INVALID_ARGUMENT with a readable message, not gRPC's generic UNKNOWN.
    /// </summary>
    private static Marshaller<TRequest> Requests<TRequest>(string name, MessageParser<TRequest> parser)
        where TRequest : class, IMessage<TRequest> =>
        Marshallers.Create<TRequest>(Write, context =>
        {
            try
            {
                return parser.ParseFrom(context.PayloadAsReadOnlySequence());
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"{name}: the request cannot be decoded: {ex.Message}"));
            }
        });

    /// <summary>Responses are only ever written by the server; reading one is not supported.</summary>
    private static Marshaller<TResponse> Responses<TResponse>() where TResponse : class, IMessage<TResponse> =>
        Marshallers.Create<TResponse>(Write, _ => throw new NotSupportedException("the provider never reads a response"));

    private static void Write<T>(T message, SerializationContext context) where T : IMessage<T>
    {
        context.SetPayloadLength(message.CalculateSize());
        message.WriteTo(context.GetBufferWriter());
        context.Complete();
    }
}

/// <summary>
/// Creates the service for each call without the open-generic activator (resolving an open generic under Native AOT
/// builds the type at run time). The service holds no per-call state, so one instance serves every call.
/// </summary>
internal sealed class ResourceProviderActivator(ProviderRuntime runtime) : IGrpcServiceActivator<ResourceProviderService>
{
    private readonly ResourceProviderService _service = new(runtime);

    public GrpcActivatorHandle<ResourceProviderService> Create(IServiceProvider serviceProvider) => new(_service, created: false, state: null);

    public ValueTask ReleaseAsync(GrpcActivatorHandle<ResourceProviderService> service) => default;
}
