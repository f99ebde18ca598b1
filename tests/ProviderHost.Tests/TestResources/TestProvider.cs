using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ProviderHost.Hosting;
using ProviderHost.Resources;
using ProviderHost.Values;
using SecretText;

namespace ProviderHost.Tests.TestResources;

/// <summary>
/// The test package <c>test</c> (a <see cref="Widget"/>, a <see cref="Probe"/> and a getWidgets function), served
/// in-process by the host's own server. Each test starts its own.
/// </summary>
public sealed class TestProvider : IAsyncDisposable
{
    public const string Version = "1.2.3";

    private InProcessProvider? _provider;

    private TestProvider(int maxRequestBytes, TimeSpan? operationTimeout) => (MaxRequestBytes, OperationTimeout) = (maxRequestBytes, operationTimeout);

    public int MaxRequestBytes { get; }
    public TimeSpan? OperationTimeout { get; }
    public Widget Widget { get; } = new();
    public Probe Probe { get; } = new();
    public ProbeConfiguration Configuration { get; } = new();

    /// <summary>What the host gave the provider when it was built.</summary>
    public ILoggerProvider EngineLogs { get; private set; } = null!;
    public SecretRedactor Secrets { get; private set; } = null!;

    public InProcessProvider Provider => _provider ?? throw new InvalidOperationException("not started");

    public static async Task<TestProvider> StartAsync(int maxRequestBytes = ProviderDefinition.DefaultMaxRequestBytes, TimeSpan? operationTimeout = null)
    {
        var test = new TestProvider(maxRequestBytes, operationTimeout);
        test._provider = await InProcessProvider.StartAsync(test.Define);
        return test;
    }

    /// <summary>A session after Handshake, CheckConfig and Configure, as at the start of `pulumi up`.</summary>
    public Task<EngineSession> ConfiguredSessionAsync(PropertyMap? config = null) => Provider.ConfiguredSessionAsync(config);

    /// <summary>A session that has only shaken hands: resource calls wait for its Configure.</summary>
    public EngineSession Session() => new(Provider);

    private ProviderDefinition Define(ILoggerProvider engineLogs, SecretRedactor secrets)
    {
        EngineLogs = engineLogs;
        Secrets = secrets;
        return new ProviderDefinition
        {
            Name = "test",
            Version = Version,
            PackageSchema = () => new JsonObject { ["name"] = "test", ["config"] = new JsonObject(), ["types"] = new JsonObject() },
            Configuration = Configuration,
            Resources = [Widget, Probe],
            Functions = [new GetWidgets(Widget)],
            MaxRequestBytes = MaxRequestBytes,
            OperationTimeout = () => OperationTimeout,
            OperationTimeoutSource = "the test's operation timeout",
            ServiceLabel = () => "Test service",
            MapException = ex => ex is ServiceDownException ? new ProviderException(ex.Message, ProviderErrorKind.Unavailable) : null,
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
    }

    /// <summary><c>test:index:getWidgets</c>: the names of the widgets that exist.</summary>
    private sealed class GetWidgets(Widget widget) : IProviderFunction
    {
        public string TypeToken => "test:index:getWidgets";

        public JsonObject Schema => new() { ["description"] = "Lists the widgets." };

        public Task<InvokeResult> InvokeAsync(PropertyMap args, bool preview, CancellationToken cancellationToken) =>
            Task.FromResult(new InvokeResult(
                PropertyMap.Empty.Set("names", PropertyValue.FromStrings(widget.Existing.Values.Select(w => w.Name).Order(StringComparer.Ordinal))),
                []));
    }

    /// <summary>A domain exception the test package's <see cref="ProviderDefinition.MapException"/> knows.</summary>
    public sealed class ServiceDownException(string message) : Exception(message);
}
