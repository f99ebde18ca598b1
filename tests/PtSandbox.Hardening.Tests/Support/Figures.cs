namespace PtSandbox.Hardening.Tests.Support;

/// <summary>Prints a suite's figures to the console (lines start with "[figure]") and to the xunit test output.</summary>
public sealed class Figures(ITestOutputHelper output)
{
    public void Print(string line)
    {
        var text = "[figure] " + line;
        Console.WriteLine(text);
        output.WriteLine(text);
    }

    public static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.00} s";

    /// <summary>The value below which <paramref name="percent"/>% of the sorted samples fall (nearest rank).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
