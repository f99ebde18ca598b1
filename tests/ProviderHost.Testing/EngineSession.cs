using Google.Protobuf;
using Grpc.Core;
using ProviderHost.Values;
using Pulumirpc;
using static ProviderHost.Values.PropertyMarshaller;

namespace ProviderHost.Testing;

/// <summary>A resource as the engine keeps it in state.</summary>
public sealed record ResourceState(string Type, string Name, string Urn, string Id, PropertyMap Inputs, PropertyMap Outputs);

/// <summary>What `pulumi up` did to one resource.</summary>
public enum UpAction { Same, Created, Updated, Replaced }

public sealed record UpResult(UpAction Action, ResourceState State, DiffResponse? Diff);

/// <summary>What `pulumi preview` showed for one existing resource: the action, the checked inputs and the outputs it previewed.</summary>
public sealed record PreviewResult(UpAction Action, PropertyMap Inputs, PropertyMap Outputs, DiffResponse? Diff);

/// <summary>
/// The RPC sequences the Pulumi engine sends to one provider instance for preview, up, refresh, import and destroy,
/// each spelled out on its method below. The messages are those of Pulumi's public protocol (proto/pulumi/provider.proto
/// in github.com/pulumi/pulumi, copied under provider/ProviderHost/Protos). Every call goes over gRPC, to a launched
/// binary or to a provider served in-process.
/// </summary>
/// <param name="project">The project in URNs; PACKAGE-tests when not given.</param>
public sealed class EngineSession(IProviderConnection provider, string stack = "dev", string? project = null)
{
    private readonly string _project = project ?? provider.Package + "-tests";

    /// <summary>The provider resource's type, <c>pulumi:providers:PACKAGE</c>.</summary>
    public string ProviderType { get; } = "pulumi:providers:" + provider.Package;

    public IProviderConnection Provider => provider;

    public ResourceProvider.ResourceProviderClient Client => provider.Client;

    public string Urn(string type, string name) => $"urn:pulumi:{stack}::{_project}::{type}::{name}";

    /// <summary>Launch → Handshake → GetPluginInfo, as every engine start does.</summary>
    public async Task<PluginInfo> HandshakeAsync(string engineAddress)
    {
        await Client.HandshakeAsync(new ProviderHandshakeRequest
        {
            EngineAddress = engineAddress, ConfigureWithUrn = true, SupportsViews = true,
            SupportsRefreshBeforeUpdate = true, InvokeWithPreview = true,
        });
        return await Client.GetPluginInfoAsync(new Google.Protobuf.WellKnownTypes.Empty());
    }

    /// <summary>A new provider in a program run: CheckConfig (plain values) then Configure (secrets wrapped).</summary>
    public async Task<CheckResponse> CheckConfigAsync(PropertyMap config) =>
        await Client.CheckConfigAsync(new CheckRequest
        {
            Urn = Urn(ProviderType, "default"), Name = "default", Type = ProviderType,
            Olds = new Google.Protobuf.WellKnownTypes.Struct(), News = ToStruct(config, keepSecrets: false),
        });

    public async Task<ConfigureResponse> ConfigureAsync(PropertyMap config, bool preview = false)
    {
        var check = await CheckConfigAsync(config);
        if (check.Failures.Count > 0)
            throw new InvalidOperationException("CheckConfig failed: " + string.Join("; ", check.Failures.Select(f => $"{f.Property}: {f.Reason}")));
        return await ConfigureFromStateAsync(config, preview ? Sentinels.UnknownString : Guid.NewGuid().ToString());
    }

    /// <summary>From state (refresh, destroy): Configure alone.</summary>
    public Task<ConfigureResponse> ConfigureFromStateAsync(PropertyMap config, string? id = null)
    {
        var request = new ConfigureRequest
        {
            Args = ToStruct(config), AcceptSecrets = true, AcceptResources = true, SendsOldInputs = true,
            SendsOldInputsToDelete = true, Id = id ?? Guid.NewGuid().ToString(), Urn = Urn(ProviderType, "default"),
            Name = "default", Type = ProviderType,
        };
        foreach (var (key, value) in config)
            request.Variables[$"{provider.Package}:config:{key}"] = value.Unsecret().Kind == PropertyValueKind.String ? value.Unsecret().StringValue : value.Unsecret().ToString();
        return Client.ConfigureAsync(request).ResponseAsync;
    }

    /// <summary>The stack's `pulumi:autonaming` configuration, sent with every Check as the engine does; null sends none.</summary>
    public CheckRequest.Types.AutonamingOptions? Autonaming { get; set; }

    public async Task<CheckResponse> CheckAsync(string type, string name, PropertyMap olds, PropertyMap news) =>
        await Client.CheckAsync(new CheckRequest
        {
            Urn = Urn(type, name), Name = name, Type = type, Olds = ToStruct(olds), News = ToStruct(news),
            RandomSeed = ByteString.CopyFrom(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            Autonaming = Autonaming,
        });

    /// <summary>`pulumi preview` of a new resource: Check then Create(preview=true).</summary>
    public async Task<CreateResponse> PreviewCreateAsync(string type, string name, PropertyMap inputs)
    {
        var checkedInputs = await CheckedAsync(type, name, PropertyMap.Empty, inputs);
        return await Client.CreateAsync(new CreateRequest { Urn = Urn(type, name), Name = name, Type = type, Properties = ToStruct(checkedInputs), Preview = true });
    }

    /// <summary>`pulumi up` of a new resource: Check then Create.</summary>
    public async Task<ResourceState> CreateAsync(string type, string name, PropertyMap inputs, double timeoutSeconds = 0)
    {
        var checkedInputs = await CheckedAsync(type, name, PropertyMap.Empty, inputs);
        var created = await Client.CreateAsync(new CreateRequest { Urn = Urn(type, name), Name = name, Type = type, Properties = ToStruct(checkedInputs), Timeout = timeoutSeconds });
        if (created.Id.Length == 0) throw new InvalidOperationException("provider did not return an ID from Create");
        return new ResourceState(type, name, Urn(type, name), created.Id, checkedInputs, ToPropertyMap(created.Properties));
    }

    public async Task<DiffResponse> DiffAsync(ResourceState state, PropertyMap news) =>
        await Client.DiffAsync(new DiffRequest
        {
            Id = state.Id, Urn = state.Urn, Name = state.Name, Type = state.Type,
            Olds = ToStruct(state.Outputs), OldInputs = ToStruct(state.Inputs), News = ToStruct(news),
        });

    /// <summary>
    /// `pulumi up` of an existing resource: Check → Diff → nothing, Update, or a replacement in the default
    /// create-before-delete order (Check again with no olds → Create → Delete old), or delete-before-replace.
    /// </summary>
    public async Task<UpResult> UpAsync(ResourceState state, PropertyMap inputs, bool deleteBeforeReplace = false)
    {
        var checkedInputs = await CheckedAsync(state.Type, state.Name, state.Inputs, inputs);
        var diff = await DiffAsync(state, checkedInputs);
        if (diff.Changes != DiffResponse.Types.DiffChanges.DiffSome)
            return new UpResult(UpAction.Same, state, diff);

        if (!IsReplacement(diff))
        {
            var updated = await Client.UpdateAsync(new UpdateRequest
            {
                Id = state.Id, Urn = state.Urn, Name = state.Name, Type = state.Type, Olds = ToStruct(state.Outputs),
                OldInputs = ToStruct(state.Inputs), News = ToStruct(checkedInputs),
            });
            return new UpResult(UpAction.Updated, state with { Inputs = checkedInputs, Outputs = ToPropertyMap(updated.Properties) }, diff);
        }

        var replacementInputs = await CheckedAsync(state.Type, state.Name, PropertyMap.Empty, inputs);
        if (deleteBeforeReplace || diff.DeleteBeforeReplace)
        {
            await DeleteAsync(state);
            return new UpResult(UpAction.Replaced, await CreateCheckedAsync(state, replacementInputs), diff);
        }
        var replacement = await CreateCheckedAsync(state, replacementInputs);
        await DeleteAsync(state);
        return new UpResult(UpAction.Replaced, replacement, diff);
    }

    /// <summary>
    /// `pulumi preview` of an existing resource: Check → Diff → nothing, Update(preview), or for a replacement Check
    /// again with no olds → Create(preview). Nothing changes.
    /// </summary>
    public async Task<PreviewResult> PreviewUpAsync(ResourceState state, PropertyMap inputs)
    {
        var checkedInputs = await CheckedAsync(state.Type, state.Name, state.Inputs, inputs);
        var diff = await DiffAsync(state, checkedInputs);
        if (diff.Changes != DiffResponse.Types.DiffChanges.DiffSome)
            return new PreviewResult(UpAction.Same, checkedInputs, state.Outputs, diff);
        if (!IsReplacement(diff))
        {
            var updated = await Client.UpdateAsync(new UpdateRequest
            {
                Id = state.Id, Urn = state.Urn, Name = state.Name, Type = state.Type, Olds = ToStruct(state.Outputs),
                OldInputs = ToStruct(state.Inputs), News = ToStruct(checkedInputs), Preview = true,
            });
            return new PreviewResult(UpAction.Updated, checkedInputs, ToPropertyMap(updated.Properties), diff);
        }
        var replacementInputs = await CheckedAsync(state.Type, state.Name, PropertyMap.Empty, inputs);
        var created = await Client.CreateAsync(new CreateRequest
        {
            Urn = state.Urn, Name = state.Name, Type = state.Type, Properties = ToStruct(replacementInputs), Preview = true,
        });
        return new PreviewResult(UpAction.Replaced, replacementInputs, ToPropertyMap(created.Properties), diff);
    }

    /// <summary>Whether the engine replaces the resource after this diff (a replace key or a *Replace property diff).</summary>
    public static bool IsReplacement(DiffResponse diff) =>
        diff.Replaces.Count > 0 || diff.DetailedDiff.Values.Any(d => d.Kind is PropertyDiff.Types.Kind.AddReplace
            or PropertyDiff.Types.Kind.UpdateReplace or PropertyDiff.Types.Kind.DeleteReplace);

    /// <summary>`pulumi refresh` of one resource: Read with state; null when the provider says it is gone.</summary>
    public async Task<ResourceState?> RefreshAsync(ResourceState state)
    {
        var read = await Client.ReadAsync(new ReadRequest
        {
            Id = state.Id, Urn = state.Urn, Name = state.Name, Type = state.Type,
            Properties = ToStruct(state.Outputs), Inputs = ToStruct(state.Inputs),
        });
        if (read.Id.Length == 0 || read.Properties is null) return null;
        return state with
        {
            Id = read.Id,
            Outputs = ToPropertyMap(read.Properties),
            Inputs = read.Inputs is null ? state.Inputs : ToPropertyMap(read.Inputs),
        };
    }

    /// <summary>`pulumi import TYPE NAME ID`: Read with no state, then Check(olds = news = the read inputs).</summary>
    public async Task<(ResourceState State, CheckResponse Check)> ImportAsync(string type, string name, string id)
    {
        var read = await Client.ReadAsync(new ReadRequest { Id = id, Urn = Urn(type, name), Name = name, Type = type });
        if (read.Properties is null) throw new InvalidOperationException($"resource '{id}' does not exist");
        if (read.Inputs is null) throw new InvalidOperationException("provider does not support importing resources");
        var inputs = ToPropertyMap(read.Inputs);
        var check = await CheckAsync(type, name, inputs, inputs);
        var state = new ResourceState(type, name, Urn(type, name), read.Id.Length > 0 ? read.Id : id, ToPropertyMap(check.Inputs), ToPropertyMap(read.Properties));
        return (state, check);
    }

    /// <summary>`pulumi destroy` of one resource.</summary>
    public async Task DeleteAsync(ResourceState state) =>
        await Client.DeleteAsync(new DeleteRequest
        {
            Id = state.Id, Urn = state.Urn, Name = state.Name, Type = state.Type,
            Properties = ToStruct(state.Outputs), OldInputs = ToStruct(state.Inputs),
        });

    /// <summary>One List call (`pulumi do PACKAGE RESOURCE list`): every message it streamed.</summary>
    public async Task<ListPage> ListAsync(string type, PropertyMap? query = null, long limit = 0, long pageSize = 0, string continuationToken = "")
    {
        using var call = Client.List(new ListRequest
        {
            Token = type, Query = ToStruct(query ?? PropertyMap.Empty), Limit = limit, PageSize = pageSize, ContinuationToken = continuationToken,
        });
        var messages = new List<ListResponse>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None)) messages.Add(call.ResponseStream.Current);
        return new ListPage(messages);
    }

    /// <summary>
    /// List page after page, each call repeating the type, query and limit with the last page's continuation token,
    /// until a page has none (`pulumi do … list --all`); at most <paramref name="maxPages"/> calls.
    /// </summary>
    public async Task<IReadOnlyList<ListPage>> ListAllAsync(string type, PropertyMap? query = null, long limit = 0, long pageSize = 0, int maxPages = 1000)
    {
        var pages = new List<ListPage> { await ListAsync(type, query, limit, pageSize) };
        while (pages[^1].Continuation is { Length: > 0 } next)
        {
            if (pages.Count == maxPages) throw new InvalidOperationException($"List gave a continuation token on each of {maxPages} pages");
            pages.Add(await ListAsync(type, query, limit, pageSize, next));
        }
        return pages;
    }

    public async Task<InvokeResponse> InvokeAsync(string token, PropertyMap args) =>
        await Client.InvokeAsync(new InvokeRequest { Tok = token, Args = ToStruct(args) });

    private async Task<ResourceState> CreateCheckedAsync(ResourceState state, PropertyMap checkedInputs)
    {
        var created = await Client.CreateAsync(new CreateRequest { Urn = state.Urn, Name = state.Name, Type = state.Type, Properties = ToStruct(checkedInputs) });
        return state with { Id = created.Id, Inputs = checkedInputs, Outputs = ToPropertyMap(created.Properties) };
    }

    private async Task<PropertyMap> CheckedAsync(string type, string name, PropertyMap olds, PropertyMap news)
    {
        var check = await CheckAsync(type, name, olds, news);
        if (check.Failures.Count > 0)
            throw new CheckFailedException(check.Failures.ToList());
        return ToPropertyMap(check.Inputs);
    }
}

/// <summary>What one List call streamed: exactly one `computed`, or results and at most one continuation, last.</summary>
public sealed record ListPage(IReadOnlyList<ListResponse> Messages)
{
    public bool Computed => Messages.Any(m => m.ResponseCase == ListResponse.ResponseOneofCase.Computed);

    public IReadOnlyList<ListResponse.Types.Result> Results =>
        [.. Messages.Where(m => m.ResponseCase == ListResponse.ResponseOneofCase.Result).Select(m => m.Result)];

    /// <summary>The continuation token the page ended with; null when it sent none.</summary>
    public string? Continuation =>
        Messages.LastOrDefault(m => m.ResponseCase == ListResponse.ResponseOneofCase.Continuation)?.Continuation.ContinuationToken;
}

/// <summary>Check reported failures: the engine would print them and stop.</summary>
public sealed class CheckFailedException(IReadOnlyList<CheckFailure> failures)
    : Exception("Check failed: " + string.Join("; ", failures.Select(f => $"{f.Property}: {f.Reason}")))
{
    public IReadOnlyList<CheckFailure> Failures { get; } = failures;
}
