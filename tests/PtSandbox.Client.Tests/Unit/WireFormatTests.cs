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
    public void Listing_tolerates_unknown_fields_unknown_permissions_and_nulls()
    {
        const string body = """
            {"total": 2, "nextPage": "x", "entries": [
              {"id": 7, "name": "abcde", "comment": null, "permissions": ["SCAN_WITH_EXTENDED_SETTINGS", "SOMETHING_NEW"],
               "creatorLogin": "admin", "created": 1700000000.5, "modified": null, "deleted": null,
               "entryPoint": {"id": "ep1", "name": "Main", "extra": true}, "surprise": [1, 2]},
              {"id": 8, "name": "fghij", "permissions": null, "created": 1700000001}
            ]}
            """;

        var listing = JsonSerializer.Deserialize(body, SandboxJsonContext.Default.TokenListingJson)!.ToListing();

        listing.Total.Should().Be(2);
        listing.Entries.Should().HaveCount(2);
        var first = listing.Entries[0];
        first.Should().BeEquivalentTo(new SandboxToken(7, "abcde", null, ["SCAN_WITH_EXTENDED_SETTINGS", "SOMETHING_NEW"], "admin",
            1700000000.5, null, null, new TokenEntryPoint("ep1", "Main")));
        listing.Entries[1].Permissions.Should().BeEmpty();
        listing.Entries[1].CreatorLogin.Should().Be("");
        listing.Entries[1].EntryPoint.Should().BeNull();
    }

    [Fact]
    public void Token_without_id_is_rejected_rather_than_read_as_zero()
    {
        var act = () => JsonSerializer.Deserialize("""{"total":1,"entries":[{"name":"abcde"}]}""", SandboxJsonContext.Default.TokenListingJson);
        act.Should().Throw<JsonException>();
    }

    [Fact]
    public void Server_message_joins_the_errors_list()
    {
        var response = Response(400, """{"errors":[{"message":"Name is invalid","type":"ValidationError"},{"message":"Too short","type":"ValidationError"}]}""");
        SandboxTransport.ServerMessageOf(response).Should().Be("Name is invalid; Too short");
    }

    [Fact]
    public void Server_message_falls_back_to_a_short_single_line_snippet()
    {
        var html = "<html>\r\n<body>\n" + new string('x', 500) + "</body></html>";
        var message = SandboxTransport.ServerMessageOf(Response(502, html, "text/html"));

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
        new CreatedToken(token, "s3cr3t-value", "hash").ToString().Should().NotContain("s3cr3t-value").And.Contain("hash");
    }

    private static SandboxResponse Response(int status, string body, string mediaType = "application/json") =>
        new(status, "", Encoding.UTF8.GetBytes(body), mediaType, null);
}
