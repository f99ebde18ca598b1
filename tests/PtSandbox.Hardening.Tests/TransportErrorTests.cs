using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Grpc.Core;
using ProviderHost.Values;
using PtSandbox.Emulator;
using PtSandbox.Harness;
using PtSandbox.Hardening.Tests.Support;
using static PtSandbox.Hardening.Tests.Support.SandboxRig;

namespace PtSandbox.Hardening.Tests;

/// <summary>
/// Suite 3, the network itself: nothing listening, a certificate from another CA, TLS spoken to a plain-HTTP port and
/// plain HTTP to a TLS port. The error must be one clear line in words (the Native AOT binary has no framework
/// message texts, so a raw framework message shows up as a resource key like <c>net_http_ssl_connection_failed</c>).
/// </summary>
public sealed partial class TransportErrorTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly Figures _figures = new(output);
    private SandboxRig _rig = null!;

    public async Task InitializeAsync() => _rig = await SandboxRig.StartAsync();
    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private static readonly ResourceState Anything = new(ApiToken, "t", "urn:pulumi:dev::ptsandbox-tests::ptsandbox:index:ApiToken::t", "1", PropertyMap.Empty, PropertyMap.Empty);

    [Fact]
    public async Task Nothing_listening_is_connection_refused()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = await ReadFailsAsync(_rig.Config(host: $"https://127.0.0.1:{port}"), $"127.0.0.1:{port}");
        error.Status.Detail.Should().Contain("connection refused");
    }

    [Fact]
    public async Task A_certificate_from_another_CA_is_named_as_such()
    {
        await using var other = await EmulatorServer.StartAsync(new EmulatorOptions());
        var otherCa = Path.Combine(Path.GetTempPath(), $"ptsandbox-other-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(otherCa, other.CertificatePem!);
        try
        {
            var config = _rig.Config().Set("caCertificate", PropertyValue.From(otherCa));
            var error = await ReadFailsAsync(config, _rig.HostPort);
            // The binary recognises its own refusal of the certificate in the handshake's error, and says why.
            error.Status.Detail.Should().Contain("TLS certificate verification failed (not signed by the configured caCertificate");
        }
        finally
        {
            File.Delete(otherCa);
        }
    }

    [Fact]
    public async Task TLS_spoken_to_a_plain_HTTP_port_is_a_clear_error()
    {
        await using var plain = await EmulatorServer.StartAsync(new EmulatorOptions { Http = true });
        var host = plain.BaseUrl.Authority;
        var error = await ReadFailsAsync(_rig.Config(host: $"https://{host}").Set("insecureSkipVerify", PropertyValue.From("true")), host);
        error.Status.Detail.Should().Contain("TLS handshake failed (");
    }

    [Fact]
    public async Task Plain_HTTP_spoken_to_a_TLS_port_is_a_clear_error()
    {
        await ReadFailsAsync(_rig.Config(host: $"http://{_rig.HostPort}"), _rig.HostPort);
    }

    private async Task<RpcException> ReadFailsAsync(PropertyMap config, string hostPort)
    {
        var session = await _rig.SessionAsync(config, fromState: true);
        var act = () => session.RefreshAsync(Anything);
        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        output.WriteLine($"{error.StatusCode}: {error.Status.Detail}");
        ErrorCatalog.Observe(error.Status.Detail, _figures);
        ErrorCatalog.AssertClear(error, hostPort, "login");
        ResourceKey().Matches(error.Status.Detail).Select(m => m.Value)
            .Should().BeEmpty("an error reads as words, not as a framework resource key");
        return error;
    }

    /// <summary>What System.Private.CoreLib-style resource keys look like: net_http_ssl_connection_failed, Cryptography_X509_….</summary>
    [GeneratedRegex(@"\b(net|Cryptography|Arg|IO|Net|Security|SSPI|Http)_[A-Za-z0-9]+(_[A-Za-z0-9]+)*\b")]
    private static partial Regex ResourceKey();
}
