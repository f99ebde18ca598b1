using PtSandbox.Emulator;
using PtSandbox.Harness;

namespace PtSandbox.Client.Tests.Emulated;

/// <summary>A create cancelled around its attempt: what it claims must match what reached the sandbox.</summary>
public class CreateCancellationAttackTests
{
    /// <summary>The system clock, with a hook run when the next timer is made (an attempt's timeout is one).</summary>
    private sealed class HookedTime : TimeProvider
    {
        private Action? onNextTimer;

        public void OnNextTimer(Action hook) => onNextTimer = hook;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Exchange(ref onNextTimer, null)?.Invoke();
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    private static SandboxClient Client(Sandbox sandbox, TimeProvider time, RecordingLogger logger) => new(
        new SandboxClientOptions
        {
            BaseUrl = sandbox.Server.BaseUrl, Username = Sandbox.Username, Password = Sandbox.Password,
            CaCertificatePem = sandbox.Server.CertificatePem, RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryAfter = TimeSpan.FromSeconds(5), RequestTimeout = TimeSpan.FromMinutes(2),
        },
        logger, time);

    [Fact]
    public async Task A_create_cancelled_before_its_body_is_sent_warns_of_no_lost_token()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var time = new HookedTime();
        var logger = new RecordingLogger();
        using var client = Client(sandbox, time, logger);
        var baseline = await client.ListTokensAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        // The cancellation lands after the attempt checked the token and before the client sends (the attempt's
        // timeout is the next timer made).
        time.OnNextTimer(cancel.Cancel);

        await FluentActions.Awaiting(() => client.CreateTokenAsync(Sandbox.NewToken("never-sent"), baseline, cancel.Token))
            .Should().ThrowAsync<OperationCanceledException>();

        (await sandbox.Control.GetStatsAsync()).Count(Sandbox.CreateRoute).Should().Be(0, "no create reached the sandbox");
        (await sandbox.LiveTokensAsync("never-sent")).Should().BeEmpty();
        logger.Lines.Should().NotContain(l => l.Contains("may have been left with a token"),
            "nothing was sent, so no token can have been left behind");
    }

    [Fact]
    public async Task A_create_cancelled_while_its_answer_is_awaited_still_warns_and_is_not_sent_again()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var logger = new RecordingLogger();
        using var client = Client(sandbox, TimeProvider.System, logger);
        var baseline = await client.ListTokensAsync(CancellationToken.None);
        await sandbox.AddFaultAsync("POST", Sandbox.Tokens, FaultKinds.Delay, delayMs: 300_000);
        using var cancel = new CancellationTokenSource();

        var create = client.CreateTokenAsync(Sandbox.NewToken("maybe-landed"), baseline, cancel.Token);
        // Cancelled once the create is in the sandbox (a timer from the start could fire before it was sent).
        await Eventually.HoldsAsync(async () => (await sandbox.Control.GetStatsAsync()).Count(Sandbox.CreateRoute) == 1, "the create reached the sandbox");
        await cancel.CancelAsync();
        await FluentActions.Awaiting(() => create).Should().ThrowAsync<OperationCanceledException>();

        (await sandbox.Control.GetStatsAsync()).Count(Sandbox.CreateRoute).Should().Be(1);
        logger.Lines.Should().ContainSingle(l => l.Contains("may have been left with a token named \"maybe-landed\""));
    }
}
