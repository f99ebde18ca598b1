using System.Diagnostics;
using System.Net;
using PtSandbox.Emulator.Tests.Support;

namespace PtSandbox.Emulator.Tests;

public sealed class FaultTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;
    private UiSession _session = null!;

    public async Task InitializeAsync()
    {
        _server = await Servers.HttpAsync();
        _session = await UiSession.LoginAsync(_server);
    }

    public async Task DisposeAsync()
    {
        _session.Dispose();
        await _server.DisposeAsync();
    }

    private EmulatorControl Control => _server.Control;

    [Fact]
    public async Task Status_fault_answers_without_processing_and_sets_retry_after_body_and_headers()
    {
        await Control.AddFaultAsync(new Fault
        {
            Method = "POST",
            Path = UiSession.TokensPath,
            Status = 503,
            RetryAfterSeconds = 2,
            Body = """{"errors":[{"message":"busy","type":"Unavailable"}]}""",
            ContentType = "application/json",
            Headers = new Dictionary<string, string> { ["X-Fault"] = "yes" },
        });

        using var response = await _session.CreateRawAsync("""{"name": "abcde", "permissions": ["TASKS_VIEW_ALL"]}""");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
        response.Headers.GetValues("X-Fault").Should().Equal("yes");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await response.ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "Unavailable")).Should().Be("busy");
        (await Control.GetTokensAsync()).Should().BeEmpty("a status fault answers without processing");

        await _session.CreateAsync("abcde"); // count 1: the next request is normal
    }

    [Fact]
    public async Task Count_method_and_route_template_select_the_requests()
    {
        await Control.AddFaultAsync(new Fault { Method = "DELETE", Path = "/api/ui/public-api/tokens/{id}", Count = 2, Status = 502 });
        var id = (await _session.CreateAsync("abcde")).GetProperty("id").GetInt64(); // POST: not matched
        await _session.ListAsync(); // GET: not matched

        (await _session.DeleteAsync(id)).StatusCode.Should().Be(HttpStatusCode.BadGateway);
        (await _session.DeleteAsync(12345)).StatusCode.Should().Be(HttpStatusCode.BadGateway);
        (await _session.DeleteAsync(id)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Exact_path_matches_only_that_path()
    {
        await Control.AddFaultAsync(new Fault { Path = "/api/ui/public-api/tokens/2", Status = 500 });
        var first = (await _session.CreateAsync("abcde")).GetProperty("id").GetInt64();
        var second = (await _session.CreateAsync("fghij")).GetProperty("id").GetInt64();
        (await _session.DeleteAsync(first)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _session.DeleteAsync(second)).StatusCode.Should().Be(HttpStatusCode.InternalServerError);
    }

    [Fact]
    public async Task Faults_apply_in_the_order_they_were_added_and_default_to_any_request()
    {
        await Control.AddFaultAsync(new Fault { Status = 500 });
        await Control.AddFaultAsync(new Fault { Status = 429, RetryAfterSeconds = 1 });

        (await Control.GetStatsAsync()).Should().NotBeNull("control requests are never faulted");
        (await _session.Http.GetAsync(UiSession.TokensPath)).StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await _session.Http.GetAsync("/api/ui/auth/authorize?fingerprint=x")).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await _session.Http.GetAsync(UiSession.TokensPath)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delay_fault_waits_then_processes_normally()
    {
        await Control.AddFaultAsync(new Fault { Kind = "delay", DelayMs = 5000, Method = "GET", Path = UiSession.TokensPath });
        var watch = Stopwatch.StartNew();
        var listing = await _session.ListAsync();
        watch.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(4950));
        listing.GetProperty("total").GetInt32().Should().Be(0);

        watch.Restart();
        await _session.ListAsync();
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromMilliseconds(2500), "the delay applied to one request only");
    }

    [Fact]
    public async Task Delay_fault_respects_a_client_timeout()
    {
        await Control.AddFaultAsync(new Fault { Kind = "delay", DelayMs = 5000, Method = "POST" });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var act = () => _session.Http.PostAsync(UiSession.TokensPath,
            new StringContent("""{"name": "abcde", "permissions": ["TASKS_VIEW_ALL"]}""", System.Text.Encoding.UTF8, "application/json"), cts.Token);
        await act.Should().ThrowAsync<OperationCanceledException>();
        await Task.Delay(200);
        (await Control.GetTokensAsync()).Should().BeEmpty("the aborted request was never processed");
    }

    [Fact]
    public async Task Reset_fault_aborts_the_connection()
    {
        await Control.AddFaultAsync(new Fault { Kind = "reset", Path = UiSession.TokensPath, Method = "POST" });
        var act = () => _session.CreateRawAsync("""{"name": "abcde", "permissions": ["TASKS_VIEW_ALL"]}""");
        await act.Should().ThrowAsync<HttpRequestException>();
        (await Control.GetTokensAsync()).Should().BeEmpty("a reset happens before processing");
        await _session.CreateAsync("abcde");
    }

    [Fact]
    public async Task Commit_then_drop_commits_the_change_but_the_client_gets_no_answer()
    {
        await Control.AddFaultAsync(new Fault { Kind = "commitThenDrop", Path = UiSession.TokensPath, Method = "POST" });
        var act = () => _session.CreateRawAsync("""{"name": "landed-token", "permissions": ["TASKS_VIEW_ALL"]}""");
        await act.Should().ThrowAsync<HttpRequestException>();

        var tokens = await Control.GetTokensAsync();
        tokens.Should().ContainSingle().Which.Name.Should().Be("landed-token");
        (await _session.ListAsync()).GetProperty("total").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Clear_faults_drops_pending_faults()
    {
        await Control.AddFaultAsync(new Fault { Status = 500, Count = 5 });
        await Control.ClearFaultsAsync();
        (await _session.Http.GetAsync(UiSession.TokensPath)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Faulted_requests_are_counted_in_stats()
    {
        await Control.AddFaultAsync(new Fault { Method = "GET", Path = UiSession.TokensPath, Status = 503, Count = 2 });
        await _session.Http.GetAsync(UiSession.TokensPath);
        await _session.Http.GetAsync(UiSession.TokensPath);
        await _session.ListAsync();
        (await Control.GetStatsAsync()).Count("GET /api/ui/public-api/tokens").Should().Be(3);
    }

    [Fact]
    public async Task A_raw_fault_without_count_or_kind_is_one_status_fault()
    {
        using var add = await _session.PostJsonAsync("/_emulator/faults", """{"path": "/api/ui/public-api/tokens", "status": 418}""");
        add.StatusCode.Should().Be(HttpStatusCode.NoContent, await add.Content.ReadAsStringAsync());

        (await _session.Http.GetAsync(UiSession.TokensPath)).StatusCode.Should().Be((HttpStatusCode)418);
        (await _session.Http.GetAsync(UiSession.TokensPath)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("explode", null, 1)]
    [InlineData("delay", null, 1)] // delay without delayMs
    [InlineData("status", 42, 1)]
    [InlineData("status", 500, 0)]
    public async Task Invalid_faults_are_rejected(string kind, int? status, int count)
    {
        var act = () => Control.AddFaultAsync(new Fault { Kind = kind, Status = status, Count = count });
        (await act.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _session.Http.GetAsync(UiSession.TokensPath)).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
