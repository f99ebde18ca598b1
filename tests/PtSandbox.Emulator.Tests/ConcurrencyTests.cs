using PtSandbox.Emulator.Tests.Support;

namespace PtSandbox.Emulator.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Fifty_concurrent_creates_get_fifty_distinct_ids()
    {
        await using var server = await Servers.HttpAsync(new EmulatorOptions { UniqueNames = true });
        using var session = await UiSession.LoginAsync(server);

        var created = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => session.CreateAsync($"token-{i}x"))));

        created.Select(c => c.GetProperty("id").GetInt64()).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(Enumerable.Range(1, 50).Select(i => (long)i));
        (await server.Control.GetTokensAsync()).Should().HaveCount(50);
    }

    [Fact]
    public async Task Concurrent_creates_with_one_name_and_unique_names_create_exactly_one()
    {
        await using var server = await Servers.HttpAsync(new EmulatorOptions { UniqueNames = true });
        using var session = await UiSession.LoginAsync(server);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            session.CreateRawAsync("""{"name": "contested", "permissions": ["TASKS_VIEW_ALL"]}"""))));

        responses.Count(r => r.IsSuccessStatusCode).Should().Be(1);
        responses.Count(r => r.StatusCode == System.Net.HttpStatusCode.Conflict).Should().Be(19);
        foreach (var response in responses)
            response.Dispose();
    }

    [Fact]
    public async Task Listing_over_a_thousand_tokens_returns_them_all()
    {
        await using var server = await Servers.HttpAsync();
        using var session = await UiSession.LoginAsync(server);
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(Enumerable.Range(0, 1200).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                await session.CreateAsync($"bulk-{i}x");
            }
            finally
            {
                gate.Release();
            }
        }));

        var listing = await session.ListAsync();
        listing.GetProperty("total").GetInt32().Should().Be(1200);
        listing.Entries().Should().HaveCount(1200);
    }
}
