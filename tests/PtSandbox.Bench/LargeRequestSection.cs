using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ProviderHost.Hosting;
using Pulumirpc;

namespace PtSandbox.Bench;

/// <summary>
/// 6. Large requests: what one Check of about the largest accepted size adds to the provider's peak RSS (VmHWM after
/// the call, less VmRSS once configured and idle, the peak reset to it just before the call), the same for four such Checks sent at once, one over the limit,
/// and one the same size made of many tiny values. Each on a fresh process; the worst of the repeats is reported.
/// </summary>
internal static class LargeRequestSection
{
    private const double RatioTarget = 3.0;
    private const int Concurrent = 4;
    private const double MiB = 1024 * 1024;

    /// <summary>The largest accepted request, less room for the rest of the message.</summary>
    private static int LargeBytes => ProviderDefinition.DefaultMaxRequestBytes - 64 * 1024;

    private const int OverLimitBytes = 64 * 1024 * 1024;

    private sealed record Sample(long Added, long RequestBytes, double Ms, string Outcome);

    public static async Task RunAsync(Bench bench)
    {
        var size = $"{LargeBytes / MiB:0.0} MiB";
        await FigureAsync(bench, $"6a one Check of {size}: added peak RSS", $"≤ {RatioTarget:0}x its size",
            plugin => Requests(plugin, count: 1, LargeBytes, tinyValues: false),
            (worst, request) => $"{Fmt.Mb(worst.Added)} = {Fmt.Ratio(worst.Added / (double)request)} its size ({Fmt.Ms(worst.Ms)}; {worst.Outcome})",
            (worst, request) => worst.Added <= RatioTarget * request);
        await FigureAsync(bench, $"6b {Concurrent} Checks of {size} at once: added peak RSS", $"≤ {RatioTarget:0}x one request",
            plugin => Requests(plugin, Concurrent, LargeBytes, tinyValues: false),
            (worst, request) => $"{Fmt.Mb(worst.Added)} = {Fmt.Ratio(worst.Added / (double)request)} one request ({Fmt.Ms(worst.Ms)}; {worst.Outcome})",
            (worst, request) => worst.Added <= RatioTarget * request);
        await FigureAsync(bench, $"6c one Check of {OverLimitBytes / MiB:0} MiB (over the limit): added peak RSS", "refused, ≤ 1 MB",
            plugin => Requests(plugin, count: 1, OverLimitBytes, tinyValues: false),
            (worst, _) => $"{Fmt.Mb(worst.Added)} ({Fmt.Ms(worst.Ms)}; {worst.Outcome})",
            (worst, _) => worst.Outcome.StartsWith("refused", StringComparison.Ordinal) && worst.Added <= 1024 * 1024);
        await FigureAsync(bench, $"6d one Check of {size} in one-character map values: added peak RSS", $"≤ {RatioTarget:0}x its size",
            plugin => Requests(plugin, count: 1, LargeBytes, tinyValues: true),
            (worst, request) => $"{Fmt.Mb(worst.Added)} = {Fmt.Ratio(worst.Added / (double)request)} its size ({Fmt.Ms(worst.Ms)}; {worst.Outcome})",
            (worst, request) => worst.Added <= RatioTarget * request);
    }

    private static async Task FigureAsync(Bench bench, string figure, string target, Func<Plugin, List<CheckRequest>> requests,
        Func<Sample, long, string> describe, Func<Sample, long, bool> met)
    {
        try
        {
            // Built once, by the first process's session: every process runs the same stack, so the URNs fit all.
            List<CheckRequest>? built = null;
            var samples = new List<Sample>();
            for (var r = 0; r < bench.Options.Repeats; r++) samples.Add(await MeasureAsync(bench, plugin => built ??= requests(plugin)));
            var worst = samples.MaxBy(s => s.Added)!;
            bench.Report.Check(figure, describe(worst, worst.RequestBytes), target, met(worst, worst.RequestBytes));
        }
        catch (Exception e)
        {
            bench.Report.Failed(figure, target, e);
        }
    }

    /// <summary>Sends the requests at once to a fresh, configured provider.</summary>
    private static async Task<Sample> MeasureAsync(Bench bench, Func<Plugin, List<CheckRequest>> build)
    {
        await using var plugin = await Plugin.StartAsync(bench, use: null);
        await plugin.ConfigureAsync("127.0.0.1:1");
        await plugin.Client.CheckAsync(plugin.Check("bench-warm-a"), deadline: Plugin.Deadline(30));
        var requests = build(plugin);
        var count = requests.Count;
        await Task.Delay(200);
        var idle = ProcStatus.RssBytes(plugin.Process.ProcessId);
        // Start-up and the warm-up Check peak above the idle resident set (by up to 2 MB): without a reset, that
        // difference would read as what the call added.
        ProcStatus.ResetPeakRss(plugin.Process.ProcessId);

        var clock = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(requests.Select(async request =>
        {
            try
            {
                var reply = await plugin.Client.CheckAsync(request, deadline: Plugin.Deadline());
                return reply.Inputs.Equals(request.News) ? "answered" : "answered WRONG";
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                return "refused: " + e.Status.Detail;
            }
        }));
        var ms = clock.Elapsed.TotalMilliseconds;
        var added = plugin.PeakRss() - idle;

        // The process must keep serving after whatever happened.
        var next = await plugin.Client.CheckAsync(plugin.Check("bench-next-a"), deadline: Plugin.Deadline(30));
        var outcome = string.Join(", ", outcomes.GroupBy(o => o.Split(':')[0]).Select(g => count == 1 ? g.Key : $"{g.Count()} {g.Key}"))
            + (next.Failures.Count == 0 ? "; next call answered" : "; next call FAILED");
        return new Sample(added, requests[0].CalculateSize(), ms, outcome);
    }

    /// <summary><paramref name="count"/> Checks of about <paramref name="bytes"/> each.</summary>
    private static List<CheckRequest> Requests(Plugin plugin, int count, int bytes, bool tinyValues) =>
        [.. Enumerable.Range(0, count).Select(i => Request(plugin, i, bytes, tinyValues))];

    private static CheckRequest Request(Plugin plugin, int index, int bytes, bool tinyValues)
    {
        var request = plugin.Check("bench-large-" + (char)('a' + index));
        if (tinyValues)
        {
            var triggers = new Struct();
            for (var i = 0; i < bytes / 18; i++) triggers.Fields["k" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)] = Value.ForString("v");
            request.News.Fields["rotationTriggers"] = Value.ForStruct(triggers);
        }
        else
        {
            request.News.Fields["comment"] = Value.ForString(new string((char)('a' + index), bytes));
        }
        return request;
    }
}
