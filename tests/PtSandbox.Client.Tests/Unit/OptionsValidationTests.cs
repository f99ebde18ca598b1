using PtSandbox.Client;

namespace PtSandbox.Client.Tests.Unit;

public class OptionsValidationTests
{
    private static SandboxClientOptions Valid(string url = "https://sandbox.example.com") =>
        new() { BaseUrl = new Uri(url), Username = "admin", Password = "pa55word" };

    [Theory]
    [InlineData("https://sandbox.example.com/api/ui")]
    [InlineData("https://sandbox.example.com/?x=1")]
    [InlineData("ftp://sandbox.example.com")]
    public void Rejects_base_urls_that_are_not_scheme_and_authority(string url)
    {
        var act = () => new SandboxClient(Valid(url));
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("BaseUrl");
    }

    [Fact]
    public void Rejects_empty_credentials_and_nonsense_timeouts()
    {
        FluentActions.Invoking(() => new SandboxClient(new SandboxClientOptions { BaseUrl = new Uri("https://h"), Username = "", Password = "p" }))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("Username");
        FluentActions.Invoking(() => new SandboxClient(new SandboxClientOptions { BaseUrl = new Uri("https://h"), Username = "u", Password = "" }))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("Password");
        var zeroTimeout = new SandboxClientOptions { BaseUrl = new Uri("https://h"), Username = "u", Password = "p", RequestTimeout = TimeSpan.Zero };
        FluentActions.Invoking(() => new SandboxClient(zeroTimeout)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("RequestTimeout");
        var negativeRetries = new SandboxClientOptions { BaseUrl = new Uri("https://h"), Username = "u", Password = "p", MaxRetries = -1 };
        FluentActions.Invoking(() => new SandboxClient(negativeRetries)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("MaxRetries");
    }

    [Fact]
    public void Rejects_timeouts_no_answer_could_meet()
    {
        var tooShort = new SandboxClientOptions { BaseUrl = new Uri("https://h"), Username = "u", Password = "p", RequestTimeout = TimeSpan.FromMilliseconds(5) };
        FluentActions.Invoking(() => new SandboxClient(tooShort)).Should().Throw<ArgumentException>()
            .WithMessage("RequestTimeout must be between 00:00:00.0100000 and 1.00:00:00, not 00:00:00.0050000*");
    }

    [Fact]
    public void Rejects_insecure_skip_verify_together_with_a_ca_certificate()
    {
        var both = new SandboxClientOptions
        {
            BaseUrl = new Uri("https://h"), Username = "u", Password = "p",
            CaCertificatePem = "-----BEGIN CERTIFICATE-----", InsecureSkipVerify = true,
        };

        var error = FluentActions.Invoking(() => new SandboxClient(both)).Should().Throw<ArgumentException>().Which;

        error.ParamName.Should().Be("InsecureSkipVerify");
        error.Message.Should().StartWith("InsecureSkipVerify must be false when CaCertificatePem is set");
        FluentActions.Invoking(() => new SandboxClient(new SandboxClientOptions
        {
            BaseUrl = new Uri("https://h"), Username = "u", Password = "p", CaCertificatePem = " ", InsecureSkipVerify = true,
        })).Should().NotThrow("a blank PEM is no CA");
    }

    [Theory]
    [InlineData("https://sandbox.example.com", "sandbox.example.com")]
    [InlineData("https://sandbox.example.com:8443/", "sandbox.example.com:8443")]
    [InlineData("https://10.10.10.10:443", "10.10.10.10")]
    [InlineData("http://[::1]:8080", "[::1]:8080")]
    public void Host_is_host_and_non_default_port(string url, string host) =>
        new SandboxClient(Valid(url)).Host.Should().Be(host);

    [Fact]
    public async Task Calls_after_dispose_throw_object_disposed()
    {
        var client = new SandboxClient(Valid());
        client.Dispose();

        await FluentActions.Awaiting(() => client.ListTokensAsync(CancellationToken.None)).Should().ThrowAsync<ObjectDisposedException>();
    }

    [Fact]
    public void Defaults_match_the_documented_values()
    {
        var options = Valid();
        options.AuthType.Should().Be(SandboxAuthType.Local);
        options.RequestTimeout.Should().Be(TimeSpan.FromSeconds(30));
        options.BearerRefreshAfter.Should().Be(TimeSpan.FromMinutes(7));
        options.MaxRetries.Should().Be(4);
        options.InsecureSkipVerify.Should().BeFalse();
        ((int)SandboxAuthType.Ldap).Should().Be(1);
    }
}
