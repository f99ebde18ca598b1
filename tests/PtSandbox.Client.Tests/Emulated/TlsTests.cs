using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using PtSandbox.Client.Http;
using SecretText;

namespace PtSandbox.Client.Tests.Emulated;

public class TlsTests
{
    [Fact]
    public async Task Logs_in_over_tls_when_trusting_the_given_ca()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.BaseUrl.Scheme.Should().Be("https");

        var listing = await sandbox.Client().ListTokensAsync(CancellationToken.None);

        listing.Total.Should().Be(0);
        (await sandbox.Control.GetStatsAsync()).Logins.Should().Be(1);
    }

    [Fact]
    public async Task Untrusted_certificate_fails_with_a_tls_hint_and_sends_nothing()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = sandbox.Client(caCertificatePem: null);

        var error = (await FluentActions.Awaiting(() => client.ListTokensAsync(CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().StartWith($"PT Sandbox {sandbox.Host}: login failed: TLS certificate verification failed")
            .And.Contain("caCertificate").And.Contain("insecureSkipVerify").And.NotContain(Sandbox.Password).And.NotContain("\n");
        error.IsTransient.Should().BeFalse();
        (await sandbox.Control.GetStatsAsync()).Requests.Should().BeEmpty("no request may pass an untrusted TLS handshake");
    }

    [Fact]
    public async Task Certificate_from_another_ca_is_refused()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var key = ECDsa.Create();
        using var stranger = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var client = sandbox.Client(caCertificatePem: stranger.ExportCertificatePem());

        var error = (await FluentActions.Awaiting(() => client.ListTokensAsync(CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().Contain("TLS certificate verification failed (not signed by the configured caCertificate");
    }

    [Fact]
    public async Task Trusted_certificate_for_another_host_name_is_refused()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var forwarder = new TcpForwarder(new IPEndPoint(IPAddress.Loopback, sandbox.Server.BaseUrl.Port));
        var client = sandbox.Client(baseUrl: new Uri($"https://127.0.0.2:{forwarder.Port}"));

        var error = (await FluentActions.Awaiting(() => client.ListTokensAsync(CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().Contain("TLS certificate verification failed (the certificate does not match the host name)");
        (await sandbox.Control.GetStatsAsync()).Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_handshake_that_fails_with_no_certificate_check_does_not_quote_an_earlier_certificates_failure()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var forwarder = new TcpForwarder(new IPEndPoint(IPAddress.Loopback, sandbox.Server.BaseUrl.Port));
        var client = sandbox.Client(baseUrl: new Uri($"https://127.0.0.2:{forwarder.Port}"));
        (await FluentActions.Awaiting(() => client.ListTokensAsync(CancellationToken.None)).Should().ThrowAsync<SandboxApiException>())
            .Which.Message.Should().Contain("TLS certificate verification failed (the certificate does not match the host name)");

        forwarder.AnswersPlainText = _ => Task.FromResult(true); // no certificate is sent, so none is checked
        var error = (await FluentActions.Awaiting(() => client.ListTokensAsync(CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().StartWith($"PT Sandbox 127.0.0.2:{forwarder.Port}: login failed: TLS handshake failed (")
            .And.NotContain("does not match the host name");
    }

    [Fact]
    public async Task A_certificate_refused_for_a_concurrent_call_is_not_quoted_for_a_handshake_that_failed_otherwise()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var forwarder = new TcpForwarder(new IPEndPoint(IPAddress.Loopback, sandbox.Server.BaseUrl.Port));
        // The first connection reaches the sandbox under a name its certificate lacks; the second, opened by the other
        // call while the first is handshaking, answers in plain HTTP only once the first call has failed.
        var firstFailed = new TaskCompletionSource();
        forwarder.AnswersPlainText = async connection =>
        {
            if (connection == 1) return false;
            await firstFailed.Task;
            return true;
        };
        var baseUrl = new Uri($"https://127.0.0.2:{forwarder.Port}");
        using var transport = new SandboxTransport(
            new SandboxClientOptions { BaseUrl = baseUrl, Username = "u", Password = "p", MaxRetries = 0, CaCertificatePem = sandbox.Server.CertificatePem },
            baseUrl.Authority, new SecretRedactor(), TimeProvider.System, NullLogger.Instance);
        Func<HttpRequestMessage> list = () => new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, "api/ui/public-api/tokens"));

        var calls = new[] { transport.SendAsync("list tokens", list, retry: false, CancellationToken.None), transport.SendAsync("list tokens", list, retry: false, CancellationToken.None) };
        var first = await Task.WhenAny(calls);
        var firstError = (await FluentActions.Awaiting(() => first).Should().ThrowAsync<SandboxApiException>()).Which;
        firstFailed.SetResult();
        var second = calls.Single(c => c != first);
        var secondError = (await FluentActions.Awaiting(() => second).Should().ThrowAsync<SandboxApiException>()).Which;

        firstError.Message.Should().Contain("TLS certificate verification failed (the certificate does not match the host name)");
        secondError.Message.Should().Contain("TLS handshake failed (").And.NotContain("does not match the host name");
    }

    [Fact]
    public async Task Insecure_mode_accepts_any_certificate()
    {
        await using var sandbox = await Sandbox.StartAsync();

        var listing = await sandbox.Client(caCertificatePem: null, insecureSkipVerify: true).ListTokensAsync(CancellationToken.None);

        listing.Entries.Should().BeEmpty();
    }

    [Fact]
    public async Task Invalid_ca_pem_is_reported_at_the_first_call_not_at_construction()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = sandbox.Client(caCertificatePem: "not a certificate");

        var error = (await FluentActions.Awaiting(() => client.ListTokensAsync(CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().Be($"PT Sandbox {sandbox.Host}: list tokens failed: caCertificate holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)");
    }
}
