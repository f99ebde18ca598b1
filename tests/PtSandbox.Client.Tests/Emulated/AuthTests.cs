using System.Net;
using System.Net.Sockets;
using PtSandbox.Emulator;

namespace PtSandbox.Client.Tests.Emulated;

public class AuthTests
{
    [Fact]
    public async Task Constructing_a_client_makes_no_connection()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        using var client = new SandboxClient(new SandboxClientOptions
        {
            BaseUrl = new Uri($"https://127.0.0.1:{port}"), Username = "u", Password = "p", CaCertificatePem = "garbage",
        });
        await Task.Delay(100);

        listener.Pending().Should().BeFalse();
    }

    [Fact]
    public async Task Wrong_password_fails_once_with_a_hint_and_without_the_password()
    {
        await using var sandbox = await Sandbox.StartAsync();
        const string wrong = "Wr0ng-Pa55w0rd-Zz";

        var error = (await FluentActions.Awaiting(() => sandbox.Client(password: wrong).ListTokensAsync(CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().Be($"PT Sandbox {sandbox.Host}: login failed: check username/password/authType (HTTP 401 Unauthorized)");
        error.StatusCode.Should().Be(401);
        error.Call.Should().Be("login");
        (await sandbox.Control.GetStatsAsync()).Count(Sandbox.LoginRoute).Should().Be(1, "a rejected login is not retried");
    }

    [Fact]
    public async Task Fifty_concurrent_calls_on_a_fresh_client_log_in_once()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = sandbox.Client();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => client.ListTokensAsync(CancellationToken.None))));

        var stats = await sandbox.Control.GetStatsAsync();
        stats.Logins.Should().Be(1);
        stats.BearersIssued.Should().Be(1);
        stats.Count(Sandbox.ListRoute).Should().Be(50);
    }

    [Fact]
    public async Task Stale_bearer_is_refreshed_before_the_server_expires_it()
    {
        await using var sandbox = await Sandbox.StartAsync(new EmulatorOptions { BearerTtl = TimeSpan.FromSeconds(1.5) });
        var client = sandbox.Client(bearerRefreshAfter: TimeSpan.FromMilliseconds(700));
        await client.ListTokensAsync(CancellationToken.None);

        await Task.Delay(TimeSpan.FromSeconds(1.6)); // past the server's TTL: the old bearer would get a 401
        await client.ListTokensAsync(CancellationToken.None);

        var stats = await sandbox.Control.GetStatsAsync();
        stats.BearersIssued.Should().Be(2);
        stats.Logins.Should().Be(1, "the refresh cookie is enough to get a new bearer");
        stats.Count(Sandbox.ListRoute).Should().Be(2, "the refresh happened before the call, not after a 401");
    }

    [Fact]
    public async Task Revoked_bearer_causes_one_relogin_shared_by_concurrent_callers()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = sandbox.Client();
        await client.ListTokensAsync(CancellationToken.None);
        await sandbox.Control.RevokeBearersAsync();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => client.ListTokensAsync(CancellationToken.None))));

        var stats = await sandbox.Control.GetStatsAsync();
        stats.Logins.Should().Be(2);
        stats.BearersIssued.Should().Be(2);
    }

    [Fact]
    public async Task Second_401_after_relogin_is_an_error()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = sandbox.Client();
        await client.ListTokensAsync(CancellationToken.None);
        await sandbox.AddFaultAsync("GET", Sandbox.Tokens, FaultKinds.Status, count: 2, status: 401,
            body: """{"errors":[{"message":"Token expired","type":"AuthenticationError"}]}""", contentType: "application/json");

        var error = (await FluentActions.Awaiting(() => client.ListTokensAsync(CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().Be($"PT Sandbox {sandbox.Host}: list tokens failed: HTTP 401 Unauthorized: Token expired");
        (await sandbox.Control.GetStatsAsync()).Logins.Should().Be(2);
    }

    [Fact]
    public async Task Login_sent_to_another_host_is_refused_before_any_credential_leaves()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var elsewhere = new TcpListener(IPAddress.Parse("127.0.0.2"), 0);
        elsewhere.Start();
        var port = ((IPEndPoint)elsewhere.LocalEndpoint).Port;
        var accepted = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var socket = await elsewhere.AcceptSocketAsync();
                Interlocked.Increment(ref accepted);
            }
        });
        await sandbox.AddFaultAsync("GET", "/api/ui/auth/authorize", FaultKinds.Status, status: 200,
            body: $$$"""{"data":{"location":"http://127.0.0.2:{{{port}}}/ui/authorize/callback?state=x"}}""", contentType: "application/json");

        var error = (await FluentActions.Awaiting(() => sandbox.Client().ListTokensAsync(CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().Be($"PT Sandbox {sandbox.Host}: login failed: the server sent the login to http://127.0.0.2:{port}, "
            + $"which is not https://{sandbox.Host}; refusing to send credentials to another host");
        await Task.Delay(100);
        Volatile.Read(ref accepted).Should().Be(0);
        (await sandbox.Control.GetStatsAsync()).Count(Sandbox.LoginRoute).Should().Be(0);
    }
}
