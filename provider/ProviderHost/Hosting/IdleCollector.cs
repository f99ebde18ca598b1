namespace ProviderHost.Hosting;

/// <summary>
/// Gives memory back once the provider goes quiet after a burst of calls. The engine keeps one provider for a whole
/// `pulumi up --refresh`, sending a burst of calls per step; what the calls of a burst leave behind survives the
/// frequent young collections while they are in flight and piles up in the oldest generation, which is collected
/// rarely, so the resident set would grow from burst to burst. Here, when no call has been in flight for
/// <see cref="Quiet"/> and at least <see cref="AllocatedBytesThreshold"/> were allocated since the last such
/// collection, one full, compacting collection runs: between bursts, never while a call waits for it.
/// </summary>
internal sealed class IdleCollector(TimeProvider time, Action collect, Func<long> allocatedBytes)
{
    /// <summary>How long no call may be in flight before the collection runs.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(250);

    /// <summary>Allocation since the last collection that makes one worth it: a burst, not a few calls.</summary>
    public const long AllocatedBytesThreshold = 4L * 1024 * 1024;

    private readonly object _gate = new();
    private int _inFlight;
    private long _calls;
    private long _collectedAt;
    private ITimer? _timer;

    /// <summary>The collector the provider runs with: the garbage collector's own counters and a full collection that
    /// returns the freed memory to the system.</summary>
    public static IdleCollector ForProcess() => new(TimeProvider.System,
        () => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true),
        () => GC.GetTotalAllocatedBytes(precise: false));

    /// <summary>A call starts.</summary>
    public void Enter()
    {
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _calls);
    }

    /// <summary>A call ended; the last one in flight arms the quiet timer when enough was allocated.</summary>
    public void Exit()
    {
        if (Interlocked.Decrement(ref _inFlight) != 0) return;
        if (allocatedBytes() - Volatile.Read(ref _collectedAt) < AllocatedBytesThreshold) return;
        lock (_gate)
        {
            if (_timer is not null) return;
            var calls = Interlocked.Read(ref _calls);
            _timer = time.CreateTimer(_ => OnQuiet(calls), null, Quiet, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>No call started since the timer was armed and none is in flight: collect. Calls that came and went
    /// meanwhile wait another quiet period; one still in flight arms the timer again when it ends.</summary>
    private void OnQuiet(long callsWhenArmed)
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            if (Volatile.Read(ref _inFlight) != 0) return;
            var calls = Interlocked.Read(ref _calls);
            if (calls != callsWhenArmed)
            {
                _timer = time.CreateTimer(_ => OnQuiet(calls), null, Quiet, Timeout.InfiniteTimeSpan);
                return;
            }
            collect();
            Volatile.Write(ref _collectedAt, allocatedBytes());
        }
    }
}
