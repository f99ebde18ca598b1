using System.Diagnostics;

namespace PtSandbox.Bench;

/// <summary>
/// 4. Concurrency: 50 concurrent Creates on a freshly started, configured provider; the emulator counts the
/// logins (one is the target: concurrent first calls must share one login). The tokens are deleted afterwards.
/// </summary>
internal static class ConcurrencySection
{
    private const int Creates = 50;

    private sealed record Sample(int Logins, int Bearers, double WallMs);

    public static async Task RunAsync(Bench bench)
    {
        var report = bench.Report;
        const string figure = "4  logins for 50 concurrent Creates";
        Emulator.EmulatorServer emulator;
        try
        {
            emulator = await bench.EmulatorAsync();
            await emulator.Control.ResetAsync();
        }
        catch (Exception e)
        {
            report.Failed(figure, "1", e);
            return;
        }

        var samples = new List<Sample>();
        Exception? error = null;
        for (var r = 0; r < bench.Options.Repeats; r++)
        {
            try
            {
                samples.Add(await OnceAsync(bench, emulator, r));
            }
            catch (Exception e)
            {
                error ??= e;
            }
        }

        string leftover;
        try
        {
            // Anything a failed run left behind goes too (hard delete through the control API).
            var live = (await emulator.Control.GetTokensAsync()).Where(t => t.Deleted is null && t.Name.StartsWith("bench-c", StringComparison.Ordinal)).ToList();
            foreach (var token in live) await emulator.Control.DeleteTokenAsync(token.Id);
            leftover = live.Count == 0 ? "all tokens deleted by the provider" : $"{live.Count} tokens left, removed via the control API";
        }
        catch (Exception e)
        {
            leftover = "cleanup check failed: " + Report.OneLine(e);
        }

        if (samples.Count == 0)
        {
            report.Failed(figure, "1", error ?? new InvalidOperationException("no samples"));
            return;
        }
        var worst = samples.Max(s => s.Logins);
        var value = $"{worst} (worst of {samples.Count}; bearers {samples.Max(s => s.Bearers)}; wall {Fmt.Ms(Fmt.Median(samples.Select(s => s.WallMs).ToList()))}; {leftover})";
        if (error is not null) value += "; also failed once: " + Report.OneLine(error);
        report.Check(figure, value, "1", worst == 1);
    }

    private static async Task<Sample> OnceAsync(Bench bench, Emulator.EmulatorServer emulator, int run)
    {
        await using var plugin = await Plugin.StartConfiguredAsync(bench, Bench.Host(emulator), "4 50 concurrent Creates");
        var names = Enumerable.Range(0, Creates).Select(i => $"bench-c{run}n{i:D2}-x").ToArray();
        var requests = names.Select(plugin.Create).ToArray();
        var before = await emulator.Control.GetStatsAsync();

        var clock = Stopwatch.StartNew();
        var calls = requests.Select(r => plugin.Client.CreateAsync(r, deadline: Plugin.Deadline()).ResponseAsync).ToArray();
        try
        {
            await Task.WhenAll(calls);
        }
        catch
        {
            // Reported below, after whatever was created has been deleted.
        }
        var wall = clock.Elapsed.TotalMilliseconds;
        var after = await emulator.Control.GetStatsAsync();

        var created = calls.Select((call, i) => (call, i)).Where(c => c.call.IsCompletedSuccessfully).ToList();
        await Task.WhenAll(created.Select(c =>
            plugin.Client.DeleteAsync(plugin.Delete(names[c.i], c.call.Result), deadline: Plugin.Deadline()).ResponseAsync));

        var failed = calls.FirstOrDefault(c => !c.IsCompletedSuccessfully);
        if (failed is not null)
            throw new InvalidOperationException($"{calls.Count(c => !c.IsCompletedSuccessfully)} of {Creates} Creates failed: {Report.OneLine(failed.Exception ?? new Exception("cancelled"))}");
        return new Sample(after.Logins - before.Logins, after.BearersIssued - before.BearersIssued, wall);
    }
}
