using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PtSandbox.Client.Http;
using SecretText;

namespace PtSandbox.Client.Tests.Emulated;

/// <summary>
/// Attacks on the per-attempt timeout, the retries and the cancellation of <see cref="SandboxTransport"/>, against a
/// server scripted byte by byte.
/// </summary>
public class TransportAttackTests
{
    private const string Password = "Tr4nsport-Pa55w0rd-Zq";

    private static SandboxTransport Transport(ScriptedHttpServer server, int maxRetries = 1, TimeSpan? requestTimeout = null,
        TimeSpan? maxRetryAfter = null, TimeProvider? time = null, RecordingLogger? logger = null, SecretRedactor? secrets = null)
    {
        secrets ??= new SecretRedactor();
        secrets.Add(Password);
        return new SandboxTransport(
            new SandboxClientOptions
            {
                BaseUrl = server.BaseUrl, Username = "admin", Password = Password, MaxRetries = maxRetries,
                RequestTimeout = requestTimeout ?? TimeSpan.FromMilliseconds(300),
                RetryBaseDelay = TimeSpan.FromMilliseconds(10),
                MaxRetryAfter = maxRetryAfter ?? TimeSpan.FromSeconds(2),
            },
            server.Host, secrets, time ?? TimeProvider.System, (Microsoft.Extensions.Logging.ILogger?)logger ?? NullLogger.Instance);
    }

    private static Func<HttpRequestMessage> Get(ScriptedHttpServer server) => () => new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUrl, "api/ui/public-api/tokens"));

    private static Task Ok(Stream stream, CancellationToken ct) =>
        ScriptedHttpServer.WriteAsync(stream, "HTTP/1.1 200 OK", ["Content-Type: application/json"], "{\"total\":0,\"entries\":[]}", ct);

    [Fact]
    public async Task A_response_that_stalls_after_its_headers_is_an_attempt_timeout_and_is_retried()
    {
        await using var server = new ScriptedHttpServer(async (n, stream, ct) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"total\":"u8.ToArray(), ct);
            await stream.FlushAsync(ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        using var transport = Transport(server, maxRetries: 1);

        var error = (await FluentActions.Awaiting(() => transport.SendAsync("list tokens", Get(server), retry: true, CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().Be($"PT Sandbox {server.Host}: list tokens failed: no response within 300 ms (requestTimeout) (gave up after 2 attempts)");
        error.IsTransient.Should().BeTrue();
        server.Requests.Should().Be(2);
    }

    [Fact]
    public async Task A_body_trickling_in_slower_than_the_timeout_times_out_although_every_byte_is_prompt()
    {
        await using var server = new ScriptedHttpServer(async (n, stream, ct) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"u8.ToArray(), ct);
            for (var i = 0; i < 1000; i++)
            {
                await stream.WriteAsync(" "u8.ToArray(), ct);
                await stream.FlushAsync(ct);
                await Task.Delay(20, ct);
            }
        });
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
        await using var server = new ScriptedHttpServer(async (n, stream, ct) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: {compressed.Length}\r\n\r\n"), ct);
            await stream.WriteAsync(compressed.AsMemory(0, compressed.Length / 2), ct);
            await stream.FlushAsync(ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        using var transport = Transport(server, maxRetries: 0);

        var error = (await FluentActions.Awaiting(() => transport.SendAsync("list tokens", Get(server), retry: true, CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().EndWith("list tokens failed: no response within 300 ms (requestTimeout)");
    }

    [Fact]
    public async Task The_callers_cancellation_while_a_body_stalls_is_a_cancellation_and_not_a_timeout()
    {
        await using var server = new ScriptedHttpServer(async (n, stream, ct) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"u8.ToArray(), ct);
            await stream.FlushAsync(ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        using var transport = Transport(server, maxRetries: 3, requestTimeout: TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        await FluentActions.Awaiting(() => transport.SendAsync("list tokens", Get(server), retry: true, cancel.Token))
            .Should().ThrowAsync<OperationCanceledException>();

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        server.Requests.Should().Be(1);
    }

    [Theory]
    [InlineData("Retry-After: 0")]
    [InlineData("Retry-After: -5")]
    [InlineData("Retry-After: soon")]
    [InlineData("Retry-After: 99999999999999999999")]
    [InlineData("Retry-After: Thu, 01 Jan 1970 00:00:00 GMT")]
    [InlineData("Retry-After: Fri, 31 Dec 9999 23:59:59 GMT")]
    [InlineData("Retry-After: 3600\r\nRetry-After: 1")]
    [InlineData("Retry-After: 1, 3600")]
    public async Task Whatever_retry_after_a_429_carries_it_is_retried_within_the_cap(string retryAfter)
    {
        await using var server = new ScriptedHttpServer((n, stream, ct) => n == 1
            ? ScriptedHttpServer.WriteAsync(stream, "HTTP/1.1 429 Too Many Requests", [retryAfter], "", ct)
            : Ok(stream, ct));
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
        await using var server = new ScriptedHttpServer((n, stream, ct) => n == 1
            ? ScriptedHttpServer.WriteAsync(stream, "HTTP/1.1 503 Service Unavailable",
                [$"Date: {serverNow:R}", $"Retry-After: {serverNow.AddSeconds(1):R}"], "", ct)
            : Ok(stream, ct));
        using var transport = Transport(server, maxRetries: 1, requestTimeout: TimeSpan.FromSeconds(5), maxRetryAfter: TimeSpan.FromSeconds(5), logger: logger);

        (await transport.SendAsync("list tokens", Get(server), retry: true, CancellationToken.None)).Status.Should().Be(200);

        logger.Lines.Should().ContainSingle(l => l.Contains("retrying list tokens"))
            .Which.Should().Contain("retrying list tokens in 1000 ms after attempt 1: HTTP 503 Service Unavailable");
    }

    [Fact]
    public async Task No_retries_means_one_request_and_the_transient_answer_returned_as_it_came()
    {
        await using var server = new ScriptedHttpServer((n, stream, ct) =>
            ScriptedHttpServer.WriteAsync(stream, "HTTP/1.1 503 Service Unavailable", ["Retry-After: 1"], "", ct));
        using var transport = Transport(server, maxRetries: 0, requestTimeout: TimeSpan.FromSeconds(5));

        var response = await transport.SendAsync("list tokens", Get(server), retry: true, CancellationToken.None);

        response.Status.Should().Be(503);
        response.Attempts.Should().Be(1);
        server.Requests.Should().Be(1);
    }

    [Fact]
    public async Task A_reason_phrase_or_status_line_quoting_the_password_is_masked_in_retry_logs_and_errors()
    {
        var logger = new RecordingLogger();
        await using var server = new ScriptedHttpServer(async (n, stream, ct) =>
        {
            if (n == 1)
                await ScriptedHttpServer.WriteAsync(stream, $"HTTP/1.1 503 busy for admin/{Password}", [], "", ct);
            else
            {
                // Not a status line at all: the parser's error quotes it.
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 5x3 {Password}\r\n\r\n"), ct);
                await stream.FlushAsync(ct);
            }
        });
        using var transport = Transport(server, maxRetries: 2, requestTimeout: TimeSpan.FromSeconds(5), logger: logger);

        var error = (await FluentActions.Awaiting(() => transport.SendAsync("login", Get(server), retry: true, CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        logger.Lines.Count(l => l.Contains("retrying login")).Should().Be(2);
        var texts = logger.Lines.Append(error.ToString()).ToArray();
        texts.Should().NotContain(t => t.Contains(Password, StringComparison.Ordinal));
        var start = Password.Substring(0, 12);
        texts.Should().NotContain(t => t.Contains(start, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_builder_that_throws_is_reported_once_masked_and_not_retried()
    {
        await using var server = new ScriptedHttpServer((n, stream, ct) => Ok(stream, ct));
        using var transport = Transport(server, maxRetries: 3);
        var built = 0;

        var error = (await FluentActions.Awaiting(() => transport.SendAsync("login", () =>
            {
                built++;
                throw new InvalidOperationException($"cannot build with {Password}");
            }, retry: true, CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        built.Should().Be(1);
        server.Requests.Should().Be(0);
        error.IsTransient.Should().BeFalse();
        error.Message.Should().Be($"PT Sandbox {server.Host}: login failed: unexpected error: InvalidOperationException: cannot build with ***");
    }

    [Fact]
    public async Task A_call_that_must_not_be_resent_is_sent_once_even_when_it_times_out()
    {
        await using var server = new ScriptedHttpServer(async (n, stream, ct) => await Task.Delay(Timeout.Infinite, ct));
        using var transport = Transport(server, maxRetries: 4);

        var error = (await FluentActions.Awaiting(() => transport.SendAsync("create token \"x\"",
                () => new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseUrl, "api/ui/public-api/tokens")) { Content = new StringContent("{}") },
                retry: false, CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().EndWith("create token \"x\" failed: no response within 300 ms (requestTimeout)");
        error.InnerException.Should().BeOfType<TransportFailureException>().Which.Failure.RequestNeverSent.Should().BeFalse();
        await Task.Delay(500);
        server.Requests.Should().Be(1);
    }

    [Fact]
    public async Task Many_calls_under_one_long_lived_token_leave_it_safe_to_cancel()
    {
        // Each attempt links the caller's token to its own timeout for as long as the attempt lasts.
        await using var server = new ScriptedHttpServer((n, stream, ct) => n % 3 == 0
            ? ScriptedHttpServer.WriteAsync(stream, "HTTP/1.1 503 Service Unavailable", ["Retry-After: 0"], "", ct)
            : Ok(stream, ct));
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
        await using var server = new ScriptedHttpServer((n, stream, ct) =>
            ScriptedHttpServer.WriteAsync(stream, "HTTP/1.1 503 Service Unavailable", [], "", ct));
        using var transport = Transport(server, maxRetries: 2, requestTimeout: TimeSpan.FromSeconds(5));

        var errors = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var response = await transport.SendAsync($"delete token {i}", Get(server), retry: true, CancellationToken.None);
            return transport.Fail($"delete token {i}", response).Message;
        }));

        errors.Should().OnlyContain(m => m.EndsWith("HTTP 503 Service Unavailable (gave up after 3 attempts)"));
        server.Requests.Should().Be(60);
    }

    [Fact]
    public async Task An_attempt_times_out_on_the_clients_clock_even_under_a_cancellable_caller_token()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var server = new ScriptedHttpServer(async (n, stream, ct) => await Task.Delay(Timeout.Infinite, ct));
        using var transport = Transport(server, maxRetries: 0, requestTimeout: TimeSpan.FromSeconds(30), time: time);
        using var caller = new CancellationTokenSource();

        var call = transport.SendAsync("list tokens", Get(server), retry: true, caller.Token);
        await WhenAsync(() => server.Requests == 1);
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
        await using var server = new ScriptedHttpServer(async (n, stream, ct) => await Task.Delay(Timeout.Infinite, ct));
        using var transport = Transport(server, maxRetries: 2, requestTimeout: TimeSpan.FromSeconds(30), time: time);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30), time);

        var call = transport.SendAsync("list tokens", Get(server), retry: true, deadline.Token);
        await WhenAsync(() => server.Requests == 1);
        time.Advance(TimeSpan.FromSeconds(30));

        await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>();
        time.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(200);
        server.Requests.Should().Be(1, "a cancelled call is not retried");
    }

    private static async Task WhenAsync(Func<bool> condition)
    {
        for (var end = DateTime.UtcNow.AddSeconds(20); !condition() && DateTime.UtcNow < end;)
            await Task.Delay(10);
        condition().Should().BeTrue();
    }
}
