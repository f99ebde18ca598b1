using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PtSandbox.Client.Http;
using static PtSandbox.Client.Tests.Emulated.TestCertificates;

namespace PtSandbox.Client.Tests.Emulated;

/// <summary>
/// With caCertificate set, the sandbox's certificate must also be one for a TLS server: a client certificate from the
/// same CA must not receive the login (and with it the password).
/// </summary>
public sealed class ServerAuthenticationTests : IDisposable
{
    private const string Password = "Srv-Auth-Pa55w0rd-Zq";
    private readonly X509Certificate2 ca = CreateCa();

    public void Dispose() => ca.Dispose();

    private async Task<SandboxApiException> LoginFailsAsync(CertificateServer server)
    {
        using var client = new SandboxClient(new SandboxClientOptions
        {
            BaseUrl = server.BaseUrl,
            Username = "admin",
            Password = Password,
            CaCertificatePem = ca.ExportCertificatePem(),
            MaxRetries = 0,
            RequestTimeout = TimeSpan.FromSeconds(10),
        });
        return (await FluentActions.Awaiting(() => client.ListTokensAsync(CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;
    }

    [Fact]
    public async Task A_client_only_certificate_from_the_configured_ca_is_refused_before_any_request()
    {
        using var leaf = CreateLeaf(ca, ClientAuth);
        await using var server = new CertificateServer(leaf);

        var error = await LoginFailsAsync(server);

        error.Message.Should().EndWith("login failed: TLS certificate verification failed (the certificate is not valid for server authentication " +
            "(its extended key usage lists clientAuth, not serverAuth)): the sandbox needs a certificate issued for a TLS server (extended key usage serverAuth)");
        error.IsTransient.Should().BeFalse();
        server.Requests.Should().BeEmpty("no request may pass a refused TLS handshake");
    }

    [Fact]
    public async Task A_server_certificate_under_an_intermediate_ca_for_clients_only_is_refused()
    {
        using var intermediate = CreateIntermediate(ca, ClientAuth);
        using var leaf = CreateLeaf(intermediate, ServerAuth);
        await using var server = new CertificateServer(leaf, intermediate);

        var error = await LoginFailsAsync(server);

        error.Message.Should().Contain("(the certificate is not valid for server authentication (an issuing CA's extended key usage excludes serverAuth))");
        server.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData(ServerAuth)]
    [InlineData(ClientAuth + " " + ServerAuth)]
    [InlineData("")] // no extended key usage extension: any use (RFC 5280)
    public async Task A_certificate_for_server_authentication_from_the_configured_ca_gets_the_login(string usages)
    {
        using var leaf = CreateLeaf(ca, usages.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        await using var server = new CertificateServer(leaf);

        var error = await LoginFailsAsync(server);

        error.Message.Should().Contain("login failed: check username/password/authType (HTTP 401", "the server's 401, past TLS");
        server.Requests.Should().Contain(r => r.StartsWith("POST /ui/login ") && r.Contains(Password));
    }

    [Fact]
    public void The_system_store_check_names_a_missing_server_authentication_usage_too()
    {
        // SslStream builds the system store's chain with serverAuth required; imitate one whose CA is trusted.
        using var leaf = CreateLeaf(ca, ClientAuth);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuth));
        chain.Build(leaf).Should().BeFalse();
        var verifier = TlsVerifier.Create(new SandboxClientOptions { BaseUrl = new Uri("https://127.0.0.1"), Username = "u", Password = "p" });

        verifier.Validate(this, leaf, chain, SslPolicyErrors.RemoteCertificateChainErrors).Should().BeFalse();

        verifier.LastFailure!.Reason.Should().Be("the certificate is not valid for server authentication (its extended key usage lists clientAuth, not serverAuth)");
    }
}
