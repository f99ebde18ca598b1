namespace PtSandbox.Bench;

/// <summary>
/// 8. Memory the provider touches per call, with collections held off: one configured process whose smallest
/// young-generation budget is 256 MiB (<c>DOTNET_GCgen0size</c>), so no collection runs in the window and every byte
/// allocated lands on a page not touched before. Its minor page faults times the page size are then the memory a call
/// allocates (managed and native). Less noisy than CPU or wall time on a shared machine, and what drives the
/// collections and the page faults of the other sections. Measured after a warm-up, over blocks of no-op round trips,
/// Reads of 1,000 tokens (parallelism 10) and Create+Delete pairs; the provider's own share is the difference from the
/// no-ops.
/// </summary>
internal static class AllocationSection
{
    private const int Tokens = 1000;
    private const int Pairs = 200;
    private const int PageBytes = 4096;
    private const int Parallelism = 10;

    // Hexadecimal, as the runtime reads its DOTNET_GC settings: 0x10000000 bytes = 256 MiB.
    private static readonly Dictionary<string, string?> CollectionsHeldOff = new() { ["DOTNET_GCgen0size"] = "10000000" };

    private const string Figure = "8  memory touched per call, collections held off";

    public static async Task RunAsync(Bench bench)
    {
        try
        {
            await MeasureAsync(bench);
        }
        catch (Exception e)
        {
            bench.Report.Failed(Figure, "-", e);
        }
    }

    private static async Task MeasureAsync(Bench bench)
    {
        var report = bench.Report;
        var emulator = await bench.EmulatorAsync();
        await emulator.Control.ResetAsync();
        var tokens = await RefreshSection.CreateTokensAsync(emulator, Tokens, "bench-a");
        await using var plugin = await Plugin.StartConfiguredAsync(bench, Bench.Host(emulator), use: null, CollectionsHeldOff);
        var pid = plugin.Process.ProcessId;
        var noopCalls = Enumerable.Repeat<Func<CancellationToken, Task>>(ct => plugin.NoopAsync(ct, deadlineSeconds: 30), Tokens).ToArray();
        var readCalls = tokens.Select(plugin.Read).Select(read => (Func<CancellationToken, Task>)(ct =>
            plugin.Client.ReadAsync(read, deadline: Plugin.Deadline(30), cancellationToken: ct).ResponseAsync)).ToArray();

        Task Noops() => RefreshSection.SendAsync(noopCalls, Parallelism);
        Task Reads() => RefreshSection.SendAsync(readCalls, Parallelism);
        async Task PairsAsync(string kind)
        {
            for (var i = 0; i < Pairs; i++) await OverheadSection.ProviderPairAsync(plugin, $"bench-{kind}{i}-x");
        }
        async Task<long> FaultsOver(Func<Task> calls)
        {
            var before = ProcStatus.MinorFaults(pid);
            await calls();
            return ProcStatus.MinorFaults(pid) - before;
        }
        double KibPerCall(long faults, int calls) => faults * (double)PageBytes / 1024 / calls;

        // Warm-up: login, the listing, every path's first use.
        await Noops();
        await Reads();
        await PairsAsync("aw");

        var rssBefore = ProcStatus.RssBytes(pid);
        var noopFaults = await FaultsOver(Noops);
        var readFaults = await FaultsOver(Reads);
        var pairFaults = await FaultsOver(() => PairsAsync("a"));

        // A collection would give pages back or reuse them: the resident set would then not grow with the faults.
        var grown = ProcStatus.RssBytes(pid) - rssBefore;
        var touched = (noopFaults + readFaults + pairFaults) * PageBytes;
        if (grown < touched * 0.8)
        {
            report.Failed(Figure, "-", new InvalidOperationException(
                $"collections were not held off: the resident set grew {Fmt.Mb(grown)} while {Fmt.Mb(touched)} of pages were touched"));
            return;
        }

        var noop = KibPerCall(noopFaults, Tokens);
        var read = KibPerCall(readFaults, Tokens);
        var pair = KibPerCall(pairFaults, Pairs);
        report.Info(Figure,
            $"no-op {noop:0.0} KiB; Read {read:0.0} KiB (own {read - noop:0.0}); Create+Delete {pair:0.0} KiB (own {pair - 2 * noop:0.0}); " +
            $"{Tokens:N0} no-ops, {Tokens:N0} Reads, {Pairs} pairs against {Tokens:N0} tokens");
    }
}
