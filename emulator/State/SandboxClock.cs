namespace PtSandbox.Emulator.State;

/// <summary>
/// The sandbox's own clock: real time plus an offset set through the control API. Only the times stamped on
/// tokens (<c>created</c>, <c>modified</c>, <c>deleted</c>) read it; bearer expiry and fault delays stay on
/// real time, so moving the clock never logs anyone out.
/// </summary>
internal sealed class SandboxClock
{
    /// <summary>Ten years of 365.25 days, the largest offset either way.</summary>
    public const double MaxOffsetSeconds = 315_576_000;

    private double _offsetSeconds;

    public static bool IsAllowedOffset(double seconds) => double.IsFinite(seconds) && Math.Abs(seconds) <= MaxOffsetSeconds;

    /// <summary>The sandbox's time in UNIX seconds; see <see cref="UnixTime.Now"/>.</summary>
    public double Now() => Read().Now;

    /// <summary>The offset and the time it gives, from one read of the offset.</summary>
    public (double OffsetSeconds, double Now) Read()
    {
        var offset = Volatile.Read(ref _offsetSeconds);
        return (offset, UnixTime.Now() + offset);
    }

    public void SetOffset(double seconds)
    {
        if (!IsAllowedOffset(seconds))
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "The offset must be finite and at most ten years either way");
        Volatile.Write(ref _offsetSeconds, seconds);
    }

    public void Reset() => Volatile.Write(ref _offsetSeconds, 0);
}
