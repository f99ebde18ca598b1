using PtSandbox.Emulator;

namespace PtSandbox.Client.Tests.Emulated;

/// <summary>Response bodies are read in 16 KiB chunks and joined: every size around the chunk edges arrives whole.</summary>
public class BodyReadingTests
{
    [Theory]
    [InlineData(200)]
    [InlineData(16 * 1024 - 1)]
    [InlineData(16 * 1024)]
    [InlineData(16 * 1024 + 1)]
    [InlineData(3 * 16 * 1024)]
    [InlineData(100_000)]
    public async Task A_listing_of_any_size_arrives_byte_for_byte(int bodyBytes)
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = sandbox.Client(maxRetries: 0);
        await client.ListTokensAsync(CancellationToken.None); // log in first: the fault below answers one listing
        const string head = "{\"total\": 1, \"entries\": [{\"id\": 7, \"name\": \"abcde\", \"comment\": \"";
        const string tail = "\", \"permissions\": [], \"created\": 1700000000}]}";
        // A comment that fills the body to the exact size, with no two neighbouring chunks alike.
        var comment = string.Concat(Enumerable.Range(0, bodyBytes).Select(i => (char)('a' + i * 7 % 26)))[..(bodyBytes - head.Length - tail.Length)];
        await sandbox.AddFaultAsync("GET", Sandbox.Tokens, FaultKinds.Status, status: 200, body: head + comment + tail, contentType: "application/json");

        var listing = await client.ListTokensAsync(CancellationToken.None);

        listing.Entries.Should().ContainSingle().Which.Comment.Should().Be(comment);
        (head + comment + tail).Length.Should().Be(bodyBytes);
    }
}
