namespace PtSandbox.Client.Tests.Unit;

/// <summary>Finding a live token in a listing: by id, the first live entry, whatever a copy changed.</summary>
public class TokenListingTests
{
    private static SandboxToken Token(long id, string name, double? deleted = null) =>
        new(id, name, null, ["SCAN_WITH_PREDEFINED_SETTINGS"], "admin", 1700000000, null, deleted, null);

    [Fact]
    public void FindLive_skips_deleted_entries_and_takes_the_first_live_one_of_an_id_listed_twice()
    {
        var listing = new TokenListing(4, [Token(1, "gone", deleted: 1700000100), Token(1, "live"), Token(1, "later"), Token(2, "other")]);

        listing.FindLive(1)!.Name.Should().Be("live");
        listing.FindLive(2)!.Name.Should().Be("other");
        listing.FindLive(3).Should().BeNull();
    }

    [Fact]
    public void A_copy_with_other_entries_is_searched_in_its_own_entries()
    {
        var listing = new TokenListing(1, [Token(1, "live")]);
        listing.FindLive(1).Should().NotBeNull();

        var copy = listing with { Entries = [Token(1, "live", deleted: 1700000100), Token(5, "new")] };

        copy.FindLive(1).Should().BeNull();
        copy.FindLive(5)!.Name.Should().Be("new");
        listing.FindLive(1)!.Name.Should().Be("live");
        copy.Should().NotBe(listing);
        (listing with { }).Should().Be(listing);
    }
}
