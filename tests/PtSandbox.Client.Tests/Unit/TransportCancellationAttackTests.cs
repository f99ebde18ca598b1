using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PtSandbox.Client.Http;

namespace PtSandbox.Client.Tests.Unit;

/// <summary>Cancellation around an attempt: while it is set up (see CreateCancellationAttackTests) and during the wait before a retry.</summary>
public class TransportCancellationAttackTests
{
    /// <summary>The system clock, with a hook run when the next timer is made (an attempt's timeout is one).</summary>
    internal sealed class HookedTime : TimeProvider
    {
        private Action? onNextTimer;

        public void OnNextTimer(Action hook) => onNextTimer = hook;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Exchange(ref onNextTimer, null)?.Invoke();
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    private static SandboxTransport Transport(TimeProvider time, int maxRetries = 4) => new(
        new SandboxClientOptions { BaseUrl = new Uri("http://127.0.0.1:9"), Username = "u", Password = "p4ssw0rd", MaxRetries = maxRetries },
        "127.0.0.1:9", new SecretText.SecretRedactor(), time, NullLogger.Instance);

    [Fact]
    public async Task A_cancellation_during_the_wait_before_a_retry_builds_no_further_request()
    {
        var time = new FakeTimeProvider();
        using var cancel = new CancellationTokenSource();
        using var transport = Transport(time);
        var built = 0;

        // Nothing listens on port 9: the first attempt fails at once (connection refused), then waits on the fake clock.
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

public class RetryPolicyAttackTests
{
    [Fact]
    public async Task A_cancellation_arriving_before_a_zero_delay_retry_stops_it()
    {
        using var cancel = new CancellationTokenSource();
        var attempts = 0;
        var policy = new RetryPolicy<object?, string>
        {
            MaxRetries = 5, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.FromSeconds(1), Time = TimeProvider.System,
            ShouldRetry = o => o.Result == "busy",
            OnRetry = (_, _, _, _) => cancel.Cancel(),
        };

        await FluentActions.Awaiting(() => policy.ExecuteAsync((_, _) => { attempts++; return Task.FromResult("busy"); }, null, cancel.Token))
            .Should().ThrowAsync<OperationCanceledException>();

        attempts.Should().Be(1);
    }

    [Fact]
    public void A_zero_base_delay_retries_at_once_and_a_huge_one_is_held_to_the_maximum()
    {
        RetryPolicy<object?, string> Policy(TimeSpan baseDelay) => new()
        {
            MaxRetries = int.MaxValue, BaseDelay = baseDelay, MaxDelay = TimeSpan.FromSeconds(30), Time = TimeProvider.System,
            ShouldRetry = _ => true,
        };

        Enumerable.Range(1, 100).Select(Policy(TimeSpan.Zero).Backoff).Should().OnlyContain(d => d == TimeSpan.Zero);
        new[] { 1, 2, 63, 64, int.MaxValue }.Select(Policy(TimeSpan.FromDays(1)).Backoff)
            .Should().OnlyContain(d => d >= TimeSpan.FromSeconds(15) && d <= TimeSpan.FromSeconds(30));
    }
}
