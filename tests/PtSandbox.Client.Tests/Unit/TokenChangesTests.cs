using System.Collections.Concurrent;

namespace PtSandbox.Client.Tests.Unit;

/// <summary>A listing with this process's creates and deletes applied: under concurrency, twice-recorded changes,
/// deletions of ids listed twice or nowhere, listing switches, and what a view must keep being.</summary>
public class TokenChangesTests
{
    private static SandboxToken Token(long id, string name, double? deleted = null) =>
        new(id, name, null, ["SCAN_WITH_PREDEFINED_SETTINGS"], "admin", 1700000000, null, deleted, null);

    private static IEnumerable<(long Id, string Name, double? Deleted)> Rows(TokenListing listing) =>
        listing.Entries.Select(t => (t.Id, t.Name, t.Deleted));

    // ---- Concurrency ----------------------------------------------------------------------------------------------

    /// <summary>What a view must be in itself, whatever was recorded while it was made.</summary>
    private static void AssertConsistent(TokenListing listing, TokenListing view)
    {
        var added = view.Total - listing.Total;
        added.Should().BeGreaterThanOrEqualTo(0);
        view.Entries.Count.Should().Be(listing.Entries.Count + added, "Count and Total agree on what was added");

        var entries = view.Entries.ToList();
        entries.Should().HaveCount(view.Entries.Count, "enumerating yields Count entries");
        for (var i = 0; i < entries.Count; i++)
            view.Entries[i].Should().Be(entries[i], "the indexer and the enumerator agree at {0}", i);

        // The listing's own entries come first, in order, at most marked deleted.
        for (var i = 0; i < listing.Entries.Count; i++)
        {
            var (shown, original) = (entries[i], listing.Entries[i]);
            (shown with { Deleted = null }).Should().Be(original with { Deleted = null });
            if (original.Deleted is { } was) shown.Deleted.Should().Be(was, "an entry the listing shows deleted keeps its time");
        }

        // Added ones: unique, none of them listed.
        var listed = listing.Entries.Select(t => t.Id).ToHashSet();
        var addedIds = entries.Skip(listing.Entries.Count).Select(t => t.Id).ToList();
        addedIds.Should().OnlyHaveUniqueItems();
        addedIds.Should().NotIntersectWith(listed);

        // A deletion shows on every entry the listing shows live under its id, at one time.
        foreach (var group in entries.Take(listing.Entries.Count).Where((_, i) => listing.Entries[i].Deleted is null).GroupBy(t => t.Id))
            group.Select(t => t.Deleted).Distinct().Should().ContainSingle("the live entries of id {0} are deleted together or not at all", group.Key);

        // FindLive is the first live entry of the id, as a search in order finds it.
        var firstLive = new Dictionary<long, SandboxToken>();
        foreach (var token in entries)
            if (token.Deleted is null) firstLive.TryAdd(token.Id, token);
        foreach (var id in entries.Select(t => t.Id).Distinct().Append(-1).Append(999_999_999))
            view.FindLive(id).Should().Be(firstLive.GetValueOrDefault(id), "FindLive({0}) agrees with the entries", id);

        // LiveNamed is the entries filtered (a sample of names: all of them would be quadratic).
        var names = entries.Select(t => t.Name).Distinct().ToList();
        foreach (var name in names.Where((_, i) => i % Math.Max(1, names.Count / 8) == 0).Append("no such name"))
            view.LiveNamed(name).Should().Equal(entries.Where(t => t.Deleted is null && t.Name == name), "LiveNamed(\"{0}\") agrees with the entries", name);
    }

    /// <summary>What a view shows of the changes: the added ids with the generation of their record, and the listed ids shown deleted.</summary>
    private sealed record Seen(Dictionary<long, int> Added, Dictionary<long, double> Deleted);

    // A created token's name ends in its record's generation: "w2-2017@1" is the second record of id 2017.
    private static int Generation(SandboxToken token) => int.Parse(token.Name[(token.Name.LastIndexOf('@') + 1)..]);

    private static Seen See(TokenListing listing, TokenListing view)
    {
        var added = view.Entries.Skip(listing.Entries.Count).ToDictionary(t => t.Id, Generation);
        var deleted = new Dictionary<long, double>();
        for (var i = 0; i < view.Entries.Count; i++)
            if (view.Entries[i].Deleted is { } when && (i >= listing.Entries.Count || listing.Entries[i].Deleted is null))
                deleted[view.Entries[i].Id] = when;
        return new Seen(added, deleted);
    }

    private static void AssertIncludes(Seen later, Seen earlier, string because)
    {
        foreach (var (id, generation) in earlier.Added)
        {
            later.Added.Should().ContainKey(id, because);
            later.Added[id].Should().BeGreaterThanOrEqualTo(generation, "a later record of a token is not undone: " + because);
        }
        foreach (var (id, when) in earlier.Deleted)
            later.Deleted.Should().Contain(id, when, because);
    }

    [Fact]
    public void Views_made_while_other_threads_record_are_consistent_monotonic_and_the_last_one_holds_everything()
    {
        // Listing 1 shows ids 1..40 (a few deleted, a few twice); listing 2 also shows some of the ids writers create.
        var first = new TokenListing(44, [
            .. Enumerable.Range(1, 40).Select(i => Token(i, $"listed-{i}", deleted: i % 10 == 0 ? 1600000000 + i : null)),
            Token(5, "listed-5-again"), Token(6, "listed-6-deleted", deleted: 1600000006), Token(7, "listed-7-again"), Token(8, "listed-8-again")]);
        var second = new TokenListing(43, [
            .. Enumerable.Range(1, 40).Select(i => Token(i, $"listed-{i}")),
            Token(1017, "w1-1017@0"), Token(2003, "w2-2003@0"), Token(3100, "w3-3100@0")]);
        var listings = new[] { first, second };

        var changes = new TokenChanges();
        const int Writers = 4, PerWriter = 250, Readers = 4;
        var failures = new ConcurrentQueue<Exception>();
        var expectedAdded = new ConcurrentDictionary<long, int>();
        var expectedDeleted = new ConcurrentDictionary<long, double>();
        var latest = new TokenListing?[2];
        var writersLeft = Writers;
        var start = new Barrier(Writers + Readers);

        void Guarded(Action body)
        {
            try { body(); }
            catch (Exception ex) { failures.Enqueue(ex); }
        }

        var views = 0;
        var threads = new List<Thread>();
        for (var w = 1; w <= Writers; w++)
        {
            var writer = w;
            threads.Add(new Thread(() => Guarded(() =>
            {
                try
                {
                    start.SignalAndWait();
                    for (var i = 0; i < PerWriter; i++)
                    {
                        // Halfway, wait for the readers to have made some views, so that they surely run among the writes.
                        if (i == PerWriter / 2) SpinWait.SpinUntil(() => Volatile.Read(ref views) >= 50 || !failures.IsEmpty, TimeSpan.FromSeconds(30));
                        long id = writer * 1000 + i;
                        var generation = i % 7 == 0 ? 1 : 0;
                        if (generation == 1) changes.Created(Token(id, $"w{writer}-{id}@0"));
                        changes.Created(Token(id, $"w{writer}-{id}@{generation}"));
                        expectedAdded[id] = generation;
                        // A created token that the listing already shows (listed ids 1..40): never added.
                        if (i % 25 == 0) changes.Created(Token(1 + (writer * 7 + i) % 40, "created-but-listed@0"));
                        // Deletions: of a listed token (one writer per id), of an own created token, of an id nobody has.
                        if (i % 10 == 3 && i / 10 % Writers == writer - 1)
                        {
                            var listedId = 1 + i / 10;
                            changes.Deleted(listedId, 1700000000 + listedId);
                            expectedDeleted[listedId] = 1700000000 + listedId;
                        }
                        if (i % 5 == 4)
                        {
                            changes.Deleted(id, 1700001000 + id);
                            expectedDeleted[id] = 1700001000 + id;
                        }
                        if (i % 50 == 7) changes.Deleted(-id, 1);
                        // Read your own writes: a view made after recording shows the record.
                        if (i % 20 == 0)
                        {
                            var mine = changes.ApplyTo(first);
                            mine.FindLive(id)?.Name.Should().Be($"w{writer}-{id}@{generation}", "a view made after a record shows it");
                            See(first, mine).Added.Should().ContainKey(id);
                        }
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref writersLeft);
                }
            })));
        }
        for (var r = 0; r < Readers; r++)
        {
            var reader = r;
            threads.Add(new Thread(() => Guarded(() =>
            {
                start.SignalAndWait();
                var mine = new Seen?[2];
                var step = 0;
                while (Volatile.Read(ref writersLeft) > 0 && failures.IsEmpty)
                {
                    // Readers 0 and 1 stay on the first listing; 2 and 3 alternate, forcing the changes to be sorted again.
                    var which = reader < 2 ? 0 : step++ % 2;
                    var listing = listings[which];
                    var before = Volatile.Read(ref latest[which]);
                    var view = changes.ApplyTo(listing);
                    Interlocked.Increment(ref views);

                    AssertConsistent(listing, view);
                    var seen = See(listing, view);
                    if (mine[which] is { } earlier) AssertIncludes(seen, earlier, "this thread's earlier view");
                    if (before is not null) AssertIncludes(seen, See(listing, before), "a view another thread made before this one started");
                    mine[which] = seen;
                    Volatile.Write(ref latest[which], view);
                }
            })));
        }
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join(TimeSpan.FromMinutes(2)).Should().BeTrue("no thread hangs");

        failures.Should().BeEmpty();
        views.Should().BeGreaterThanOrEqualTo(50, "the readers made views while the writers recorded");
        foreach (var (index, listing) in listings.Index())
        {
            var final = changes.ApplyTo(listing);
            AssertConsistent(listing, final);
            var seen = See(listing, final);
            var listedIds = listing.Entries.Select(t => t.Id).ToHashSet();
            seen.Added.Should().BeEquivalentTo(expectedAdded.Where(e => !listedIds.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value), "listing {0}: every create not listed is added, its last record", index);
            foreach (var (id, when) in expectedDeleted)
                if (listing.FindLive(id) is not null || seen.Added.ContainsKey(id))
                    seen.Deleted.Should().Contain(id, when, "listing {0}: every deletion shows", index);
            final.FindLive(-1007).Should().BeNull();
            final.Entries.Should().NotContain(t => t.Id < 0, "a deletion of an id nobody has adds nothing");
            final.Total.Should().Be(listing.Total + seen.Added.Count);
        }
    }

    // ---- Records of the same thing -------------------------------------------------------------------------------

    [Fact]
    public void A_token_created_twice_is_one_entry_with_the_later_fields_in_the_earlier_place()
    {
        var listing = new TokenListing(1, [Token(1, "a")]);
        var changes = new TokenChanges();
        changes.Created(Token(7, "seven-first"));
        changes.Created(Token(8, "eight"));
        changes.Created(Token(7, "seven-second") with { Comment = "c", Permissions = ["OTHER"] });

        var view = changes.ApplyTo(listing);

        Rows(view).Should().Equal((1, "a", null), (7, "seven-second", null), (8, "eight", null));
        view.Entries[1].Comment.Should().Be("c");
        view.Entries[1].Permissions.Should().Equal("OTHER");
        view.Total.Should().Be(3);
        view.FindLive(7)!.Name.Should().Be("seven-second");
        view.LiveNamed("seven-first").Should().BeEmpty();
        view.LiveNamed("seven-second").Select(t => t.Id).Should().Equal(7);
    }

    [Fact]
    public void A_token_created_three_times_with_a_view_between_each_keeps_its_place_and_the_last_fields()
    {
        var listing = new TokenListing(0, []);
        var changes = new TokenChanges();
        changes.Created(Token(7, "v1"));
        changes.Created(Token(8, "eight"));
        var one = changes.ApplyTo(listing);
        changes.Created(Token(7, "v2"));
        var two = changes.ApplyTo(listing);
        changes.Created(Token(9, "nine"));
        changes.Created(Token(7, "v3"));
        var three = changes.ApplyTo(listing);

        Rows(one).Should().Equal((7, "v1", null), (8, "eight", null));
        Rows(two).Should().Equal((7, "v2", null), (8, "eight", null));
        Rows(three).Should().Equal((7, "v3", null), (8, "eight", null), (9, "nine", null));
        one.FindLive(7)!.Name.Should().Be("v1", "a view is a snapshot");
        two.FindLive(7)!.Name.Should().Be("v2");
        three.Total.Should().Be(3);
    }

    [Fact]
    public void A_deletion_recorded_twice_shows_the_later_time_and_an_earlier_view_keeps_the_first()
    {
        var listing = new TokenListing(2, [Token(1, "a"), Token(2, "b")]);
        var changes = new TokenChanges();
        changes.Created(Token(5, "five"));
        changes.Deleted(1, 1700000100);
        changes.Deleted(5, 1700000150);
        var before = changes.ApplyTo(listing);

        changes.Deleted(1, 1700000200);
        changes.Deleted(5, 1700000250);
        var after = changes.ApplyTo(listing);

        Rows(before).Should().Equal((1, "a", 1700000100), (2, "b", null), (5, "five", 1700000150));
        Rows(after).Should().Equal((1, "a", 1700000200), (2, "b", null), (5, "five", 1700000250));
        after.Entries[0].Deleted.Should().Be(1700000200);
        after.Entries[2].Deleted.Should().Be(1700000250);
    }

    [Fact]
    public void A_deletion_recorded_twice_before_any_view_shows_the_later_time()
    {
        var changes = new TokenChanges();
        changes.Deleted(1, 1700000100);
        changes.Deleted(1, 1700000300);

        Rows(changes.ApplyTo(new TokenListing(1, [Token(1, "a")]))).Should().Equal((1, "a", 1700000300));
    }

    // ---- Deletions -----------------------------------------------------------------------------------------------

    [Fact]
    public void Deleting_a_listed_token_marks_it_in_place_and_leaves_the_listing_object_as_it_was()
    {
        var listing = new TokenListing(3, [Token(1, "a"), Token(2, "b"), Token(3, "c")]);
        var changes = new TokenChanges();
        changes.Deleted(2, 1700000100);

        var view = changes.ApplyTo(listing);

        view.Should().NotBeSameAs(listing);
        Rows(view).Should().Equal((1, "a", null), (2, "b", 1700000100), (3, "c", null));
        view.Total.Should().Be(3);
        view.IsComplete.Should().BeTrue();
        view.FindLive(2).Should().BeNull();
        view.LiveNamed("b").Should().BeEmpty();
        view.FindLive(1).Should().BeSameAs(listing.Entries[0], "a view reads through to the listing: no copy of an unchanged entry");
        view.Entries[2].Should().BeSameAs(listing.Entries[2]);
        listing.Entries[1].Deleted.Should().BeNull();
        listing.FindLive(2).Should().NotBeNull();
    }

    [Fact]
    public void Deleting_a_token_only_among_the_added_ones_marks_it_there()
    {
        var listing = new TokenListing(1, [Token(1, "a")]);
        var changes = new TokenChanges();
        changes.Created(Token(7, "seven"));
        changes.Created(Token(8, "eight"));
        changes.Deleted(7, 1700000100);

        var view = changes.ApplyTo(listing);

        Rows(view).Should().Equal((1, "a", null), (7, "seven", 1700000100), (8, "eight", null));
        view.Total.Should().Be(3, "a deleted token that was created is still shown (deleted), and counted");
        view.FindLive(7).Should().BeNull();
        view.LiveNamed("seven").Should().BeEmpty();
        view.FindLive(8)!.Name.Should().Be("eight");
    }

    [Fact]
    public void Deleting_an_id_neither_listed_nor_created_adds_nothing()
    {
        var listing = new TokenListing(2, [Token(1, "a"), Token(2, "b", deleted: 1600000000)]);
        var changes = new TokenChanges();
        changes.Deleted(99, 1700000100);

        var view = changes.ApplyTo(listing);

        Rows(view).Should().Equal(Rows(listing));
        view.Total.Should().Be(2);
        view.Entries.Should().HaveCount(2);
        view.FindLive(99).Should().BeNull();
        view.FindLive(1).Should().BeSameAs(listing.Entries[0]);
    }

    [Fact]
    public void Deleting_an_id_listed_live_and_deleted_marks_the_live_entry_and_keeps_the_earlier_deletion_time()
    {
        var listing = new TokenListing(3, [Token(4, "old", deleted: 1600000000), Token(4, "current"), Token(5, "e")]);
        var changes = new TokenChanges();
        changes.Deleted(4, 1700000100);

        var view = changes.ApplyTo(listing);

        Rows(view).Should().Equal((4, "old", 1600000000), (4, "current", 1700000100), (5, "e", null));
        view.FindLive(4).Should().BeNull();
        view.LiveNamed("current").Should().BeEmpty();
        view.LiveNamed("old").Should().BeEmpty();
        view.LiveNamed("e").Should().ContainSingle().Which.Should().BeSameAs(listing.Entries[2]);
    }

    [Fact]
    public void A_created_token_deleted_before_any_view_is_added_deleted_and_never_found_live()
    {
        var changes = new TokenChanges();
        changes.Created(Token(7, "seven"));
        changes.Deleted(7, 1700000100);
        var view = changes.ApplyTo(new TokenListing(0, []));

        Rows(view).Should().Equal((7, "seven", 1700000100));
        view.FindLive(7).Should().BeNull();
        view.LiveNamed("seven").Should().BeEmpty();
    }

    [Fact]
    public void A_deletion_recorded_after_a_view_does_not_show_in_it()
    {
        var listing = new TokenListing(1, [Token(1, "a")]);
        var changes = new TokenChanges();
        changes.Created(Token(7, "seven"));
        var view = changes.ApplyTo(listing);

        changes.Deleted(1, 1700000100);
        changes.Deleted(7, 1700000200);

        Rows(view).Should().Equal((1, "a", null), (7, "seven", null));
        view.FindLive(1).Should().NotBeNull();
        view.FindLive(7).Should().NotBeNull();
        view.LiveNamed("a").Should().ContainSingle();
        view.LiveNamed("seven").Should().ContainSingle();
        view.Entries[1].Deleted.Should().BeNull();
    }

    // ---- Listings ------------------------------------------------------------------------------------------------

    [Fact]
    public void Another_listing_sorts_the_changes_again_and_going_back_to_the_first_sorts_them_back()
    {
        var first = new TokenListing(1, [Token(1, "a")]);
        var second = new TokenListing(3, [Token(1, "a"), Token(7, "seven-listed"), Token(8, "eight-listed", deleted: 1700000050)]);
        var changes = new TokenChanges();
        changes.Created(Token(7, "seven"));
        changes.Created(Token(8, "eight"));
        changes.Created(Token(9, "nine"));
        changes.Created(Token(7, "seven-again"));
        changes.Deleted(9, 1700000100);

        var onFirst = changes.ApplyTo(first);
        var onSecond = changes.ApplyTo(second);
        var backOnFirst = changes.ApplyTo(first);

        Rows(onFirst).Should().Equal((1, "a", null), (7, "seven-again", null), (8, "eight", null), (9, "nine", 1700000100));
        onFirst.Total.Should().Be(4);
        Rows(onSecond).Should().Equal((1, "a", null), (7, "seven-listed", null), (8, "eight-listed", 1700000050), (9, "nine", 1700000100));
        onSecond.Total.Should().Be(4);
        onSecond.FindLive(7)!.Name.Should().Be("seven-listed", "the listing's entry, not the created record");
        onSecond.FindLive(8).Should().BeNull("the listing shows it deleted; the create does not bring it back");
        onSecond.LiveNamed("eight").Should().BeEmpty();
        Rows(backOnFirst).Should().Equal(Rows(onFirst));
        backOnFirst.Total.Should().Be(4);
        backOnFirst.FindLive(8)!.Name.Should().Be("eight");

        // Earlier views are untouched by the switches.
        Rows(onFirst).Should().Equal((1, "a", null), (7, "seven-again", null), (8, "eight", null), (9, "nine", 1700000100));
    }

    [Fact]
    public void A_view_applied_again_adds_nothing_twice()
    {
        var listing = new TokenListing(1, [Token(1, "a")]);
        var changes = new TokenChanges();
        changes.Created(Token(7, "seven"));
        changes.Deleted(1, 1700000100);

        var view = changes.ApplyTo(listing);
        var again = changes.ApplyTo(view);

        Rows(again).Should().Equal((1, "a", 1700000100), (7, "seven", null));
        again.Total.Should().Be(2);
        again.FindLive(7)!.Name.Should().Be("seven");
        again.FindLive(1).Should().BeNull();
        Rows(changes.ApplyTo(listing)).Should().Equal(Rows(view), "and back on the listing itself");
    }

    [Fact]
    public void Another_process_view_as_listing_is_read_through()
    {
        var listing = new TokenListing(2, [Token(1, "a"), Token(2, "b")]);
        var theirs = new TokenChanges();
        theirs.Created(Token(7, "seven"));
        theirs.Deleted(2, 1700000100);
        var mine = new TokenChanges();
        mine.Created(Token(8, "eight"));
        mine.Deleted(7, 1700000200);

        var view = mine.ApplyTo(theirs.ApplyTo(listing));

        Rows(view).Should().Equal((1, "a", null), (2, "b", 1700000100), (7, "seven", 1700000200), (8, "eight", null));
        view.Total.Should().Be(4);
        view.FindLive(2).Should().BeNull();
        view.FindLive(7).Should().BeNull();
        view.FindLive(8)!.Name.Should().Be("eight");
        view.LiveNamed("seven").Should().BeEmpty();
        view.LiveNamed("a").Should().ContainSingle().Which.Should().BeSameAs(listing.Entries[0]);
    }

    [Fact]
    public void A_listing_one_short_stays_incomplete_however_many_tokens_are_added()
    {
        var listing = new TokenListing(3, [Token(1, "a"), Token(2, "b")]);
        var changes = new TokenChanges();
        for (var id = 10; id < 15; id++) changes.Created(Token(id, $"n{id}"));
        changes.Created(Token(2, "b-created"));

        var view = changes.ApplyTo(listing);

        view.Entries.Should().HaveCount(7);
        view.Total.Should().Be(8);
        view.IsComplete.Should().BeFalse("the sandbox listed only part of its tokens; adding ours does not complete it");
    }

    [Fact]
    public void A_listing_with_only_deletions_keeps_its_total_and_completeness()
    {
        var changes = new TokenChanges();
        changes.Deleted(1, 1700000100);

        var paged = changes.ApplyTo(new TokenListing(5, [Token(1, "a")]));
        var complete = changes.ApplyTo(new TokenListing(1, [Token(1, "a")]));

        (paged.Total, paged.IsComplete).Should().Be((5, false));
        (complete.Total, complete.IsComplete).Should().Be((1, true));
    }

    // ---- Identity of views ---------------------------------------------------------------------------------------

    [Fact]
    public void With_nothing_recorded_every_listing_is_returned_itself()
    {
        var changes = new TokenChanges();
        var one = new TokenListing(1, [Token(1, "a")]);
        var two = new TokenListing(0, []);

        changes.ApplyTo(one).Should().BeSameAs(one);
        changes.ApplyTo(two).Should().BeSameAs(two);
        changes.ApplyTo(one).Should().BeSameAs(one);
    }

    [Fact]
    public void The_same_view_is_returned_until_something_is_recorded_and_a_new_one_after()
    {
        var listing = new TokenListing(1, [Token(1, "a")]);
        var changes = new TokenChanges();
        changes.Deleted(1, 1700000100);

        var view = changes.ApplyTo(listing);
        changes.ApplyTo(listing).Should().BeSameAs(view);

        changes.Deleted(1, 1700000100);
        var next = changes.ApplyTo(listing);
        changes.ApplyTo(listing).Should().BeSameAs(next);
        Rows(next).Should().Equal(Rows(view));

        changes.Created(Token(7, "seven"));
        var third = changes.ApplyTo(listing);
        third.Should().NotBeSameAs(next);
        Rows(third).Should().Equal((1, "a", 1700000100), (7, "seven", null));
    }

    [Fact]
    public void After_a_switch_the_view_returned_is_for_the_listing_asked_about()
    {
        var first = new TokenListing(1, [Token(1, "a")]);
        var second = new TokenListing(1, [Token(2, "b")]);
        var changes = new TokenChanges();
        changes.Created(Token(7, "seven"));

        var onFirst = changes.ApplyTo(first);
        var onSecond = changes.ApplyTo(second);
        var again = changes.ApplyTo(first);

        Rows(again).Should().Equal((1, "a", null), (7, "seven", null));
        Rows(onSecond).Should().Equal((2, "b", null), (7, "seven", null));
        Rows(onFirst).Should().Equal(Rows(again));
        changes.ApplyTo(second).Should().NotBeSameAs(again);
    }

    [Fact]
    public void The_indexer_rejects_positions_outside_the_entries()
    {
        var changes = new TokenChanges();
        changes.Created(Token(7, "seven"));
        var view = changes.ApplyTo(new TokenListing(1, new List<SandboxToken> { Token(1, "a") }));

        view.Entries[1].Id.Should().Be(7);
        ((Func<SandboxToken>)(() => view.Entries[2])).Should().Throw<ArgumentOutOfRangeException>();
        ((Func<SandboxToken>)(() => view.Entries[-1])).Should().Throw<ArgumentOutOfRangeException>();
    }

    // ---- Arguments -----------------------------------------------------------------------------------------------

    [Fact]
    public void Null_arguments_are_rejected_and_record_nothing()
    {
        var changes = new TokenChanges();
        var listing = new TokenListing(0, []);

        ((Action)(() => changes.Created(null!))).Should().Throw<ArgumentNullException>().WithParameterName("token");
        ((Action)(() => changes.ApplyTo(null!))).Should().Throw<ArgumentNullException>().WithParameterName("listing");

        changes.ApplyTo(listing).Should().BeSameAs(listing, "the rejected create was not recorded");
        changes.Created(Token(1, "a"));
        ((Action)(() => changes.ApplyTo(null!))).Should().Throw<ArgumentNullException>("also once something is recorded");
    }
}
