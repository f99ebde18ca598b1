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

    [Fact]
    public void WithChanges_adds_created_tokens_the_listing_does_not_show_and_shows_deleted_ones_deleted()
    {
        var listing = new TokenListing(4, [Token(1, "a"), Token(2, "gone", deleted: 1700000100), Token(3, "b"), Token(3, "b-again")]);

        var changed = listing.WithChanges([Token(2, "gone"), Token(3, "b"), Token(7, "new"), Token(8, "made-then-deleted")],
            new Dictionary<long, double> { [3] = 1700000200, [8] = 1700000300, [9] = 1700000400 });

        // Token 2 is listed (as deleted) and 3 is listed: neither is added again; 7 and 8 are.
        changed.Total.Should().Be(6);
        changed.Entries.Select(t => (t.Id, t.Name, t.Deleted)).Should().Equal(
            (1, "a", null), (2, "gone", 1700000100), (3, "b", 1700000200), (3, "b-again", 1700000200), (7, "new", null), (8, "made-then-deleted", 1700000300));
        changed.Entries[2].Deleted.Should().Be(1700000200);
        changed.Entries[4].Name.Should().Be("new");
        changed.IsComplete.Should().BeTrue();

        changed.FindLive(1)!.Name.Should().Be("a");
        changed.FindLive(2).Should().BeNull();
        changed.FindLive(3).Should().BeNull();
        changed.FindLive(7)!.Name.Should().Be("new");
        changed.FindLive(8).Should().BeNull();
        changed.LiveNamed("b").Should().BeEmpty();
        changed.LiveNamed("new").Select(t => t.Id).Should().Equal(7);

        // The listing it was made from is left as it was.
        listing.FindLive(3)!.Name.Should().Be("b");
        listing.Entries.Should().HaveCount(4);
    }

    [Fact]
    public void WithChanges_is_a_snapshot_of_the_changes_it_was_given()
    {
        var deleted = new Dictionary<long, double>();
        var changed = new TokenListing(1, [Token(1, "a")]).WithChanges([], deleted);

        deleted[1] = 1700000100;

        changed.FindLive(1)!.Name.Should().Be("a");
        changed.Entries.Single().Deleted.Should().BeNull();
    }

    [Fact]
    public void WithChanges_of_a_paged_listing_stays_incomplete()
    {
        var changed = new TokenListing(10, [Token(1, "a")]).WithChanges([Token(5, "new")], new Dictionary<long, double>());

        changed.Total.Should().Be(11);
        changed.Entries.Should().HaveCount(2);
        changed.IsComplete.Should().BeFalse();
    }
}
