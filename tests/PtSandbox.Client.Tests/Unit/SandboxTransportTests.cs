using Microsoft.Extensions.Logging.Abstractions;
using PtSandbox.Client.Http;

namespace PtSandbox.Client.Tests.Unit;

public class SandboxTransportTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_call_the_caller_already_gave_up_builds_no_request(bool retry)
    {
        using var transport = new SandboxTransport(
            new SandboxClientOptions { BaseUrl = new Uri("http://127.0.0.1:9"), Username = "u", Password = "p4ssw0rd" }, "127.0.0.1:9",
            new SecretText.SecretRedactor(), TimeProvider.System, NullLogger.Instance);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var built = 0;

        await FluentActions.Awaiting(() => transport.SendAsync("create token", () =>
            {
                built++;
                return new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:9/api/ui/public-api/tokens");
            }, retry, cancelled.Token))
            .Should().ThrowAsync<OperationCanceledException>();

        built.Should().Be(0);
    }
}
