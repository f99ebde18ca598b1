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

    private static TokenChanges Changes(IEnumerable<SandboxToken> created, IEnumerable<(long Id, double When)> deleted)
    {
        var changes = new TokenChanges();
        foreach (var token in created) changes.Created(token);
        foreach (var (id, when) in deleted) changes.Deleted(id, when);
        return changes;
    }

    [Fact]
    public void Changes_add_created_tokens_the_listing_does_not_show_and_show_deleted_ones_deleted()
    {
        var listing = new TokenListing(4, [Token(1, "a"), Token(2, "gone", deleted: 1700000100), Token(3, "b"), Token(3, "b-again")]);

        var changed = Changes([Token(2, "gone"), Token(3, "b"), Token(7, "new"), Token(8, "made-then-deleted")],
            [(3, 1700000200), (8, 1700000300), (9, 1700000400)]).ApplyTo(listing);

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
        changed.LiveNamed("a").Select(t => t.Id).Should().Equal(1);
        changed.LiveNamed("b").Should().BeEmpty();
        changed.LiveNamed("new").Select(t => t.Id).Should().Equal(7);
        changed.LiveNamed("made-then-deleted").Should().BeEmpty();

        // The listing it was made from is left as it was.
        listing.FindLive(3)!.Name.Should().Be("b");
        listing.Entries.Should().HaveCount(4);
    }

    [Fact]
    public void A_view_is_a_snapshot_and_a_later_one_adds_what_was_recorded_since()
    {
        var listing = new TokenListing(1, [Token(1, "a")]);
        var changes = new TokenChanges();
        changes.ApplyTo(listing).Should().BeSameAs(listing, "no change, no copy");

        changes.Created(Token(7, "seven"));
        var first = changes.ApplyTo(listing);
        changes.ApplyTo(listing).Should().BeSameAs(first, "nothing recorded since: the same view");

        changes.Deleted(1, 1700000100);
        changes.Created(Token(8, "eight"));
        changes.Created(Token(7, "seven-renamed"));
        var second = changes.ApplyTo(listing);

        first.Entries.Select(t => (t.Id, t.Name, t.Deleted)).Should().Equal((1, "a", null), (7, "seven", null));
        first.FindLive(1)!.Name.Should().Be("a");
        first.FindLive(8).Should().BeNull();
        first.Total.Should().Be(2);
        second.Entries.Select(t => (t.Id, t.Name, t.Deleted)).Should().Equal((1, "a", 1700000100), (7, "seven-renamed", null), (8, "eight", null));
        second.FindLive(7)!.Name.Should().Be("seven-renamed");
        second.FindLive(1).Should().BeNull();
        second.Total.Should().Be(3);

        // Against another listing, one that already shows token 7, the changes are sorted again.
        var later = new TokenListing(2, [Token(1, "a"), Token(7, "seven")]);
        changes.ApplyTo(later).Entries.Select(t => (t.Id, t.Name)).Should().Equal((1, "a"), (7, "seven"), (8, "eight"));
    }

    [Fact]
    public void Changes_to_a_paged_listing_leave_it_incomplete()
    {
        var changed = Changes([Token(5, "new")], []).ApplyTo(new TokenListing(10, [Token(1, "a")]));

        changed.Total.Should().Be(11);
        changed.Entries.Should().HaveCount(2);
        changed.IsComplete.Should().BeFalse();
    }
}
