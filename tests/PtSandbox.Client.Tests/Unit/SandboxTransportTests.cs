using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PtSandbox.Client.Http;

namespace PtSandbox.Client.Tests.Unit;

public class SandboxTransportTests
{
    /// <summary>A transport to port 9 of this machine, where nothing listens: every attempt is refused at once.</summary>
    private static SandboxTransport Transport(TimeProvider time) => new(
        new SandboxClientOptions { BaseUrl = new Uri("http://127.0.0.1:9"), Username = "u", Password = "p4ssw0rd" },
        "127.0.0.1:9", new SecretText.SecretRedactor(), time, NullLogger.Instance);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_call_the_caller_already_gave_up_builds_no_request(bool retry)
    {
        using var transport = Transport(TimeProvider.System);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var built = 0;

        await FluentActions.Awaiting(() => transport.SendAsync("create token", () =>
            {
                built++;
                return new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:9/api/ui/public-api/tokens");
            }, retry, cancelled.Token))
            .Should().ThrowAsync<OperationCanceledException>();

        built.Should().Be(0);
    }

    [Fact]
    public async Task A_cancellation_during_the_wait_before_a_retry_builds_no_further_request()
    {
        var time = new FakeTimeProvider();
        using var cancel = new CancellationTokenSource();
        using var transport = Transport(time);
        var built = 0;

        // The first attempt fails at once (connection refused), then waits on the fake clock.
        var call = transport.SendAsync("list tokens", () =>
        {
            built++;
            return new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:9/api/ui/public-api/tokens");
        }, retry: true, cancel.Token);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (built == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
        await Task.Delay(200); // the refused connection comes back and the wait begins

        cancel.Cancel();

        await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>();
        time.Advance(TimeSpan.FromHours(1));
        built.Should().Be(1);
    }
}
