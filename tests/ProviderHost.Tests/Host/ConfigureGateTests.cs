extern alias testing;

using ProviderHost.Resources;
using ProviderHost.Tests.TestResources;
using ProviderHost.Values;
using testing::Pulumirpc;
using Empty = Google.Protobuf.WellKnownTypes.Empty;

namespace ProviderHost.Tests.Host;

/// <summary>
/// The engine may send resource calls before Configure has finished; they must wait for it. Here Configure is held
/// open until the test lets it go, so nothing depends on timing.
/// </summary>
public class ConfigureGateTests : HostTest
{
    private readonly TaskCompletionSource _configureEntered = Signal();
    private readonly TaskCompletionSource _releaseConfigure = Signal();

    private EngineSession HeldConfigure()
    {
        Test.Configuration.Configure = async (_, ct) =>
        {
            _configureEntered.TrySetResult();
            await _releaseConfigure.Task.WaitAsync(ct);
        };
        return Test.Session();
    }

    [Fact]
    public async Task A_resource_call_sent_before_Configure_runs_only_once_Configure_has_finished()
    {
        bool? configuredWhenChecked = null;
        Test.Probe.Check = (_, args, _) =>
        {
            configuredWhenChecked = Test.Configuration.Configured is not null;
            return Task.FromResult(CheckResult.Valid(args.News));
        };
        var session = HeldConfigure();

        var check = session.CheckAsync(Probe.Type, "early", PropertyMap.Empty, Props.Map(("a", "b")));
        var configure = session.ConfigureFromStateAsync(PropertyMap.Empty);
        await _configureEntered.Task.WaitAsync(HangGuard);
        check.IsCompleted.Should().BeFalse("Configure has not finished");

        _releaseConfigure.SetResult();
        await configure.WaitAsync(HangGuard);
        (await check.WaitAsync(HangGuard)).Failures.Should().BeEmpty();
        configuredWhenChecked.Should().BeTrue();
    }

    [Fact]
    public async Task An_Invoke_sent_before_Configure_runs_only_once_Configure_has_finished()
    {
        var session = HeldConfigure();

        var invoke = session.InvokeAsync("test:index:getWidgets", PropertyMap.Empty);
        var configure = session.ConfigureFromStateAsync(PropertyMap.Empty);
        await _configureEntered.Task.WaitAsync(HangGuard);
        invoke.IsCompleted.Should().BeFalse("Configure has not finished");

        _releaseConfigure.SetResult();
        await configure.WaitAsync(HangGuard);
        (await invoke.WaitAsync(HangGuard)).Failures.Should().BeEmpty();
    }

    [Fact]
    public async Task Calls_about_the_provider_itself_do_not_wait_for_Configure()
    {
        var session = HeldConfigure();
        var configure = session.ConfigureFromStateAsync(PropertyMap.Empty);
        await _configureEntered.Task.WaitAsync(HangGuard);

        (await session.CheckConfigAsync(Props.Map(("region", "north"))).WaitAsync(HangGuard)).Failures.Should().BeEmpty();
        (await Client.DiffConfigAsync(new DiffRequest()).ResponseAsync.WaitAsync(HangGuard)).Changes.Should().Be(DiffResponse.Types.DiffChanges.DiffNone);
        (await Client.GetSchemaAsync(new GetSchemaRequest()).ResponseAsync.WaitAsync(HangGuard)).Schema.Should().Contain(Widget.Type);
        (await Client.GetPluginInfoAsync(new Empty()).ResponseAsync.WaitAsync(HangGuard)).Version.Should().Be(TestProvider.Version);
        configure.IsCompleted.Should().BeFalse();

        _releaseConfigure.SetResult();
        await configure.WaitAsync(HangGuard);
    }

    [Fact]
    public async Task A_large_call_sent_before_Configure_does_not_keep_a_large_Configure_waiting()
    {
        // Large requests are read one at a time; one waiting for Configure must wait outside that queue.
        var padding = new string('p', 200 * 1024);
        var session = Test.Session();

        var check = Client.CheckAsync(Check("early", Props.Map(("padding", padding)))).ResponseAsync;
        var configure = session.ConfigureFromStateAsync(Props.Map(("padding", padding)));

        (await configure.WaitAsync(HangGuard)).SupportsPreview.Should().BeTrue();
        (await check.WaitAsync(HangGuard)).Failures.Should().BeEmpty();
    }
}
