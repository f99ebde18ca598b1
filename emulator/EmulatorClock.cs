namespace PtSandbox.Emulator;

/// <summary>The sandbox's clock, as <c>GET /_emulator/clock</c> reports it.</summary>
/// <param name="OffsetSeconds">How far the sandbox's clock runs ahead of real time; negative when it runs behind.</param>
/// <param name="Now">The sandbox's time in UNIX seconds with a fraction: what a token created now is stamped with.</param>
public sealed record EmulatorClock(double OffsetSeconds, double Now);
