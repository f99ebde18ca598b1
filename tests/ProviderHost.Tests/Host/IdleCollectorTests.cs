using ProviderHost.Hosting;

namespace ProviderHost.Tests.Host;

/// <summary>
/// Memory is given back between bursts of calls: one full collection once no call has been in flight for the quiet
/// period after enough allocation, never while a call is in flight, and not again until as much is allocated anew.
/// The timer is driven by hand, so nothing here depends on timing.
/// </summary>
public class IdleCollectorTests
{
    private readonly ManualTimers _time = new();
    private long _allocated;
    private int _collections;

    private IdleCollector Collector() => new(_time, () => _collections++, () => _allocated);

    /// <summary>One call that allocates <paramref name="bytes"/>.</summary>
    private void Call(IdleCollector idle, long bytes)
    {
        idle.Enter();
        _allocated += bytes;
        idle.Exit();
    }

    [Fact]
    public void Collects_once_the_last_call_of_a_burst_has_been_over_for_the_quiet_period()
    {
        var idle = Collector();
        idle.Enter();
        idle.Enter();
        _allocated += IdleCollector.AllocatedBytesThreshold;
        idle.Exit();
        _time.Pending.Should().Be(0, "a call is still in flight");
        idle.Exit();

        _time.Pending.Should().Be(1);
        _time.Due.Should().Be(IdleCollector.Quiet);
        _time.Fire();
        _collections.Should().Be(1);
    }

    [Fact]
    public void A_few_calls_that_allocate_little_cost_no_collection()
    {
        var idle = Collector();
        Call(idle, IdleCollector.AllocatedBytesThreshold - 1);

        _time.Pending.Should().Be(0);
        _collections.Should().Be(0);
    }

    [Fact]
    public void A_call_in_flight_when_the_timer_fires_postpones_the_collection_until_it_ends()
    {
        var idle = Collector();
        Call(idle, IdleCollector.AllocatedBytesThreshold);
        idle.Enter();
        _time.Fire();
        _collections.Should().Be(0);

        idle.Exit();
        _time.Fire();
        _collections.Should().Be(1);
    }

    [Fact]
    public void Calls_that_came_and_went_meanwhile_wait_another_quiet_period()
    {
        var idle = Collector();
        Call(idle, IdleCollector.AllocatedBytesThreshold);
        Call(idle, 0);
        _time.Fire();
        _collections.Should().Be(0);
        _time.Pending.Should().Be(1);

        _time.Fire();
        _collections.Should().Be(1);
    }

    [Fact]
    public void After_a_collection_the_next_needs_as_much_allocation_again()
    {
        var idle = Collector();
        Call(idle, IdleCollector.AllocatedBytesThreshold);
        _time.Fire();

        Call(idle, IdleCollector.AllocatedBytesThreshold / 2);
        _time.Pending.Should().Be(0);
        _collections.Should().Be(1);
    }

    /// <summary>Timers that fire only when the test says so.</summary>
    private sealed class ManualTimers : TimeProvider
    {
        private readonly List<(TimerCallback Callback, object? State, TimeSpan Due, Timer Handle)> _timers = [];

        public int Pending => _timers.Count(t => !t.Handle.Disposed);
        public TimeSpan Due => _timers.Last(t => !t.Handle.Disposed).Due;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var handle = new Timer();
            _timers.Add((callback, state, dueTime, handle));
            return handle;
        }

        public void Fire()
        {
            var (callback, state, _, _) = _timers.Last(t => !t.Handle.Disposed);
            callback(state);
        }

        private sealed class Timer : ITimer
        {
            public bool Disposed { get; private set; }
            public bool Change(TimeSpan dueTime, TimeSpan period) => !Disposed;
            public void Dispose() => Disposed = true;
            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
