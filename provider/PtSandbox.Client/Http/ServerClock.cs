namespace PtSandbox.Client.Http;

/// <summary>
/// Estimates the server's clock from the <c>Date</c> header of the latest response, so token creation
/// times (server clock) can be compared with "when our create started" (local clock).
/// </summary>
internal sealed class ServerClock(TimeProvider time)
{
    private long offsetTicks;
    private int known;

    public void Observe(DateTimeOffset? serverDate)
    {
        if (serverDate is not { } date)
            return;
        Interlocked.Exchange(ref offsetTicks, (date - time.GetUtcNow()).Ticks);
        Volatile.Write(ref known, 1);
    }

    public bool IsKnown => Volatile.Read(ref known) == 1;

    /// <summary>The server's "now"; the local clock when no Date header was seen yet.</summary>
    public DateTimeOffset Now =>
        time.GetUtcNow() + (IsKnown ? TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks)) : TimeSpan.Zero);
}
