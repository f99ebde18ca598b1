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
/// UNIMPLEMENTED, as for any gRPC service. The google.protobuf.Struct fields of requests and replies are read and
/// written by <see cref="PropertyMessages"/>, not by protobuf.
/// </summary>
internal sealed class ResourceProviderMethods : IServiceMethodProvider<ResourceProviderService>
{
    private const string Service = "pulumirpc.ResourceProvider";
    private static readonly IList<object> NoMetadata = [];

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<ResourceProviderService> context)
    {
        Add(context, "Handshake", ProviderHandshakeRequest.Parser, [], (s, r, c) => s.Handshake(r.Message, c));
        Add(context, "Attach", PluginAttach.Parser, [], (s, r, c) => s.Attach(r.Message, c));
        Add(context, "GetPluginInfo", Empty.Parser, [], (s, r, c) => s.GetPluginInfo(r.Message, c));
        Add(context, "GetSchema", GetSchemaRequest.Parser, [], (s, r, c) => s.GetSchema(r.Message, c));
        Add(context, "Cancel", Empty.Parser, [], (s, r, c) => s.Cancel(r.Message, c));
        AddWithProperties(context, "CheckConfig", CheckRequest.Parser, CheckFields, (s, r, c) => s.CheckConfig(r, c));
        Add(context, "DiffConfig", DiffRequest.Parser, DiffFields, (s, r, c) => s.DiffConfig(r, c));
        Add(context, "Configure", ConfigureRequest.Parser, [ConfigureRequest.ArgsFieldNumber], (s, r, c) => s.Configure(r, c));
        AddWithProperties(context, "Check", CheckRequest.Parser, CheckFields, (s, r, c) => s.Check(r, c));
        Add(context, "Diff", DiffRequest.Parser, DiffFields, (s, r, c) => s.Diff(r, c));
        AddWithProperties(context, "Create", CreateRequest.Parser, [CreateRequest.PropertiesFieldNumber], (s, r, c) => s.Create(r, c));
        AddWithProperties(context, "Read", ReadRequest.Parser, [ReadRequest.PropertiesFieldNumber, ReadRequest.InputsFieldNumber], (s, r, c) => s.Read(r, c));
        AddServerStreaming<ListRequest, ListResponse>(context, "List", ListRequest.Parser, [ListRequest.QueryFieldNumber], (s, r, w, c) => s.List(r, w, c));
        AddWithProperties(context, "Update", UpdateRequest.Parser,
            [UpdateRequest.OldsFieldNumber, UpdateRequest.NewsFieldNumber, UpdateRequest.OldInputsFieldNumber], (s, r, c) => s.Update(r, c));
        Add(context, "Delete", DeleteRequest.Parser, [DeleteRequest.PropertiesFieldNumber, DeleteRequest.OldInputsFieldNumber], (s, r, c) => s.Delete(r, c));
        AddWithProperties(context, "Invoke", InvokeRequest.Parser, [InvokeRequest.ArgsFieldNumber], (s, r, c) => s.Invoke(r, c));
    }

    private static readonly int[] CheckFields = [CheckRequest.OldsFieldNumber, CheckRequest.NewsFieldNumber];
    private static readonly int[] DiffFields = [DiffRequest.OldsFieldNumber, DiffRequest.NewsFieldNumber, DiffRequest.OldInputsFieldNumber];

    /// <param name="propertyFields">The request's google.protobuf.Struct fields, decoded into property maps.</param>
    private static void Add<TRequest, TResponse>(
        ServiceMethodProviderContext<ResourceProviderService> context,
        string name,
        MessageParser<TRequest> requests,
        int[] propertyFields,
        UnaryServerMethod<ResourceProviderService, RpcRequest<TRequest>, TResponse> invoker)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var method = new Method<RpcRequest<TRequest>, TResponse>(MethodType.Unary, Service, name,
            PropertyMessages.Requests(name, requests, propertyFields), Responses<TResponse>());
        context.AddUnaryMethod(method, NoMetadata, async (service, request, call) =>
        {
            try
            {
                return await invoker(service, request, call);
            }
            finally
            {
                request.Release();
            }
        });
    }

    /// <summary>As <see cref="Add{TRequest, TResponse}"/>, for a reply with property maps.</summary>
    private static void AddWithProperties<TRequest, TResponse>(
        ServiceMethodProviderContext<ResourceProviderService> context,
        string name,
        MessageParser<TRequest> requests,
        int[] propertyFields,
        UnaryServerMethod<ResourceProviderService, RpcRequest<TRequest>, RpcReply<TResponse>> invoker)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var method = new Method<RpcRequest<TRequest>, RpcReply<TResponse>>(MethodType.Unary, Service, name,
            PropertyMessages.Requests(name, requests, propertyFields), PropertyMessages.Replies<TResponse>());
        context.AddUnaryMethod(method, NoMetadata, async (service, request, call) =>
        {
            try
            {
                return await invoker(service, request, call);
            }
            finally
            {
                request.Release();
            }
        });
    }

    /// <summary>As <see cref="Add{TRequest, TResponse}"/>, for a method that streams its replies (List).</summary>
    private static void AddServerStreaming<TRequest, TResponse>(
        ServiceMethodProviderContext<ResourceProviderService> context,
        string name,
        MessageParser<TRequest> requests,
        int[] propertyFields,
        ServerStreamingServerMethod<ResourceProviderService, RpcRequest<TRequest>, TResponse> invoker)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var method = new Method<RpcRequest<TRequest>, TResponse>(MethodType.ServerStreaming, Service, name,
            PropertyMessages.Requests(name, requests, propertyFields), Responses<TResponse>());
        context.AddServerStreamingMethod(method, NoMetadata, async (service, request, stream, call) =>
        {
            try
            {
                await invoker(service, request, stream, call);
            }
            finally
            {
                request.Release();
            }
        });
    }

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
