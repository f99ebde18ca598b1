using Microsoft.Extensions.Hosting;

namespace PtSandbox.Emulator;

/// <summary>
/// Replaces the console lifetime: it would print to stdout and grab SIGINT/SIGTERM even when the emulator
/// runs inside a test process. Program.cs handles signals itself.
/// </summary>
internal sealed class SilentHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
