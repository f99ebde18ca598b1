using Microsoft.Extensions.Time.Testing;
using PtSandbox.Client.Http;

namespace PtSandbox.Client.Tests.Unit;

public class RetryPolicyTests
{
    private sealed class Calls
    {
        public int Count;
        public List<(int Attempt, TimeSpan Delay)> Retries { get; } = [];
    }

    private static RetryPolicy<Calls, string> Policy(int maxRetries = 3, TimeProvider? time = null, Func<AttemptOutcome<string>, TimeSpan?>? serverDelay = null,
        TimeSpan? baseDelay = null, TimeSpan? maxDelay = null) => new()
        {
            MaxRetries = maxRetries,
            BaseDelay = baseDelay ?? TimeSpan.Zero,
            MaxDelay = maxDelay ?? TimeSpan.FromSeconds(30),
            Time = time ?? TimeProvider.System,
            ShouldRetry = outcome => outcome.Result == "busy" || outcome.Exception is IOException,
            ServerDelay = serverDelay ?? (_ => null),
            OnRetry = (calls, _, delay, attempt) => calls.Retries.Add((attempt, delay)),
        };

    private static Func<Calls, CancellationToken, Task<string>> Answers(params object[] answers) => (calls, _) =>
    {
        var answer = answers[Math.Min(calls.Count++, answers.Length - 1)];
        return answer is Exception error ? Task.FromException<string>(error) : Task.FromResult((string)answer);
    };

    [Fact]
    public async Task An_outcome_not_worth_retrying_is_returned_after_one_attempt()
    {
        var calls = new Calls();

        var result = await Policy().ExecuteAsync(Answers("done"), calls, CancellationToken.None);

        result.Should().Be("done");
        calls.Count.Should().Be(1);
        calls.Retries.Should().BeEmpty();
    }

    [Fact]
    public async Task A_retryable_result_is_tried_again_until_it_changes()
    {
        var calls = new Calls();

        var result = await Policy().ExecuteAsync(Answers("busy", "busy", "done"), calls, CancellationToken.None);

        result.Should().Be("done");
        calls.Count.Should().Be(3);
        calls.Retries.Select(r => r.Attempt).Should().Equal(1, 2);
    }

    [Fact]
    public async Task After_the_last_retry_the_last_result_is_returned()
    {
        var calls = new Calls();

        var result = await Policy(maxRetries: 2).ExecuteAsync(Answers("busy"), calls, CancellationToken.None);

        result.Should().Be("busy");
        calls.Count.Should().Be(3);
    }

    [Fact]
    public async Task No_retries_means_one_attempt_even_for_a_retryable_outcome()
    {
        var calls = new Calls();

        var result = await Policy(maxRetries: 0).ExecuteAsync(Answers("busy", "done"), calls, CancellationToken.None);

        result.Should().Be("busy");
        calls.Count.Should().Be(1);
    }

    [Fact]
    public async Task An_exception_not_worth_retrying_is_rethrown_as_it_was_at_once()
    {
        var calls = new Calls();
        var refused = new InvalidOperationException("refused");

        var thrown = await FluentActions.Awaiting(() => Policy().ExecuteAsync(Answers(refused, "done"), calls, CancellationToken.None))
            .Should().ThrowAsync<InvalidOperationException>();

        thrown.Which.Should().BeSameAs(refused);
        calls.Count.Should().Be(1);
    }

    [Fact]
    public async Task A_retryable_exception_is_retried_and_the_last_one_rethrown_as_it_was()
    {
        var calls = new Calls();
        var last = new IOException("reset 3");

        var thrown = await FluentActions.Awaiting(() => Policy(maxRetries: 2).ExecuteAsync(
                Answers(new IOException("reset 1"), new IOException("reset 2"), last), calls, CancellationToken.None))
            .Should().ThrowAsync<IOException>();

        thrown.Which.Should().BeSameAs(last);
        calls.Count.Should().Be(3);
        calls.Retries.Select(r => r.Attempt).Should().Equal(1, 2);
    }

    [Fact]
    public async Task The_server_delay_is_waited_and_capped_by_the_maximum()
    {
        var time = new FakeTimeProvider();
        var calls = new Calls();
        var policy = Policy(time: time, maxDelay: TimeSpan.FromSeconds(5),
            serverDelay: o => o.Result == "busy" ? TimeSpan.FromMinutes(10) : null);

        var run = policy.ExecuteAsync(Answers("busy", "done"), calls, CancellationToken.None);

        calls.Retries.Should().Equal((1, TimeSpan.FromSeconds(5)));
        time.Advance(TimeSpan.FromSeconds(4.9));
        calls.Count.Should().Be(1, "the second attempt waits the whole (capped) delay");
        time.Advance(TimeSpan.FromSeconds(0.1));
        (await run).Should().Be("done");
        calls.Count.Should().Be(2);
    }

    [Fact]
    public async Task A_negative_server_delay_means_no_wait()
    {
        var time = new FakeTimeProvider();
        var calls = new Calls();
        var policy = Policy(time: time, baseDelay: TimeSpan.FromHours(1), serverDelay: _ => TimeSpan.FromSeconds(-3));

        var result = await policy.ExecuteAsync(Answers("busy", "done"), calls, CancellationToken.None);

        result.Should().Be("done");
        calls.Retries.Should().Equal((1, TimeSpan.Zero));
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(4, 800)]
    [InlineData(6, 2000)] // 3,200 ms capped
    [InlineData(1000, 2000)] // no overflow far out
    public void The_backoff_doubles_from_the_base_delay_with_jitter_up_to_the_maximum(int attempt, int ceilingMs)
    {
        var policy = Policy(baseDelay: TimeSpan.FromMilliseconds(100), maxDelay: TimeSpan.FromSeconds(2));

        var delays = Enumerable.Range(0, 500).Select(_ => policy.Backoff(attempt).TotalMilliseconds).ToList();

        delays.Should().OnlyContain(d => d >= ceilingMs / 2.0 && d <= ceilingMs);
        delays.Distinct().Count().Should().BeGreaterThan(100, "retries failing together spread out");
    }

    [Fact]
    public async Task Cancelling_during_the_wait_ends_it_without_another_attempt()
    {
        var time = new FakeTimeProvider();
        var calls = new Calls();
        using var cancel = new CancellationTokenSource();
        var run = Policy(time: time, baseDelay: TimeSpan.FromMinutes(1)).ExecuteAsync(Answers("busy", "done"), calls, cancel.Token);

        cancel.Cancel();

        await FluentActions.Awaiting(() => run).Should().ThrowAsync<OperationCanceledException>();
        time.Advance(TimeSpan.FromHours(1));
        calls.Count.Should().Be(1);
    }

    [Fact]
    public async Task A_retryable_outcome_after_the_caller_cancelled_is_not_retried()
    {
        var calls = new Calls();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        await FluentActions.Awaiting(() => Policy().ExecuteAsync(Answers("busy", "done"), calls, cancel.Token))
            .Should().ThrowAsync<OperationCanceledException>();

        calls.Count.Should().Be(1);
    }

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
