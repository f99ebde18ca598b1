using System.Text;
using System.Text.Json;
using PtSandbox.Client.Http;
using PtSandbox.Client.Json;

namespace PtSandbox.Client.Tests.Unit;

public class WireFormatTests
{
    [Fact]
    public void Create_request_without_comment_has_no_comment_key_and_no_null()
    {
        var json = JsonSerializer.Serialize(
            new CreateTokenRequest { Name = "ci-token", Permissions = ["TASKS_VIEW_ALL"], Comment = null },
            SandboxJsonContext.Default.CreateTokenRequest);

        json.Should().Be("""{"name":"ci-token","permissions":["TASKS_VIEW_ALL"]}""");
    }

    [Fact]
    public void Login_request_uses_the_documented_field_names()
    {
        var json = JsonSerializer.Serialize(
            new LoginRequest { Username = "u", Password = "p", AuthType = 1 }, SandboxJsonContext.Default.LoginRequest);

        json.Should().Be("""{"username":"u","password":"p","authType":1,"rememberLogin":true}""");
    }

    [Fact]
    public void Server_message_joins_the_errors_list()
    {
        var response = Response(400, """{"errors":[{"message":"Name is invalid","type":"ValidationError"},{"message":"Too short","type":"ValidationError"}]}""");
        Transport().ServerMessageOf(response).Should().Be("Name is invalid; Too short");
    }

    [Fact]
    public void Server_message_falls_back_to_a_short_single_line_snippet()
    {
        var html = "<html>\r\n<body>\n" + new string('x', 500) + "</body></html>";
        var message = Transport().ServerMessageOf(Response(502, html, "text/html"));

        message.Should().StartWith("<html> <body> xxx");
        message.Length.Should().BeLessThanOrEqualTo(200);
        message.Should().NotContainAny("\r", "\n");
    }

    [Theory]
    [InlineData(409, "Conflict", "HTTP 409 Conflict")]
    [InlineData(503, "", "HTTP 503 ServiceUnavailable")]
    [InlineData(599, "", "HTTP 599")]
    public void Status_text(int status, string reason, string expected) =>
        (Response(status, "") with { Reason = reason }).StatusText.Should().Be(expected);

    [Fact]
    public void Created_token_does_not_print_its_secret()
    {
        var token = new SandboxToken(1, "abcde", null, [], "admin", 0, null, null, null);
        new CreatedToken(1, "s3cr3t-value", "hash", token, []).ToString().Should().NotContain("s3cr3t-value").And.Contain("hash");
    }

    private static SandboxTransport Transport() =>
        new(new SandboxClientOptions { BaseUrl = new Uri("https://sandbox.example"), Username = "u", Password = "p4ssw0rd" }, "sandbox.example",
            new SecretText.SecretRedactor(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    private static SandboxResponse Response(int status, string body, string mediaType = "application/json") =>
        new(status, "", Encoding.UTF8.GetBytes(body), mediaType, null);
}
