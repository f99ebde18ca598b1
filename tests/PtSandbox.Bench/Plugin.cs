using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using ProviderHost.Values;
using PtSandbox.Harness;
using Pulumirpc;
using static ProviderHost.Values.PropertyMarshaller;

namespace PtSandbox.Bench;

/// <summary>
/// One provider process, launched and configured as the engine does, with the requests the benchmark sends it.
/// Disposal records the process's peak RSS (VmHWM, read just before stopping it) into <see cref="Bench.PeakRss"/>.
/// </summary>
internal sealed class Plugin : IAsyncDisposable
{
    public const string ApiToken = "ptsandbox:index:ApiToken";
    public static readonly string[] Permissions = ["SCAN_WITH_PREDEFINED_SETTINGS"];

    private readonly Bench _bench;
    private readonly string? _use;

    private Plugin(ProviderProcess process, Bench bench, string? use)
    {
        Process = process;
        Session = new EngineSession(process, stack: "bench", project: "ptsandbox-bench");
        _bench = bench;
        _use = use;
    }

    public ProviderProcess Process { get; }
    public EngineSession Session { get; }
    public ResourceProvider.ResourceProviderClient Client => Process.Client;

    /// <summary>Launches the binary (exec until the port line). With <paramref name="use"/>, its peak RSS at the end
    /// goes into <see cref="Bench.PeakRss"/> under that label.</summary>
    /// <param name="environment">Variables added to the provider's environment.</param>
    public static async Task<Plugin> StartAsync(Bench bench, string? use, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var process = await ProviderProcess.StartAsync(bench.Engine.Address, environment: environment, binary: bench.Binary);
        return new Plugin(process, bench, use);
    }

    /// <summary>Launches and sends Configure, as the engine does for a provider from state (refresh, destroy).</summary>
    public static async Task<Plugin> StartConfiguredAsync(Bench bench, string host, string? use, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var plugin = await StartAsync(bench, use, environment);
        try
        {
            await plugin.ConfigureAsync(host);
            return plugin;
        }
        catch
        {
            await plugin.DisposeAsync();
            throw;
        }
    }

    public static DateTime Deadline(double seconds = 120) => DateTime.UtcNow.AddSeconds(seconds);

    private static readonly Empty NoRequest = new();

    /// <summary>A no-op round trip (GetPluginInfo), the unit of the benchmark's gRPC floor.</summary>
    public Task NoopAsync(CancellationToken cancellationToken = default, double deadlineSeconds = 120) =>
        Client.GetPluginInfoAsync(NoRequest, deadline: Deadline(deadlineSeconds), cancellationToken: cancellationToken).ResponseAsync;

    public static PropertyMap Config(string host) =>
        Values.Map(("host", host), ("username", "admin"), ("password", Values.Secret("admin")));

    public static PropertyMap Inputs(string name) => Values.Map(("name", name), ("permissions", Permissions));

    public Task ConfigureAsync(string host) => Session.ConfigureFromStateAsync(Config(host));

    public long PeakRss() => ProcStatus.PeakRssBytes(Process.ProcessId);

    public CheckRequest Check(string name) => new()
    {
        Urn = Session.Urn(ApiToken, name), Name = name, Type = ApiToken,
        Olds = new Struct(), News = ToStruct(Inputs(name)),
        RandomSeed = ByteString.CopyFrom(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
    };

    /// <summary>The Check of a token in state: its inputs in state (after a refresh, as the Read returned them) and the program's.</summary>
    public CheckRequest Check(string name, Struct oldInputs)
    {
        var request = Check(name);
        request.Olds = oldInputs;
        return request;
    }

    /// <summary>The Diff of a token in state against the inputs Check returned; the state is what its Read returned.</summary>
    public DiffRequest Diff(ReadRequest token, ReadResponse state, Struct news) => new()
    {
        Id = state.Id, Urn = token.Urn, Name = token.Name, Type = ApiToken,
        Olds = state.Properties, OldInputs = state.Inputs, News = news,
    };

    /// <summary>A non-preview Create with the inputs as Check returns them.</summary>
    public CreateRequest Create(string name) => new()
    {
        Urn = Session.Urn(ApiToken, name), Name = name, Type = ApiToken, Properties = ToStruct(Inputs(name)),
    };

    public DeleteRequest Delete(string name, CreateResponse created) => new()
    {
        Id = created.Id, Urn = Session.Urn(ApiToken, name), Name = name, Type = ApiToken,
        Properties = created.Properties, OldInputs = ToStruct(Inputs(name)),
    };

    /// <summary>The Read of a refresh: the id, the state's outputs (the secret wrapped as a secret) and inputs.</summary>
    public ReadRequest Read(DirectToken token)
    {
        var inputs = Values.Map(("name", token.Name), ("permissions", token.Permissions));
        var outputs = inputs
            .Set("tokenId", PropertyValue.From(token.Id))
            .Set("creatorLogin", PropertyValue.From(token.CreatorLogin))
            .Set("createdAt", PropertyValue.From(DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(token.Created * 1000))
                .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)))
            .Set("token", Values.Secret(token.Secret))
            .Set("tokenHash", PropertyValue.From(token.Key));
        var id = token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ReadRequest
        {
            Id = id, Urn = Session.Urn(ApiToken, token.Name), Name = token.Name, Type = ApiToken,
            Properties = ToStruct(outputs), Inputs = ToStruct(inputs),
        };
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_use is not null && Process.ExitCode is null)
            {
                var peak = PeakRss();
                var (file, anon) = ProcStatus.RssSplit(Process.ProcessId);
                lock (_bench.PeakRss) _bench.PeakRss.Add((_use, peak, file, anon));
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // The process went away in between: nothing to record.
        }
        await Process.DisposeAsync();
    }
}
