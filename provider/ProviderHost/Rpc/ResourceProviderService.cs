using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ProviderHost.Resources;
using Pulumirpc;
using ProviderHost.Values;
using static ProviderHost.Values.PropertyMarshaller;
using Wire = Pulumirpc;

namespace ProviderHost.Rpc;

/// <summary>
/// The <c>pulumirpc.ResourceProvider</c> gRPC service: decodes requests, enforces the protocol's ordering
/// (resource calls wait for Configure; Cancel aborts calls in flight), dispatches by type token and encodes replies.
/// </summary>
public sealed class ResourceProviderService(ProviderRuntime runtime) : ResourceProvider.ResourceProviderBase
{
    private static readonly Empty EmptyReply = new();

    public override Task<ProviderHandshakeResponse> Handshake(ProviderHandshakeRequest request, ServerCallContext context)
    {
        runtime.LogSink.SetEngineAddress(request.EngineAddress);
        return Task.FromResult(new ProviderHandshakeResponse { AcceptSecrets = true, AcceptResources = true });
    }

    public override Task<Empty> Attach(PluginAttach request, ServerCallContext context)
    {
        runtime.LogSink.SetEngineAddress(request.Address);
        return Task.FromResult(EmptyReply);
    }

    public override Task<PluginInfo> GetPluginInfo(Empty request, ServerCallContext context) =>
        Task.FromResult(new PluginInfo { Version = runtime.Definition.Version });

    public override Task<GetSchemaResponse> GetSchema(GetSchemaRequest request, ServerCallContext context)
    {
        if (request.SubpackageName.Length > 0)
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"{runtime.Definition.Name} is not a parameterized package: no subpackage '{request.SubpackageName}'"));
        return Task.FromResult(new GetSchemaResponse { Schema = runtime.Schema });
    }

    public override async Task<Empty> Cancel(Empty request, ServerCallContext context)
    {
        runtime.CancelInFlight();
        await runtime.LogSink.FlushAsync(TimeSpan.FromSeconds(1));
        return EmptyReply;
    }

    public override Task<Wire.CheckResponse> CheckConfig(Wire.CheckRequest request, ServerCallContext context) =>
        Guard(context, _ => Task.FromResult(ToRpc(runtime.Definition.Configuration.CheckConfig(
            Decode(request.Olds), Decode(request.News)))));

    public override Task<Wire.DiffResponse> DiffConfig(Wire.DiffRequest request, ServerCallContext context) =>
        Guard(context, _ => Task.FromResult(ToRpc(runtime.Definition.Configuration.DiffConfig(
            Decode(request.Olds), Decode(request.OldInputs), Decode(request.News)))));

    public override Task<ConfigureResponse> Configure(ConfigureRequest request, ServerCallContext context) =>
        Guard(context, async ct =>
        {
            await runtime.Definition.Configuration.ConfigureAsync(Decode(request.Args), ct);
            runtime.MarkConfigured();
            return new ConfigureResponse { AcceptSecrets = true, AcceptResources = true, SupportsPreview = true };
        });

    public override Task<Wire.CheckResponse> Check(Wire.CheckRequest request, ServerCallContext context) =>
        WithResource(context, request.Urn, request.Type, async (resource, rc, ct) => ToRpc(await resource.CheckAsync(
            rc, new CheckArgs(Decode(request.Olds), Decode(request.News), request.RandomSeed.Memory), ct)));

    public override Task<Wire.DiffResponse> Diff(Wire.DiffRequest request, ServerCallContext context) =>
        WithResource(context, request.Urn, request.Type, async (resource, rc, ct) => ToRpc(await resource.DiffAsync(
            rc, new DiffArgs(request.Id, Decode(request.Olds), Decode(request.OldInputs),
                Decode(request.News), request.IgnoreChanges), ct)));

    public override Task<CreateResponse> Create(CreateRequest request, ServerCallContext context) =>
        WithResource(context, request.Urn, request.Type, async (resource, rc, ct) =>
        {
            var result = await resource.CreateAsync(rc, new CreateArgs(Decode(request.Properties), Timeout(request.Timeout), request.Preview), ct);
            return new CreateResponse { Id = result.Id, Properties = ToStruct(result.Outputs) };
        });

    public override Task<ReadResponse> Read(ReadRequest request, ServerCallContext context) =>
        WithResource(context, request.Urn, request.Type, async (resource, rc, ct) =>
        {
            var result = await resource.ReadAsync(rc, new ReadArgs(request.Id, Decode(request.Properties), Decode(request.Inputs), Timeout(request.Timeout)), ct);
            // An unset `properties` also means "gone" to the engine; leave both unset then.
            return result.IsGone
                ? new ReadResponse { Id = "" }
                : new ReadResponse { Id = result.Id, Properties = ToStruct(result.Outputs), Inputs = ToStruct(result.Inputs) };
        });

    public override Task<UpdateResponse> Update(UpdateRequest request, ServerCallContext context) =>
        WithResource(context, request.Urn, request.Type, async (resource, rc, ct) =>
        {
            var result = await resource.UpdateAsync(rc, new UpdateArgs(request.Id, Decode(request.Olds),
                Decode(request.OldInputs), Decode(request.News), Timeout(request.Timeout), request.Preview), ct);
            return new UpdateResponse { Properties = ToStruct(result.Outputs) };
        });

    public override Task<Empty> Delete(DeleteRequest request, ServerCallContext context) =>
        WithResource(context, request.Urn, request.Type, async (resource, rc, ct) =>
        {
            await resource.DeleteAsync(rc, new DeleteArgs(request.Id, Decode(request.Properties),
                Decode(request.OldInputs), Timeout(request.Timeout)), ct);
            return EmptyReply;
        });

    public override Task<InvokeResponse> Invoke(InvokeRequest request, ServerCallContext context) =>
        Guard(context, async ct =>
        {
            var function = runtime.Definition.Functions.FirstOrDefault(f => f.Token == request.Tok)
                ?? throw new ProviderException(Unsupported("function", request.Tok, runtime.Definition.Functions.Select(f => f.Token)), StatusCode.InvalidArgument);
            await runtime.WhenConfigured(ct);
            var result = await function.InvokeAsync(Decode(request.Args), request.Preview, ct);
            var reply = new InvokeResponse { Return = ToStruct(result.Return) };
            reply.Failures.AddRange(result.Failures.Select(ToRpc));
            return reply;
        });

    /// <summary>Decodes a request's properties and remembers every value the engine marks secret, to mask it in any text.</summary>
    private PropertyMap Decode(Google.Protobuf.WellKnownTypes.Struct? properties)
    {
        var map = ToPropertyMap(properties);
        SecretValues.Register(map, runtime.Secrets);
        return map;
    }

    private Task<T> WithResource<T>(ServerCallContext context, string urn, string type,
        Func<ICustomResource, ResourceContext, CancellationToken, Task<T>> body) =>
        Guard(context, async ct =>
        {
            var token = type.Length > 0 ? type : Urn.Type(urn);
            var resource = runtime.Definition.Resources.FirstOrDefault(r => r.Token == token)
                ?? throw new ProviderException(Unsupported("resource type", token, runtime.Definition.Resources.Select(r => r.Token)), StatusCode.InvalidArgument);
            await runtime.WhenConfigured(ct);
            return await body(resource, new ResourceContext(urn, Urn.Name(urn), token, runtime.Loggers.ForResource(urn)), ct);
        });

    /// <summary>Runs a call with a token that fires on client abort or engine Cancel, and maps failures to statuses.</summary>
    private async Task<T> Guard<T>(ServerCallContext context, Func<CancellationToken, Task<T>> body)
    {
        var cancel = runtime.CancelToken;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, cancel);
        try
        {
            return await body(linked.Token);
        }
        catch (Exception ex)
        {
            throw RpcErrors.From(ex, cancelledByEngine: cancel.IsCancellationRequested, runtime.Secrets);
        }
    }

    private string Unsupported(string what, string token, IEnumerable<string> known) =>
        $"unknown {what} '{token}': {runtime.Definition.Name} {runtime.Definition.Version} provides {string.Join(", ", known.Select(k => $"'{k}'"))}";

    private static TimeSpan? Timeout(double seconds) => seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;

    private Wire.CheckFailure ToRpc(Resources.CheckFailure failure) =>
        new() { Property = failure.Property, Reason = RpcErrors.Text(failure.Reason, runtime.Secrets) };

    private Wire.CheckResponse ToRpc(CheckResult result)
    {
        var reply = new Wire.CheckResponse { Inputs = ToStruct(result.Inputs) };
        reply.Failures.AddRange(result.Failures.Select(ToRpc));
        return reply;
    }

    private static Wire.DiffResponse ToRpc(DiffResult result)
    {
        var reply = new Wire.DiffResponse
        {
            Changes = result.Changes switch
            {
                DiffChanges.None => Wire.DiffResponse.Types.DiffChanges.DiffNone,
                DiffChanges.Some => Wire.DiffResponse.Types.DiffChanges.DiffSome,
                _ => Wire.DiffResponse.Types.DiffChanges.DiffUnknown,
            },
            DeleteBeforeReplace = result.DeleteBeforeReplace,
            HasDetailedDiff = result.DetailedDiff is not null,
        };
        reply.Diffs.AddRange(result.Diffs);
        reply.Replaces.AddRange(result.Replaces);
        foreach (var (path, diff) in result.DetailedDiff ?? new Dictionary<string, Resources.PropertyDiff>())
            reply.DetailedDiff[path] = new Wire.PropertyDiff { Kind = (Wire.PropertyDiff.Types.Kind)(int)diff.Kind, InputDiff = diff.InputDiff };
        return reply;
    }
}
