using Microsoft.Extensions.Logging.Abstractions;
using ProviderHost.Resources;
using ProviderHost.Rpc;

namespace ProviderHost.Tests.Rpc;

/// <summary>One call's cancellation: client, engine and time budget through one token; a timeout told apart from the others.</summary>
public class CallScopeTests
{
    // Upper bound of any wait for something that must happen: only a broken scope ever waits this long.
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    private static readonly ResourceContext Resource =
        new("urn:pulumi:dev::proj::ptsandbox:index:ApiToken::ci-token", "ci-token", "ptsandbox:index:ApiToken", NullLogger.Instance);

    /// <summary>True once <paramref name="token"/> is cancelled, false if it is not within <paramref name="within"/>.</summary>
    private static async Task<bool> CancelledWithin(CancellationToken token, TimeSpan within)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = token.Register(() => cancelled.TrySetResult());
        return await Task.WhenAny(cancelled.Task, Task.Delay(within)) == cancelled.Task;
    }

    public enum Side { Client, Engine }

    /// <summary>A scope over a client and an engine source of its own, disposed together.</summary>
    private sealed class Sides : IDisposable
    {
        public CancellationTokenSource Client { get; } = new();
        public CancellationTokenSource Engine { get; } = new();
        public CallScope Scope { get; }

        public Sides() => Scope = new CallScope(Client.Token, Engine.Token);

        public void Cancel(Side side) => (side == Side.Client ? Client : Engine).Cancel();

        public void Dispose()
        {
            Scope.Dispose();
            Client.Dispose();
            Engine.Dispose();
        }
    }

    [Theory]
    [InlineData(Side.Client)]
    [InlineData(Side.Engine)]
    public async Task Without_a_budget_either_side_cancelling_cancels_the_token_and_nothing_timed_out(Side side)
    {
        using var sides = new Sides();
        var scope = sides.Scope;
        scope.Token.IsCancellationRequested.Should().BeFalse();

        sides.Cancel(side);

        (await CancelledWithin(scope.Token, Generous)).Should().BeTrue();
        scope.TimedOut.Should().BeNull();
    }

    [Fact]
    public void A_side_already_cancelled_when_the_scope_is_made_cancels_it_at_once_and_a_later_budget_is_no_timeout()
    {
        using var scope = new CallScope(CancellationToken.None, new CancellationToken(canceled: true));

        scope.Token.IsCancellationRequested.Should().BeTrue();
        scope.StartBudget(TimeSpan.FromMilliseconds(1), "the provider's operationTimeout", "create", Resource);
        scope.TimedOut.Should().BeNull("the engine cancelled, not the budget");
    }

    [Fact]
    public async Task A_short_budget_fires_and_says_what_timed_out_after_how_long_by_whose_limit()
    {
        using var sides = new Sides();
        var (client, engine, scope) = (sides.Client, sides.Engine, sides.Scope);
        var limit = TimeSpan.FromMilliseconds(5);

        scope.StartBudget(limit, "the provider's operationTimeout", "invoke of ptsandbox:index:getApiTokens");

        (await CancelledWithin(scope.Token, Generous)).Should().BeTrue("the budget ran out");
        client.IsCancellationRequested.Should().BeFalse();
        engine.IsCancellationRequested.Should().BeFalse();
        scope.TimedOut.Should().Be(("invoke of ptsandbox:index:getApiTokens", limit, "the provider's operationTimeout"));
    }

    [Theory]
    [InlineData("42", "read of ApiToken \"ci-token\" (id 42)")]
    [InlineData(null, "read of ApiToken \"ci-token\"")]
    [InlineData("", "read of ApiToken \"ci-token\"")]
    public async Task A_budget_on_a_resource_names_the_operation_the_short_type_the_name_and_the_id(string? id, string expected)
    {
        using var scope = new CallScope(CancellationToken.None, CancellationToken.None);
        var limit = TimeSpan.FromMilliseconds(3);

        scope.StartBudget(limit, "the resource's customTimeouts", "read", Resource, id);

        (await CancelledWithin(scope.Token, Generous)).Should().BeTrue();
        scope.TimedOut.Should().Be((expected, limit, "the resource's customTimeouts"));
    }

    [Fact]
    public async Task A_type_token_without_colons_is_named_as_it_is()
    {
        using var scope = new CallScope(CancellationToken.None, CancellationToken.None);

        scope.StartBudget(TimeSpan.FromMilliseconds(2), "src", "delete", Resource with { Type = "Widget", Name = "w \"quoted\"" }, "7");

        (await CancelledWithin(scope.Token, Generous)).Should().BeTrue();
        scope.TimedOut!.Value.What.Should().Be("delete of Widget \"w \"quoted\"\" (id 7)");
    }

    [Theory]
    [InlineData(Side.Client)]
    [InlineData(Side.Engine)]
    public async Task Either_side_cancelling_before_a_long_budget_fires_is_no_timeout(Side side)
    {
        using var sides = new Sides();
        var scope = sides.Scope;
        scope.StartBudget(TimeSpan.FromMinutes(10), "the provider's operationTimeout", "create", Resource);

        sides.Cancel(side);

        (await CancelledWithin(scope.Token, Generous)).Should().BeTrue();
        scope.TimedOut.Should().BeNull();
    }

    [Theory]
    [InlineData(Side.Client)]
    [InlineData(Side.Engine)]
    public async Task Either_side_cancelling_after_the_budget_fired_takes_the_timeout_back(Side side)
    {
        using var sides = new Sides();
        var scope = sides.Scope;
        scope.StartBudget(TimeSpan.FromMilliseconds(2), "src", "create", Resource);
        (await CancelledWithin(scope.Token, Generous)).Should().BeTrue();
        scope.TimedOut.Should().NotBeNull();

        sides.Cancel(side);

        scope.TimedOut.Should().BeNull("the documented rule: a timeout only when neither the client nor the engine cancelled");
    }

    [Fact]
    public async Task A_budget_stopped_before_it_fires_never_cancels_but_the_client_still_can()
    {
        using var client = new CancellationTokenSource();
        using var scope = new CallScope(client.Token, CancellationToken.None);
        // Long enough that a loaded machine cannot let it fire before the stop below, short enough to wait for.
        scope.StartBudget(TimeSpan.FromMilliseconds(500), "src", "invoke");

        scope.StopBudget();

        (await CancelledWithin(scope.Token, TimeSpan.FromSeconds(1))).Should().BeFalse("the budget was stopped");
        scope.TimedOut.Should().BeNull();

        client.Cancel();
        (await CancelledWithin(scope.Token, Generous)).Should().BeTrue();
        scope.TimedOut.Should().BeNull();
    }

    [Fact]
    public async Task Stopping_a_budget_that_already_fired_keeps_the_timeout()
    {
        using var scope = new CallScope(CancellationToken.None, CancellationToken.None);
        var limit = TimeSpan.FromMilliseconds(2);
        scope.StartBudget(limit, "src", "update", Resource, "9");
        (await CancelledWithin(scope.Token, Generous)).Should().BeTrue();

        scope.StopBudget();

        scope.Token.IsCancellationRequested.Should().BeTrue();
        scope.TimedOut.Should().Be(("update of ApiToken \"ci-token\" (id 9)", limit, "src"));
    }

    [Fact]
    public async Task Stopping_without_a_budget_does_nothing()
    {
        using var scope = new CallScope(CancellationToken.None, CancellationToken.None);

        scope.StopBudget();
        scope.StopBudget();

        scope.TimedOut.Should().BeNull();
        (await CancelledWithin(scope.Token, TimeSpan.FromMilliseconds(50))).Should().BeFalse();
    }

    [Fact]
    public async Task A_budget_started_again_after_a_stop_fires_and_names_the_second_operation_only()
    {
        using var scope = new CallScope(CancellationToken.None, CancellationToken.None);
        scope.StartBudget(TimeSpan.FromMinutes(10), "the resource's customTimeouts", "create", Resource, "1");
        scope.StopBudget();

        var limit = TimeSpan.FromMilliseconds(3);
        scope.StartBudget(limit, "the provider's operationTimeout", "invoke of pkg:index:fn");

        (await CancelledWithin(scope.Token, Generous)).Should().BeTrue();
        scope.TimedOut.Should().Be(("invoke of pkg:index:fn", limit, "the provider's operationTimeout"),
            "nothing of the first budget (its resource, id, source) leaks into the second one's message");
    }

    [Fact]
    public async Task A_shorter_budget_started_over_a_longer_one_fires()
    {
        using var scope = new CallScope(CancellationToken.None, CancellationToken.None);
        scope.StartBudget(TimeSpan.FromMinutes(10), "src", "create", Resource);

        scope.StartBudget(TimeSpan.FromMilliseconds(3), "src", "create", Resource);

        (await CancelledWithin(scope.Token, Generous)).Should().BeTrue();
        scope.TimedOut.Should().NotBeNull();
    }

    /// <summary>
    /// The engine sends customTimeouts as seconds, unbounded (a resource may say <c>create: "2000h"</c>); the host passes
    /// them here as they are. A budget longer than a timer can hold (about 49.7 days) must not fail the call: it is,
    /// for any call, no bound at all.
    /// </summary>
    [Fact]
    public async Task A_budget_longer_than_a_timer_can_hold_neither_throws_nor_fires()
    {
        using var scope = new CallScope(CancellationToken.None, CancellationToken.None);

        var start = () => scope.StartBudget(TimeSpan.FromHours(2000), "the resource's customTimeouts", "create", Resource);

        start.Should().NotThrow();
        (await CancelledWithin(scope.Token, TimeSpan.FromMilliseconds(50))).Should().BeFalse();
        scope.TimedOut.Should().BeNull();
    }

    [Fact]
    public async Task Disposing_releases_the_source_without_cancelling_and_detaches_it_from_both_sides()
    {
        using var client = new CancellationTokenSource();
        using var engine = new CancellationTokenSource();
        var scope = new CallScope(client.Token, engine.Token);
        var token = scope.Token;
        // Long enough that a loaded machine cannot let it fire before the dispose below, short enough to wait for.
        scope.StartBudget(TimeSpan.FromMilliseconds(500), "src", "create", Resource);

        var dispose = () => scope.Dispose();
        dispose.Should().NotThrow();

        token.IsCancellationRequested.Should().BeFalse("disposing is not cancelling");
        var cancelSides = () => { client.Cancel(); engine.Cancel(); };
        cancelSides.Should().NotThrow("a disposed scope no longer listens to the client or the engine");
        (await CancelledWithin(token, TimeSpan.FromSeconds(1))).Should().BeFalse("neither side nor the disarmed budget reaches a disposed source");
        ((Func<CancellationToken>)(() => scope.Token)).Should().Throw<ObjectDisposedException>("as CancellationTokenSource.Token defines it");
    }
}
