namespace PtSandbox.Emulator.Tests.Support;

internal static class Servers
{
    /// <summary>A fresh plain-HTTP emulator (they start in milliseconds, so every test gets its own).</summary>
    public static Task<EmulatorServer> HttpAsync(EmulatorOptions? options = null) =>
        EmulatorServer.StartAsync((options ?? new EmulatorOptions()) with { Http = true });
}
