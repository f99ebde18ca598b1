extern alias testing;

using Grpc.Core;
using ProviderHost.Resources;
using ProviderHost.Values;
using Empty = Google.Protobuf.WellKnownTypes.Empty;

namespace ProviderHost.Tests.Host;

/// <summary>
/// A call in flight ends when the engine sends Cancel, when its client gives up, or when the provider stops: the
/// resource's token fires and the call answers Cancelled. The Probe's Create waits for its token, so nothing here
/// depends on timing.
/// </summary>
public class CancellationTests : HostTest
{
    private readonly TaskCompletionSource _entered = Signal();
    private readonly TaskCompletionSource _tokenFired = Signal();

    /// <summary>A Create that has reached the resource, which waits for its token.</summary>
    private async Task<Task<testing::Pulumirpc.CreateResponse>> CreateInFlightAsync(CancellationToken cancellationToken = default)
    {
        Test.Probe.Create = async (_, args, ct) =>
        {
            if (args.Preview) return new CreateResult("", args.Properties);
            _entered.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                _tokenFired.TrySetResult();
                throw;
            }
            return new CreateResult("never", args.Properties);
        };
        await Test.ConfiguredSessionAsync();
        var create = Client.CreateAsync(Create("slow", Props.Map(("a", "b"))), cancellationToken: cancellationToken).ResponseAsync;
        await _entered.Task.WaitAsync(HangGuard);
        return create;
    }

    [Fact]
    public async Task Cancel_aborts_the_calls_in_flight_and_later_calls_run()
    {
        var create = await CreateInFlightAsync();

        await Client.CancelAsync(new Empty());

        var error = (await create.Awaiting(c => c.WaitAsync(HangGuard)).Should().ThrowAsync<RpcException>()).Which;
        error.Status.Should().Be(new Status(StatusCode.Cancelled, "operation cancelled by the engine"));
        await _tokenFired.Task.WaitAsync(HangGuard);
        (await Client.CreateAsync(Create("after", PropertyMap.Empty, preview: true)).ResponseAsync.WaitAsync(HangGuard)).Id
            .Should().BeEmpty("a call after Cancel gets a token that has not fired");
    }

    [Fact]
    public async Task A_call_its_client_gives_up_on_has_its_token_fired()
    {
        using var giveUp = new CancellationTokenSource();
        var create = await CreateInFlightAsync(giveUp.Token);

        giveUp.Cancel();

        (await create.Awaiting(c => c.WaitAsync(HangGuard)).Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Cancelled);
        await _tokenFired.Task.WaitAsync(HangGuard);
    }

    [Fact]
    public async Task Stopping_the_provider_cancels_the_calls_in_flight()
    {
        var create = await CreateInFlightAsync();

        await Test.Provider.StopAsync().WaitAsync(HangGuard);

        await _tokenFired.Task.WaitAsync(HangGuard);
        await create.Awaiting(c => c.WaitAsync(HangGuard)).Should().ThrowAsync<RpcException>();
    }

    [Fact]
    public async Task Cancel_aborts_a_Configure_in_flight()
    {
        var entered = Signal();
        Test.Configuration.Configure = async (_, ct) =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        };
        var configure = Test.Session().ConfigureFromStateAsync(PropertyMap.Empty);
        await entered.Task.WaitAsync(HangGuard);

        await Client.CancelAsync(new Empty());

        (await configure.Awaiting(c => c.WaitAsync(HangGuard)).Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Cancelled);
    }
}
