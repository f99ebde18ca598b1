using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PtSandbox.Emulator.Tests.Support;

namespace PtSandbox.Emulator.Tests;

public sealed class TokenApiTests
{
    [Fact]
    public async Task Create_returns_the_token_with_its_secret_and_key()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

        var created = await session.CreateAsync("first-token", "\"SCAN_WITH_PREDEFINED_SETTINGS\", \"TASKS_VIEW_ALL\"", comment: "for CI");

        created.GetProperty("id").GetInt64().Should().Be(1);
        created.GetProperty("name").GetString().Should().Be("first-token");
        created.GetProperty("comment").GetString().Should().Be("for CI");
        created.GetProperty("permissions").EnumerateArray().Select(p => p.GetString())
            .Should().Equal("SCAN_WITH_PREDEFINED_SETTINGS", "TASKS_VIEW_ALL");
        created.GetProperty("creatorLogin").GetString().Should().Be("admin");
        created.GetProperty("modified").ValueKind.Should().Be(JsonValueKind.Null);
        created.GetProperty("deleted").ValueKind.Should().Be(JsonValueKind.Null);
        created.GetProperty("entryPoint").ValueKind.Should().Be(JsonValueKind.Null);

        var createdAt = created.GetProperty("created");
        createdAt.GetRawText().Should().Contain(".", "created is a float with a fraction");
        createdAt.GetDouble().Should().BeInRange(before - 1, before + 5);

        var secret = created.GetProperty("token").GetString()!;
        secret.Length.Should().BeGreaterThanOrEqualTo(40);
        secret.Should().MatchRegex("^[A-Za-z0-9_-]+$");
        created.GetProperty("key").GetString().Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))));
    }

    [Fact]
    public async Task Comment_is_null_when_omitted_and_ids_increase()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        var a = await session.CreateAsync("token-a");
        var b = await session.CreateAsync("token-b");
        a.GetProperty("comment").ValueKind.Should().Be(JsonValueKind.Null);
        b.GetProperty("id").GetInt64().Should().Be(a.GetProperty("id").GetInt64() + 1);
        a.GetProperty("token").GetString().Should().NotBe(b.GetProperty("token").GetString());
    }

    [Fact]
    public async Task Listing_has_total_and_entries_without_secret_or_key()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        var created = await session.CreateAsync("listed-token", comment: "c");
        await session.CreateAsync("other-token");

        var listing = await session.ListAsync();
        listing.GetProperty("total").GetInt32().Should().Be(2);
        var first = listing.Entries().First();
        first.GetProperty("id").GetInt64().Should().Be(created.GetProperty("id").GetInt64());
        first.GetProperty("name").GetString().Should().Be("listed-token");
        first.GetProperty("comment").GetString().Should().Be("c");
        first.GetProperty("created").GetDouble().Should().Be(created.GetProperty("created").GetDouble());
        first.TryGetProperty("token", out _).Should().BeFalse("the secret is shown only once, at creation");
        first.TryGetProperty("key", out _).Should().BeFalse("the public model of a listed token has no key");
        listing.GetRawText().Should().NotContain(created.GetProperty("token").GetString());
        foreach (var field in new[] { "permissions", "creatorLogin", "modified", "deleted", "entryPoint" })
            first.TryGetProperty(field, out _).Should().BeTrue(field);
    }

    [Fact]
    public async Task Delete_is_a_soft_delete_hidden_from_the_listing()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        var id = (await session.CreateAsync("doomed-token")).GetProperty("id").GetInt64();
        await session.CreateAsync("kept-token");

        using var delete = await session.DeleteAsync(id);
        delete.StatusCode.Should().Be(HttpStatusCode.OK);
        (await delete.Content.ReadAsByteArrayAsync()).Should().BeEmpty();

        var listing = await session.ListAsync();
        listing.GetProperty("total").GetInt32().Should().Be(1);
        listing.Entries().Select(e => e.GetProperty("name").GetString()).Should().Equal("kept-token");

        var stored = (await server.Control.GetTokensAsync()).Single(t => t.Id == id);
        stored.Deleted.Should().NotBeNull();
    }

    [Fact]
    public async Task List_deleted_shows_soft_deleted_tokens_with_their_deletion_time()
    {
        await using var server = await Servers.HttpAsync(new EmulatorOptions { ListDeleted = true });
        using var session = await UiSession.LoginAsync(server);
        var id = (await session.CreateAsync("doomed-token")).GetProperty("id").GetInt64();
        (await session.DeleteAsync(id)).StatusCode.Should().Be(HttpStatusCode.OK);

        var listing = await session.ListAsync();
        listing.GetProperty("total").GetInt32().Should().Be(1);
        listing.Entries().Single().GetProperty("deleted").ValueKind.Should().Be(JsonValueKind.Number);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("abc")]
    [InlineData("-1")]
    public async Task Deleting_an_unknown_id_is_404(string id)
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        await session.CreateAsync("some-token");
        using var response = await session.Http.DeleteAsync($"{UiSession.TokensPath}/{id}");
        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_twice_is_404()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        var id = (await session.CreateAsync("some-token")).GetProperty("id").GetInt64();
        (await session.DeleteAsync(id)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var again = await session.DeleteAsync(id);
        await again.ShouldBeErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Duplicate_names_are_allowed_by_default()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        await session.CreateAsync("same-name");
        await session.CreateAsync("same-name");
        (await session.ListAsync()).GetProperty("total").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Unique_names_rejects_a_live_duplicate_with_409_but_not_a_deleted_one()
    {
        await using var server = await Servers.HttpAsync(new EmulatorOptions { UniqueNames = true });
        using var session = await UiSession.LoginAsync(server);
        var id = (await session.CreateAsync("same-name")).GetProperty("id").GetInt64();

        using var conflict = await session.CreateRawAsync("""{"name": "same-name", "permissions": ["TASKS_VIEW_ALL"]}""");
        var message = await conflict.ShouldBeErrorAsync(HttpStatusCode.Conflict);
        message.Should().Contain("same-name").And.Contain("taken");
        (await server.Control.GetTokensAsync()).Should().HaveCount(1);

        (await session.DeleteAsync(id)).StatusCode.Should().Be(HttpStatusCode.OK);
        await session.CreateAsync("same-name");
    }

    [Fact]
    public async Task List_limit_returns_fewer_entries_than_total()
    {
        await using var server = await Servers.HttpAsync(new EmulatorOptions { ListLimit = 2 });
        using var session = await UiSession.LoginAsync(server);
        for (var i = 0; i < 3; i++)
            await session.CreateAsync($"token-{i}x");
        var listing = await session.ListAsync();
        listing.GetProperty("total").GetInt32().Should().Be(3);
        listing.Entries().Should().HaveCount(2);
    }

    [Fact]
    public async Task Creator_login_is_the_logged_in_user()
    {
        await using var server = await Servers.HttpAsync(new EmulatorOptions { Username = "operator", Password = "pw" });
        using var session = await UiSession.LoginAsync(server);
        (await session.CreateAsync("mine-token")).GetProperty("creatorLogin").GetString().Should().Be("operator");
    }
}
