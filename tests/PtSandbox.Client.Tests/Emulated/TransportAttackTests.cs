using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PtSandbox.Client.Http;
using PtSandbox.Harness;
using PtSandbox.Harness.Fakes;
using SecretText;

namespace PtSandbox.Client.Tests.Emulated;

/// <summary>
/// Attacks on the per-attempt timeout, the retries and the cancellation of <see cref="SandboxTransport"/>, against
/// the harness's scriptable fake sandbox.
/// </summary>
public class TransportAttackTests
{
    private const string Password = "Tr4nsport-Pa55w0rd-Zq";
    private const string Tokens = "/api/ui/public-api/tokens";

    private static SandboxTransport Transport(FakeSandbox server, int maxRetries = 1, TimeSpan? requestTimeout = null,
        TimeSpan? maxRetryAfter = null, TimeProvider? time = null, RecordingLogger? logger = null)
    {
        var secrets = new SecretRedactor();
        secrets.Add(Password);
        return new SandboxTransport(
            new SandboxClientOptions
            {
                BaseUrl = server.BaseUrl, Username = "admin", Password = Password, MaxRetries = maxRetries,
                RequestTimeout = requestTimeout ?? TimeSpan.FromMilliseconds(300),
                RetryBaseDelay = TimeSpan.FromMilliseconds(10),
                MaxRetryAfter = maxRetryAfter ?? TimeSpan.FromSeconds(2),
            },
            server.HostPort, secrets, time ?? TimeProvider.System, (Microsoft.Extensions.Logging.ILogger?)logger ?? NullLogger.Instance);
    }

    private static Func<HttpRequestMessage> Get(FakeSandbox server) => () => new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUrl, Tokens));

    private static readonly FakeResponse Ok = FakeResponse.Json(200, "{\"total\":0,\"entries\":[]}");

    private static readonly FakeResponse Unavailable = new() { Status = 503 };

    /// <summary>Headers that promise 100 body bytes, then the first one of them and nothing more.</summary>
    private static readonly FakeResponse StallsInBody = FakeResponse.Json(200, "{" + new string(' ', 99))
        with { Trickle = new FakeTrickle(1, TimeSpan.FromHours(1)) };

    private static async Task<FakeSandbox> ServerAsync(params FakeResponse[] answers)
    {
        var server = await FakeSandbox.StartAsync();
        for (var i = 0; i < answers.Length - 1; i++) server.On("GET", Tokens).Once().Respond(answers[i]);
        server.On(null, Tokens).Respond(answers[^1]);
        return server;
    }

    private static int Requests(FakeSandbox server) => server.Count(null, Tokens);

    [Fact]
    public async Task A_response_that_stalls_after_its_headers_is_an_attempt_timeout_and_is_retried()
    {
        await using var server = await ServerAsync(StallsInBody);
        using var transport = Transport(server, maxRetries: 1);

        var error = (await FluentActions.Awaiting(() => transport.SendAsync("list tokens", Get(server), retry: true, CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().Be($"PT Sandbox {server.HostPort}: list tokens failed: no response within 300 ms (requestTimeout) (gave up after 2 attempts)");
        error.IsTransient.Should().BeTrue();
        Requests(server).Should().Be(2);
    }

    [Fact]
    public async Task A_body_trickling_in_slower_than_the_timeout_times_out_although_every_byte_is_prompt()
    {
        await using var server = await ServerAsync(FakeResponse.Json(200, new string(' ', 1000)) with { Trickle = new FakeTrickle(1, TimeSpan.FromMilliseconds(20)) });
        using var transport = Transport(server, maxRetries: 0);
        var watch = Stopwatch.StartNew();

        var error = (await FluentActions.Awaiting(() => transport.SendAsync("list tokens", Get(server), retry: true, CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().EndWith("list tokens failed: no response within 300 ms (requestTimeout)");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_compressed_body_that_stalls_is_an_attempt_timeout_too()
    {
        var gzip = new MemoryStream();
        using (var zip = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true))
            zip.Write(Encoding.UTF8.GetBytes("{\"total\":0,\"entries\":[" + new string(' ', 5000) + "]}"));
        var compressed = gzip.ToArray();
        await using var server = await ServerAsync(new FakeResponse
        {
            ContentType = "application/json", Body = compressed, Headers = [new("Content-Encoding", "gzip")],
            Trickle = new FakeTrickle(compressed.Length / 2, TimeSpan.FromHours(1)),
        });
        using var transport = Transport(server, maxRetries: 0);

        var error = (await FluentActions.Awaiting(() => transport.SendAsync("list tokens", Get(server), retry: true, CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().EndWith("list tokens failed: no response within 300 ms (requestTimeout)");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // no retry's wait, which honours the cancellation, hides a cancellation taken for a timeout
    public async Task The_callers_cancellation_while_a_body_stalls_is_a_cancellation_and_not_a_timeout(bool retry)
    {
        await using var server = await ServerAsync(StallsInBody);
        using var transport = Transport(server, maxRetries: 3, requestTimeout: TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();

        var call = transport.SendAsync("list tokens", Get(server), retry, cancel.Token);
        // Cancelled once the server has the request (a fixed delay from the start could fall before the request was
        // even sent on a loaded machine), and 300 ms later, when the headers have most likely come and the body
        // stalls; cancelled before them, the call must end the same way.
        await Eventually.HoldsAsync(() => Requests(server) == 1, "the request reached the server");
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));

        await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>();

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        Requests(server).Should().Be(1);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("99999999999999999999")]
    [InlineData("Thu, 01 Jan 1970 00:00:00 GMT")]
    [InlineData("Fri, 31 Dec 9999 23:59:59 GMT")]
    [InlineData("3600", "1")]
    [InlineData("1, 3600")]
    public async Task Whatever_retry_after_a_429_carries_it_is_retried_within_the_cap(params string[] retryAfter)
    {
        await using var server = await ServerAsync(
            new FakeResponse { Status = 429, Headers = [.. retryAfter.Select(v => new KeyValuePair<string, string>("Retry-After", v))] }, Ok);
        using var transport = Transport(server, maxRetries: 1, requestTimeout: TimeSpan.FromSeconds(5), maxRetryAfter: TimeSpan.FromSeconds(1));
        var watch = Stopwatch.StartNew();

        var response = await transport.SendAsync("list tokens", Get(server), retry: true, CancellationToken.None);

        response.Status.Should().Be(200);
        response.Attempts.Should().Be(2);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_retry_after_date_is_measured_from_the_servers_date_not_from_our_clock()
    {
        // The server's clock is a day behind ours: its "in 1 s" must not become "at once" (nor a day).
        var serverNow = DateTimeOffset.UtcNow.AddDays(-1);
        var logger = new RecordingLogger();
        await using var server = await ServerAsync(
            Unavailable with { Headers = [new("Date", serverNow.ToString("R")), new("Retry-After", serverNow.AddSeconds(1).ToString("R"))] }, Ok);
        using var transport = Transport(server, maxRetries: 1, requestTimeout: TimeSpan.FromSeconds(5), maxRetryAfter: TimeSpan.FromSeconds(5), logger: logger);

        (await transport.SendAsync("list tokens", Get(server), retry: true, CancellationToken.None)).Status.Should().Be(200);

        logger.Lines.Should().ContainSingle(l => l.Contains("retrying list tokens"))
            .Which.Should().Contain("retrying list tokens in 1000 ms after attempt 1: HTTP 503 Service Unavailable");
    }

    [Fact]
    public async Task No_retries_means_one_request_and_the_transient_answer_returned_as_it_came()
    {
        await using var server = await ServerAsync(Unavailable.WithHeader("Retry-After", "1"));
        using var transport = Transport(server, maxRetries: 0, requestTimeout: TimeSpan.FromSeconds(5));

        var response = await transport.SendAsync("list tokens", Get(server), retry: true, CancellationToken.None);

        response.Status.Should().Be(503);
        response.Attempts.Should().Be(1);
        Requests(server).Should().Be(1);
    }

    [Fact]
    public async Task A_reason_phrase_quoting_the_password_is_masked_in_retry_logs_and_errors()
    {
        var logger = new RecordingLogger();
        await using var server = await ServerAsync(Unavailable with { Reason = $"busy for admin/{Password}" });
        using var transport = Transport(server, maxRetries: 2, requestTimeout: TimeSpan.FromSeconds(5), logger: logger);

        var response = await transport.SendAsync("login", Get(server), retry: true, CancellationToken.None);
        var error = transport.Fail("login", response);

        logger.Lines.Count(l => l.Contains("retrying login")).Should().Be(2);
        var texts = logger.Lines.Append(error.ToString()).ToArray();
        texts.Should().NotContain(t => t.Contains(Password, StringComparison.Ordinal));
        var start = Password.Substring(0, 12);
        texts.Should().NotContain(t => t.Contains(start, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_builder_that_throws_is_reported_once_masked_and_not_retried()
    {
        await using var server = await ServerAsync(Ok);
        using var transport = Transport(server, maxRetries: 3);
        var built = 0;

        var error = (await FluentActions.Awaiting(() => transport.SendAsync("login", () =>
            {
                built++;
                throw new InvalidOperationException($"cannot build with {Password}");
            }, retry: true, CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        built.Should().Be(1);
        server.Requests.Should().BeEmpty();
        error.IsTransient.Should().BeFalse();
        error.Message.Should().Be($"PT Sandbox {server.HostPort}: login failed: unexpected error: InvalidOperationException: cannot build with ***");
    }

    [Fact]
    public async Task A_call_that_must_not_be_resent_is_sent_once_even_when_it_times_out()
    {
        await using var server = await ServerAsync(new FakeResponse { Ending = FakeEnding.HangBeforeStatus });
        using var transport = Transport(server, maxRetries: 4);

        var error = (await FluentActions.Awaiting(() => transport.SendAsync("create token \"x\"",
                () => new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseUrl, Tokens)) { Content = new StringContent("{}") },
                retry: false, CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().EndWith("create token \"x\" failed: no response within 300 ms (requestTimeout)");
        error.InnerException.Should().BeOfType<TransportFailureException>().Which.Failure.RequestNeverSent.Should().BeFalse();
        await Task.Delay(500);
        Requests(server).Should().Be(1);
    }

    [Fact]
    public async Task Many_calls_under_one_long_lived_token_leave_it_safe_to_cancel()
    {
        // Each attempt links the caller's token to its own timeout for as long as the attempt lasts.
        await using var server = await FakeSandbox.StartAsync();
        var served = 0;
        server.On(null, Tokens).Respond(_ => Interlocked.Increment(ref served) % 3 == 0 ? Unavailable.WithHeader("Retry-After", "0") : Ok);
        using var transport = Transport(server, maxRetries: 2, requestTimeout: TimeSpan.FromSeconds(5));
        using var lifetime = new CancellationTokenSource();

        for (var i = 0; i < 200; i++)
            (await transport.SendAsync("list tokens", Get(server), retry: true, lifetime.Token)).Status.Should().Be(200);

        // A registration left behind would cancel an attempt's disposed timeout source, which throws.
        FluentActions.Invoking(() => lifetime.Cancel(throwOnFirstException: true)).Should().NotThrow();
    }

    [Fact]
    public async Task Concurrent_calls_each_count_only_their_own_attempts()
    {
        // Every answer a 503: each of 20 parallel calls must report its own 3 attempts, never another call's.
        await using var server = await ServerAsync(Unavailable);
        using var transport = Transport(server, maxRetries: 2, requestTimeout: TimeSpan.FromSeconds(5));

        var errors = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var response = await transport.SendAsync($"delete token {i}", Get(server), retry: true, CancellationToken.None);
            return transport.Fail($"delete token {i}", response).Message;
        }));

        errors.Should().OnlyContain(m => m.EndsWith("HTTP 503 Service Unavailable (gave up after 3 attempts)"));
        Requests(server).Should().Be(60);
    }

    [Fact]
    public async Task An_attempt_times_out_on_the_clients_clock_even_under_a_cancellable_caller_token()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var server = await ServerAsync(new FakeResponse { Ending = FakeEnding.HangBeforeStatus });
        using var transport = Transport(server, maxRetries: 0, requestTimeout: TimeSpan.FromSeconds(30), time: time);
        using var caller = new CancellationTokenSource();

        var call = transport.SendAsync("list tokens", Get(server), retry: true, caller.Token);
        await Eventually.HoldsAsync(() => Requests(server) == 1, "the request reached the server");
        time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(100);
        call.IsCompleted.Should().BeFalse("the attempt has 30 s on the client's clock");
        time.Advance(TimeSpan.FromSeconds(1));

        var error = (await FluentActions.Awaiting(() => call).Should().ThrowAsync<SandboxApiException>()).Which;
        error.Message.Should().EndWith("list tokens failed: no response within 30 s (requestTimeout)");
        caller.IsCancellationRequested.Should().BeFalse();
    }

    [Fact]
    public async Task A_caller_deadline_falling_due_with_the_attempts_timeout_is_a_cancellation()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var server = await ServerAsync(new FakeResponse { Ending = FakeEnding.HangBeforeStatus });
        using var transport = Transport(server, maxRetries: 2, requestTimeout: TimeSpan.FromSeconds(30), time: time);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30), time);

        var call = transport.SendAsync("list tokens", Get(server), retry: true, deadline.Token);
        await Eventually.HoldsAsync(() => Requests(server) == 1, "the request reached the server");
        time.Advance(TimeSpan.FromSeconds(30));

        await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>();
        time.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(200);
        Requests(server).Should().Be(1, "a cancelled call is not retried");
    }
}
