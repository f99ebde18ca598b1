using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Pulumirpc;

namespace ProviderHost.Rpc;

/// <summary>
/// Registers the ResourceProvider methods with Grpc.AspNetCore directly. The default discovery finds them by
/// reflection over the generated base class, which under Native AOT costs a third of the plugin's start-up;
/// here the generated binder hands us each method's descriptor and we attach a direct call to our service.
/// </summary>
internal sealed class ResourceProviderMethods : IServiceMethodProvider<ResourceProviderService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<ResourceProviderService> context) =>
        ResourceProvider.BindService(new Binder(context), serviceImpl: null!);

    private sealed class Binder(ServiceMethodProviderContext<ResourceProviderService> context) : ServiceBinderBase
    {
        private static readonly IList<object> NoMetadata = [];

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var invoker = Invokers.For<TRequest, TResponse>(method.Name);
            if (invoker is not null) context.AddUnaryMethod(WithClearParseErrors(method), NoMetadata, invoker);
        }

        /// <summary>
        /// A request protobuf refuses (e.g. nested deeper than its recursion limit) becomes INVALID_ARGUMENT with a
        /// readable message, instead of gRPC's generic UNKNOWN "Exception was thrown by handler".
        /// </summary>
        private static Method<TRequest, TResponse> WithClearParseErrors<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class where TResponse : class
        {
            var requests = method.RequestMarshaller;
            var guarded = Marshallers.Create<TRequest>(requests.ContextualSerializer, context =>
            {
                try
                {
                    return requests.ContextualDeserializer(context);
                }
                catch (Google.Protobuf.InvalidProtocolBufferException ex)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"{method.Name}: the request cannot be decoded: {ex.Message}"));
                }
            });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, guarded, method.ResponseMarshaller);
        }
    }

    /// <summary>Each implemented RPC as a call on the per-request service instance; the others stay UNIMPLEMENTED.</summary>
    private static class Invokers
    {
        private static readonly Dictionary<string, Delegate> ByName = new(StringComparer.Ordinal)
        {
            ["Handshake"] = Of<ProviderHandshakeRequest, ProviderHandshakeResponse>((s, r, c) => s.Handshake(r, c)),
            ["Attach"] = Of<PluginAttach, Google.Protobuf.WellKnownTypes.Empty>((s, r, c) => s.Attach(r, c)),
            ["GetPluginInfo"] = Of<Google.Protobuf.WellKnownTypes.Empty, PluginInfo>((s, r, c) => s.GetPluginInfo(r, c)),
            ["GetSchema"] = Of<GetSchemaRequest, GetSchemaResponse>((s, r, c) => s.GetSchema(r, c)),
            ["Cancel"] = Of<Google.Protobuf.WellKnownTypes.Empty, Google.Protobuf.WellKnownTypes.Empty>((s, r, c) => s.Cancel(r, c)),
            ["CheckConfig"] = Of<CheckRequest, CheckResponse>((s, r, c) => s.CheckConfig(r, c)),
            ["DiffConfig"] = Of<DiffRequest, DiffResponse>((s, r, c) => s.DiffConfig(r, c)),
            ["Configure"] = Of<ConfigureRequest, ConfigureResponse>((s, r, c) => s.Configure(r, c)),
            ["Check"] = Of<CheckRequest, CheckResponse>((s, r, c) => s.Check(r, c)),
            ["Diff"] = Of<DiffRequest, DiffResponse>((s, r, c) => s.Diff(r, c)),
            ["Create"] = Of<CreateRequest, CreateResponse>((s, r, c) => s.Create(r, c)),
            ["Read"] = Of<ReadRequest, ReadResponse>((s, r, c) => s.Read(r, c)),
            ["Update"] = Of<UpdateRequest, UpdateResponse>((s, r, c) => s.Update(r, c)),
            ["Delete"] = Of<DeleteRequest, Google.Protobuf.WellKnownTypes.Empty>((s, r, c) => s.Delete(r, c)),
            ["Invoke"] = Of<InvokeRequest, InvokeResponse>((s, r, c) => s.Invoke(r, c)),
        };

        public static UnaryServerMethod<ResourceProviderService, TRequest, TResponse>? For<TRequest, TResponse>(string name)
            where TRequest : class where TResponse : class =>
            ByName.TryGetValue(name, out var invoker) ? (UnaryServerMethod<ResourceProviderService, TRequest, TResponse>)invoker : null;

        private static UnaryServerMethod<ResourceProviderService, TRequest, TResponse> Of<TRequest, TResponse>(
            UnaryServerMethod<ResourceProviderService, TRequest, TResponse> invoker)
            where TRequest : class where TResponse : class => invoker;
    }
}
