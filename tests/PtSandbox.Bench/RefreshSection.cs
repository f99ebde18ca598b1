using System.Diagnostics;
using Pulumirpc;

namespace PtSandbox.Bench;

/// <summary>
/// 3. Refresh at scale: 1,000 tokens made directly in the emulator; then n = 10, 100, 1,000 Reads (as a refresh sends
/// them) to a freshly started, configured provider, with parallelism 10 and unbounded. Wall time (from the first
/// Read to the last reply, login included) and the listings the emulator counted (a before/after difference:
/// the emulator's reset would also drop the tokens). Beside each, its floor, measured in the same run right after:
/// one direct listing (<see cref="DirectApi"/>) plus n no-op round trips (GetPluginInfo) at the same parallelism to
/// a second provider started and configured the same way; the provider's own cost is the wall time less the floor
/// (the median of the runs' differences). Beside them, the provider's CPU time over the Reads and over the no-ops
/// (3f), which the machine's load moves less, and the same no-ops on the Reads' process once they are done.
/// Then one warm process through repeated rounds of 1,000 unbounded Reads, as the engine keeps one provider for a
/// whole `pulumi up --refresh`: its resident set after the first and the last round shows any growth.
/// </summary>
internal static class RefreshSection
{
    private const int Tokens = 1000;
    private const int CreateParallelism = 16;
    private const string Listing = "GET /api/ui/public-api/tokens";
    private static readonly int[] Sizes = [10, 100, 1000];
    private static readonly int?[] Parallelisms = [10, null];

    /// <summary>One refresh and its floor. The floor's no-ops ran on a second freshly started, configured process
    /// (<c>Noops*</c>), as the Reads did on theirs; the same no-ops on the Reads' process right after them
    /// (<c>WarmNoops*</c>) show what a process's first calls cost the gRPC server itself.</summary>
    private sealed record Sample(double WallMs, int Listings, int Logins, double ListingMs,
        double ReadsCpuMs, long ReadsFaults, double NoopsMs, double NoopsCpuMs, long NoopsFaults, double WarmNoopsMs, double WarmNoopsCpuMs)
    {
        public double FloorMs => ListingMs + NoopsMs;
        public double OwnMs => WallMs - FloorMs;
    }

    /// <summary>The provider's own cost of 1,000 Reads may be at most this share of their floor.</summary>
    private const double OwnShareTarget = 0.20;

    public static async Task RunAsync(Bench bench)
    {
        var report = bench.Report;
        List<DirectToken> tokens;
        Emulator.EmulatorServer emulator;
        try
        {
            emulator = await bench.EmulatorAsync();
            await emulator.Control.ResetAsync();
            var clock = Stopwatch.StartNew();
            tokens = await CreateTokensAsync(emulator, Tokens, "bench-r");
            report.Info("3  setup: 1,000 tokens created directly", Fmt.Ms(clock.Elapsed.TotalMilliseconds));
        }
        catch (Exception e)
        {
            report.Failed("3  refresh at scale (setup: 1,000 tokens)", "-", e);
            return;
        }

        using var direct = await DirectApi.LoginAsync(emulator.BaseUrl, "admin", "admin");
        await direct.ListAsync(); // warms the benchmark's own direct path (its JIT, its connection)
        var results = new Dictionary<(int N, int? Par), List<Sample>>();
        foreach (var par in Parallelisms)
        {
            foreach (var n in Sizes)
            {
                var figure = $"3  refresh: {n,4} Reads, parallelism {Par(par)}";
                var samples = new List<Sample>();
                Exception? error = null;
                for (var r = 0; r < bench.Options.Repeats; r++)
                {
                    try
                    {
                        samples.Add(await RefreshOnceAsync(bench, emulator, direct, tokens.Take(n).ToList(), par));
                    }
                    catch (Exception e)
                    {
                        error ??= e;
                    }
                }
                if (samples.Count == 0)
                {
                    report.Failed(figure, "-", error ?? new InvalidOperationException("no samples"));
                    continue;
                }
                results[(n, par)] = samples;
                var walls = samples.Select(s => s.WallMs).ToList();
                var floor = Fmt.Median(samples.Select(s => s.FloorMs).ToList());
                var own = Fmt.Median(samples.Select(s => s.OwnMs).ToList());
                double Median(Func<Sample, double> figure) => Fmt.Median(samples.Select(figure).ToList());
                var value = $"wall {Fmt.Ms(Fmt.Median(walls))} (max {Fmt.Ms(walls.Max())}); floor {Fmt.Ms(floor)} (listing {Fmt.Ms(Median(s => s.ListingMs))} + {n} no-ops {Fmt.Ms(Median(s => s.NoopsMs))} on a fresh process; the same no-ops after the Reads {Fmt.Ms(Median(s => s.WarmNoopsMs))}); own {Fmt.Ms(own)} = {own / floor * 100:0}% of the floor; provider CPU {Fmt.Ms(Median(s => s.ReadsCpuMs))} (no-ops {Fmt.Ms(Median(s => s.NoopsCpuMs))}, after the Reads {Fmt.Ms(Median(s => s.WarmNoopsCpuMs))}); listings {Counts(samples.Select(s => s.Listings))}, logins {Counts(samples.Select(s => s.Logins))}, runs {samples.Count}";
                if (error is not null) value += "; also failed once: " + Report.OneLine(error);
                report.Info(figure, value);
            }
        }

        try
        {
            await RepeatedAsync(bench, emulator, tokens);
        }
        catch (Exception e)
        {
            report.Failed("3d warm process, repeated 1,000-Read refreshes", "≤ 30 MB, no growth", e);
        }

        foreach (var par in Parallelisms)
        {
            var label = $"parallelism {Par(par)}";
            if (results.TryGetValue((1000, par), out var big))
            {
                var worst = big.Max(s => s.Listings);
                report.Check($"3a listings for 1,000 Reads, {label}", $"{worst} (worst of {big.Count})", "≤ 3", worst <= 3);
            }
            else report.Skipped($"3a listings for 1,000 Reads, {label}", "no measurement", "≤ 3");

            var ownTarget = $"≤ {OwnShareTarget * 100:0}% of the floor";
            if (results.TryGetValue((1000, par), out big))
            {
                var floor = Fmt.Median(big.Select(s => s.FloorMs).ToList());
                var own = Fmt.Median(big.Select(s => s.OwnMs).ToList());
                report.Check($"3c own cost of 1,000 Reads, {label}", $"{Fmt.Ms(own)} = {own / floor * 100:0}% of the floor {Fmt.Ms(floor)}", ownTarget, own <= OwnShareTarget * floor);
            }
            else report.Skipped($"3c own cost of 1,000 Reads, {label}", "no measurement", ownTarget);

            if (results.TryGetValue((1000, par), out big))
            {
                // Less sensitive to the machine's load than the wall times: the provider's own CPU time.
                var reads = Fmt.Median(big.Select(s => s.ReadsCpuMs).ToList());
                var noops = Fmt.Median(big.Select(s => s.NoopsCpuMs).ToList());
                var warmNoops = Fmt.Median(big.Select(s => s.WarmNoopsCpuMs).ToList());
                var faults = big.Select(s => (double)s.ReadsFaults).ToList();
                var noopFaults = big.Select(s => (double)s.NoopsFaults).ToList();
                report.Info($"3f provider CPU of 1,000 Reads / 1,000 no-ops, fresh processes, {label}",
                    $"{Fmt.Ms(reads)} / {Fmt.Ms(noops)}: own {Fmt.Ms(reads - noops)}, {(reads - noops) / 1000 * 1000:0.0} µs per Read (login and listing included); page faults over the Reads {Fmt.Median(faults):0} (min {faults.Min():0}, max {faults.Max():0}), over the no-ops {Fmt.Median(noopFaults):0}; the no-ops after the Reads {Fmt.Ms(warmNoops)}");
            }

            if (results.TryGetValue((1000, par), out big) && results.TryGetValue((10, par), out var small))
            {
                var w1000 = Fmt.Median(big.Select(s => s.WallMs).ToList());
                var w10 = Fmt.Median(small.Select(s => s.WallMs).ToList());
                report.Check($"3b wall(1,000) / wall(10), {label}", $"{Fmt.Ratio(w1000 / w10)} ({Fmt.Ms(w1000)} / {Fmt.Ms(w10)})", "≤ 2x", w1000 / w10 <= 2.0);
            }
            else report.Skipped($"3b wall(1,000) / wall(10), {label}", "no measurement", "≤ 2x");
        }
    }

    private static string Par(int? par) => par is { } p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unbounded";

    private static string Counts(IEnumerable<int> counts)
    {
        var list = counts.ToList();
        return list.Min() == list.Max() ? $"{list[0]}" : $"{list.Min()}–{list.Max()}";
    }

    /// <summary><paramref name="count"/> tokens made directly in the emulator, named PREFIX0000-x onwards.</summary>
    internal static async Task<List<DirectToken>> CreateTokensAsync(Emulator.EmulatorServer emulator, int count, string prefix)
    {
        using var direct = await DirectApi.LoginAsync(emulator.BaseUrl, "admin", "admin");
        var tokens = new DirectToken[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = CreateParallelism },
            async (i, ct) => tokens[i] = await direct.CreateAsync($"{prefix}{i:D4}-x", Plugin.Permissions, ct));
        return [.. tokens];
    }

    /// <summary>
    /// One warm process, as the engine keeps one for a whole `pulumi up --refresh`: rounds of 1,000 unbounded Reads
    /// (each after the last listing has expired, so each lists again), its resident set read after every round.
    /// </summary>
    private static async Task RepeatedAsync(Bench bench, Emulator.EmulatorServer emulator, List<DirectToken> tokens)
    {
        var rounds = bench.Options.Quick ? 5 : 15;
        await using var plugin = await Plugin.StartConfiguredAsync(bench, Bench.Host(emulator), $"3 warm process, {rounds} rounds of 1,000 Reads");
        var requests = tokens.Select(plugin.Read).ToArray();
        var pid = plugin.Process.ProcessId;
        var rss = new List<(long Now, long Peak, double WallMs, long Anon, int Threads, long Faults)>();
        for (var round = 0; round < rounds; round++)
        {
            if (round > 0) await Task.Delay(ListingLifetime);
            var faults = ProcStatus.MinorFaults(pid);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(requests.Select(r => plugin.Client.ReadAsync(r, deadline: Plugin.Deadline()).ResponseAsync));
            var wall = clock.Elapsed.TotalMilliseconds;
            rss.Add((ProcStatus.RssBytes(pid), ProcStatus.PeakRssBytes(pid), wall, ProcStatus.RssSplit(pid).Anon, ProcStatus.Threads(pid), ProcStatus.MinorFaults(pid) - faults));
        }
        await Task.Delay(TimeSpan.FromSeconds(1));
        var settled = ProcStatus.RssBytes(pid);
        var (first, last) = (rss[0], rss[^1]);
        var growth = last.Now - first.Now;
        var peak = rss.Max(r => r.Peak);
        bench.Report.Check($"3d warm process, {rounds} rounds of 1,000 unbounded Reads: peak RSS",
            $"{Fmt.Mb(peak)} (after round 1: {Fmt.Mb(first.Peak)}; after round {rounds}: {Fmt.Mb(last.Peak)})", "≤ 30 MB", peak <= MemoryTarget);
        bench.Report.Check($"3e   resident set after round 1 / round {rounds}",
            $"{Fmt.Mb(first.Now)} / {Fmt.Mb(last.Now)} ({(growth >= 0 ? "+" : "−")}{Fmt.Mb(Math.Abs(growth))}; anonymous {Fmt.Mb(first.Anon)} / {Fmt.Mb(last.Anon)}; threads {first.Threads} / {last.Threads}; page faults {first.Faults} / {last.Faults}); 1 s after the last round {Fmt.Mb(settled)}; wall {Fmt.Ms(first.WallMs)} / {Fmt.Ms(last.WallMs)}",
            $"growth ≤ {Fmt.Mb(GrowthAllowance)}", growth <= GrowthAllowance);
    }

    /// <summary>Longer than the provider's shared listing lives (TokenListingCache.FreshFor, 2 s).</summary>
    private static readonly TimeSpan ListingLifetime = TimeSpan.FromSeconds(2.1);

    private const long MemoryTarget = 30L * 1024 * 1024;

    /// <summary>What the collector's timing alone moves the resident set by between rounds; more is growth.</summary>
    private const long GrowthAllowance = 1024 * 1024;

    /// <summary>Sends the calls at that parallelism (null: all at once).</summary>
    internal static async Task SendAsync(Func<CancellationToken, Task>[] calls, int? parallelism)
    {
        if (parallelism is { } limit)
            await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = limit }, async (call, ct) => await call(ct));
        else
            await Task.WhenAll(calls.Select(call => call(CancellationToken.None)));
    }

    private static async Task<Sample> RefreshOnceAsync(Bench bench, Emulator.EmulatorServer emulator, DirectApi direct, List<DirectToken> tokens, int? parallelism)
    {
        var label = $"3 {tokens.Count} Reads, parallelism {Par(parallelism)}";
        double wall, readsCpu, warmNoopsMs, warmNoopsCpu;
        long readsFaults;
        int listings, logins;
        await using (var plugin = await Plugin.StartConfiguredAsync(bench, Bench.Host(emulator), label))
        {
            var requests = tokens.Select(plugin.Read).ToArray();
            var replies = new ReadResponse[requests.Length];
            var before = await emulator.Control.GetStatsAsync();
            var pid = plugin.Process.ProcessId;

            var cpu = ProcStatus.CpuMs(pid);
            var faults = ProcStatus.MinorFaults(pid);
            var clock = Stopwatch.StartNew();
            if (parallelism is { } limit)
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, requests.Length), new ParallelOptions { MaxDegreeOfParallelism = limit },
                    async (i, ct) => replies[i] = await plugin.Client.ReadAsync(requests[i], deadline: Plugin.Deadline(), cancellationToken: ct));
            }
            else
            {
                var calls = requests.Select(r => plugin.Client.ReadAsync(r, deadline: Plugin.Deadline()).ResponseAsync).ToArray();
                var done = await Task.WhenAll(calls);
                done.CopyTo(replies, 0);
            }
            wall = clock.Elapsed.TotalMilliseconds;
            readsCpu = ProcStatus.CpuMs(pid) - cpu;
            readsFaults = ProcStatus.MinorFaults(pid) - faults;

            var after = await emulator.Control.GetStatsAsync();
            var wrong = replies.Where((reply, i) => reply.Id != requests[i].Id).Count();
            if (wrong > 0)
                throw new InvalidOperationException($"{wrong} of {replies.Length} Reads did not return their token (gone or another id)");
            (listings, logins) = (after.Count(Listing) - before.Count(Listing), after.Logins - before.Logins);
            (warmNoopsMs, warmNoopsCpu, _) = await NoopsAsync(plugin, tokens.Count, parallelism);
        }

        // The floor: as many no-op round trips at the same parallelism to a provider started and configured the same
        // way (the gRPC server's first calls cost a fresh process more than later ones), and one direct listing.
        await using var fresh = await Plugin.StartConfiguredAsync(bench, Bench.Host(emulator), use: null);
        var (noopsMs, noopsCpu, noopsFaults) = await NoopsAsync(fresh, tokens.Count, parallelism);
        var listingClock = Stopwatch.StartNew();
        var listed = await direct.ListAsync();
        var listingMs = listingClock.Elapsed.TotalMilliseconds;
        if (listed < tokens.Count) throw new InvalidOperationException($"the direct listing shows {listed} tokens, fewer than the {tokens.Count} read");
        return new Sample(wall, listings, logins, listingMs, readsCpu, readsFaults, noopsMs, noopsCpu, noopsFaults, warmNoopsMs, warmNoopsCpu);
    }

    /// <summary><paramref name="count"/> no-op round trips (GetPluginInfo) at that parallelism: their wall time, and
    /// the provider's CPU time and page faults over them.</summary>
    private static async Task<(double WallMs, double CpuMs, long Faults)> NoopsAsync(Plugin plugin, int count, int? parallelism)
    {
        var noops = Enumerable.Repeat<Func<CancellationToken, Task>>(ct => plugin.NoopAsync(ct), count).ToArray();
        var pid = plugin.Process.ProcessId;
        var cpu = ProcStatus.CpuMs(pid);
        var faults = ProcStatus.MinorFaults(pid);
        var clock = Stopwatch.StartNew();
        await SendAsync(noops, parallelism);
        return (clock.Elapsed.TotalMilliseconds, ProcStatus.CpuMs(pid) - cpu, ProcStatus.MinorFaults(pid) - faults);
    }
}
