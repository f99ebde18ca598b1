using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PtSandbox.Emulator;
using PtSandbox.Harness;

namespace PtSandbox.Client.Tests.Emulated;

public class RetryTests
{
    [Fact]
    public async Task List_rides_over_two_503s()
    {
        await using var sandbox = await Sandbox.StartAsync();
        await sandbox.AddFaultAsync("GET", Sandbox.Tokens, FaultKinds.Status, count: 2, status: 503);

        await sandbox.Client().ListTokensAsync(CancellationToken.None);

        (await sandbox.Control.GetStatsAsync()).Count(Sandbox.ListRoute).Should().Be(3);
    }

    [Fact]
    public async Task Retry_after_of_a_429_is_honoured()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = sandbox.Client();
        await client.ListTokensAsync(CancellationToken.None);
        await sandbox.AddFaultAsync("GET", Sandbox.Tokens, FaultKinds.Status, status: 429, retryAfterSeconds: 1);

        var watch = Stopwatch.StartNew();
        await client.ListTokensAsync(CancellationToken.None);

        watch.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(980));
        (await sandbox.Control.GetStatsAsync()).Count(Sandbox.ListRoute).Should().Be(3);
    }

    [Fact]
    public async Task Retry_after_is_capped_by_max_retry_after()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = sandbox.Client(maxRetryAfter: TimeSpan.FromMilliseconds(300));
        await client.ListTokensAsync(CancellationToken.None);
        await sandbox.AddFaultAsync("GET", Sandbox.Tokens, FaultKinds.Status, status: 503, retryAfterSeconds: 3600);

        var watch = Stopwatch.StartNew();
        await client.ListTokensAsync(CancellationToken.None);

        watch.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(280)).And.BeLessThan(TimeSpan.FromSeconds(30), "not the hour the sandbox asked for");
    }

    [Fact]
    public async Task Delete_is_retried_after_a_connection_reset()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = sandbox.Client();
        var created = await client.CreateTokenAsync(Sandbox.NewToken("reset-me"), null, CancellationToken.None);
        await sandbox.AddFaultAsync("DELETE", Sandbox.TokenTemplate, FaultKinds.Reset);

        var deleted = await client.DeleteTokenAsync(created.Id, CancellationToken.None);

        deleted.Should().BeTrue();
        (await sandbox.LiveTokensAsync("reset-me")).Should().BeEmpty();
        (await sandbox.Control.GetStatsAsync()).Count(Sandbox.DeleteRoute).Should().Be(2);
    }

    [Fact]
    public async Task A_burst_longer_than_the_retries_gives_a_one_line_error_naming_host_and_call()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = sandbox.Client(maxRetries: 2);
        await client.ListTokensAsync(CancellationToken.None);
        await sandbox.AddFaultAsync("GET", Sandbox.Tokens, FaultKinds.Status, count: 10, status: 503,
            body: "<html>\n<h1>Service\n Unavailable</h1>\n</html>", contentType: "text/html");

        var error = (await FluentActions.Awaiting(() => client.ListTokensAsync(CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().Be($"PT Sandbox {sandbox.Host}: list tokens failed: HTTP 503 Service Unavailable: "
            + "<html> <h1>Service Unavailable</h1> </html> (gave up after 3 attempts)");
        error.IsTransient.Should().BeTrue();
        error.StatusCode.Should().Be(503);
        (await sandbox.Control.GetStatsAsync()).Count(Sandbox.ListRoute).Should().Be(1 + 3);
    }

    [Fact]
    public async Task A_slow_list_attempt_times_out_and_is_retried()
    {
        await using var sandbox = await Sandbox.StartAsync();
        // The retry's own attempt, on a new connection, must fit in the timeout on a loaded machine too.
        var client = sandbox.Client(requestTimeout: TimeSpan.FromSeconds(2));
        await client.ListTokensAsync(CancellationToken.None);
        await sandbox.AddFaultAsync("GET", Sandbox.Tokens, FaultKinds.Delay, delayMs: 30_000);

        var watch = Stopwatch.StartNew();
        await client.ListTokensAsync(CancellationToken.None);

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), "the slow attempt was abandoned, not waited for");
        (await sandbox.Control.GetStatsAsync()).Count(Sandbox.ListRoute).Should().Be(3);
    }

    [Fact]
    public async Task Timeouts_on_every_attempt_name_the_request_timeout()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = sandbox.Client(maxRetries: 1, requestTimeout: TimeSpan.FromMilliseconds(300));
        await client.ListTokensAsync(CancellationToken.None);
        await sandbox.AddFaultAsync("GET", Sandbox.Tokens, FaultKinds.Delay, count: 2, delayMs: 3000);

        var error = (await FluentActions.Awaiting(() => client.ListTokensAsync(CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().Be($"PT Sandbox {sandbox.Host}: list tokens failed: no response within 300 ms (requestTimeout) (gave up after 2 attempts)");
    }

    [Fact]
    public async Task Caller_cancellation_stops_at_once_without_retrying()
    {
        await using var sandbox = await Sandbox.StartAsync();
        // An attempt's own timeout, far beyond the bound below, cannot pass for the cancellation.
        var client = sandbox.Client(requestTimeout: TimeSpan.FromMinutes(2));
        await client.ListTokensAsync(CancellationToken.None);
        await sandbox.AddFaultAsync("GET", Sandbox.Tokens, FaultKinds.Delay, delayMs: 300_000);
        using var cancel = new CancellationTokenSource();

        var list = client.ListTokensAsync(cancel.Token);
        // Cancelled once the listing is in the sandbox (a timer from the start could fire before it was sent).
        await Eventually.HoldsAsync(async () => (await sandbox.Control.GetStatsAsync()).Count(Sandbox.ListRoute) == 2, "the listing reached the sandbox");
        var watch = Stopwatch.StartNew();
        await cancel.CancelAsync();
        await FluentActions.Awaiting(() => list).Should().ThrowAsync<OperationCanceledException>();

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), "not when the attempt times out or the sandbox answers");
        (await sandbox.Control.GetStatsAsync()).Count(Sandbox.ListRoute).Should().Be(2);
    }

    [Fact]
    public async Task Connection_refused_is_retried_then_reported()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there any more
        var logger = new RecordingLogger();
        using var client = new SandboxClient(new SandboxClientOptions
        {
            BaseUrl = new Uri($"http://127.0.0.1:{port}"), Username = "admin", Password = "Pa55-Secret-9", MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        }, logger);

        var error = (await FluentActions.Awaiting(() => client.ListTokensAsync(CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().Be($"PT Sandbox 127.0.0.1:{port}: login failed: connection refused (gave up after 3 attempts)");
        error.IsTransient.Should().BeTrue();
        logger.Lines.Count(l => l.Contains("retrying login")).Should().Be(2);
    }

    [Fact]
    public async Task Delete_of_a_missing_token_returns_false()
    {
        await using var sandbox = await Sandbox.StartAsync();

        (await sandbox.Client().DeleteTokenAsync(424242, CancellationToken.None)).Should().BeFalse();
    }

    [Fact]
    public async Task Malformed_and_oversized_bodies_are_one_line_unexpected_response_errors()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = sandbox.Client(maxRetries: 0, maxResponseBytes: 4096);
        await client.ListTokensAsync(CancellationToken.None);
        await sandbox.AddFaultAsync("GET", Sandbox.Tokens, FaultKinds.Status, status: 200, body: "{\"total\": 1, \"entries\": [tru", contentType: "application/json");
        await sandbox.AddFaultAsync("GET", Sandbox.Tokens, FaultKinds.Status, status: 200, body: new string('x', 10_000), contentType: "text/plain");

        var malformed = (await FluentActions.Awaiting(() => client.ListTokensAsync(CancellationToken.None)).Should().ThrowAsync<SandboxApiException>()).Which;
        var oversized = (await FluentActions.Awaiting(() => client.ListTokensAsync(CancellationToken.None)).Should().ThrowAsync<SandboxApiException>()).Which;

        malformed.Message.Should().Be($"PT Sandbox {sandbox.Host}: list tokens failed: unexpected response (not the expected JSON; HTTP 200 OK, application/json): "
            + "{\"total\": 1, \"entries\": [tru");
        oversized.Message.Should().Be($"PT Sandbox {sandbox.Host}: list tokens failed: unexpected response: body larger than 4096 bytes refused");
    }
}
