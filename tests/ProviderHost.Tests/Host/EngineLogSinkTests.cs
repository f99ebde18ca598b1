extern alias testing;

using ProviderHost.Logging;
using testing::Pulumirpc;
using SecretText;

namespace ProviderHost.Tests.Host;

public class EngineLogSinkTests
{
    /// <summary>
    /// A line the full queue drops is never sent, so it must not stay pending: Cancel and shutdown flush the sink,
    /// and a flush waits for pending lines, so a line counted forever made every later flush wait out its limit.
    /// </summary>
    [Fact]
    public async Task Lines_dropped_by_a_full_queue_are_not_pending_and_a_flush_returns_once_the_rest_are_sent()
    {
        await using var engine = await FakeEngine.StartAsync();
        await using var sink = new EngineLogSink(stderrEcho: null, new SecretRedactor(), capacity: 4);

        // No engine address yet, so the pump sends nothing and the queue overflows.
        for (var i = 0; i < 6; i++) sink.Write(global::Pulumirpc.LogSeverity.Info, $"line {i}", urn: null);
        sink.Pending.Should().Be(4, "the two oldest lines were dropped and will never be sent");

        sink.SetEngineAddress(engine.Address);
        // The limit is only a backstop: the flush returns as soon as nothing is pending.
        await sink.FlushAsync(TimeSpan.FromSeconds(30));

        sink.Pending.Should().Be(0);
        engine.Logs.Select(l => l.Message).Should().Equal("line 2", "line 3", "line 4", "line 5");
    }
}
