using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PtSandbox.Emulator.Middleware;
using PtSandbox.Emulator.Tests.Support;

namespace PtSandbox.Emulator.Tests;

public sealed class ControlApiTests
{
    [Fact]
    public async Task Get_tokens_lists_everything_including_deleted_with_key()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        var created = await session.CreateAsync("alpha-token", comment: "x");
        await session.CreateAsync("beta-token");
        (await session.DeleteAsync(created.GetProperty("id").GetInt64())).StatusCode.Should().Be(HttpStatusCode.OK);

        var tokens = await server.Control.GetTokensAsync();
        tokens.Select(t => t.Name).Should().Equal("alpha-token", "beta-token");
        var alpha = tokens[0];
        alpha.Key.Should().Be(created.GetProperty("key").GetString());
        alpha.Deleted.Should().NotBeNull();
        alpha.Comment.Should().Be("x");
        alpha.CreatorLogin.Should().Be("admin");
        alpha.Permissions.Should().Equal("TASKS_VIEW_ALL");
        tokens[1].Deleted.Should().BeNull();
    }

    [Fact]
    public async Task Control_listing_never_contains_the_secret()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        var secret = (await session.CreateAsync("alpha-token")).GetProperty("token").GetString()!;
        var raw = await session.Http.GetStringAsync("/_emulator/tokens");
        raw.Should().NotContain(secret).And.Contain("\"key\"");
    }

    [Fact]
    public async Task Patch_changes_fields_and_sets_modified()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        var id = (await session.CreateAsync("alpha-token")).GetProperty("id").GetInt64();

        var patched = await server.Control.PatchTokenAsync(id, new TokenPatch
        {
            Name = "renamed-token",
            Comment = "changed elsewhere",
            Permissions = ["SCAN_WITH_EXTENDED_SETTINGS", "NEW_SERVER_PERMISSION"],
            EntryPoint = new EmulatorEntryPoint("ep-1", "Mail gateway"),
        });
        patched.Id.Should().Be(id);
        patched.Name.Should().Be("renamed-token");
        patched.Comment.Should().Be("changed elsewhere");
        patched.Permissions.Should().Equal("SCAN_WITH_EXTENDED_SETTINGS", "NEW_SERVER_PERMISSION");
        patched.EntryPoint.Should().Be(new EmulatorEntryPoint("ep-1", "Mail gateway"));
        patched.Modified.Should().NotBeNull().And.BeGreaterThanOrEqualTo(patched.Created);

        var listed = (await session.ListAsync()).Entries().Single();
        listed.GetProperty("name").GetString().Should().Be("renamed-token");
        listed.GetProperty("entryPoint").GetProperty("id").GetString().Should().Be("ep-1");
        listed.GetProperty("entryPoint").GetProperty("name").GetString().Should().Be("Mail gateway");
        listed.GetProperty("modified").GetDouble().Should().Be(patched.Modified!.Value);

        var untouched = await server.Control.PatchTokenAsync(id, new TokenPatch { Comment = "only comment" });
        untouched.Name.Should().Be("renamed-token");
        untouched.EntryPoint.Should().NotBeNull("an absent entryPoint leaves it as is");

        var cleared = await server.Control.PatchTokenAsync(id, new TokenPatch { ClearEntryPoint = true });
        cleared.EntryPoint.Should().BeNull();
        cleared.Comment.Should().Be("only comment");
    }

    [Fact]
    public async Task Patch_deleted_soft_deletes_and_undeletes()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        var id = (await session.CreateAsync("alpha-token")).GetProperty("id").GetInt64();

        (await server.Control.PatchTokenAsync(id, new TokenPatch { Deleted = true })).Deleted.Should().NotBeNull();
        (await session.ListAsync()).GetProperty("total").GetInt32().Should().Be(0);

        (await server.Control.PatchTokenAsync(id, new TokenPatch { Deleted = false })).Deleted.Should().BeNull();
        (await session.ListAsync()).GetProperty("total").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Patch_created_moves_the_creation_time_without_setting_modified()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        var id = (await session.CreateAsync("alpha-token")).GetProperty("id").GetInt64();

        var moved = await server.Control.SetCreatedAsync(id, new DateTimeOffset(2024, 1, 2, 3, 4, 5, 500, TimeSpan.Zero));

        moved.Created.Should().Be(1704164645.5);
        moved.Modified.Should().BeNull("moving the creation time is not an edit");
        var listed = (await session.ListAsync()).Entries().Single();
        listed.GetProperty("created").GetDouble().Should().Be(1704164645.5);
        listed.GetProperty("modified").ValueKind.Should().Be(JsonValueKind.Null);
        (await server.Control.GetTokensAsync()).Single().Created.Should().Be(1704164645.5);

        using var withComment = await PatchRawAsync(session, id, """{"created": 0, "comment": "edited"}""");
        withComment.StatusCode.Should().Be(HttpStatusCode.OK);
        var edited = (await server.Control.GetTokensAsync()).Single();
        edited.Created.Should().Be(0);
        edited.Comment.Should().Be("edited");
        edited.Modified.Should().NotBeNull("the comment was edited in the same patch");
    }

    [Theory]
    [InlineData("\"1704164645\"")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("-1")]
    [InlineData("-0.5")]
    [InlineData("253402300800")] // year 10000
    [InlineData("1e400")] // beyond a double
    public async Task Patch_created_refuses_what_is_not_a_time_from_1970_to_9999(string created)
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        var id = (await session.CreateAsync("alpha-token")).GetProperty("id").GetInt64();
        var before = (await server.Control.GetTokensAsync()).Single();

        using var response = await PatchRawAsync(session, id, $$"""{"created": {{created}}}""");

        var message = await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "ValidationError");
        message.Should().StartWith("'created' must be a number of UNIX seconds").And.NotContain("\n");
        (await server.Control.GetTokensAsync()).Single().Should().BeEquivalentTo(before, "a refused patch changes nothing");
    }

    [Fact]
    public async Task Patch_and_delete_of_an_unknown_id_are_404()
    {
        await using var server = await Servers.HttpAsync();
        var patch = () => server.Control.PatchTokenAsync(42, new TokenPatch { Comment = "x" });
        (await patch.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var setCreated = () => server.Control.SetCreatedAsync(42, DateTimeOffset.UnixEpoch);
        (await setCreated.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var delete = () => server.Control.DeleteTokenAsync(42);
        (await delete.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Hard_delete_removes_the_token_even_from_list_deleted()
    {
        await using var server = await Servers.HttpAsync(new EmulatorOptions { ListDeleted = true });
        using var session = await UiSession.LoginAsync(server);
        var id = (await session.CreateAsync("alpha-token")).GetProperty("id").GetInt64();
        await session.CreateAsync("beta-token");

        await server.Control.DeleteTokenAsync(id);

        (await server.Control.GetTokensAsync()).Select(t => t.Name).Should().Equal("beta-token");
        (await session.ListAsync()).Entries().Select(e => e.GetProperty("name").GetString()).Should().Equal("beta-token");
        using var publicDelete = await session.DeleteAsync(id);
        await publicDelete.ShouldBeErrorAsync(HttpStatusCode.NotFound);
        (await session.CreateAsync("gamma-token")).GetProperty("id").GetInt64().Should().Be(3, "ids are never reused");
    }

    [Fact]
    public async Task Revoke_bearers_makes_the_current_bearer_401_until_refreshed()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        await session.ListAsync();

        await server.Control.RevokeBearersAsync();

        using var revoked = await session.Http.GetAsync(UiSession.TokensPath);
        await revoked.ShouldBeErrorAsync(HttpStatusCode.Unauthorized);
        await session.RefreshBearerAsync();
        await session.ListAsync();
    }

    [Fact]
    public async Task Stats_count_requests_by_method_and_route_template()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        var id = (await session.CreateAsync("alpha-token")).GetProperty("id").GetInt64();
        await session.CreateAsync("beta-token");
        await session.ListAsync();
        (await session.DeleteAsync(id)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await session.DeleteAsync(999)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await server.Control.GetTokensAsync();

        var stats = await server.Control.GetStatsAsync();
        stats.Logins.Should().Be(1);
        stats.BearersIssued.Should().Be(1);
        stats.Count("GET /api/ui/auth/authorize").Should().Be(1);
        stats.Count("POST /ui/login").Should().Be(1);
        stats.Count("GET /ui/authorize/callback").Should().Be(1);
        stats.Count("POST /api/ui/auth/token").Should().Be(1);
        stats.Count("POST /api/ui/public-api/tokens").Should().Be(2);
        stats.Count("GET /api/ui/public-api/tokens").Should().Be(1);
        stats.Count("DELETE /api/ui/public-api/tokens/{id}").Should().Be(2);
        stats.Requests.Keys.Should().NotContain(k => k.Contains("_emulator"), "control requests are not counted");
        stats.Requests.Values.Sum().Should().Be(9);
    }

    [Fact]
    public async Task Reset_clears_tokens_sessions_faults_and_stats_while_ids_keep_increasing()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        await session.CreateAsync("alpha-token");
        await server.Control.AddFaultAsync(new Fault { Path = "/nowhere", Status = 500 });

        await server.Control.ResetAsync();

        (await server.Control.GetTokensAsync()).Should().BeEmpty();
        var stats = await server.Control.GetStatsAsync();
        stats.Logins.Should().Be(0);
        stats.BearersIssued.Should().Be(0);
        stats.Requests.Should().BeEmpty();
        using var stale = await session.Http.GetAsync(UiSession.TokensPath);
        await stale.ShouldBeErrorAsync(HttpStatusCode.Unauthorized);
        using var staleRefresh = await session.PostJsonAsync("/api/ui/auth/token", $$"""{"fingerprint": "{{session.Fingerprint}}"}""");
        await staleRefresh.ShouldBeErrorAsync(HttpStatusCode.Unauthorized);

        using var again = await UiSession.LoginAsync(server);
        using var unfaulted = await again.Http.GetAsync("/nowhere");
        unfaulted.StatusCode.Should().Be(HttpStatusCode.NotFound, "the fault was cleared by the reset");
        (await again.CreateAsync("beta-token")).GetProperty("id").GetInt64().Should().Be(2);
    }

    [Fact]
    public async Task Control_api_refuses_non_loopback_clients_with_403()
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/_emulator/tokens";
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
        context.Response.Body = new MemoryStream();
        var reached = false;

        await LoopbackOnlyControl.InvokeAsync(context, _ => { reached = true; return Task.CompletedTask; });

        reached.Should().BeFalse();
        context.Response.StatusCode.Should().Be(StatusCodes.Status403Forbidden);

        var local = new DefaultHttpContext();
        local.Request.Path = "/_emulator/tokens";
        local.Connection.RemoteIpAddress = IPAddress.IPv6Loopback;
        await LoopbackOnlyControl.InvokeAsync(local, _ => { reached = true; return Task.CompletedTask; });
        reached.Should().BeTrue();
    }

    [Fact]
    public async Task Control_client_works_over_tls_with_the_servers_pem()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var control = new EmulatorControl(server.BaseUrl, server.CertificatePem);
        (await control.GetStatsAsync()).Requests.Should().BeEmpty();
        (await server.Control.GetTokensAsync()).Should().BeEmpty();
    }

    private static Task<HttpResponseMessage> PatchRawAsync(UiSession session, long id, string json) =>
        session.Http.PatchAsync($"/_emulator/tokens/{id}", new StringContent(json, Encoding.UTF8, "application/json"));
}
