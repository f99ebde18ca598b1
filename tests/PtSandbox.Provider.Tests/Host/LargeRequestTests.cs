using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ProviderHost.Hosting;
using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;
using PtSandbox.Provider.Tests.Support;
using Pulumirpc;
using static ProviderHost.Values.PropertyMarshaller;

namespace PtSandbox.Provider.Tests.Host;

/// <summary>
/// Requests far larger than the engine ever sends this provider, through the built binary: one over the limit fails
/// with an error naming it and the process keeps serving; large ones under it are read and handled one at a time,
/// each getting its own result, and one waiting its turn can be cancelled.
/// </summary>
public class LargeRequestTests : IAsyncLifetime
{
    private const string CreateRoute = "POST /api/ui/public-api/tokens";

    private readonly ProviderTestContext _ctx = new();

    public Task InitializeAsync() => _ctx.InitializeAsync();
    public Task DisposeAsync() => _ctx.DisposeAsync();

    private static int Limit => ProviderDefinition.DefaultMaxRequestBytes;

    private static PropertyMap Inputs(string name, string comment, string trigger = "t") =>
        ProviderTestContext.TokenInputs(name, comment: comment, triggers: new Dictionary<string, string> { ["rotation"] = trigger });

    private static CheckRequest Check(EngineSession session, string name, PropertyMap news) => new()
    {
        Urn = session.Urn(ProviderTestContext.ApiToken, name), Name = name, Type = ProviderTestContext.ApiToken,
        Olds = new Struct(), News = ToStruct(news), RandomSeed = ByteString.CopyFrom(new byte[32]),
    };

    private static CreateRequest Create(EngineSession session, string name, PropertyMap properties) => new()
    {
        Urn = session.Urn(ProviderTestContext.ApiToken, name), Name = name, Type = ProviderTestContext.ApiToken,
        Properties = ToStruct(properties),
    };

    [Fact]
    public async Task A_request_over_the_limit_fails_with_one_line_naming_the_limit_and_the_next_call_works()
    {
        var session = new EngineSession(await _ctx.LaunchAsync());
        await session.ConfigureAsync(_ctx.Config);
        var tooLarge = Check(session, "huge", Inputs("huge-token", new string('x', Limit + 1024)));
        var size = tooLarge.CalculateSize();

        var act = async () => await session.Client.CheckAsync(tooLarge);

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.ResourceExhausted);
        error.Status.Detail.Should().Be(string.Create(CultureInfo.InvariantCulture,
            $"Check: the request is {size:N0} bytes; this provider accepts at most 16 MiB (16,777,216 bytes) in one request"));
        var next = await session.CheckAsync(ProviderTestContext.ApiToken, "next", PropertyMap.Empty, ProviderTestContext.TokenInputs("next-token"));
        next.Failures.Should().BeEmpty();
    }

    [Fact]
    public async Task A_request_just_under_the_limit_is_accepted_and_its_values_come_back_intact()
    {
        var session = new EngineSession(await _ctx.LaunchAsync());
        await session.ConfigureAsync(_ctx.Config);
        const string unit = "ключ 🔑 key ";
        var comment = string.Concat(Enumerable.Repeat(unit, (Limit - 4096) / System.Text.Encoding.UTF8.GetByteCount(unit)));
        var request = Check(session, "large", Inputs("large-token", comment));
        request.CalculateSize().Should().BeInRange(Limit - 64 * 1024, Limit);

        var check = await session.Client.CheckAsync(request);

        check.Inputs.Should().Be(request.News);
        check.Failures.Should().ContainSingle().Which.Reason.Should().Be($"must be at most 1000 characters, got {comment.Length}");
    }

    [Fact]
    public async Task Concurrent_large_requests_each_get_their_own_result_and_small_ones_are_not_held_up()
    {
        var session = new EngineSession(await _ctx.LaunchAsync());
        await session.ConfigureAsync(_ctx.Config);
        var large = Enumerable.Range(0, 5)
            .Select(i => Check(session, $"large{i}", Inputs($"large-token-{(char)('a' + i)}", new string((char)('a' + i), 2 * 1024 * 1024 + i), $"trigger-{i}")))
            .ToList();
        var small = Enumerable.Range(0, 20).Select(i => Check(session, $"small{i}", ProviderTestContext.TokenInputs($"small-token-{(char)('a' + i)}"))).ToList();

        var largeCalls = large.Select(r => session.Client.CheckAsync(r).ResponseAsync).ToList();
        var smallCalls = small.Select(r => session.Client.CheckAsync(r).ResponseAsync).ToList();
        var largeReplies = await Task.WhenAll(largeCalls).WaitAsync(TimeSpan.FromSeconds(60));
        var smallReplies = await Task.WhenAll(smallCalls).WaitAsync(TimeSpan.FromSeconds(60));

        for (var i = 0; i < large.Count; i++)
        {
            largeReplies[i].Inputs.Should().Be(large[i].News, $"large call {i} gets its own inputs back");
            largeReplies[i].Failures.Should().ContainSingle().Which.Reason.Should().EndWith($"got {2 * 1024 * 1024 + i}");
        }
        for (var i = 0; i < small.Count; i++)
        {
            smallReplies[i].Inputs.Should().Be(small[i].News);
            smallReplies[i].Failures.Should().BeEmpty();
        }
    }

    [Fact]
    public async Task A_large_call_waiting_for_its_turn_is_cancelled_cleanly_and_never_runs()
    {
        var session = await _ctx.ConfiguredSessionAsync();
        var sandbox = _ctx.Emulator.Control;
        await session.InvokeAsync("ptsandbox:index:getApiTokens", PropertyMap.Empty); // log in first
        await sandbox.AddFaultAsync(new Fault { Method = "POST", Path = "/api/ui/public-api/tokens", Kind = FaultKinds.Delay, DelayMs = 4000 });
        var padding = new string('p', 200 * 1024);

        // A large Create that holds the gate while the sandbox takes its time.
        var holder = session.Client.CreateAsync(Create(session, "holder", Inputs("holder-token", "", padding))).ResponseAsync;
        for (var i = 0; i < 100 && (await sandbox.GetStatsAsync()).Count(CreateRoute) == 0; i++) await Task.Delay(50);
        (await sandbox.GetStatsAsync()).Count(CreateRoute).Should().Be(1, "the first Create reached the sandbox");

        using var cancel = new CancellationTokenSource();
        var waiter = session.Client.CreateAsync(Create(session, "waiter", Inputs("waiter-token", "", padding)), cancellationToken: cancel.Token).ResponseAsync;
        await Task.Delay(300);
        waiter.IsCompleted.Should().BeFalse("a second large call waits for the first");
        cancel.Cancel();

        (await waiter.Awaiting(w => w).Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Cancelled);
        holder.IsCompleted.Should().BeFalse();
        (await holder.WaitAsync(TimeSpan.FromSeconds(30))).Id.Should().NotBeEmpty();
        var after = await session.Client.CheckAsync(Check(session, "after", Inputs("after-token", "", padding))).ResponseAsync.WaitAsync(TimeSpan.FromSeconds(10));
        after.Failures.Should().BeEmpty("the gate was handed on");

        (await sandbox.GetTokensAsync()).Select(t => t.Name).Should().Equal(["holder-token"], "the cancelled Create never ran");
        (await sandbox.GetStatsAsync()).Count(CreateRoute).Should().Be(1);
    }

    [Fact]
    public async Task A_large_call_sent_before_Configure_does_not_keep_a_large_Configure_waiting()
    {
        var session = new EngineSession(await _ctx.LaunchAsync());
        var padding = new string('p', 200 * 1024);
        var check = session.Client.CheckAsync(Check(session, "early", Inputs("early-token", "", padding))).ResponseAsync;
        await Task.Delay(300);

        var configure = session.ConfigureFromStateAsync(_ctx.Config.Set("padding", PropertyValue.From(padding)));

        (await configure.WaitAsync(TimeSpan.FromSeconds(10))).SupportsPreview.Should().BeTrue();
        (await check.WaitAsync(TimeSpan.FromSeconds(10))).Failures.Should().BeEmpty();
    }
}
