using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using PtSandbox.Emulator;
using PtSandbox.Harness;
using PtSandbox.Harness.Fakes;

namespace PtSandbox.Hardening.Tests;

/// <summary>
/// The scriptable fake sandbox itself (tests/PtSandbox.Harness/Fakes), one capability per test, driven by a plain
/// HttpClient or a raw TcpClient, with an in-process plain-HTTP emulator as backend where forwarding matters.
/// </summary>
public sealed class FakeSandboxTests
{
    private const string Tokens = "/api/ui/public-api/tokens";
    private static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Unmatched_requests_are_forwarded_and_the_login_works_through_the_fake()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Http = true });
        await using var fake = await FakeSandbox.StartAsync(emulator.BaseUrl);
        using var client = CookieClient(fake.BaseUrl);

        var bearer = await LogInAsync(client, fake);
        using var create = new HttpRequestMessage(HttpMethod.Post, Tokens)
        {
            Content = JsonContent.Create(new { name = "through-the-fake", permissions = new[] { "TASKS_VIEW_ALL" } }),
            Headers = { { "Authorization", $"Bearer {bearer}" } },
        };
        using var created = await client.SendAsync(create);

        created.StatusCode.Should().Be(HttpStatusCode.OK);
        created.Headers.Date.Should().NotBeNull("the backend's Date header is relayed");
        (await emulator.Control.GetTokensAsync()).Select(t => t.Name).Should().Equal("through-the-fake");
        (await emulator.Control.GetStatsAsync()).Logins.Should().Be(1);
        fake.Requests.Select(r => $"{r.Method} {r.Path}").Should().Equal(
            "GET /api/ui/auth/authorize", "POST /ui/login", "GET /ui/authorize/callback", "POST /api/ui/auth/token", $"POST {Tokens}");
    }

    [Fact]
    public async Task Without_a_backend_an_unmatched_request_gets_404_and_an_empty_JSON_body()
    {
        await using var fake = await FakeSandbox.StartAsync();
        using var client = new HttpClient { BaseAddress = fake.BaseUrl };

        using var response = await client.GetAsync("/anything?at=all");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await response.Content.ReadAsStringAsync()).Should().Be("{}");
        response.Headers.Date.Should().BeNull("the fake adds no Date of its own");
        var forward = () => fake.On("GET", "/x").Forward();
        forward.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public async Task Forward_with_a_rewrite_lets_the_create_land_and_mangles_the_answer()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Http = true });
        await using var fake = await FakeSandbox.StartAsync(emulator.BaseUrl);
        using var client = CookieClient(fake.BaseUrl);
        var bearer = await LogInAsync(client, fake);
        FakeResponse? seen = null;
        fake.On("POST", Tokens).Once().Forward((_, answer) =>
        {
            seen = answer;
            return answer with { Status = 502, Reason = "Lost", Body = "<html>gateway</html>"u8.ToArray(), ContentType = "text/html" };
        });

        using var create = new HttpRequestMessage(HttpMethod.Post, Tokens)
        {
            Content = JsonContent.Create(new { name = "lost-answer", permissions = new[] { "TASKS_VIEW_ALL" } }),
            Headers = { { "Authorization", $"Bearer {bearer}" } },
        };
        using var response = await client.SendAsync(create);

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        response.ReasonPhrase.Should().Be("Lost");
        (await response.Content.ReadAsStringAsync()).Should().Be("<html>gateway</html>");
        seen!.Status.Should().Be(200);
        seen.BodyText.Should().Contain("\"lost-answer\"");
        (await emulator.Control.GetTokensAsync()).Select(t => t.Name).Should().Equal("lost-answer");
    }

    [Fact]
    public async Task A_reason_phrase_with_ESC_and_control_characters_is_written_byte_for_byte()
    {
        await using var fake = await FakeSandbox.StartAsync();
        const string reason = "Bad \u001b[31mred\u001b[0m \u0007 bell \u00ff";
        fake.On(null, "/x").Respond(FakeResponse.Text(503, "no") with { Reason = reason });

        var raw = await RawExchangeAsync(fake, "GET /x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");

        raw.Should().StartWith($"HTTP/1.1 503 {reason}\r\n");
        raw.Should().EndWith("\r\n\r\nno");
    }

    [Fact]
    public async Task Headers_are_written_as_given_with_duplicates_and_raw_lines()
    {
        await using var fake = await FakeSandbox.StartAsync();
        fake.On("GET", "/x").Respond(new FakeResponse
        {
            Headers = [new("Set-Cookie", "a=1"), new("Set-Cookie", "a=2"), new("X-Odd", " spaced\tvalue "), new("", "no colon here")],
            Body = "ok"u8.ToArray(),
        }.WithHeader("x-odd", "replaced"));

        var raw = await RawExchangeAsync(fake, "GET /x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");

        raw.Should().Be("HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: a=2\r\nx-odd: replaced\r\nno colon here\r\nContent-Length: 2\r\n\r\nok");
    }

    [Fact]
    public async Task Chunked_request_bodies_are_reassembled()
    {
        await using var fake = await FakeSandbox.StartAsync();
        fake.On("POST", "/echo").Respond(request => FakeResponse.Text(200, request.BodyText));
        using var client = new HttpClient { BaseAddress = fake.BaseUrl };

        using var viaClient = await client.PostAsync("/echo", JsonContent.Create(new { name = "chunked" }));
        var raw = await RawExchangeAsync(fake,
            "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
            "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\n");

        (await viaClient.Content.ReadAsStringAsync()).Should().Be("{\"name\":\"chunked\"}");
        fake.Requests[0].Header("Transfer-Encoding").Should().Be("chunked");
        raw.Should().EndWith("\r\n\r\nhello, world");
        fake.Requests[1].BodyText.Should().Be("hello, world");
    }

    [Fact]
    public async Task Expect_100_continue_is_answered_before_the_body_is_read()
    {
        await using var fake = await FakeSandbox.StartAsync();
        fake.On("POST", "/echo").Respond(request => FakeResponse.Text(200, request.BodyText));
        using var tcp = await ConnectAsync(fake);
        var stream = tcp.GetStream();

        await stream.WriteAsync("POST /echo HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\nConnection: close\r\n\r\n"u8.ToArray());
        var interim = new byte[25];
        await stream.ReadExactlyAsync(interim);
        await stream.WriteAsync("body"u8.ToArray());

        Encoding.Latin1.GetString(interim).Should().Be("HTTP/1.1 100 Continue\r\n\r\n");
        (await ReadToEndAsync(stream)).Should().EndWith("\r\n\r\nbody");
    }

    [Fact]
    public async Task A_malformed_request_gets_400_and_the_connection_closes()
    {
        await using var fake = await FakeSandbox.StartAsync();

        var raw = await RawExchangeAsync(fake, "NONSENSE\r\n\r\n");

        raw.Should().StartWith("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n");
        fake.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Several_requests_are_served_on_one_kept_alive_connection()
    {
        await using var fake = await FakeSandbox.StartAsync();
        fake.On(null, "*").Respond(request => FakeResponse.Text(200, request.Path));
        using var client = new HttpClient { BaseAddress = fake.BaseUrl };

        var bodies = new List<string>();
        foreach (var path in new[] { "/a", "/b", "/c" })
            bodies.Add(await client.GetStringAsync(path));

        bodies.Should().Equal("/a", "/b", "/c");
        fake.AcceptedConnections.Should().Be(1);
    }

    [Fact]
    public async Task DropBeforeStatus_closes_the_connection_without_a_byte()
    {
        await using var fake = await FakeSandbox.StartAsync();
        fake.On("GET", "/x").Respond(new FakeResponse { Ending = FakeEnding.DropBeforeStatus, Body = "never"u8.ToArray() });
        using var client = new HttpClient { BaseAddress = fake.BaseUrl };

        var raw = await RawExchangeAsync(fake, "GET /x HTTP/1.1\r\nHost: h\r\n\r\n");
        var viaClient = () => client.GetAsync("/x");

        raw.Should().BeEmpty();
        await viaClient.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task ResetBeforeStatus_resets_the_connection()
    {
        await using var fake = await FakeSandbox.StartAsync();
        fake.On("GET", "/x").Respond(new FakeResponse { Ending = FakeEnding.ResetBeforeStatus });
        using var tcp = await ConnectAsync(fake);
        var stream = tcp.GetStream();

        await stream.WriteAsync(Encoding.Latin1.GetBytes("GET /x HTTP/1.1\r\nHost: h\r\n\r\n"));
        var read = async () => await stream.ReadAsync(new byte[16]);

        var error = (await read.Should().ThrowAsync<IOException>()).Which;
        error.InnerException.Should().BeOfType<SocketException>()
            .Which.SocketErrorCode.Should().Be(SocketError.ConnectionReset);
    }

    [Fact]
    public async Task DropAfterHeaders_sends_the_head_and_closes()
    {
        await using var fake = await FakeSandbox.StartAsync();
        fake.On("GET", "/x").Respond(FakeResponse.Json(200, "{\"a\":1}") with { Ending = FakeEnding.DropAfterHeaders });
        using var client = new HttpClient { BaseAddress = fake.BaseUrl };

        var raw = await RawExchangeAsync(fake, "GET /x HTTP/1.1\r\nHost: h\r\n\r\n");
        var viaClient = () => client.GetStringAsync("/x");

        raw.Should().Be("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n");
        await viaClient.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task DropMidBody_closes_after_the_given_body_bytes()
    {
        await using var fake = await FakeSandbox.StartAsync();
        fake.On("GET", "/x").Respond(FakeResponse.Text(200, "0123456789") with { Ending = FakeEnding.DropMidBody, DropAfterBodyBytes = 4 });

        var raw = await RawExchangeAsync(fake, "GET /x HTTP/1.1\r\nHost: h\r\n\r\n");

        raw.Should().EndWith("Content-Length: 10\r\n\r\n0123");
    }

    [Fact]
    public async Task HangBeforeStatus_answers_nothing_until_the_client_gives_up()
    {
        await using var fake = await FakeSandbox.StartAsync();
        fake.On("GET", "/x").Respond(new FakeResponse { Ending = FakeEnding.HangBeforeStatus });
        // Time enough for the request to reach the fake on a loaded machine before the client gives up.
        using var client = new HttpClient { BaseAddress = fake.BaseUrl, Timeout = TimeSpan.FromSeconds(2) };

        var viaClient = () => client.GetAsync("/x");

        await viaClient.Should().ThrowAsync<TaskCanceledException>();
        await Eventually.HoldsAsync(() => fake.OpenConnections == 0, "no connection is open");
        fake.Count("GET", "/x").Should().Be(1);
    }

    [Fact]
    public async Task HangAfterHeaders_sends_the_head_then_nothing()
    {
        await using var fake = await FakeSandbox.StartAsync();
        fake.On("GET", "/x").Respond(FakeResponse.Text(200, "body") with { Ending = FakeEnding.HangAfterHeaders });
        using var client = new HttpClient { BaseAddress = fake.BaseUrl };

        using var response = await client.GetAsync("/x", HttpCompletionOption.ResponseHeadersRead);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var readBody = () => response.Content.ReadAsStringAsync(timeout.Token);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.Should().Be(4);
        fake.OpenConnections.Should().Be(1);
        await readBody.Should().ThrowAsync<OperationCanceledException>();
        await Eventually.HoldsAsync(() => fake.OpenConnections == 0, "the client aborted its connection");
    }

    [Fact]
    public async Task Dispose_releases_hung_responses_and_closes_their_connections()
    {
        await using var fake = await FakeSandbox.StartAsync(); // disposed again below: a second dispose does nothing
        fake.On("GET", "/x").Respond(new FakeResponse { Ending = FakeEnding.HangBeforeStatus });
        using var tcp = await ConnectAsync(fake);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes("GET /x HTTP/1.1\r\nHost: h\r\n\r\n"));
        await Eventually.HoldsAsync(() => fake.Requests.Count == 1, "the request reached the fake");

        var watch = Stopwatch.StartNew();
        await fake.DisposeAsync();

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "a hung response would hold it until the client gave up");
        (await ReadToEndAsync(stream)).Should().BeEmpty("the connection was closed without an answer");
    }

    [Fact]
    public async Task Trickle_writes_the_body_slowly()
    {
        await using var fake = await FakeSandbox.StartAsync();
        fake.On("GET", "/x").Respond(FakeResponse.Text(200, "0123456789") with { Trickle = new FakeTrickle(2, TimeSpan.FromMilliseconds(60)) });
        using var client = new HttpClient { BaseAddress = fake.BaseUrl };

        var watch = Stopwatch.StartNew();
        var body = await client.GetStringAsync("/x");

        body.Should().Be("0123456789");
        watch.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(230), "five writes, four intervals");
    }

    [Fact]
    public async Task Delay_waits_before_writing_anything()
    {
        await using var fake = await FakeSandbox.StartAsync();
        fake.On("GET", "/x").Respond(FakeResponse.Text(200, "late") with { Delay = TimeSpan.FromMilliseconds(300) });
        using var client = new HttpClient { BaseAddress = fake.BaseUrl };

        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("/x", HttpCompletionOption.ResponseHeadersRead);

        watch.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(280));
        (await response.Content.ReadAsStringAsync()).Should().Be("late");
    }

    [Fact]
    public async Task DeclaredContentLength_is_written_whatever_the_body()
    {
        await using var fake = await FakeSandbox.StartAsync();
        fake.On("GET", "/short").Respond(FakeResponse.Text(200, "0123456789") with { DeclaredContentLength = 4 });
        fake.On("GET", "/long").Respond(FakeResponse.Text(200, "0123") with { DeclaredContentLength = 100, Ending = FakeEnding.DropMidBody, DropAfterBodyBytes = 4 });
        using var client = new HttpClient { BaseAddress = fake.BaseUrl };

        var raw = await RawExchangeAsync(fake, "GET /short HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        var promisedMore = () => client.GetStringAsync("/long");

        raw.Should().EndWith("Content-Length: 4\r\n\r\n0123456789");
        await promisedMore.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task OmitContentLength_ends_the_body_with_the_connection()
    {
        await using var fake = await FakeSandbox.StartAsync();
        fake.On("GET", "/x").Respond(FakeResponse.Text(200, "until close") with { OmitContentLength = true });
        using var client = new HttpClient { BaseAddress = fake.BaseUrl };

        var raw = await RawExchangeAsync(fake, "GET /x HTTP/1.1\r\nHost: h\r\n\r\n");
        var body = await client.GetStringAsync("/x");

        raw.Should().Be("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close", "no Content-Length, and closed after the body");
        body.Should().Be("until close");
    }

    [Fact]
    public async Task Times_and_Once_serve_in_order_then_fall_through()
    {
        await using var fake = await FakeSandbox.StartAsync();
        var once = fake.On("GET", "/x").Once();
        once.Respond(FakeResponse.Json(503, "{}"));
        fake.On("GET", "/x").Times(2).Respond(FakeResponse.Json(429, "{}"));
        fake.On(null, "/x").Respond(FakeResponse.Json(200, "{}"));
        using var client = new HttpClient { BaseAddress = fake.BaseUrl };

        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync("/x");
            statuses.Add((int)response.StatusCode);
        }
        fake.ClearRules();
        using var afterClear = await client.GetAsync("/x");

        statuses.Should().Equal(503, 429, 429, 200, 200);
        once.Served.Should().Be(1);
        afterClear.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patterns_match_one_segment_a_prefix_and_ignore_the_query()
    {
        await using var fake = await FakeSandbox.StartAsync();
        fake.On("DELETE", $"{Tokens}/{{id}}").Respond(FakeResponse.Text(200, "segment"));
        fake.On(null, "/api/ui/*").Respond(FakeResponse.Text(200, "prefix"));
        using var client = new HttpClient { BaseAddress = fake.BaseUrl };

        async Task<string> Answer(HttpMethod method, string path)
        {
            using var response = await client.SendAsync(new HttpRequestMessage(method, path));
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }

        (await Answer(HttpMethod.Delete, $"{Tokens}/42?force=1")).Should().Be("200 segment");
        (await Answer(HttpMethod.Delete, $"{Tokens}/42/more")).Should().Be("200 prefix");
        (await Answer(HttpMethod.Get, $"{Tokens}?offset=0")).Should().Be("200 prefix");
        (await Answer(HttpMethod.Get, "/ui/login")).Should().Be("404 {}");
        fake.Count("DELETE", $"{Tokens}/{{id}}").Should().Be(1, "one segment only, not two");
        fake.Count("delete", Tokens).Should().Be(0);
        fake.Count(null, "*").Should().Be(4);
    }

    [Fact]
    public async Task Requests_record_method_target_headers_and_body_as_a_snapshot()
    {
        await using var fake = await FakeSandbox.StartAsync();
        using var client = new HttpClient { BaseAddress = fake.BaseUrl };

        using var content = new StringContent("{\"a\":1}", Encoding.UTF8, "application/json");
        using var posted = await client.PostAsync("/p?q=1", content);
        var snapshot = fake.Requests;
        using var second = await client.GetAsync("/g");

        snapshot.Should().ContainSingle();
        var request = snapshot[0];
        request.Method.Should().Be("POST");
        request.PathAndQuery.Should().Be("/p?q=1");
        request.Path.Should().Be("/p");
        request.Header("content-type").Should().Be("application/json; charset=utf-8");
        request.Header("Host").Should().Be(fake.HostPort);
        request.BodyText.Should().Be("{\"a\":1}");
        fake.Requests.Select(r => r.PathAndQuery).Should().Equal("/p?q=1", "/g");
    }

    [Fact]
    public async Task Concurrent_connections_are_all_served()
    {
        await using var fake = await FakeSandbox.StartAsync();
        fake.On("GET", "/slow/{n}").Respond(request => FakeResponse.Text(200, request.Path) with { Delay = TimeSpan.FromSeconds(1) });
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 20 }) { BaseAddress = fake.BaseUrl };

        var watch = Stopwatch.StartNew();
        var bodies = await Task.WhenAll(Enumerable.Range(0, 20).Select(n => client.GetStringAsync($"/slow/{n}")));

        bodies.Should().BeEquivalentTo(Enumerable.Range(0, 20).Select(n => $"/slow/{n}"));
        fake.Count("GET", "/slow/{n}").Should().Be(20);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the delays overlap (one after another they take 20 s)");
    }

    [Fact]
    public async Task HTTPS_is_served_with_a_self_signed_certificate()
    {
        using var certificate = SelfSignedCertificate();
        await using var fake = await FakeSandbox.StartAsync(serverCertificate: certificate);
        fake.On("GET", "/x").Respond(FakeResponse.Text(200, "over tls") with { Reason = "Fine\u001b" });
        using var client = new HttpClient(TrustingHandler(certificate)) { BaseAddress = fake.BaseUrl };

        using var response = await client.GetAsync("/x");

        fake.BaseUrl.Should().Be(new Uri($"https://{fake.HostPort}/"));
        response.ReasonPhrase.Should().Be("Fine\u001b");
        (await response.Content.ReadAsStringAsync()).Should().Be("over tls");
    }

    [Fact]
    public async Task An_https_backend_is_trusted_by_its_PEM_and_its_origin_becomes_the_fakes()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        await using var fake = await FakeSandbox.StartAsync(emulator.BaseUrl, emulator.CertificatePem);
        using var client = CookieClient(fake.BaseUrl);

        // Also proves the backend's Secure cookies come back over the fake's plain HTTP.
        var bearer = await LogInAsync(client, fake);

        bearer.Should().NotBeNullOrEmpty();
        fake.BaseUrl.Scheme.Should().Be("http");
    }

    /// <summary>The four login steps by hand, as the provider takes them; checks the location names the fake.</summary>
    private static async Task<string> LogInAsync(HttpClient client, FakeSandbox fake)
    {
        var authorize = await client.GetFromJsonAsync<JsonElement>("/api/ui/auth/authorize?fingerprint=fp-1");
        var location = authorize.GetProperty("data").GetProperty("location").GetString()!;
        location.Should().StartWith($"{fake.BaseUrl.Scheme}://{fake.HostPort}/", "the backend's origin is rewritten to the fake's");

        using var login = await client.PostAsJsonAsync("/ui/login", new { username = "admin", password = "admin", authType = 0, rememberLogin = true });
        login.StatusCode.Should().Be(HttpStatusCode.OK);
        using var callback = await client.GetAsync(location);
        callback.StatusCode.Should().Be(HttpStatusCode.OK);
        using var token = await client.PostAsJsonAsync("/api/ui/auth/token", new { fingerprint = "fp-1" });
        token.StatusCode.Should().Be(HttpStatusCode.OK);
        var answer = await token.Content.ReadFromJsonAsync<JsonElement>();
        return answer.GetProperty("data").GetProperty("accessToken").GetString()!;
    }

    private static HttpClient CookieClient(Uri baseUrl) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = baseUrl,
        };

    private static SocketsHttpHandler TrustingHandler(X509Certificate2 certificate) => new()
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetRawCertData().AsSpan().SequenceEqual(certificate.RawData) == true },
    };

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=fake sandbox", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
        // Through PKCS#12 so SslStream gets a persisted private key.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    private static async Task<TcpClient> ConnectAsync(FakeSandbox fake)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, fake.BaseUrl.Port);
        return tcp;
    }

    /// <summary>Sends <paramref name="request"/> on a new connection and returns (Latin-1) all that comes back until the fake closes.</summary>
    private static async Task<string> RawExchangeAsync(FakeSandbox fake, string request)
    {
        using var tcp = await ConnectAsync(fake);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        return await ReadToEndAsync(stream);
    }

    private static async Task<string> ReadToEndAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(ReadLimit);
        using var received = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            received.Write(buffer, 0, read);
        return Encoding.Latin1.GetString(received.ToArray());
    }
}
