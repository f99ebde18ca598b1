using System.Net;
using PtSandbox.Emulator.Tests.Support;

namespace PtSandbox.Emulator.Tests;

public sealed class ValidationTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;
    private UiSession _session = null!;

    public async Task InitializeAsync()
    {
        _server = await Servers.HttpAsync();
        _session = await UiSession.LoginAsync(_server);
    }

    public async Task DisposeAsync()
    {
        _session.Dispose();
        await _server.DisposeAsync();
    }

    private async Task ShouldBeRejectedAsync(string body)
    {
        using var response = await _session.CreateRawAsync(body);
        var message = await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "ValidationError");
        message.Should().NotBeNullOrWhiteSpace();
        (await _server.Control.GetTokensAsync()).Should().BeEmpty("a rejected request creates nothing");
    }

    [Theory]
    [InlineData("abcd")] // too short (4)
    [InlineData("abcdefghijklmnopqrstuvwxyzabcde")] // too long (31)
    [InlineData("1abcde")] // leading digit
    [InlineData("abcde-")] // trailing hyphen
    [InlineData("abcd1")] // trailing digit
    [InlineData("-abcde")] // leading hyphen
    [InlineData("abc de")] // space
    [InlineData("abc_de")] // underscore
    [InlineData("tökenname")] // non-ASCII letter
    [InlineData("токен-имя")] // Cyrillic
    [InlineData("abcde\\n")] // a trailing newline must not slip past "$"
    [InlineData("")]
    public async Task Bad_names_are_400(string name) =>
        await ShouldBeRejectedAsync($$"""{"name": "{{name}}", "permissions": ["TASKS_VIEW_ALL"]}""");

    [Theory]
    [InlineData("abcde")] // 5, the minimum
    [InlineData("abcdefghijklmnopqrstuvwxyzabcd")] // 30, the maximum
    [InlineData("A1-b-2Z")]
    public async Task Boundary_names_are_accepted(string name) =>
        (await _session.CreateAsync(name)).GetProperty("name").GetString().Should().Be(name);

    [Theory]
    [InlineData("[]")]
    [InlineData("[\"SCAN_EVERYTHING\"]")]
    [InlineData("[\"tasks_view_all\"]")]
    [InlineData("[\"TASKS_VIEW_ALL\", \"TASKS_VIEW_ALL\"]")]
    [InlineData("[1]")]
    [InlineData("\"TASKS_VIEW_ALL\"")]
    public async Task Bad_permissions_are_400(string permissions) =>
        await ShouldBeRejectedAsync($$"""{"name": "abcde", "permissions": {{permissions}}}""");

    [Fact]
    public async Task Every_known_permission_is_accepted()
    {
        var created = await _session.CreateAsync("all-perms", "\"SCAN_WITH_EXTENDED_SETTINGS\", \"SCAN_WITH_PREDEFINED_SETTINGS\", \"TASKS_VIEW_ALL\"");
        created.GetProperty("permissions").GetArrayLength().Should().Be(3);
    }

    [Theory]
    [InlineData("""{"name": null, "permissions": ["TASKS_VIEW_ALL"]}""")]
    [InlineData("""{"name": "abcde", "permissions": ["TASKS_VIEW_ALL"], "comment": null}""")]
    [InlineData("""{"name": "abcde", "permissions": null}""")]
    [InlineData("""{"name": "abcde", "permissions": ["TASKS_VIEW_ALL", null]}""")]
    [InlineData("""{"name": "abcde", "permissions": ["TASKS_VIEW_ALL"], "extra": {"deep": [1, null]}}""")]
    public async Task A_null_anywhere_is_400(string body) => await ShouldBeRejectedAsync(body);

    [Theory]
    [InlineData("""["abcde"]""")]
    [InlineData("\"abcde\"")]
    [InlineData("null")]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("""{"permissions": ["TASKS_VIEW_ALL"]}""")] // name missing
    [InlineData("""{"name": "abcde"}""")] // permissions missing
    [InlineData("""{"name": 12345, "permissions": ["TASKS_VIEW_ALL"]}""")]
    [InlineData("""{"name": "abcde", "permissions": ["TASKS_VIEW_ALL"], "comment": 5}""")]
    public async Task Malformed_bodies_are_400(string body) => await ShouldBeRejectedAsync(body);

    [Fact]
    public async Task Unknown_fields_are_ignored()
    {
        using var response = await _session.CreateRawAsync(
            """{"name": "abcde", "permissions": ["TASKS_VIEW_ALL"], "entryPoint": {"id": "x"}, "future": [1, 2]}""");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await _server.Control.GetTokensAsync()).Single().EntryPoint.Should().BeNull();
    }

    [Fact]
    public async Task Error_messages_are_plain_json_text()
    {
        using var response = await _session.CreateRawAsync("""{"name": "x", "permissions": ["TASKS_VIEW_ALL"]}""");
        var raw = await response.Content.ReadAsStringAsync();
        raw.Should().StartWith("{\"errors\":[{\"message\":\"'name' must match").And.NotContain("\\u0027");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
    }

    [Fact]
    public async Task A_null_in_the_login_body_is_400()
    {
        using var anonymous = UiSession.Create(_server);
        using var response = await anonymous.PostJsonAsync("/ui/login", """{"username": "admin", "password": "admin", "authType": null}""");
        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "ValidationError");
    }
}
