using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;

namespace PtSandbox.Bench;

/// <summary>
/// 1. Start-up, in alternating runs (C floor, then the provider twice): exec → port line for both; exec → first
/// GetPluginInfo reply; exec → Configure + first Check reply. Plus peak RSS of both programs and the binary size.
/// One warm-up round first, not counted (it pays the benchmark's own JIT and the page cache).
/// </summary>
internal static class StartupSection
{
    private const string RatioTarget = "≤ 6x C";

    public static async Task RunAsync(Bench bench)
    {
        var report = bench.Report;
        try
        {
            report.Info("1  binary size", Fmt.Mb(new FileInfo(bench.Binary).Length));
        }
        catch (Exception e)
        {
            report.Failed("1  binary size", "-", e);
        }

        CFloor? floor = null;
        string? noFloor;
        try
        {
            (floor, noFloor) = await CFloor.BuildAsync(bench.TempDir);
        }
        catch (Exception e)
        {
            noFloor = "building the C floor failed: " + Report.OneLine(e);
        }

        var cPort = new List<double>();
        var cRss = new List<double>();
        var portLine = new List<double>();
        var firstInfo = new List<double>();
        var portToReply = new List<double>();
        var firstCheck = new List<double>();
        var rssAfterCheck = new List<double>();
        Exception? cError = null, infoError = null, checkError = null;

        for (var run = -1; run < bench.Options.Runs; run++)
        {
            var counted = run >= 0;
            if (floor is not null)
            {
                try
                {
                    var (elapsed, rss) = await floor.RunOnceAsync(bench.Engine.Address);
                    if (counted) { cPort.Add(elapsed.TotalMilliseconds); cRss.Add(rss); }
                }
                catch (Exception e) { cError ??= e; }
            }
            try
            {
                var (port, info) = await PluginInfoOnceAsync(bench);
                if (counted) { portLine.Add(port); firstInfo.Add(info); portToReply.Add(info - port); }
            }
            catch (Exception e) { infoError ??= e; }
            try
            {
                var (port, check, rss) = await CheckOnceAsync(bench);
                if (counted) { portLine.Add(port); firstCheck.Add(check); rssAfterCheck.Add(rss); }
            }
            catch (Exception e) { checkError ??= e; }
        }

        double? floorMs = null;
        if (floor is null) report.Skipped("1a C floor: exec → port line", noFloor ?? "no C floor");
        else if (cPort.Count == 0) report.Failed("1a C floor: exec → port line", "-", cError ?? new InvalidOperationException("no samples"));
        else
        {
            floorMs = Fmt.Median(cPort);
            report.Info("1a C floor: exec → port line", Fmt.MsSpread(cPort));
        }

        Timed(report, "1b provider: exec → port line", portLine, floorMs, target: null, infoError ?? checkError);
        Timed(report, "1c provider: exec → first GetPluginInfo reply", firstInfo, floorMs, RatioTarget, infoError);
        if (portToReply.Count > 0)
            report.Info("1g   of which port line → GetPluginInfo reply", Fmt.MsSpread(portToReply));
        Timed(report, "1d provider: exec → Configure → first Check reply", firstCheck, floorMs, RatioTarget, checkError);
        if (firstInfo.Count > 0 && floorMs is { } cFloor and > 0) Recorded(report, Fmt.Median(firstInfo) / cFloor);

        if (rssAfterCheck.Count > 0)
        {
            var peak = Fmt.Median(rssAfterCheck);
            report.Check("1e provider peak RSS (VmHWM after Check)", $"{Fmt.Mb(peak)} (max {Fmt.Mb(rssAfterCheck.Max())})", "≤ 30 MB", peak <= 30 * 1024 * 1024);
        }
        else report.Failed("1e provider peak RSS (VmHWM after Check)", "≤ 30 MB", checkError ?? new InvalidOperationException("no samples"));
        if (cRss.Count > 0) report.Info("1f C floor peak RSS (VmHWM)", Fmt.Mb(Fmt.Median(cRss)));
        else if (floor is not null) report.Failed("1f C floor peak RSS (VmHWM)", "-", cError ?? new InvalidOperationException("no samples"));
    }

    /// <summary>
    /// The cold-start ratio (1c) against the last one recorded: the README's Performance table, row "exec → first
    /// `GetPluginInfo` reply", value "… = NNx the C floor". Within a tenth of it counts as no regression: the C floor
    /// alone moves more than that between runs on a busy machine.
    /// </summary>
    private static void Recorded(Report report, double ratio)
    {
        const string figure = "1h cold-start ratio (1c) against the last recorded run";
        const string target = "≤ recorded + 10%";
        var readme = FindReadme();
        var match = readme is null ? null : System.Text.RegularExpressions.Regex.Match(File.ReadAllText(readme),
            @"exec → first `GetPluginInfo` reply \|[^|\n]*?= ([0-9]+(?:\.[0-9]+)?)x the C floor");
        if (match is not { Success: true } || !double.TryParse(match.Groups[1].Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var recorded))
        {
            report.Skipped(figure, readme is null ? "no README.md above the working directory" : "README.md records no cold-start ratio", target);
            return;
        }
        report.Check(figure, $"{Fmt.Ratio(ratio)} now, {Fmt.Ratio(recorded)} recorded in README.md", target, ratio <= recorded * 1.1);
    }

    private static string? FindReadme()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "README.md");
            if (File.Exists(candidate) && File.ReadAllText(candidate).Contains("### Performance", StringComparison.Ordinal)) return candidate;
        }
        return null;
    }

    private static void Timed(Report report, string figure, List<double> samples, double? floorMs, string? target, Exception? error)
    {
        if (samples.Count == 0)
        {
            report.Failed(figure, target ?? "-", error ?? new InvalidOperationException("no samples"));
            return;
        }
        var median = Fmt.Median(samples);
        var spread = Fmt.MsSpread(samples);
        if (floorMs is not { } floor || floor <= 0)
        {
            if (target is null) report.Info(figure, spread);
            else report.Skipped(figure, spread + "; no C floor, so no ratio", target);
            return;
        }
        var ratio = median / floor;
        var value = $"{Fmt.Ratio(ratio)} C: {spread}";
        if (target is null) report.Info(figure, value);
        else report.Check(figure, value, target, ratio <= 6.0);
    }

    /// <summary>Exec → port line, and exec → first GetPluginInfo reply, in ms.</summary>
    private static async Task<(double Port, double Reply)> PluginInfoOnceAsync(Bench bench)
    {
        var clock = Stopwatch.StartNew();
        await using var plugin = await Plugin.StartAsync(bench, use: null);
        var port = plugin.Process.StartedIn.TotalMilliseconds;
        await plugin.Client.GetPluginInfoAsync(new Empty(), deadline: Plugin.Deadline(30));
        var reply = clock.Elapsed.TotalMilliseconds;
        return (port, reply);
    }

    /// <summary>
    /// Exec → port line, and exec → first Check reply (after the Configure resource RPCs wait for; its host,
    /// 127.0.0.1:1, is never contacted), in ms; then the peak RSS after those calls.
    /// </summary>
    private static async Task<(double Port, double Reply, long Rss)> CheckOnceAsync(Bench bench)
    {
        var clock = Stopwatch.StartNew();
        await using var plugin = await Plugin.StartAsync(bench, use: null);
        var port = plugin.Process.StartedIn.TotalMilliseconds;
        await plugin.ConfigureAsync("127.0.0.1:1");
        var check = await plugin.Client.CheckAsync(plugin.Check("bench-startup-a"), deadline: Plugin.Deadline(30));
        var reply = clock.Elapsed.TotalMilliseconds;
        if (check.Failures.Count > 0)
            throw new InvalidOperationException("Check failed: " + string.Join("; ", check.Failures.Select(f => $"{f.Property}: {f.Reason}")));
        return (port, reply, plugin.PeakRss());
    }
}
