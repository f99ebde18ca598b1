using Microsoft.Extensions.Time.Testing;
using PtSandbox.Client;
using PtSandbox.Provider.ApiTokens;
using PtSandbox.Provider.Tests.Support;

namespace PtSandbox.Provider.Tests.Unit;

/// <summary>
/// The shared token listing, against a fake sandbox and a fake clock: which calls share or reuse a listing, which start
/// a new one, our own changes on top, and a listing that stops once nobody waits for it. Nothing here waits on real time.
/// </summary>
public sealed class TokenListingCacheTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeTokenApi _sandbox;
    private readonly TokenListingCache _cache;
    private readonly SandboxToken _existing;

    public TokenListingCacheTests()
    {
        _sandbox = new FakeTokenApi(time: _time);
        _existing = _sandbox.Add("existing-token");
        _cache = new TokenListingCache(_sandbox, _time);
    }

    [Fact]
    public async Task Callers_that_arrive_while_a_listing_is_in_flight_share_it()
    {
        var hold = _sandbox.HoldListings();
        var first = _cache.GetAsync(CancellationToken.None);
        var second = _cache.GetAsync(CancellationToken.None);

        first.IsCompleted.Should().BeFalse();
        _sandbox.ListCalls.Should().Be(1);
        hold.SetResult();

        (await first).Entries.Should().Equal(_existing);
        (await second).Entries.Should().Equal(_existing);
        _sandbox.ListCalls.Should().Be(1);
    }

    [Fact]
    public async Task A_finished_listing_is_reused_until_FreshFor_has_passed_since_it_started()
    {
        await _cache.GetAsync(CancellationToken.None);
        _time.Advance(TokenListingCache.FreshFor - Tick);
        await _cache.GetAsync(CancellationToken.None);
        _sandbox.ListCalls.Should().Be(1);

        _time.Advance(Tick);
        await _cache.GetAsync(CancellationToken.None);
        _sandbox.ListCalls.Should().Be(2);
    }

    [Fact]
    public async Task A_listing_that_started_FreshFor_before_a_call_is_not_joined_even_while_in_flight()
    {
        var hold = _sandbox.HoldListings();
        var old = _cache.GetAsync(CancellationToken.None);
        _time.Advance(TokenListingCache.FreshFor);
        var late = _cache.GetAsync(CancellationToken.None);

        _sandbox.ListCalls.Should().Be(2, "a listing a call sees never started more than FreshFor before that call");
        hold.SetResult();
        await Task.WhenAll(old, late);
    }

    [Fact]
    public async Task GetFreshAsync_always_starts_a_new_listing_which_later_calls_then_share()
    {
        await _cache.GetAsync(CancellationToken.None);
        var added = _sandbox.Add("added-since");

        var fresh = await _cache.GetFreshAsync(CancellationToken.None);
        _sandbox.ListCalls.Should().Be(2, "within FreshFor, yet a fresh listing was asked for");
        fresh.FindLive(added.Id).Should().NotBeNull();

        var hold = _sandbox.HoldListings();
        var inFlight = _cache.GetFreshAsync(CancellationToken.None);
        var alsoFresh = _cache.GetFreshAsync(CancellationToken.None);
        _sandbox.ListCalls.Should().Be(4, "a fresh listing does not join one in flight either");

        var joining = _cache.GetAsync(CancellationToken.None);
        _sandbox.ListCalls.Should().Be(4, "an ordinary call joins the newest listing");
        hold.SetResult();
        await Task.WhenAll(inFlight, alsoFresh, joining);
    }

    [Fact]
    public async Task A_failed_listing_is_not_reused()
    {
        _sandbox.FailNext(FakeTokenApi.Call.List, _sandbox.TransientError("list tokens"));

        var failed = () => _cache.GetAsync(CancellationToken.None);
        (await failed.Should().ThrowAsync<SandboxApiException>()).Which.IsTransient.Should().BeTrue();

        (await _cache.GetAsync(CancellationToken.None)).Entries.Should().Equal(_existing);
        _sandbox.ListCalls.Should().Be(2);
    }

    [Fact]
    public async Task Tokens_this_process_created_or_deleted_are_applied_on_top_of_the_shared_listing()
    {
        await _cache.GetAsync(CancellationToken.None);
        var created = new SandboxToken(_existing.Id + 1, "created-here", null, ["TASKS_VIEW_ALL"], "admin", 1_800_000_000, null, null, null);
        _time.Advance(Tick);

        _cache.RecordCreated(created);
        _cache.RecordDeleted(_existing.Id);
        var view = await _cache.GetAsync(CancellationToken.None);

        _sandbox.ListCalls.Should().Be(1, "the shared listing was reused");
        view.FindLive(created.Id).Should().Be(created);
        view.Total.Should().Be(2);
        view.IsComplete.Should().BeTrue();
        view.FindLive(_existing.Id).Should().BeNull();
        view.Entries.Single(t => t.Id == _existing.Id).Deleted.Should().Be(_time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
    }

    [Fact]
    public async Task A_created_token_the_listing_already_shows_is_not_added_twice()
    {
        var listed = await _cache.GetAsync(CancellationToken.None);

        _cache.RecordCreated(_existing);
        var view = await _cache.GetAsync(CancellationToken.None);

        view.Entries.Should().Equal(listed.Entries);
        view.Total.Should().Be(listed.Total);
    }

    [Fact]
    public async Task A_paged_listing_stays_incomplete_with_our_changes_applied()
    {
        _sandbox.Add("second-token");
        _sandbox.ListOnly(1);
        await _cache.GetAsync(CancellationToken.None);

        _cache.RecordCreated(new SandboxToken(99, "created-here", null, ["TASKS_VIEW_ALL"], "admin", 1_800_000_000, null, null, null));
        var view = await _cache.GetAsync(CancellationToken.None);

        view.Entries.Should().HaveCount(2);
        view.Total.Should().Be(3);
        view.IsComplete.Should().BeFalse("the sandbox's own listing was paged");
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_stop_the_listing_for_those_still_waiting()
    {
        var hold = _sandbox.HoldListings();
        using var impatient = new CancellationTokenSource();
        var givesUp = _cache.GetAsync(impatient.Token);
        var waits = _cache.GetAsync(CancellationToken.None);
        var listing = _sandbox.ListingTokens.Single();

        await impatient.CancelAsync();
        await FluentActions.Awaiting(() => givesUp).Should().ThrowAsync<OperationCanceledException>();
        listing.IsCancellationRequested.Should().BeFalse();

        hold.SetResult();
        (await waits).Entries.Should().Equal(_existing);
    }

    [Fact]
    public async Task The_listing_stops_once_every_caller_has_given_up_and_is_then_not_reused()
    {
        var hold = _sandbox.HoldListings();
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var one = _cache.GetAsync(first.Token);
        var other = _cache.GetAsync(second.Token);
        var listing = _sandbox.ListingTokens.Single();

        await first.CancelAsync();
        await FluentActions.Awaiting(() => one).Should().ThrowAsync<OperationCanceledException>();
        listing.IsCancellationRequested.Should().BeFalse("one caller still waits");
        await second.CancelAsync();
        await FluentActions.Awaiting(() => other).Should().ThrowAsync<OperationCanceledException>();
        listing.IsCancellationRequested.Should().BeTrue("nobody waits for it any more");
    }

    [Fact]
    public async Task A_stopped_listing_is_not_joined_even_before_it_has_ended()
    {
        var hold = _sandbox.HoldListings(endOnCancellation: false);
        using var caller = new CancellationTokenSource();
        var givesUp = _cache.GetAsync(caller.Token);
        await caller.CancelAsync();
        await FluentActions.Awaiting(() => givesUp).Should().ThrowAsync<OperationCanceledException>();

        var next = _cache.GetAsync(CancellationToken.None);
        _sandbox.ListCalls.Should().Be(2, "a stopped listing is not joined, though it started within FreshFor and has not ended");
        _sandbox.ListingTokens[1].IsCancellationRequested.Should().BeFalse();
        hold.SetResult();
        (await next).Entries.Should().Equal(_existing);
    }
}
