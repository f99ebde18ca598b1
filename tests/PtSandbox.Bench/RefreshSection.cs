using System.Diagnostics;
using Pulumirpc;

namespace PtSandbox.Bench;

/// <summary>
/// 3. Refresh at scale: 1,000 tokens made directly in the emulator; then n = 10, 100, 1,000 Reads (as a refresh sends
/// them) to a freshly started, configured provider, with parallelism 10 and unbounded. Wall time (from the first
/// Read to the last reply, login included) and the listings the emulator counted (a before/after difference:
/// the emulator's reset would also drop the tokens).
/// </summary>
internal static class RefreshSection
{
    private const int Tokens = 1000;
    private const int CreateParallelism = 16;
    private const string Listing = "GET /api/ui/public-api/tokens";
    private static readonly int[] Sizes = [10, 100, 1000];
    private static readonly int?[] Parallelisms = [10, null];

    private sealed record Sample(double WallMs, int Listings, int Logins);

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
                        samples.Add(await RefreshOnceAsync(bench, emulator, tokens.Take(n).ToList(), par));
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
                var value = $"wall {Fmt.Ms(Fmt.Median(walls))} (max {Fmt.Ms(walls.Max())}), listings {Counts(samples.Select(s => s.Listings))}, logins {Counts(samples.Select(s => s.Logins))}, runs {samples.Count}";
                if (error is not null) value += "; also failed once: " + Report.OneLine(error);
                report.Info(figure, value);
            }
        }

        foreach (var par in Parallelisms)
        {
            try
            {
                await FloorAsync(bench, emulator, tokens, par);
            }
            catch (Exception e)
            {
                report.Failed($"3c   warm process, parallelism {Par(par)}", "-", e);
            }
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
    /// Where the time of 1,000 Reads goes: on one warm, logged-in process, 1,000 no-op RPCs (GetPluginInfo: the cost
    /// of the gRPC hop alone), then the same 1,000 Reads as the refresh (the cost per Read once login, first
    /// connections and the first listing are paid).
    /// </summary>
    private static async Task FloorAsync(Bench bench, Emulator.EmulatorServer emulator, List<DirectToken> tokens, int? parallelism)
    {
        await using var plugin = await Plugin.StartConfiguredAsync(bench, Bench.Host(emulator), use: null);
        var requests = tokens.Select(plugin.Read).ToArray();
        await SendAsync(requests.Take(10).Select(r => (Func<CancellationToken, Task>)(ct => plugin.Client.ReadAsync(r, deadline: Plugin.Deadline(), cancellationToken: ct).ResponseAsync)).ToArray(), parallelism);

        var empty = new Google.Protobuf.WellKnownTypes.Empty();
        var noops = Enumerable.Range(0, requests.Length)
            .Select(_ => (Func<CancellationToken, Task>)(ct => plugin.Client.GetPluginInfoAsync(empty, deadline: Plugin.Deadline(), cancellationToken: ct).ResponseAsync)).ToArray();
        var clock = Stopwatch.StartNew();
        await SendAsync(noops, parallelism);
        var noopMs = clock.Elapsed.TotalMilliseconds;

        var reads = requests
            .Select(r => (Func<CancellationToken, Task>)(ct => plugin.Client.ReadAsync(r, deadline: Plugin.Deadline(), cancellationToken: ct).ResponseAsync)).ToArray();
        var before = await emulator.Control.GetStatsAsync();
        clock.Restart();
        await SendAsync(reads, parallelism);
        var readMs = clock.Elapsed.TotalMilliseconds;
        var after = await emulator.Control.GetStatsAsync();
        bench.Report.Info($"3c   warm process, parallelism {Par(parallelism)}",
            $"{requests.Length} no-op RPCs {Fmt.Ms(noopMs)}; {requests.Length} Reads {Fmt.Ms(readMs)} ({after.Count(Listing) - before.Count(Listing)} listings, {after.Logins - before.Logins} logins)");
    }

    private static async Task SendAsync(Func<CancellationToken, Task>[] calls, int? parallelism)
    {
        if (parallelism is { } limit)
            await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = limit }, async (call, ct) => await call(ct));
        else
            await Task.WhenAll(calls.Select(call => call(CancellationToken.None)));
    }

    private static async Task<Sample> RefreshOnceAsync(Bench bench, Emulator.EmulatorServer emulator, List<DirectToken> tokens, int? parallelism)
    {
        await using var plugin = await Plugin.StartConfiguredAsync(bench, Bench.Host(emulator), $"3 {tokens.Count} Reads, parallelism {Par(parallelism)}");
        var requests = tokens.Select(plugin.Read).ToArray();
        var replies = new ReadResponse[requests.Length];
        var before = await emulator.Control.GetStatsAsync();

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
        var wall = clock.Elapsed.TotalMilliseconds;

        var after = await emulator.Control.GetStatsAsync();
        var wrong = replies.Where((reply, i) => reply.Id != requests[i].Id).Count();
        if (wrong > 0)
            throw new InvalidOperationException($"{wrong} of {replies.Length} Reads did not return their token (gone or another id)");
        return new Sample(wall, after.Count(Listing) - before.Count(Listing), after.Logins - before.Logins);
    }
}
