extern alias testing;

using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using ProviderHost.Hosting;
using ProviderHost.Tests.TestResources;
using ProviderHost.Values;
using testing::Pulumirpc;
using static ProviderHost.Values.PropertyMarshaller;

namespace ProviderHost.Tests.Host;

/// <summary>A test of the host's behaviour: its own <see cref="TestProvider"/>, served in-process.</summary>
public abstract class HostTest : IAsyncLifetime
{
    /// <summary>
    /// Fails a test that would otherwise hang when a regression deadlocks; never a measure of speed (nothing here
    /// takes more than a fraction of it).
    /// </summary>
    protected static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    protected TestProvider Test { get; private set; } = null!;

    protected virtual int MaxRequestBytes => ProviderDefinition.DefaultMaxRequestBytes;

    protected ResourceProvider.ResourceProviderClient Client => Test.Provider.Client;

    public async Task InitializeAsync() => Test = await TestProvider.StartAsync(MaxRequestBytes);

    public async Task DisposeAsync() => await Test.DisposeAsync();

    protected static string Urn(string type, string name) => $"urn:pulumi:dev::host-tests::{type}::{name}";

    protected static CheckRequest Check(string name, PropertyMap news, PropertyMap? olds = null) => new()
    {
        Urn = Urn(Probe.Type, name), Name = name, Type = Probe.Type, Olds = ToStruct(olds ?? PropertyMap.Empty), News = ToStruct(news),
        RandomSeed = ByteString.CopyFrom(new byte[32]),
    };

    protected static CreateRequest Create(string name, PropertyMap properties, double timeout = 0, bool preview = false) => new()
    {
        Urn = Urn(Probe.Type, name), Name = name, Type = Probe.Type, Properties = ToStruct(properties), Timeout = timeout, Preview = preview,
    };

    protected static Empty Nothing => new();

    protected static TaskCompletionSource Signal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected static TaskCompletionSource<T> Signal<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
