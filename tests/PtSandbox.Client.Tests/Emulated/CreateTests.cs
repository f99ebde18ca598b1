using System.Globalization;
using PtSandbox.Emulator;

namespace PtSandbox.Client.Tests.Emulated;

public class CreateTests
{
    [Fact]
    public async Task Create_without_comment_succeeds_against_a_server_that_rejects_null()
    {
        await using var sandbox = await Sandbox.StartAsync();

        var created = await sandbox.Client().CreateTokenAsync(Sandbox.NewToken("ci-token", comment: null), null, CancellationToken.None);

        created.Problems.Should().BeEmpty();
        created.Token!.Name.Should().Be("ci-token");
        created.Token.Comment.Should().BeNull();
        created.Token.CreatorLogin.Should().Be(Sandbox.Username);
        created.Token.Permissions.Should().BeEquivalentTo("SCAN_WITH_PREDEFINED_SETTINGS", "TASKS_VIEW_ALL");
        var stored = (await sandbox.LiveTokensAsync("ci-token")).Should().ContainSingle().Subject;
        stored.Id.Should().Be(created.Id);
        created.Token.Id.Should().Be(created.Id);
        created.Key.Should().Be(stored.Key);
        Sandbox.KeyOf(created.Secret).Should().Be(stored.Key);
    }

    [Fact]
    public async Task Create_whose_answer_is_lost_after_commit_leaves_exactly_one_usable_token()
    {
        await using var sandbox = await Sandbox.StartAsync(new EmulatorOptions { UniqueNames = true });
        var client = sandbox.Client();
        await client.ListTokensAsync(CancellationToken.None);
        await sandbox.AddFaultAsync("POST", Sandbox.Tokens, FaultKinds.CommitThenDrop);

        var created = await client.CreateTokenAsync(Sandbox.NewToken("dropped", "from CI"), null, CancellationToken.None);

        await ExpectExactlyOneUsableToken(sandbox, "dropped", created);
        var all = (await sandbox.Control.GetTokensAsync()).Where(t => t.Name == "dropped").ToArray();
        all.Should().HaveCount(2, "the orphan whose secret was lost is soft-deleted");
        all.Single(t => t.Id != created.Id).Deleted.Should().NotBeNull();
        var stats = await sandbox.Control.GetStatsAsync();
        stats.Count(Sandbox.CreateRoute).Should().Be(2);
        stats.Count(Sandbox.DeleteRoute).Should().Be(1);
    }

    [Fact]
    public async Task Create_reset_before_commit_is_sent_again_after_checking()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = sandbox.Client();
        var baseline = await client.ListTokensAsync(CancellationToken.None);
        await sandbox.AddFaultAsync("POST", Sandbox.Tokens, FaultKinds.Reset);

        var created = await client.CreateTokenAsync(Sandbox.NewToken("reset-early"), baseline, CancellationToken.None);

        await ExpectExactlyOneUsableToken(sandbox, "reset-early", created);
        var stats = await sandbox.Control.GetStatsAsync();
        stats.Count(Sandbox.CreateRoute).Should().Be(2);
        stats.Count(Sandbox.ListRoute).Should().Be(2, "the baseline, then the unknown outcome is checked against the listing");
        stats.Count(Sandbox.DeleteRoute).Should().Be(0);
    }

    [Fact]
    public async Task Create_answered_503_is_checked_then_sent_again()
    {
        await using var sandbox = await Sandbox.StartAsync();
        await sandbox.AddFaultAsync("POST", Sandbox.Tokens, FaultKinds.Status, status: 503);

        var created = await sandbox.Client().CreateTokenAsync(Sandbox.NewToken("after-unavailable"), null, CancellationToken.None);

        await ExpectExactlyOneUsableToken(sandbox, "after-unavailable", created);
        (await sandbox.Control.GetStatsAsync()).Count(Sandbox.CreateRoute).Should().Be(2);
    }

    [Fact]
    public async Task Create_that_times_out_is_reconciled_not_duplicated()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = sandbox.Client(requestTimeout: TimeSpan.FromMilliseconds(500));
        await client.ListTokensAsync(CancellationToken.None);
        await sandbox.AddFaultAsync("POST", Sandbox.Tokens, FaultKinds.Delay, delayMs: 2000);

        var created = await client.CreateTokenAsync(Sandbox.NewToken("slow-one"), null, CancellationToken.None);

        await Task.Delay(2000); // had the slow attempt been processed after all, its token would show now
        await ExpectExactlyOneUsableToken(sandbox, "slow-one", created);
        (await sandbox.Control.GetStatsAsync()).Count(Sandbox.CreateRoute).Should().Be(2);
    }

    [Fact]
    public async Task Rejected_create_reports_the_server_message_and_is_not_retried()
    {
        await using var sandbox = await Sandbox.StartAsync();

        var error = (await FluentActions.Awaiting(() => sandbox.Client().CreateTokenAsync(Sandbox.NewToken("1bad"), null, CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().StartWith($"PT Sandbox {sandbox.Host}: create token \"1bad\" failed: HTTP 400 Bad Request: 'name' must match");
        error.StatusCode.Should().Be(400);
        error.ServerMessage.Should().StartWith("'name' must match");
        error.IsTransient.Should().BeFalse();
        (await sandbox.Control.GetStatsAsync()).Count(Sandbox.CreateRoute).Should().Be(1);
    }

    [Fact]
    public async Task Create_after_a_revoked_bearer_is_resent_once_without_reconciling()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = sandbox.Client();
        var baseline = await client.ListTokensAsync(CancellationToken.None);
        await sandbox.Control.RevokeBearersAsync();

        var created = await client.CreateTokenAsync(Sandbox.NewToken("after-unauthorized"), baseline, CancellationToken.None);

        await ExpectExactlyOneUsableToken(sandbox, "after-unauthorized", created);
        var stats = await sandbox.Control.GetStatsAsync();
        stats.Count(Sandbox.CreateRoute).Should().Be(2);
        stats.Count(Sandbox.ListRoute).Should().Be(1, "a 401 proves nothing was created");
        stats.Logins.Should().Be(2);
    }

    [Fact]
    public async Task Several_tokens_that_may_be_the_lost_one_stop_the_create_with_their_ids()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = sandbox.Client();
        var baseline = await client.ListTokensAsync(CancellationToken.None);
        var future = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60).ToString(CultureInfo.InvariantCulture);
        string Entry(int id) => $$"""{"id":{{id}},"name":"twin","comment":null,"permissions":["TASKS_VIEW_ALL","SCAN_WITH_PREDEFINED_SETTINGS"],"creatorLogin":"ADMIN","created":{{future}},"modified":null,"deleted":null,"entryPoint":null}""";
        await sandbox.AddFaultAsync("POST", Sandbox.Tokens, FaultKinds.Status, status: 502);
        await sandbox.AddFaultAsync("GET", Sandbox.Tokens, FaultKinds.Status, status: 200,
            body: $$"""{"total":2,"entries":[{{Entry(901)}},{{Entry(902)}}]}""", contentType: "application/json");

        var error = (await FluentActions.Awaiting(() => client.CreateTokenAsync(Sandbox.NewToken("twin"), baseline, CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().StartWith($"PT Sandbox {sandbox.Host}: create token \"twin\" failed: outcome unknown (HTTP 502 Bad Gateway)")
            .And.Contain("2 tokens match it (ids 901, 902)");
        (await sandbox.Control.GetStatsAsync()).Count(Sandbox.CreateRoute).Should().Be(1);
    }

    [Fact]
    public async Task Unknown_outcome_every_time_gives_up_after_two_rounds_and_cleans_up()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = sandbox.Client();
        await sandbox.AddFaultAsync("POST", Sandbox.Tokens, FaultKinds.CommitThenDrop, count: 3);

        var error = (await FluentActions.Awaiting(() => client.CreateTokenAsync(Sandbox.NewToken("never-seen"), null, CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().StartWith($"PT Sandbox {sandbox.Host}: create token \"never-seen\" failed: outcome unknown after 3 attempts (last: connection reset by the server")
            .And.NotContain("\n");
        var deleted = (await sandbox.Control.GetTokensAsync()).Where(t => t.Name == "never-seen").Select(t => t.Id).ToList();
        error.Message.Should().EndWith($"tokens {string.Join(", ", deleted)}, made by lost attempts, were deleted", "the message counts what was removed");
        deleted.Should().HaveCount(3);
        (await sandbox.LiveTokensAsync("never-seen")).Should().BeEmpty();
        (await sandbox.Control.GetStatsAsync()).Count(Sandbox.CreateRoute).Should().Be(3);
    }

    [Fact]
    public async Task Unknown_outcome_with_an_incomplete_listing_is_not_guessed()
    {
        await using var sandbox = await Sandbox.StartAsync(new EmulatorOptions { ListLimit = 1 });
        var client = sandbox.Client();
        await client.CreateTokenAsync(Sandbox.NewToken("first-one"), null, CancellationToken.None);
        await sandbox.AddFaultAsync("POST", Sandbox.Tokens, FaultKinds.CommitThenDrop);

        var error = (await FluentActions.Awaiting(() => client.CreateTokenAsync(Sandbox.NewToken("hidden-one"), null, CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().Contain("the sandbox lists only part of its tokens (1 of 2), so it cannot be checked");
        (await sandbox.LiveTokensAsync("hidden-one")).Should().ContainSingle("the client must not create a second one");
    }

    [Fact]
    public async Task Create_that_cannot_connect_is_resent_without_reconciling_then_reported()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = sandbox.Client();
        var baseline = await client.ListTokensAsync(CancellationToken.None);
        await sandbox.Server.DisposeAsync(); // the bearer stays valid client-side; the port now refuses connections

        var error = (await FluentActions.Awaiting(() => client.CreateTokenAsync(Sandbox.NewToken("no-server"), baseline, CancellationToken.None))
            .Should().ThrowAsync<SandboxApiException>()).Which;

        error.Message.Should().Be($"PT Sandbox {sandbox.Host}: create token \"no-server\" failed: connection refused (gave up after 3 attempts; no token was created)");
        error.IsTransient.Should().BeTrue();
        sandbox.Logger.Lines.Should().NotContain(l => l.Contains("reconciling"), "a refused connection proves nothing was sent");
    }

    private static async Task ExpectExactlyOneUsableToken(Sandbox sandbox, string name, CreatedToken created)
    {
        var live = (await sandbox.LiveTokensAsync(name)).Should().ContainSingle().Subject;
        live.Id.Should().Be(created.Id);
        created.Problems.Should().BeEmpty();
        Sandbox.KeyOf(created.Secret).Should().Be(live.Key, "the secret handed back must be the one of the live token");
    }
}
