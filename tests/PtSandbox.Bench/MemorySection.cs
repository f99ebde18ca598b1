namespace PtSandbox.Bench;

/// <summary>5. Memory: the highest peak RSS (VmHWM) of the provider processes sections 2–4 used, and the binary size.</summary>
internal static class MemorySection
{
    public static Task RunAsync(Bench bench)
    {
        var report = bench.Report;
        const string figure = "5a provider peak RSS over sections 2–4 (max)";
        (string Use, long Bytes, long FileNow, long AnonNow)[] peaks;
        lock (bench.PeakRss) peaks = [.. bench.PeakRss];
        if (peaks.Length == 0)
            report.Skipped(figure, "no provider process of sections 2–4 was measured", "≤ 30 MB");
        else
        {
            var max = peaks.MaxBy(p => p.Bytes);
            report.Check(figure, $"{Fmt.Mb(max.Bytes)} ({max.Use}; median {Fmt.Mb(Fmt.Median(peaks.Select(p => (double)p.Bytes).ToList()))} over {peaks.Length} processes)",
                "≤ 30 MB", max.Bytes <= 30L * 1024 * 1024);
            // Where the memory goes: the highest peak of each use, and how its resident memory splits at the end.
            foreach (var use in peaks.GroupBy(p => p.Use).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var top = use.MaxBy(p => p.Bytes);
                report.Info($"5  peak RSS: {use.Key}", $"{Fmt.Mb(top.Bytes)} (at the end: {Fmt.Mb(top.FileNow)} file-backed, {Fmt.Mb(top.AnonNow)} anonymous)");
            }
        }
        try
        {
            report.Info("5b binary size", Fmt.Mb(new FileInfo(bench.Binary).Length));
        }
        catch (Exception e)
        {
            report.Failed("5b binary size", "-", e);
        }
        return Task.CompletedTask;
    }
}
