using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ProviderHost.Values;
using Pulumirpc;
using static ProviderHost.Values.PropertyMarshaller;

namespace PtSandbox.Harness.Monitor;

/// <summary>
/// One preview or update, as the engine runs it (pkg/resource/deploy/source_eval.go, step_generator.go,
/// step_executor.go): each registration the program sends becomes the steps of its resource against the old state,
/// carried out before the registration is answered; what the program no longer registers is deleted after it exits.
/// Steps run one at a time (the engine runs independent steps in parallel; the order of a resource's own RPCs is the
/// same). After the first failed step every later registration is refused, as the engine bails.
/// </summary>
internal sealed partial class Deployment(
    string project, string stack, bool dryRun, StackConfig config, StackState old, ProviderRegistry providers, RunLog log)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<ResourceRecord> _news = [];
    private readonly HashSet<string> _registered = [];
    private readonly List<ResourceRecord> _replaced = [];
    private readonly HashSet<string> _deleted = [];
    private readonly List<StepRecord> _steps = [];

    public bool DryRun => dryRun;

    public IReadOnlyList<StepRecord> Steps => _steps;

    private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The first failed step's message; null while none failed.</summary>
    public string? Error
    {
        get;
        private set
        {
            field = value;
            _failed.TrySetResult();
        }
    }

    /// <summary>Completes when a step fails: the engine then cancels the program.</summary>
    public Task Failed => _failed.Task;

    public string StackUrn => Urns.Create(stack, project, "", Urns.StackType, $"{project}-{stack}");

    /// <summary>The outputs the program registered on its stack resource.</summary>
    public PropertyMap StackOutputs => _news.FirstOrDefault(r => r.Urn == StackUrn)?.Outputs ?? PropertyMap.Empty;

    public Task<RegisterResourceResponse> RegisterAsync(RegisterResourceRequest request) => Serialized(request.Name, async () =>
    {
        var type = request.Type;
        var urn = Urns.Create(stack, project, request.Parent, type, request.Name);
        if (!_registered.Add(urn)) throw new StepFailedException($"Duplicate resource URN '{urn}'; try giving it a unique name");
        var inputs = ToPropertyMap(request.Object);
        var dependencies = request.Dependencies.ToList();

        ResourceRecord record;
        if (!request.Custom)
        {
            record = new ResourceRecord(urn, type, false, "", request.Parent, "", inputs, PropertyMap.Empty, dependencies);
            Step(old.Find(urn) is null ? StepOps.Create : StepOps.Same, record);
        }
        else if (type.StartsWith(ProviderRegistry.ProviderTypePrefix, StringComparison.Ordinal))
        {
            if (request.Version.Length > 0) inputs = WithVersion(inputs, request.Version);
            record = await ProviderStepsAsync(urn, inputs, request.Parent, dependencies);
        }
        else
        {
            var reference = request.Provider.Length > 0
                ? request.Provider
                : await DefaultProviderAsync(ProviderRegistry.PackageOf(type), request.Version, request.PluginDownloadURL);
            record = await ResourceStepsAsync(request, urn, inputs, reference, dependencies);
        }
        _news.Add(record);

        var response = new RegisterResourceResponse
        {
            Urn = urn,
            Id = record.Custom ? record.Id : "",
            Object = record.Custom ? ToStruct(record.Outputs, keepSecrets: request.AcceptSecrets) : new Struct(),
        };
        return response;
    });

    public Task<ReadResourceResponse> ReadAsync(ReadResourceRequest request) => Serialized(request.Name, async () =>
    {
        var urn = Urns.Create(stack, project, request.Parent, request.Type, request.Name);
        if (!_registered.Add(urn)) throw new StepFailedException($"Duplicate resource URN '{urn}'; try giving it a unique name");
        var reference = request.Provider.Length > 0
            ? request.Provider
            : await DefaultProviderAsync(ProviderRegistry.PackageOf(request.Type), request.Version, request.PluginDownloadURL);
        var provider = Provider(reference, request.Type, request.Name);
        var properties = ToPropertyMap(request.Properties);

        providers.Record(new ProviderCall("Read", urn, request.Id));
        var read = await Rpc(request.Type, request.Name, "read", () => provider.Client.ReadAsync(new ReadRequest
        {
            Id = request.Id, Urn = urn, Name = request.Name, Type = request.Type,
            Properties = ToStruct(properties), Inputs = ToStruct(properties),
        }).ResponseAsync);
        if (read.Properties is null)
            throw new StepFailedException($"{request.Type} resource '{request.Name}': resource '{request.Id}' does not exist");

        var inputs = read.Inputs is null ? properties : ToPropertyMap(read.Inputs);
        var outputs = MarkSecrets(ToPropertyMap(read.Properties), inputs, request.AdditionalSecretOutputs);
        var record = new ResourceRecord(urn, request.Type, true, read.Id.Length > 0 ? read.Id : request.Id, request.Parent, reference,
            inputs, outputs, request.Dependencies.ToList(), External: true);
        _news.Add(record);
        Step(StepOps.Read, record);
        return new ReadResourceResponse { Urn = urn, Properties = ToStruct(outputs, keepSecrets: request.AcceptSecrets) };
    });

    /// <summary>An invoke is served by the named provider, else the package's default one; its failures go back to the program.</summary>
    public Task<ResourceInvokeResponse> InvokeAsync(ResourceInvokeRequest request) => Serialized(request.Tok, async () =>
    {
        var reference = request.Provider.Length > 0
            ? request.Provider
            : await DefaultProviderAsync(ProviderRegistry.PackageOf(request.Tok), request.Version, request.PluginDownloadURL);
        var provider = providers.Find(reference) ?? throw new StepFailedException($"unknown provider '{reference}' for {request.Tok}");
        providers.Record(new ProviderCall("Invoke", request.Tok, Preview: dryRun));
        InvokeResponse result;
        try
        {
            result = await provider.Client.InvokeAsync(new InvokeRequest { Tok = request.Tok, Args = request.Args ?? new Struct(), Preview = dryRun });
        }
        catch (RpcException e)
        {
            // Not a step: the program gets the error and decides (the engine does not bail).
            throw new RpcException(new Status(e.StatusCode, $"invocation of {request.Tok} returned an error: {e.Status.Detail}"));
        }
        var response = new ResourceInvokeResponse { Return = result.Return ?? new Struct() };
        response.Failures.AddRange(result.Failures);
        return response;
    }, bails: false);

    public Task RegisterOutputsAsync(RegisterResourceOutputsRequest request) => Serialized(request.Urn, () =>
    {
        var index = _news.FindIndex(r => r.Urn == request.Urn);
        if (index < 0) throw new StepFailedException($"cannot register outputs of '{request.Urn}': it was not registered");
        _news[index] = _news[index] with { Outputs = ToPropertyMap(request.Outputs) };
        return Task.FromResult(0);
    });

    /// <summary>
    /// The package's default provider (pkg/resource/deploy/default_providers.go): registered on first use, named
    /// <c>default</c>, or <c>default_MAJOR_MINOR_PATCH</c> when the SDK asked for a version, configured from the
    /// stack's <c>PACKAGE:*</c> config. Returns its reference.
    /// </summary>
    private async Task<string> DefaultProviderAsync(string package, string version, string downloadUrl)
    {
        var name = DefaultProviderName(version, downloadUrl);
        var urn = Urns.Create(stack, project, "", ProviderRegistry.ProviderType(package), name);
        if (_news.FirstOrDefault(r => r.Urn == urn) is { } registered) return registered.Reference;
        _registered.Add(urn);
        var inputs = config.PackageConfig(package);
        if (version.Length > 0) inputs = WithVersion(inputs, version);
        if (downloadUrl.Length > 0) inputs = inputs.Set("pluginDownloadURL", PropertyValue.From(downloadUrl));
        var record = await ProviderStepsAsync(urn, inputs, "", []);
        _news.Add(record);
        return record.Reference;
    }

    /// <summary>As ProviderRequest.DefaultName: <c>default</c>, then <c>_MAJOR_MINOR_PATCH[_PRE…]</c>, then the download URL made a name.</summary>
    public static string DefaultProviderName(string version, string downloadUrl)
    {
        var name = "default";
        if (version.Length > 0)
        {
            var core = version.Split('+')[0];
            var parts = core.Split('-', 2);
            name += "_" + parts[0].Replace('.', '_');
            if (parts.Length > 1) name += "_" + parts[1].Replace('.', '_');
            if (version.Contains('+')) name += "_" + version.Split('+', 2)[1].Replace('.', '_');
        }
        if (downloadUrl.Length > 0)
        {
            // tokens.IntoQName: '/'-separated segments, empty ones dropped, characters outside [A-Za-z0-9_.-] made '_'.
            name += "_" + string.Join('/', downloadUrl.Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Select(segment => string.Concat(segment.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_'))));
        }
        return name;
    }

    /// <summary>As providers.SetProviderVersion: <c>version</c> in the inputs and an (empty) <c>__internal</c> object.</summary>
    private static PropertyMap WithVersion(PropertyMap inputs, string version)
    {
        if (!inputs.ContainsKey(ProviderRegistry.InternalKey))
            inputs = inputs.Set(ProviderRegistry.InternalKey, PropertyValue.From(PropertyMap.Empty));
        return inputs.Set("version", PropertyValue.From(version));
    }

    private ProviderProcess Provider(string reference, string type, string name) =>
        providers.Find(reference) ?? throw new StepFailedException($"{type} resource '{name}': unknown provider '{reference}'");

    private void Step(string op, ResourceRecord record)
    {
        _steps.Add(new StepRecord(op, record.Urn, record.Type));
        log.Add($"{(dryRun ? "preview " : "")}{op} {record.Urn}");
    }

    /// <summary>
    /// Runs one request's steps alone. A step that fails records the run's error (naming the resource) and answers
    /// the program with it; once one failed, the engine refuses further registrations as shutting down.
    /// </summary>
    private async Task<T> Serialized<T>(string label, Func<Task<T>> work, bool bails = true)
    {
        await _gate.WaitAsync();
        try
        {
            if (bails && Error is not null)
                throw new RpcException(new Status(StatusCode.Unavailable, "resource monitor shut down after a failed step"));
            return await work();
        }
        catch (StepFailedException e)
        {
            if (bails)
            {
                Error ??= e.Message;
                log.Add("error: " + e.Message);
            }
            throw new RpcException(new Status(StatusCode.Unknown, e.Message));
        }
        catch (Exception e) when (e is not RpcException)
        {
            var message = $"{label}: {e.Message}";
            if (bails) Error ??= message;
            log.Add("error: " + message);
            throw new RpcException(new Status(StatusCode.Internal, message));
        }
        finally
        {
            _gate.Release();
        }
    }
}
