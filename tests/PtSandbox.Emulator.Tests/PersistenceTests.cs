using System.Net;
using System.Text.Json;
using PtSandbox.Emulator.Tests.Support;

namespace PtSandbox.Emulator.Tests;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ptsb-emulator-state-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task State_survives_a_restart_without_secrets_and_ids_keep_increasing()
    {
        var path = Path.Combine(_directory, "state.json");
        var options = new EmulatorOptions { StatePath = path };
        string secret;
        long deletedId;
        await using (var first = await Servers.HttpAsync(options))
        {
            using var session = await UiSession.LoginAsync(first);
            var created = await session.CreateAsync("kept-token", comment: "survives");
            secret = created.GetProperty("token").GetString()!;
            deletedId = (await session.CreateAsync("gone-token")).GetProperty("id").GetInt64();
            (await session.DeleteAsync(deletedId)).StatusCode.Should().Be(HttpStatusCode.OK);
            await session.CreateAsync("hard-gone");
            await first.Control.DeleteTokenAsync(3); // hard delete of the highest id: the next id must still be 4
        }

        var file = await File.ReadAllTextAsync(path);
        file.Should().NotContain(secret, "secrets are never persisted").And.Contain("kept-token");
        using (var json = JsonDocument.Parse(file))
            json.RootElement.GetProperty("nextId").GetInt64().Should().Be(4);
        Directory.GetFiles(_directory).Should().Equal([path], "the atomic write leaves no temp file behind");

        await using var second = await Servers.HttpAsync(options);
        var tokens = await second.Control.GetTokensAsync();
        tokens.Select(t => (t.Id, t.Name)).Should().Equal((1L, "kept-token"), (deletedId, "gone-token"));
        tokens[0].Comment.Should().Be("survives");
        tokens[1].Deleted.Should().NotBeNull();

        using var again = await UiSession.LoginAsync(second);
        (await again.CreateAsync("new-token")).GetProperty("id").GetInt64().Should().Be(4);
        (await again.ListAsync()).GetProperty("total").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task A_missing_state_file_starts_empty_and_is_created_on_the_first_change()
    {
        var path = Path.Combine(_directory, "fresh.json");
        await using var server = await Servers.HttpAsync(new EmulatorOptions { StatePath = path });
        File.Exists(path).Should().BeFalse();
        using var session = await UiSession.LoginAsync(server);
        await session.CreateAsync("first-token");
        File.Exists(path).Should().BeTrue();
    }

    [Fact]
    public async Task A_corrupt_state_file_fails_the_start()
    {
        var path = Path.Combine(_directory, "corrupt.json");
        await File.WriteAllTextAsync(path, "{ not json");
        var act = () => Servers.HttpAsync(new EmulatorOptions { StatePath = path });
        await act.Should().ThrowAsync<JsonException>();
    }
}
