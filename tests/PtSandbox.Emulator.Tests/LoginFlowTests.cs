using System.Net;
using System.Security.Cryptography.X509Certificates;
using PtSandbox.Emulator.Tests.Support;

namespace PtSandbox.Emulator.Tests;

public sealed class LoginFlowTests
{
    [Fact]
    public async Task Full_login_over_tls_trusting_exactly_the_generated_certificate()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        server.BaseUrl.Scheme.Should().Be("https");
        server.BaseUrl.Host.Should().Be("127.0.0.1");
        server.BaseUrl.AbsolutePath.Should().Be("/");
        server.CertificatePem.Should().StartWith("-----BEGIN CERTIFICATE-----");

        using var session = UiSession.Create(server);
        var location = await session.AuthorizeAsync();
        location.IsAbsoluteUri.Should().BeTrue();
        location.GetLeftPart(UriPartial.Authority).Should().Be(server.BaseUrl.GetLeftPart(UriPartial.Authority));
        location.Query.Should().StartWith("?state=");

        await session.LoginStepsAsync("admin", "admin");
        var cookies = session.Cookies.GetAllCookies();
        cookies.Should().Contain(c => c.HttpOnly && c.Path == "/" && c.Secure, "the refresh token is an HttpOnly cookie");

        var listing = await session.ListAsync();
        listing.GetProperty("total").GetInt32().Should().Be(0);

        var stats = await server.Control.GetStatsAsync();
        stats.Logins.Should().Be(1);
        stats.BearersIssued.Should().Be(1);
    }

    [Fact]
    public async Task Certificate_is_ecdsa_for_loopback_and_valid_for_a_day()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var certificate = X509Certificate2.CreateFromPem(server.CertificatePem);
        certificate.GetECDsaPublicKey().Should().NotBeNull();
        certificate.MatchesHostname("127.0.0.1").Should().BeTrue();
        certificate.MatchesHostname("localhost").Should().BeTrue();
        (certificate.NotAfter - DateTime.Now).Should().BeCloseTo(TimeSpan.FromDays(1), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Start_rejects_invalid_options()
    {
        var badPort = () => EmulatorServer.StartAsync(new EmulatorOptions { Http = true, Port = 70000 });
        await badPort.Should().ThrowAsync<ArgumentOutOfRangeException>();
        var badTtl = () => EmulatorServer.StartAsync(new EmulatorOptions { Http = true, BearerTtl = TimeSpan.Zero });
        await badTtl.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task Http_mode_has_no_certificate()
    {
        await using var server = await Servers.HttpAsync();
        server.BaseUrl.Scheme.Should().Be("http");
        server.CertificatePem.Should().BeNull();
        server.Options.Http.Should().BeTrue();
    }

    [Fact]
    public async Task Cert_out_option_writes_the_served_certificate()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ptsb-emulator-{Guid.NewGuid():N}.pem");
        try
        {
            await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { CertOut = path });
            (await File.ReadAllTextAsync(path)).Should().Be(server.CertificatePem);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Tls_fails_when_the_certificate_is_not_trusted()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var session = UiSession.Create(server, trustCertificate: false);
        var act = () => session.AuthorizeAsync();
        await act.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task Another_emulators_certificate_is_not_trusted()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        await using var other = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var control = new EmulatorControl(server.BaseUrl, other.CertificatePem);
        var act = () => control.GetStatsAsync();
        await act.Should().ThrowAsync<HttpRequestException>();
    }

    [Theory]
    [InlineData("admin", "wrong")]
    [InlineData("root", "admin")]
    [InlineData("ADMIN", "admin")]
    public async Task Wrong_credentials_are_401_with_error_json(string username, string password)
    {
        await using var server = await Servers.HttpAsync();
        using var session = UiSession.Create(server);
        await session.AuthorizeAsync();
        using var response = await session.PostJsonAsync("/ui/login",
            $$"""{"username": "{{username}}", "password": "{{password}}", "authType": 0, "rememberLogin": true}""");
        await response.ShouldBeErrorAsync(HttpStatusCode.Unauthorized);
        session.Cookies.GetAllCookies().Should().BeEmpty();
        (await server.Control.GetStatsAsync()).Logins.Should().Be(0);
    }

    [Fact]
    public async Task Ldap_auth_type_is_accepted_with_the_configured_account()
    {
        await using var server = await Servers.HttpAsync(new EmulatorOptions { Username = "alice", Password = "s3cret" });
        using var session = UiSession.Create(server);
        await session.LoginStepsAsync("alice", "s3cret", authType: 1);
        var created = await session.CreateAsync("ldap-token");
        created.GetProperty("creatorLogin").GetString().Should().Be("alice");
    }

    [Fact]
    public async Task Unknown_auth_type_is_rejected()
    {
        await using var server = await Servers.HttpAsync();
        using var session = UiSession.Create(server);
        using var response = await session.PostJsonAsync("/ui/login", """{"username": "admin", "password": "admin", "authType": 7}""");
        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "ValidationError");
    }

    [Fact]
    public async Task Callback_without_a_session_is_401()
    {
        await using var server = await Servers.HttpAsync();
        using var session = UiSession.Create(server);
        var location = await session.AuthorizeAsync();
        using var response = await session.Http.GetAsync(location);
        await response.ShouldBeErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Access_token_needs_the_refresh_cookie_and_the_same_fingerprint()
    {
        await using var server = await Servers.HttpAsync();
        using var fresh = UiSession.Create(server);
        using var noCookie = await fresh.PostJsonAsync("/api/ui/auth/token", $$"""{"fingerprint": "{{fresh.Fingerprint}}"}""");
        await noCookie.ShouldBeErrorAsync(HttpStatusCode.Unauthorized);

        using var session = await UiSession.LoginAsync(server);
        using var wrong = await session.PostJsonAsync("/api/ui/auth/token", """{"fingerprint": "00000000000000000000000000000000"}""");
        await wrong.ShouldBeErrorAsync(HttpStatusCode.Unauthorized);

        var second = await session.RefreshBearerAsync();
        second.Should().NotBeNullOrEmpty();
        (await server.Control.GetStatsAsync()).BearersIssued.Should().Be(2);
    }

    [Fact]
    public async Task Bearer_expires_after_its_ttl_and_a_new_one_works()
    {
        await using var server = await Servers.HttpAsync(new EmulatorOptions { BearerTtl = TimeSpan.FromSeconds(1) });
        using var session = await UiSession.LoginAsync(server);
        (await session.ListAsync()).GetProperty("total").GetInt32().Should().Be(0);

        await Task.Delay(TimeSpan.FromMilliseconds(1300));
        using var expired = await session.Http.GetAsync(UiSession.TokensPath);
        await expired.ShouldBeErrorAsync(HttpStatusCode.Unauthorized);

        await session.RefreshBearerAsync();
        (await session.ListAsync()).GetProperty("total").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Token_endpoints_need_a_bearer()
    {
        await using var server = await Servers.HttpAsync();
        using var session = UiSession.Create(server);
        using var list = await session.Http.GetAsync(UiSession.TokensPath);
        await list.ShouldBeErrorAsync(HttpStatusCode.Unauthorized);
        using var create = await session.CreateRawAsync("""{"name": "abcde", "permissions": ["TASKS_VIEW_ALL"]}""");
        await create.ShouldBeErrorAsync(HttpStatusCode.Unauthorized);
        using var delete = await session.DeleteAsync(1);
        await delete.ShouldBeErrorAsync(HttpStatusCode.Unauthorized);

        session.Http.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-real-bearer");
        using var forged = await session.Http.GetAsync(UiSession.TokensPath);
        await forged.ShouldBeErrorAsync(HttpStatusCode.Unauthorized);

        (await server.Control.GetTokensAsync()).Should().BeEmpty("no request without a valid bearer may create anything");
    }
}
