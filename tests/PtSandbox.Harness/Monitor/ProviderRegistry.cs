using System.Collections.Concurrent;
using ProviderHost.Values;
using Pulumirpc;
using static ProviderHost.Values.PropertyMarshaller;

namespace PtSandbox.Harness.Monitor;

/// <summary>
/// The provider plugins of one run, after the engine's provider registry (pkg/resource/deploy/providers/registry.go):
/// one launched binary per provider resource, configured before it serves a resource, looked up by its reference
/// <c>URN::ID</c>. Providers only the old state knows (for deletes and destroy) are configured from their state
/// inputs alone. Every RPC is recorded in <see cref="Calls"/>.
/// </summary>
public sealed class ProviderRegistry(string engineAddress, string binary, IReadOnlyDictionary<string, string?> environment) : IAsyncDisposable
{
    public const string ProviderTypePrefix = "pulumi:providers:";

    /// <summary>The engine's internal provider input (version, download URL…), never sent to the provider.</summary>
    public const string InternalKey = "__internal";

    private readonly ConcurrentDictionary<string, ProviderProcess> _byReference = new();
    private readonly List<ProviderProcess> _launched = [];
    private readonly List<ProviderCall> _calls = [];

    public IReadOnlyList<ProviderCall> Calls { get { lock (_calls) return _calls.ToList(); } }

    /// <summary>What every provider wrote to stderr (debug output; a user sees it only with --debug).</summary>
    public string Stderr { get { lock (_launched) return string.Concat(_launched.Select(p => p.Stderr)); } }

    public void Record(ProviderCall call) { lock (_calls) _calls.Add(call); }

    public static string PackageOf(string type) => type.Split(':')[0];

    public static string ProviderType(string package) => ProviderTypePrefix + package;

    /// <summary>Launch → Handshake → GetPluginInfo, as the engine loads a plugin.</summary>
    public async Task<ProviderProcess> LaunchAsync()
    {
        var process = await ProviderProcess.StartAsync(engineAddress, environment: environment, binary: binary);
        lock (_launched) _launched.Add(process);
        await new EngineSession(process).HandshakeAsync(engineAddress);
        return process;
    }

    public ProviderProcess? Find(string reference) => _byReference.TryGetValue(reference, out var p) ? p : null;

    public void Add(string reference, ProviderProcess process) => _byReference[reference] = process;

    /// <summary>CheckConfig: plain values (the engine never sends secrets here); secrets marked again on what it returns.</summary>
    public async Task<CheckResponse> CheckConfigAsync(ProviderProcess provider, string urn, PropertyMap olds, PropertyMap news)
    {
        Record(new ProviderCall("CheckConfig", urn));
        return await provider.Client.CheckConfigAsync(new CheckRequest
        {
            Urn = urn, Name = Urns.Name(urn), Type = Urns.Type(urn),
            Olds = ToStruct(WithoutInternal(olds), keepSecrets: false), News = ToStruct(WithoutInternal(news), keepSecrets: false),
        });
    }

    public async Task<DiffResponse> DiffConfigAsync(ProviderProcess provider, ResourceRecord old, PropertyMap news)
    {
        Record(new ProviderCall("DiffConfig", old.Urn, old.Id));
        return await provider.Client.DiffConfigAsync(new DiffRequest
        {
            Id = old.Id, Urn = old.Urn, Name = old.Name, Type = old.Type,
            Olds = ToStruct(WithoutInternal(old.Outputs), keepSecrets: false), News = ToStruct(WithoutInternal(news), keepSecrets: false),
            OldInputs = ToStruct(WithoutInternal(old.Inputs), keepSecrets: false),
        });
    }

    /// <summary>Configure with the provider resource's inputs (secrets wrapped) and its id, then serve it under <c>URN::ID</c>.</summary>
    public async Task ConfigureAsync(ProviderProcess provider, string urn, string id, PropertyMap inputs)
    {
        Record(new ProviderCall("Configure", urn, id));
        var config = WithoutInternal(inputs);
        var request = new ConfigureRequest
        {
            Args = ToStruct(config), AcceptSecrets = true, AcceptResources = true, SendsOldInputs = true,
            SendsOldInputsToDelete = true, Id = id, Urn = urn, Name = Urns.Name(urn), Type = Urns.Type(urn),
        };
        var package = Urns.Type(urn)[ProviderTypePrefix.Length..];
        foreach (var (key, value) in config)
        {
            var plain = value.Unsecret();
            if (plain.Kind == PropertyValueKind.String) request.Variables[$"{package}:config:{key}"] = plain.StringValue;
        }
        await provider.Client.ConfigureAsync(request);
        Add($"{urn}::{id}", provider);
    }

    /// <summary>A provider only the state knows: launched and configured from its state inputs (refresh, destroy, deletes).</summary>
    public async Task<ProviderProcess> FromStateAsync(ResourceRecord record)
    {
        if (Find(record.Reference) is { } known) return known;
        var provider = await LaunchAsync();
        await ConfigureAsync(provider, record.Urn, record.Id, record.Inputs);
        return provider;
    }

    public static PropertyMap WithoutInternal(PropertyMap map) => map.ContainsKey(InternalKey) ? map.Remove(InternalKey) : map;

    /// <summary>Stops every provider as the engine does (Cancel, close, SIGINT, kill after 5 s).</summary>
    public async ValueTask DisposeAsync()
    {
        List<ProviderProcess> launched;
        lock (_launched) launched = _launched.ToList();
        foreach (var process in launched) await process.DisposeAsync();
    }
}

/// <summary>URN parts: <c>urn:pulumi:STACK::PROJECT::QUALIFIED$TYPE::NAME</c>.</summary>
public static class Urns
{
    public static string Create(string stack, string project, string parentUrn, string type, string name)
    {
        var parentType = parentUrn.Length == 0 || QualifiedType(parentUrn) == StackType ? "" : QualifiedType(parentUrn) + "$";
        return $"urn:pulumi:{stack}::{project}::{parentType}{type}::{name}";
    }

    public const string StackType = "pulumi:pulumi:Stack";

    public static string Name(string urn) => urn.Split("::", 4)[3];

    public static string QualifiedType(string urn) => urn.Split("::")[2];

    public static string Type(string urn) => QualifiedType(urn).Split('$')[^1];
}
