using System.Diagnostics;
using Pulumirpc;

namespace PtSandbox.Bench;

/// <summary>
/// 7. An `up` over 1,000 unchanged tokens, with refresh before update (in both modes): 1,000 tokens made directly in
/// the emulator, then one freshly started provider gets what an engine that honours refresh_before_update sends when
/// nothing changed. Handshake, CheckConfig and Configure; a Read of every token in state first (the engine refreshes
/// them all before it runs the program); then Check and Diff of every token, each of which must answer DIFF_NONE. Both
/// phases at the default parallelism of `pulumi up`. The engine sends CheckConfig (and DiffConfig) for the program's
/// provider to another process of the plugin, which calls no sandbox; the Reads, Checks and Diffs all go to the
/// process configured from state, as here. Figures: the sandbox requests the emulator counted, by kind (a
/// before/after difference), wall time from the Handshake to the last Diff reply, and the provider's peak RSS.
/// </summary>
internal static class UpSection
{
    private const int Tokens = 1000;
    private const string Listing = "GET /api/ui/public-api/tokens";
    private const string Create = "POST /api/ui/public-api/tokens";
    private const string Delete = "DELETE /api/ui/public-api/tokens/{id}";
    private const string Target = "≤ 5 (one login of 4 requests, one listing)";
    private const int Floor = 5;

    /// <summary>The client's login: authorize, credentials, callback, access token (PtSandbox.Client's LoginFlow).</summary>
    private static readonly string[] LoginSteps =
        ["GET /api/ui/auth/authorize", "POST /ui/login", "GET /ui/authorize/callback", "POST /api/ui/auth/token"];

    /// <summary>`pulumi up --parallel` by default: 4 × GOMAXPROCS, which is the number of CPUs (defaultParallel in
    /// pkg/cmd/pulumi/operations/up.go of github.com/pulumi/pulumi).</summary>
    private static int Parallelism => 4 * Environment.ProcessorCount;

    private sealed record Sample(
        double WallMs, double ConfigureMs, double ReadMs, double CheckDiffMs, long PeakRss,
        int Logins, int LoginRequests, int Listings, int Creates, int Deletes, int Total)
    {
        public int Other => Total - LoginRequests - Listings - Creates - Deletes;
    }

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
            tokens = await RefreshSection.CreateTokensAsync(emulator, Tokens, "bench-u");
            report.Info("7  setup: 1,000 tokens created directly", Fmt.Ms(clock.Elapsed.TotalMilliseconds));
        }
        catch (Exception e)
        {
            report.Failed("7  up over 1,000 unchanged tokens (setup)", Target, e);
            return;
        }

        var figure = $"7  up over 1,000 unchanged tokens, refresh before update, parallelism {Parallelism}";
        var samples = new List<Sample>();
        Exception? error = null;
        for (var r = 0; r < bench.Options.Repeats; r++)
        {
            try
            {
                samples.Add(await UpOnceAsync(bench, emulator, tokens));
            }
            catch (Exception e)
            {
                error ??= e;
            }
        }
        if (samples.Count == 0)
        {
            report.Failed(figure, Target, error ?? new InvalidOperationException("no samples"));
            return;
        }

        static double Median(IEnumerable<double> values) => Fmt.Median(values.ToList());
        var walls = samples.Select(s => s.WallMs).ToList();
        var value = $"wall {Fmt.Ms(Fmt.Median(walls))} (max {Fmt.Ms(walls.Max())}): Handshake to Configure {Fmt.Ms(Median(samples.Select(s => s.ConfigureMs)))}, "
            + $"1,000 Reads {Fmt.Ms(Median(samples.Select(s => s.ReadMs)))}, 1,000 Check+Diff {Fmt.Ms(Median(samples.Select(s => s.CheckDiffMs)))}; "
            + $"every Diff DIFF_NONE; runs {samples.Count}";
        if (error is not null) value += "; also failed once: " + Report.OneLine(error);
        report.Info(figure, value);
        report.Info("7  sandbox requests of that up, by kind",
            $"logins {Counts(samples.Select(s => s.Logins))} ({Counts(samples.Select(s => s.LoginRequests))} requests), "
            + $"listings {Counts(samples.Select(s => s.Listings))}, creates {Counts(samples.Select(s => s.Creates))}, "
            + $"deletes {Counts(samples.Select(s => s.Deletes))}, other {Counts(samples.Select(s => s.Other))}, "
            + $"total {Counts(samples.Select(s => s.Total))}");
        var peaks = samples.Select(s => (double)s.PeakRss).ToList();
        report.Check("7b provider peak RSS of that up", $"{Fmt.Mb(peaks.Max())} (median {Fmt.Mb(Fmt.Median(peaks))})", "≤ 30 MB", peaks.Max() <= 30.0 * 1024 * 1024);

        var worst = samples.Max(s => s.Total);
        report.Check("7a sandbox requests for an up over 1,000 unchanged tokens", $"{worst} (worst of {samples.Count})", Target, worst <= Floor);
    }

    private static string Counts(IEnumerable<int> counts)
    {
        var list = counts.ToList();
        return list.Min() == list.Max() ? $"{list[0]}" : $"{list.Min()}–{list.Max()}";
    }

    private static async Task<Sample> UpOnceAsync(Bench bench, Emulator.EmulatorServer emulator, List<DirectToken> tokens)
    {
        await using var plugin = await Plugin.StartAsync(bench, use: null);
        var reads = tokens.Select(plugin.Read).ToArray();
        var refreshed = new ReadResponse[reads.Length];
        var diffs = new DiffResponse[reads.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism };
        var before = await emulator.Control.GetStatsAsync();

        var clock = Stopwatch.StartNew();
        await plugin.Session.HandshakeAsync(bench.Engine.Address);
        await plugin.Session.ConfigureAsync(Plugin.Config(Bench.Host(emulator)));
        var configureMs = clock.Elapsed.TotalMilliseconds;
        await Parallel.ForEachAsync(Enumerable.Range(0, reads.Length), parallel,
            async (i, ct) => refreshed[i] = await plugin.Client.ReadAsync(reads[i], deadline: Plugin.Deadline(), cancellationToken: ct));
        var readMs = clock.Elapsed.TotalMilliseconds - configureMs;
        await Parallel.ForEachAsync(Enumerable.Range(0, reads.Length), parallel, async (i, ct) =>
        {
            var check = await plugin.Client.CheckAsync(plugin.Check(reads[i].Name, refreshed[i].Inputs), deadline: Plugin.Deadline(), cancellationToken: ct);
            if (check.Failures.Count > 0)
                throw new InvalidOperationException($"Check of {reads[i].Name} failed: {string.Join("; ", check.Failures.Select(f => $"{f.Property}: {f.Reason}"))}");
            diffs[i] = await plugin.Client.DiffAsync(plugin.Diff(reads[i], refreshed[i], check.Inputs), deadline: Plugin.Deadline(), cancellationToken: ct);
        });
        var wall = clock.Elapsed.TotalMilliseconds;
        var peak = plugin.PeakRss();

        var after = await emulator.Control.GetStatsAsync();
        var gone = refreshed.Where((reply, i) => reply.Id != reads[i].Id).Count();
        if (gone > 0)
            throw new InvalidOperationException($"{gone} of {reads.Length} Reads did not return their token (gone or another id)");
        var unflagged = refreshed.Count(reply => !reply.RefreshBeforeUpdate);
        if (unflagged > 0)
            throw new InvalidOperationException($"{unflagged} of {reads.Length} Reads did not ask for refresh_before_update");
        var changed = diffs.Count(d => d.Changes != DiffResponse.Types.DiffChanges.DiffNone);
        if (changed > 0)
            throw new InvalidOperationException($"{changed} of {diffs.Length} Diffs did not answer DIFF_NONE (first: {diffs.First(d => d.Changes != DiffResponse.Types.DiffChanges.DiffNone)})");

        int Delta(string route) => after.Count(route) - before.Count(route);
        return new Sample(wall, configureMs, readMs, wall - configureMs - readMs, peak,
            after.Logins - before.Logins, LoginSteps.Sum(Delta), Delta(Listing), Delta(Create), Delta(Delete),
            after.Requests.Values.Sum() - before.Requests.Values.Sum());
    }
}
