extern alias testing;

using System.Collections.Concurrent;
using System.Globalization;
using Grpc.Core;
using ProviderHost.Resources;
using ProviderHost.Values;
using testing::Pulumirpc;

namespace ProviderHost.Tests.Host;

/// <summary>
/// The request limit and the request gate, with a provider that accepts at most 1 MiB: a larger request fails
/// unread; requests over 64 KiB are handled one at a time; smaller ones pass a large one in progress.
/// </summary>
public class RequestLimitTests : HostTest
{
    private const int Limit = 1024 * 1024;
    private const int Large = 200 * 1024;

    protected override int MaxRequestBytes => Limit;

    private static CheckRequest Padded(string name, int bytes) => Check(name, Props.Map(("padding", new string(name[0], bytes))));

    [Fact]
    public async Task A_request_over_the_limit_fails_unread_with_one_line_naming_the_limit_and_the_next_call_works()
    {
        var reached = false;
        Test.Probe.Check = (_, args, _) =>
        {
            reached = true;
            return Task.FromResult(CheckResult.Valid(args.News));
        };
        await Test.ConfiguredSessionAsync();
        var tooLarge = Padded("huge", Limit + 1024);

        var act = async () => await Client.CheckAsync(tooLarge);

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.Status.Should().Be(new Status(StatusCode.ResourceExhausted, string.Create(CultureInfo.InvariantCulture,
            $"Check: the request is {tooLarge.CalculateSize():N0} bytes; this provider accepts at most 1 MiB (1,048,576 bytes) in one request")));
        reached.Should().BeFalse();
        (await Client.CheckAsync(Padded("next", 10))).Failures.Should().BeEmpty();
        reached.Should().BeTrue();
    }

    [Fact]
    public async Task A_request_just_under_the_limit_is_accepted_and_its_values_come_back_intact()
    {
        await Test.ConfiguredSessionAsync();
        var request = Padded("large", Limit - 4096);
        request.CalculateSize().Should().BeInRange(Limit - 64 * 1024, Limit);

        var reply = await Client.CheckAsync(request);

        reply.Inputs.Should().Be(request.News);
    }

    [Fact]
    public async Task Large_requests_are_handled_one_at_a_time_while_small_ones_pass()
    {
        var release = Signal();
        var firstEntered = Signal();
        var events = new ConcurrentQueue<string>();
        Test.Probe.Check = async (context, args, ct) =>
        {
            events.Enqueue("start " + context.Name);
            if (context.Name == "first")
            {
                firstEntered.SetResult();
                await release.Task.WaitAsync(ct);
            }
            events.Enqueue("end " + context.Name);
            return CheckResult.Valid(args.News);
        };
        await Test.ConfiguredSessionAsync();

        var first = Client.CheckAsync(Padded("first", Large)).ResponseAsync;
        await firstEntered.Task.WaitAsync(HangGuard);
        var second = Client.CheckAsync(Padded("second", Large)).ResponseAsync;
        (await Client.CheckAsync(Padded("small", 1024)).ResponseAsync.WaitAsync(HangGuard)).Failures.Should().BeEmpty(
            "a small request does not wait for the large one in progress");
        release.SetResult();

        (await first.WaitAsync(HangGuard)).Inputs.Fields["padding"].StringValue.Should().StartWith("f");
        (await second.WaitAsync(HangGuard)).Inputs.Fields["padding"].StringValue.Should().StartWith("s");
        events.Should().Equal("start first", "start small", "end small", "end first", "start second", "end second");
    }

    [Fact]
    public async Task Concurrent_large_requests_each_get_their_own_result()
    {
        await Test.ConfiguredSessionAsync();
        var requests = Enumerable.Range(0, 5).Select(i => Padded(((char)('a' + i)).ToString(), Large + i)).ToList();

        var replies = await Task.WhenAll(requests.Select(r => Client.CheckAsync(r).ResponseAsync)).WaitAsync(HangGuard);

        for (var i = 0; i < requests.Count; i++) replies[i].Inputs.Should().Be(requests[i].News, $"request {i} gets its own inputs back");
    }

    [Fact]
    public async Task A_large_call_waiting_for_its_turn_is_cancelled_cleanly_never_runs_and_the_next_one_does()
    {
        var release = Signal();
        var holderEntered = Signal();
        var ran = new ConcurrentQueue<string>();
        Test.Probe.Check = async (context, args, ct) =>
        {
            ran.Enqueue(context.Name);
            if (context.Name == "holder")
            {
                holderEntered.SetResult();
                await release.Task.WaitAsync(ct);
            }
            return CheckResult.Valid(args.News);
        };
        await Test.ConfiguredSessionAsync();
        var holder = Client.CheckAsync(Padded("holder", Large)).ResponseAsync;
        await holderEntered.Task.WaitAsync(HangGuard);

        using var giveUp = new CancellationTokenSource();
        var waiter = Client.CheckAsync(Padded("waiter", Large), cancellationToken: giveUp.Token).ResponseAsync;
        giveUp.Cancel();

        (await waiter.Awaiting(w => w.WaitAsync(HangGuard)).Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Cancelled);
        holder.IsCompleted.Should().BeFalse();
        release.SetResult();
        (await holder.WaitAsync(HangGuard)).Failures.Should().BeEmpty();
        (await Client.CheckAsync(Padded("after", Large)).ResponseAsync.WaitAsync(HangGuard)).Failures.Should().BeEmpty("the gate was handed on");
        ran.Should().Equal("holder", "after");
    }
}
