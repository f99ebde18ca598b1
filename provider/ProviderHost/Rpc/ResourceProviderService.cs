using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using ProviderHost.Resources;
using ProviderHost.Values;
using Pulumirpc;
using SecretText;
using Wire = Pulumirpc;

namespace ProviderHost.Rpc;

/// <summary>
/// The <c>pulumirpc.ResourceProvider</c> gRPC service: decodes requests, enforces the protocol's ordering
/// (resource calls wait for Configure; Cancel aborts calls in flight), dispatches by type token and encodes replies.
/// Its methods are bound by <see cref="ResourceProviderMethods"/>, which decodes the property maps of requests.
/// </summary>
internal sealed class ResourceProviderService(ProviderRuntime runtime)
{
    private static readonly Empty EmptyReply = new();

    public Task<ProviderHandshakeResponse> Handshake(ProviderHandshakeRequest request, ServerCallContext context)
    {
        runtime.LogSink.SetEngineAddress(request.EngineAddress);
        return Task.FromResult(new ProviderHandshakeResponse { AcceptSecrets = true, AcceptResources = true, SupportsAutonamingConfiguration = runtime.HonoursAutonaming });
    }

    public Task<Empty> Attach(PluginAttach request, ServerCallContext context)
    {
        runtime.LogSink.SetEngineAddress(request.Address);
        return Task.FromResult(EmptyReply);
    }

    public Task<PluginInfo> GetPluginInfo(Empty request, ServerCallContext context) =>
        Task.FromResult(new PluginInfo { Version = runtime.Definition.Version });

    public Task<GetSchemaResponse> GetSchema(GetSchemaRequest request, ServerCallContext context)
    {
        if (request.SubpackageName.Length > 0)
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"{runtime.Definition.Name} is not a parameterized package: no subpackage '{request.SubpackageName}'"));
        return Task.FromResult(new GetSchemaResponse { Schema = runtime.Schema });
    }

    public async Task<Empty> Cancel(Empty request, ServerCallContext context)
    {
        runtime.CancelInFlight();
        await runtime.LogSink.FlushAsync(TimeSpan.FromSeconds(1));
        return EmptyReply;
    }

    public Task<RpcReply<Wire.CheckResponse>> CheckConfig(RpcRequest<Wire.CheckRequest> request, ServerCallContext context) =>
        Guard(context, _ => Task.FromResult(ToRpc(runtime.Definition.Configuration.CheckConfig(
            Map(request, Wire.CheckRequest.OldsFieldNumber), Map(request, Wire.CheckRequest.NewsFieldNumber)))));

    public Task<Wire.DiffResponse> DiffConfig(RpcRequest<Wire.DiffRequest> request, ServerCallContext context) =>
        Guard(context, _ => Task.FromResult(ToRpc(runtime.Definition.Configuration.DiffConfig(
            Map(request, Wire.DiffRequest.OldsFieldNumber), Map(request, Wire.DiffRequest.OldInputsFieldNumber), Map(request, Wire.DiffRequest.NewsFieldNumber)))));

    public Task<ConfigureResponse> Configure(RpcRequest<ConfigureRequest> request, ServerCallContext context) =>
        Guard(context, async call =>
        {
            await runtime.Definition.Configuration.ConfigureAsync(Map(request, ConfigureRequest.ArgsFieldNumber), call.Token);
            runtime.MarkConfigured();
            return new ConfigureResponse { AcceptSecrets = true, AcceptResources = true, SupportsPreview = true, SupportsAutonamingConfiguration = runtime.HonoursAutonaming };
        });

    public Task<RpcReply<Wire.CheckResponse>> Check(RpcRequest<Wire.CheckRequest> request, ServerCallContext context) =>
        WithResource(context, request.Message.Urn, request.Message.Type, async (resource, rc, ct) => ToRpc(await resource.CheckAsync(
            rc, new CheckArgs(Map(request, Wire.CheckRequest.OldsFieldNumber), Map(request, Wire.CheckRequest.NewsFieldNumber), request.Message.RandomSeed.Memory)
            {
                Autonaming = request.Message.Autonaming is { } autonaming ? new Autonaming(autonaming.ProposedName, autonaming.Mode switch
                {
                    Wire.CheckRequest.Types.AutonamingOptions.Types.Mode.Enforce => AutonamingMode.Enforce,
                    Wire.CheckRequest.Types.AutonamingOptions.Types.Mode.Disable => AutonamingMode.Disable,
                    _ => AutonamingMode.Propose,
                }) : null,
            }, ct)));

    public Task<Wire.DiffResponse> Diff(RpcRequest<Wire.DiffRequest> request, ServerCallContext context) =>
        WithResource(context, request.Message.Urn, request.Message.Type, async (resource, rc, ct) => ToRpc(await resource.DiffAsync(
            rc, new DiffArgs(request.Message.Id, Map(request, Wire.DiffRequest.OldsFieldNumber), Map(request, Wire.DiffRequest.OldInputsFieldNumber),
                Map(request, Wire.DiffRequest.NewsFieldNumber), request.Message.IgnoreChanges), ct)));

    public Task<RpcReply<CreateResponse>> Create(RpcRequest<CreateRequest> request, ServerCallContext context) =>
        WithBudget(context, request.Message.Urn, request.Message.Type, "create", null, Timeout(request.Message.Timeout), async (resource, rc, ct) =>
        {
            var result = await resource.CreateAsync(rc, new CreateArgs(Map(request, CreateRequest.PropertiesFieldNumber),
                request.Message.Preview), ct);
            return new RpcReply<CreateResponse>(new CreateResponse { Id = result.Id, RefreshBeforeUpdate = resource.RefreshBeforeUpdate },
                (CreateResponse.PropertiesFieldNumber, result.Outputs));
        });

    public Task<RpcReply<ReadResponse>> Read(RpcRequest<ReadRequest> request, ServerCallContext context) =>
        WithBudget(context, request.Message.Urn, request.Message.Type, "read", request.Message.Id, Timeout(request.Message.Timeout), async (resource, rc, ct) =>
        {
            var result = await resource.ReadAsync(rc, new ReadArgs(request.Message.Id, Map(request, ReadRequest.PropertiesFieldNumber),
                Map(request, ReadRequest.InputsFieldNumber)), ct);
            // An unset `properties` also means "gone" to the engine; leave both unset then.
            return result.IsGone
                ? new RpcReply<ReadResponse>(new ReadResponse { Id = "" })
                : new RpcReply<ReadResponse>(new ReadResponse { Id = result.Id, RefreshBeforeUpdate = resource.RefreshBeforeUpdate },
                    (ReadResponse.PropertiesFieldNumber, result.Outputs), (ReadResponse.InputsFieldNumber, result.Inputs));
        });

    public Task<RpcReply<UpdateResponse>> Update(RpcRequest<UpdateRequest> request, ServerCallContext context) =>
        WithBudget(context, request.Message.Urn, request.Message.Type, "update", request.Message.Id, Timeout(request.Message.Timeout), async (resource, rc, ct) =>
        {
            var result = await resource.UpdateAsync(rc, new UpdateArgs(request.Message.Id, Map(request, UpdateRequest.OldsFieldNumber),
                Map(request, UpdateRequest.OldInputsFieldNumber), Map(request, UpdateRequest.NewsFieldNumber), request.Message.Preview), ct);
            return new RpcReply<UpdateResponse>(new UpdateResponse { RefreshBeforeUpdate = resource.RefreshBeforeUpdate },
                (UpdateResponse.PropertiesFieldNumber, result.Outputs));
        });

    public Task<Empty> Delete(RpcRequest<DeleteRequest> request, ServerCallContext context) =>
        WithBudget(context, request.Message.Urn, request.Message.Type, "delete", request.Message.Id, Timeout(request.Message.Timeout), async (resource, rc, ct) =>
        {
            await resource.DeleteAsync(rc, new DeleteArgs(request.Message.Id, Map(request, DeleteRequest.PropertiesFieldNumber),
                Map(request, DeleteRequest.OldInputsFieldNumber)), ct);
            return EmptyReply;
        });

    public Task<RpcReply<InvokeResponse>> Invoke(RpcRequest<InvokeRequest> request, ServerCallContext context) =>
        Guard(context, async call =>
        {
            var token = request.Message.Tok;
            var function = runtime.Definition.Functions.FirstOrDefault(f => f.TypeToken == token)
                ?? throw new ProviderException(Unsupported("function", token, runtime.Definition.Functions.Select(f => f.TypeToken)), ProviderErrorKind.InvalidInput);
            await runtime.WhenConfigured(call.Token);
            var result = await WithinBudget(call, token, budget => function.InvokeAsync(Map(request, InvokeRequest.ArgsFieldNumber), request.Message.Preview, budget));
            var reply = new InvokeResponse();
            reply.Failures.AddRange(result.Failures.Select(ToRpc));
            return new RpcReply<InvokeResponse>(reply, (InvokeResponse.ReturnFieldNumber, result.Return));
        });

    /// <summary>
    /// List (resource discovery): the resources of one type, paged by the host (<see cref="ListPaging"/>) from the whole
    /// list the resource returns. A query with an unknown anywhere is answered by exactly one `computed`; a secret in
    /// it is refused, since results are plain text and would show what a secret filter matched. Results carry an id
    /// and a name only (see <see cref="ListedResource"/> for what the host checks).
    /// </summary>
    public Task List(RpcRequest<ListRequest> request, IServerStreamWriter<ListResponse> responses, ServerCallContext context) =>
        Guard(context, async call =>
        {
            var token = request.Message.Token;
            var resource = FindResource(token);
            if (resource.ListInputs is null) throw Unlistable(token);
            var ct = call.Token;
            await runtime.WhenConfigured(ct);
            var what = $"list of {TypeTokens.Name(token)} resources";
            if (!ListPaging.TryParseToken(request.Message.ContinuationToken, out var offset))
                throw new ProviderException(
                    $"{what}: the continuation token {Quote(request.Message.ContinuationToken)} is not one this provider gave; list again from the first page (no token)",
                    ProviderErrorKind.InvalidInput);
            var query = Map(request, ListRequest.QueryFieldNumber);
            if (query.Values.Any(v => v.ContainsComputed()))
            {
                await responses.WriteAsync(new ListResponse { Computed = new ListResponse.Types.Computed() }, ct);
                return EmptyReply;
            }
            var secret = query.Where(kv => kv.Value.ContainsSecret()).Select(kv => kv.Key).ToList();
            if (secret.Count > 0)
                throw new ProviderException(
                    $"{what}: the query's {string.Join(", ", secret)} is secret, and List shows its results in plain text, which would reveal what a secret filter matched; pass the filter as a plain value",
                    ProviderErrorKind.InvalidInput);

            var logger = runtime.Loggers.CreateLogger(token);
            var listed = await WithinBudget(call, what, budget => resource.ListAsync(new ListContext(token, logger), new ListArgs(query), budget))
                ?? throw Unlistable(token);
            var (start, end) = ListPaging.Page(listed.Count, request.Message.Limit, request.Message.PageSize, offset, out var next);
            var page = new List<ListResponse>(end - start + 1);
            for (var i = start; i < end; i++) page.Add(new ListResponse { Result = ToRpc(what, listed[i], logger) });
            if (next is not null) page.Add(new ListResponse { Continuation = new ListResponse.Types.Continuation { ContinuationToken = next } });
            foreach (var message in page) await responses.WriteAsync(message, ct);
            return EmptyReply;
        });

    private ICustomResource FindResource(string token) =>
        runtime.Definition.Resources.FirstOrDefault(r => r.TypeToken == token)
        ?? throw new ProviderException(Unsupported("resource type", token, runtime.Definition.Resources.Select(r => r.TypeToken)), ProviderErrorKind.InvalidInput);

    private RpcException Unlistable(string token)
    {
        var listable = runtime.Definition.Resources.Where(r => r.ListInputs is not null).Select(r => $"'{r.TypeToken}'").ToList();
        return new RpcException(new Status(StatusCode.Unimplemented,
            $"{runtime.Definition.Name} {runtime.Definition.Version} cannot list '{token}' resources: " +
            (listable.Count == 0 ? "it lists none of its resource types" : "it lists " + string.Join(", ", listable))));
    }

    /// <summary>A listed resource as sent: an id that shows no known secret, a name without one or any control character.</summary>
    private ListResponse.Types.Result ToRpc(string what, ListedResource listed, ILogger logger)
    {
        if (string.IsNullOrEmpty(listed.Id))
            throw new ProviderException($"{what}: the provider listed a resource without an id (a provider bug); nothing was listed");
        if (!string.Equals(runtime.Secrets.Redact(listed.Id), listed.Id, StringComparison.Ordinal))
            throw new ProviderException($"{what}: the provider listed an id that shows a secret (a provider bug); nothing was listed");
        var name = ControlCharacters.Strip(listed.Name ?? "");
        if (!string.Equals(runtime.Secrets.Redact(name), name, StringComparison.Ordinal))
        {
            logger.LogWarning("{What}: the name of {Id} shows a secret; it is listed without a name", what, listed.Id);
            name = "";
        }
        return new ListResponse.Types.Result { Id = listed.Id, Name = name };
    }

    /// <summary>Text the engine sent, quoted for an error: shortened, on one line.</summary>
    private static string Quote(string text) => "'" + (text.Length > 40 ? text[..40] + "…" : text) + "'";

    private Task<T> WithResource<T>(ServerCallContext context, string urn, string type,
        Func<ICustomResource, ResourceContext, CancellationToken, Task<T>> body) =>
        WithBudget(context, urn, type, operation: null, id: null, customTimeout: null, body);

    /// <summary>As <see cref="WithResource{T}"/>, for an operation that calls out: bounded by a time budget.</summary>
    /// <param name="operation">The operation, as a timeout's message names it; null for one that has no budget.</param>
    /// <param name="customTimeout">The resource's customTimeouts for this operation, if the engine sent one.</param>
    private Task<T> WithBudget<T>(ServerCallContext context, string urn, string type, string? operation, string? id, TimeSpan? customTimeout,
        Func<ICustomResource, ResourceContext, CancellationToken, Task<T>> body) =>
        Guard(context, async call =>
        {
            var token = type.Length > 0 ? type : Urn.Type(urn);
            var resource = FindResource(token);
            await runtime.WhenConfigured(call.Token);
            var rc = new ResourceContext(urn, Urn.Name(urn), token, runtime.Loggers.ForResource(urn));
            // The budget starts once the provider is configured: waiting for Configure is the engine's time.
            if (operation is not null) StartBudget(call, customTimeout, operation, rc, id);
            return await body(resource, rc, call.Token);
        });

    /// <summary>Runs <paramref name="body"/> within the provider's operation timeout; the rest of the call is not bounded by it.</summary>
    private async Task<T> WithinBudget<T>(CallScope call, string what, Func<CancellationToken, Task<T>> body)
    {
        StartBudget(call, null, what);
        try
        {
            return await body(call.Token);
        }
        finally
        {
            call.StopBudget();
        }
    }

    /// <summary>Bounds the rest of the call by the customTimeouts, else the provider's operation timeout, if either is set.</summary>
    private void StartBudget(CallScope call, TimeSpan? customTimeout, string operation, ResourceContext? resource = null, string? id = null)
    {
        var budget = customTimeout ?? runtime.Definition.OperationTimeout?.Invoke();
        if (budget is { } limit)
            call.StartBudget(limit, customTimeout is null ? runtime.Definition.OperationTimeoutSource : "the resource's customTimeouts", operation, resource, id);
    }

    /// <summary>Runs a call with a token that fires on client abort, engine Cancel or the end of its time budget, and
    /// maps failures to statuses.</summary>
    private async Task<T> Guard<T>(ServerCallContext context, Func<CallScope, Task<T>> body)
    {
        var cancel = runtime.CancelToken;
        using var call = new CallScope(context.CancellationToken, cancel);
        try
        {
            return await body(call);
        }
        catch (OperationCanceledException) when (call.TimedOut is { } timeout)
        {
            var service = runtime.Definition.ServiceLabel?.Invoke() is { } label ? label + ": " : "";
            var error = new ProviderException(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{service}{timeout.What} timed out after {timeout.Limit.TotalSeconds:0.###} s ({timeout.Source})"),
                ProviderErrorKind.TimedOut);
            throw RpcErrors.From(error, cancelledByEngine: false, runtime.Secrets);
        }
        catch (Exception ex)
        {
            var mapped = ex is ProviderException or OperationCanceledException ? null : runtime.Definition.MapException?.Invoke(ex);
            throw RpcErrors.From(mapped ?? ex, cancelledByEngine: cancel.IsCancellationRequested, runtime.Secrets);
        }
    }

    private string Unsupported(string what, string token, IEnumerable<string> known) =>
        $"unknown {what} '{token}': {runtime.Definition.Name} {runtime.Definition.Version} provides {string.Join(", ", known.Select(k => $"'{k}'"))}";

    /// <summary>The engine's customTimeouts for the operation (0: none set); one too long for a TimeSpan is no bound.</summary>
    private static TimeSpan? Timeout(double seconds) =>
        seconds > 0 ? seconds < CallScope.LongestBudget.TotalSeconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.MaxValue : null;

    private Wire.CheckFailure ToRpc(Resources.CheckFailure failure) =>
        new() { Property = failure.Property, Reason = RpcErrors.Text(failure.Reason, runtime.Secrets) };

    /// <summary>A request's property map, every value it marks secret remembered so that no text can show it.</summary>
    private PropertyMap Map<T>(RpcRequest<T> request, int field)
    {
        var map = request[field];
        SecretValues.Register(map, runtime.Secrets);
        return map;
    }

    private RpcReply<Wire.CheckResponse> ToRpc(CheckResult result)
    {
        var reply = new Wire.CheckResponse();
        reply.Failures.AddRange(result.Failures.Select(ToRpc));
        return new RpcReply<Wire.CheckResponse>(reply, (Wire.CheckResponse.InputsFieldNumber, result.Inputs));
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
