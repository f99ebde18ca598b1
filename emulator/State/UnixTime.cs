namespace PtSandbox.Emulator.State;

internal static class UnixTime
{
    /// <summary>Seconds since 1970 with a fraction, like the real API's <c>created</c>/<c>modified</c>/<c>deleted</c>.</summary>
    public static double Now() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;
}
