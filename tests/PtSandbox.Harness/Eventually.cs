namespace PtSandbox.Harness;

/// <summary>
/// Waits until something another thread or process does has happened, by polling, rather than for a fixed time. The
/// window is wide since it runs out only when a test is failing anyway, and a loaded machine can be slow.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(20);

    public static Task HoldsAsync(Func<bool> condition, string what) => HoldsAsync(() => Task.FromResult(condition()), what);

    public static async Task HoldsAsync(Func<Task<bool>> condition, string what)
    {
        var end = DateTime.UtcNow + Window;
        while (!await condition())
        {
            if (DateTime.UtcNow >= end) throw new TimeoutException($"not so after {Window.TotalSeconds:0} s: {what}");
            await Task.Delay(10);
        }
    }
}
